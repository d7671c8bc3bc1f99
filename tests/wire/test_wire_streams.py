"""Streams: decoders on any chunking, and conversion in both directions checked by the SDKs."""

from __future__ import annotations

import random
import re
from typing import Any

import anthropic as anthropic_sdk
import openai as openai_sdk
import pytest
from _wire_streams import (
    ANTHROPIC_CUT,
    ANTHROPIC_ERROR,
    ANTHROPIC_TEXT,
    ANTHROPIC_THINKING,
    ANTHROPIC_TOOLS,
    OPENAI_CUT,
    OPENAI_ERROR,
    OPENAI_REASONING,
    OPENAI_TEXT,
    OPENAI_TOOLS,
    decode,
    encode,
    oa_chunk,
    oa_tool,
)

from conftest import anthropic_client, openai_client
from tiergate.wire import anthropic, openai
from tiergate.wire.model import (
    BlockStop,
    Event,
    OpaqueBlock,
    StreamError,
    StreamFinish,
    StreamStart,
    StreamUsage,
    TextDelta,
    ThinkingDelta,
    ToolCallDelta,
    ToolCallStart,
    Usage,
)

OPENAI_STREAMS = {
    "text": OPENAI_TEXT,
    "tools": OPENAI_TOOLS,
    "reasoning": OPENAI_REASONING,
    "error": OPENAI_ERROR,
    "cut": OPENAI_CUT,
}
ANTHROPIC_STREAMS = {
    "text": ANTHROPIC_TEXT,
    "tools": ANTHROPIC_TOOLS,
    "thinking": ANTHROPIC_THINKING,
    "error": ANTHROPIC_ERROR,
    "cut": ANTHROPIC_CUT,
}
DECODERS: list[tuple[str, Any, bytes]] = [
    *((f"openai {k}", openai.StreamDecoder, v) for k, v in OPENAI_STREAMS.items()),
    *((f"anthropic {k}", anthropic.StreamDecoder, v) for k, v in ANTHROPIC_STREAMS.items()),
]


@pytest.mark.parametrize(("name", "decoder", "data"), DECODERS, ids=[d[0] for d in DECODERS])
def test_decoders_give_the_same_events_for_any_chunking(
    name: str, decoder: Any, data: bytes
) -> None:
    whole = decode(decoder(), data)
    assert decode(decoder(), data, step=1) == whole
    assert decode(decoder(), data.replace(b"\n", b"\r\n")) == whole
    for cut in range(0, len(data), 7):
        d = decoder()
        assert d.feed(data[:cut]) + d.feed(data[cut:]) + d.close() == whole


def test_openai_decoder_events() -> None:
    assert decode(openai.StreamDecoder(), OPENAI_TOOLS) == [
        StreamStart("chatcmpl-up", "gpt-4o-2024-08-06"),
        TextDelta(0, "Checking."),
        BlockStop(0),
        ToolCallStart(1, "call_p", "get_weather"),
        ToolCallDelta(1, '{"ci'),
        ToolCallDelta(1, 'ty": "Par'),
        ToolCallDelta(1, 'is"}'),
        BlockStop(1),
        ToolCallStart(2, "call_r", "get_weather"),
        ToolCallDelta(2, '{"city": "Rome"}'),
        BlockStop(2),
        StreamFinish("tool_calls", native_reason="tool_calls"),
        StreamUsage(40, 12),
    ]
    events = decode(openai.StreamDecoder(), OPENAI_REASONING)
    assert events[1:5] == [
        ThinkingDelta(0, "First, "),
        ThinkingDelta(0, "think."),
        BlockStop(0),
        TextDelta(1, "42"),
    ]
    assert events[-1] == StreamFinish("stop", native_reason="stop")


def test_anthropic_decoder_events() -> None:
    assert decode(anthropic.StreamDecoder(), ANTHROPIC_TOOLS) == [
        StreamStart("msg_up", "claude-test", Usage(25, 1)),
        TextDelta(0, "Checking."),
        BlockStop(0),
        ToolCallStart(1, "toolu_p", "get_weather"),
        ToolCallDelta(1, '{"ci'),
        ToolCallDelta(1, 'ty": "Par'),
        ToolCallDelta(1, 'is"}'),
        BlockStop(1),
        ToolCallStart(2, "toolu_r", "get_weather"),
        ToolCallDelta(2, '{"city": "Rome"}'),
        BlockStop(2),
        StreamFinish("tool_calls", None, "tool_use"),
        StreamUsage(25, 30),
    ]
    events = decode(anthropic.StreamDecoder(), ANTHROPIC_THINKING)
    assert events[1:5] == [
        ThinkingDelta(0, ""),
        ThinkingDelta(0, "Let me "),
        ThinkingDelta(0, "think."),
        ThinkingDelta(0, signature="c2lnbmF0dXJl"),
    ]
    server = {
        "type": "server_tool_use",
        "id": "srvtoolu_1",
        "name": "web_search",
        "input": {"query": "q"},
    }
    assert OpaqueBlock(1, "anthropic", server) in events
    assert StreamFinish("stop", "###", "stop_sequence") in events


@pytest.mark.parametrize(
    ("data", "decoder"),
    [(OPENAI_CUT, openai.StreamDecoder), (ANTHROPIC_CUT, anthropic.StreamDecoder)],
    ids=["openai", "anthropic"],
)
def test_a_stream_that_stops_early_ends_in_an_error(data: bytes, decoder: Any) -> None:
    events = decode(decoder(), data)
    assert isinstance(events[-1], StreamError) and "ended before" in events[-1].message
    assert not any(isinstance(e, StreamFinish) for e in events)


@pytest.mark.parametrize("data", [b"data: {not json\n\n", b"data: [1, 2]\n\n"])
def test_malformed_upstream_data_is_an_error(data: bytes) -> None:
    for decoder in (openai.StreamDecoder(), anthropic.StreamDecoder()):
        events = decode(decoder, data)
        assert events == [StreamError("api_error", "the upstream sent malformed stream data")]


# -- through the SDKs ---------------------------------------------------------------------------


def openai_final(data: bytes) -> Any:
    client = openai_client(data)
    with client.chat.completions.stream(
        model="m", messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        for _ in stream:
            pass
        return stream.get_final_completion()


def anthropic_final(data: bytes) -> Any:
    client = anthropic_client(data)
    with client.messages.stream(
        model="m", max_tokens=5, messages=[{"role": "user", "content": "hi"}]
    ) as stream:
        return stream.get_final_message()


def to_anthropic(events: list[Event]) -> bytes:
    return encode(anthropic.StreamEncoder("served-model", "msg_tiergate"), events)


def to_openai(events: list[Event], include_usage: bool = True) -> bytes:
    return encode(
        openai.StreamEncoder("served-model", "chatcmpl-tiergate", include_usage=include_usage),
        events,
    )


def test_openai_stream_to_anthropic_text() -> None:
    message = anthropic_final(to_anthropic(decode(openai.StreamDecoder(), OPENAI_TEXT)))
    assert (message.id, message.model) == ("msg_tiergate", "served-model")
    assert [b.to_dict() for b in message.content] == [{"type": "text", "text": "Hello, wörld 🙂"}]
    assert message.stop_reason == "end_turn"
    assert (message.usage.input_tokens, message.usage.output_tokens) == (40, 12)


def test_openai_stream_to_anthropic_tool_calls() -> None:
    message = anthropic_final(to_anthropic(decode(openai.StreamDecoder(), OPENAI_TOOLS)))
    assert [b.to_dict() for b in message.content] == [
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "call_p", "name": "get_weather", "input": {"city": "Paris"}},
        {"type": "tool_use", "id": "call_r", "name": "get_weather", "input": {"city": "Rome"}},
    ]
    assert message.stop_reason == "tool_use"


def test_openai_reasoning_becomes_anthropic_thinking() -> None:
    message = anthropic_final(to_anthropic(decode(openai.StreamDecoder(), OPENAI_REASONING)))
    assert [b.type for b in message.content] == ["thinking", "text"]
    assert message.content[0].thinking == "First, think."
    assert message.stop_reason == "end_turn"


def test_anthropic_stream_to_openai_text() -> None:
    completion = openai_final(to_openai(decode(anthropic.StreamDecoder(), ANTHROPIC_TEXT)))
    assert (completion.id, completion.model) == ("chatcmpl-tiergate", "served-model")
    choice = completion.choices[0]
    assert choice.message.content == "Hello, wörld 🙂" and choice.finish_reason == "stop"
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (25, 30)


def test_anthropic_stream_to_openai_tool_calls() -> None:
    completion = openai_final(to_openai(decode(anthropic.StreamDecoder(), ANTHROPIC_TOOLS)))
    message = completion.choices[0].message
    assert message.content == "Checking."
    assert [(c.id, c.function.name, c.function.arguments) for c in message.tool_calls] == [
        ("toolu_p", "get_weather", '{"city": "Paris"}'),
        ("toolu_r", "get_weather", '{"city": "Rome"}'),
    ]
    assert completion.choices[0].finish_reason == "tool_calls"


def test_anthropic_thinking_to_openai_chunks() -> None:
    data = to_openai(decode(anthropic.StreamDecoder(), ANTHROPIC_THINKING), include_usage=False)
    chunks = list(openai_client(data).chat.completions.create(model="m", messages=[], stream=True))
    reasoning = "".join(
        getattr(c.choices[0].delta, "reasoning_content", None) or "" for c in chunks if c.choices
    )
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert (reasoning, content) == ("Let me think.", "Done.")
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(c.usage is None for c in chunks), "no usage chunk unless the client asked"


@pytest.mark.parametrize("name", ["text", "tools", "reasoning"])
def test_openai_same_format_keeps_what_the_sdk_sees(name: str) -> None:
    upstream = OPENAI_STREAMS[name]
    direct = openai_final(upstream).to_dict()
    through = openai_final(to_openai(decode(openai.StreamDecoder(), upstream))).to_dict()
    for key in ("id", "model", "created", "system_fingerprint"):
        direct.pop(key, None)
        through.pop(key, None)
    assert through == direct


@pytest.mark.parametrize("name", ["text", "tools", "thinking"])
def test_anthropic_same_format_keeps_what_the_sdk_sees(name: str) -> None:
    upstream = ANTHROPIC_STREAMS[name]
    direct = anthropic_final(upstream).to_dict()
    through = anthropic_final(to_anthropic(decode(anthropic.StreamDecoder(), upstream))).to_dict()
    for key in ("id", "model"):
        direct.pop(key)
        through.pop(key)
    assert through == direct


@pytest.mark.parametrize("name", ["text", "tools", "thinking"])
def test_anthropic_to_openai_to_anthropic(name: str) -> None:
    """Through OpenAI's format and back, Anthropic clients see the same text and tool calls."""
    upstream = ANTHROPIC_STREAMS[name]
    via_openai = to_openai(decode(anthropic.StreamDecoder(), upstream))
    back = anthropic_final(to_anthropic(decode(openai.StreamDecoder(), via_openai)))
    direct = anthropic_final(upstream)
    keep = ("text", "tool_use")
    assert [b.to_dict() for b in back.content if b.type in keep] == [
        b.to_dict() for b in direct.content if b.type in keep
    ]


def test_conversion_in_tiny_chunks_streams_the_same() -> None:
    rng = random.Random(3)
    for upstream, decoder_type, to in [
        (OPENAI_TOOLS, openai.StreamDecoder, to_anthropic),
        (ANTHROPIC_TOOLS, anthropic.StreamDecoder, to_openai),
    ]:
        whole = to(decode(decoder_type(), upstream))
        decoder = decoder_type()
        encoder = (
            anthropic.StreamEncoder("served-model", "msg_tiergate")
            if to is to_anthropic
            else openai.StreamEncoder("served-model", "chatcmpl-tiergate", include_usage=True)
        )
        out, i = b"", 0
        while i < len(upstream):
            step = rng.randint(1, 9)
            out += b"".join(encoder.encode(e) for e in decoder.feed(upstream[i : i + step]))
            i += step
        out += b"".join(encoder.encode(e) for e in decoder.close()) + encoder.close()
        assert _without_created(out) == _without_created(whole)


def _without_created(data: bytes) -> bytes:
    return re.sub(rb'"created":\d+', b"", data)


def test_upstream_errors_reach_openai_clients() -> None:
    data = to_openai(decode(anthropic.StreamDecoder(), ANTHROPIC_ERROR))
    with pytest.raises(openai_sdk.APIError, match="Overloaded"):
        list(openai_client(data).chat.completions.create(model="m", messages=[], stream=True))


def test_upstream_errors_reach_anthropic_clients() -> None:
    data = to_anthropic(decode(openai.StreamDecoder(), OPENAI_ERROR))
    assert data.count(b"event: error") == 1 and b"message_stop" not in data
    with pytest.raises(anthropic_sdk.APIError, match="overloaded"):
        anthropic_final(data)


@pytest.mark.parametrize(
    ("upstream", "decoder", "to", "sdk_error"),
    [
        (OPENAI_CUT, openai.StreamDecoder, to_anthropic, anthropic_sdk.APIError),
        (ANTHROPIC_CUT, anthropic.StreamDecoder, to_openai, openai_sdk.APIError),
    ],
    ids=["openai to anthropic", "anthropic to openai"],
)
def test_cut_streams_fail_loudly_for_the_client(
    upstream: bytes, decoder: Any, to: Any, sdk_error: Any
) -> None:
    data = to(decode(decoder(), upstream))
    with pytest.raises(sdk_error, match="ended before"):
        if to is to_anthropic:
            anthropic_final(data)
        else:
            list(openai_client(data).chat.completions.create(model="m", messages=[], stream=True))


def test_openai_tool_calls_without_ids_get_one() -> None:
    upstream = (
        oa_chunk({"role": "assistant"})
        + oa_chunk({"tool_calls": [{"index": 0, "function": {"name": "now", "arguments": "{}"}}]})
        + oa_chunk({}, "tool_calls")
        + b"data: [DONE]\n\n"
    )
    message = anthropic_final(to_anthropic(decode(openai.StreamDecoder(), upstream)))
    assert message.content[0].id == "call_chatcmpl-up_0" and message.content[0].input == {}


def test_interleaved_openai_blocks_stay_valid_for_anthropic() -> None:
    upstream = (
        oa_chunk({"content": "A"})
        + oa_chunk(oa_tool(0, "call_1", "f", '{"x": '))
        + oa_chunk({"content": "B"})
        + oa_chunk(oa_tool(0, args="1}"))
        + oa_chunk({}, "tool_calls")
        + b"data: [DONE]\n\n"
    )
    message = anthropic_final(to_anthropic(decode(openai.StreamDecoder(), upstream)))
    assert [b.to_dict() for b in message.content] == [
        {"type": "text", "text": "A"},
        {"type": "tool_use", "id": "call_1", "name": "f", "input": {"x": 1}},
        {"type": "text", "text": "B"},
    ]


def test_encoders_without_start_or_finish_still_frame_the_stream() -> None:
    events: list[Event] = [TextDelta(0, "hi")]
    message = anthropic_final(to_anthropic(events))
    assert message.content[0].text == "hi" and message.stop_reason == "end_turn"
    completion = openai_final(to_openai(events))
    assert completion.choices[0].message.content == "hi"
    encoder = anthropic.StreamEncoder("m", "r")
    encoder.close()
    assert encoder.close() == b"" and encoder.encode(TextDelta(0, "late")) == b""


FINISHES = [
    (StreamFinish("stop"), "end_turn", "stop"),
    (StreamFinish("stop", "##"), "stop_sequence", "stop"),
    (StreamFinish("length"), "max_tokens", "length"),
    (StreamFinish("tool_calls"), "tool_use", "tool_calls"),
    (StreamFinish("content_filter"), "refusal", "content_filter"),
    (StreamFinish("stop", native_reason="pause_turn"), "pause_turn", "stop"),
    (StreamFinish(None), "end_turn", "stop"),
]


@pytest.mark.parametrize(("finish", "stop_reason", "finish_reason"), FINISHES)
def test_finish_reasons_in_both_encoders(
    finish: StreamFinish, stop_reason: str, finish_reason: str
) -> None:
    events: list[Event] = [
        StreamStart("u", "m"),
        TextDelta(0, "x"),
        BlockStop(0),
        finish,
        StreamUsage(3, 4),
    ]
    message = anthropic_final(to_anthropic(events))
    assert (message.stop_reason, message.stop_sequence) == (stop_reason, finish.stop_sequence)
    assert (message.usage.input_tokens, message.usage.output_tokens) == (3, 4)
    chunks = list(
        openai_client(to_openai(events)).chat.completions.create(
            model="m", messages=[], stream=True
        )
    )
    assert chunks[-2].choices[0].finish_reason == finish_reason
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 7
