"""Upstream SSE streams as OpenAI and Anthropic send them, built for the stream tests."""

from __future__ import annotations

import json
from typing import Any

from tiergate.wire import anthropic, openai
from tiergate.wire.model import Event


def oa_chunk(
    delta: dict[str, Any] | None = None,
    finish: str | None = None,
    usage: dict[str, Any] | None = None,
    *,
    choices: bool = True,
) -> bytes:
    body: dict[str, Any] = {
        "id": "chatcmpl-up",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "gpt-4o-2024-08-06",
        "system_fingerprint": "fp_1",
        "choices": [],
        "usage": usage,
    }
    if choices:
        body["choices"] = [
            {"index": 0, "delta": delta or {}, "logprobs": None, "finish_reason": finish}
        ]
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def oa_tool(
    slot: int, call_id: str | None = None, name: str | None = None, args: str = ""
) -> dict[str, Any]:
    call: dict[str, Any] = {"index": slot, "function": {"arguments": args}}
    if call_id is not None:
        call.update(id=call_id, type="function")
        call["function"]["name"] = name
    return {"tool_calls": [call]}


OA_USAGE = {"prompt_tokens": 40, "completion_tokens": 12, "total_tokens": 52}
OA_DONE = b"data: [DONE]\n\n"

OPENAI_TEXT = b"".join(
    [
        oa_chunk({"role": "assistant", "content": "", "refusal": None}),
        oa_chunk({"content": "Hello"}),
        oa_chunk({"content": ", wörld"}),
        oa_chunk({"content": " 🙂"}),
        oa_chunk({}, "stop"),
        oa_chunk(choices=False, usage=OA_USAGE),
        OA_DONE,
    ]
)
_TOOL_CHUNKS = [
    oa_chunk({"role": "assistant", "content": None}),
    oa_chunk({"content": "Checking."}),
    oa_chunk(oa_tool(0, "call_p", "get_weather")),
    oa_chunk(oa_tool(0, args='{"ci')),
    oa_chunk(oa_tool(0, args='ty": "Par')),
    oa_chunk(oa_tool(0, args='is"}')),
    oa_chunk(oa_tool(1, "call_r", "get_weather")),
    oa_chunk(oa_tool(1, args='{"city": "Rome"}')),
    oa_chunk({}, "tool_calls"),
    oa_chunk(choices=False, usage=OA_USAGE),
    OA_DONE,
]
OPENAI_TOOLS = b"".join(_TOOL_CHUNKS)
OPENAI_REASONING = b"".join(
    [
        oa_chunk({"role": "assistant", "content": "", "reasoning_content": ""}),
        oa_chunk({"reasoning_content": "First, "}),
        oa_chunk({"reasoning_content": "think."}),
        oa_chunk({"content": "42"}),
        oa_chunk({}, "stop"),
        OA_DONE,
    ]
)
OPENAI_ERROR = (
    oa_chunk({"content": "Hel"})
    + b'data: {"error": {"message": "overloaded", "type": "server_error"}}\n\n'
)
OPENAI_CUT = b"".join(_TOOL_CHUNKS[:5]) + _TOOL_CHUNKS[5][:40]  # the connection drops


def an_event(name: str, body: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps({'type': name, **body})}\n\n".encode()


def an_start(input_tokens: int = 25) -> bytes:
    usage = {
        "input_tokens": input_tokens,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
        "output_tokens": 1,
    }
    message = {
        "id": "msg_up",
        "type": "message",
        "role": "assistant",
        "content": [],
        "model": "claude-test",
        "stop_reason": None,
        "stop_sequence": None,
        "usage": usage,
    }
    return an_event("message_start", {"message": message})


def an_block(index: int, block: dict[str, Any], deltas: list[dict[str, Any]]) -> bytes:
    out = an_event("content_block_start", {"index": index, "content_block": block})
    for delta in deltas:
        out += an_event("content_block_delta", {"index": index, "delta": delta})
    return out + an_event("content_block_stop", {"index": index})


def an_end(reason: str, output_tokens: int = 30, stop_sequence: str | None = None) -> bytes:
    delta = {"stop_reason": reason, "stop_sequence": stop_sequence}
    return an_event(
        "message_delta", {"delta": delta, "usage": {"output_tokens": output_tokens}}
    ) + an_event("message_stop", {})


def text(t: str) -> dict[str, Any]:
    return {"type": "text_delta", "text": t}


def partial(j: str) -> dict[str, Any]:
    return {"type": "input_json_delta", "partial_json": j}


PING = b'event: ping\ndata: {"type": "ping"}\n\n'
ANTHROPIC_TEXT = (
    an_start()
    + an_block(0, {"type": "text", "text": ""}, [text("Hello"), text(", wörld"), text(" 🙂")])
    + PING
    + an_end("end_turn")
)
ANTHROPIC_TOOLS = (
    an_start()
    + PING
    + an_block(0, {"type": "text", "text": ""}, [text("Checking.")])
    + an_block(
        1,
        {"type": "tool_use", "id": "toolu_p", "name": "get_weather", "input": {}},
        [partial(""), partial('{"ci'), partial('ty": "Par'), partial('is"}')],
    )
    + an_block(
        2,
        {"type": "tool_use", "id": "toolu_r", "name": "get_weather", "input": {}},
        [partial('{"city": "Rome"}')],
    )
    + an_end("tool_use")
)
ANTHROPIC_THINKING = (
    an_start()
    + an_block(
        0,
        {"type": "thinking", "thinking": "", "signature": ""},
        [
            {"type": "thinking_delta", "thinking": "Let me "},
            {"type": "thinking_delta", "thinking": "think."},
            {"type": "signature_delta", "signature": "c2lnbmF0dXJl"},
        ],
    )
    + an_block(
        1,
        {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}},
        [partial('{"query": "q"}')],
    )
    + an_block(2, {"type": "text", "text": ""}, [text("Done.")])
    + an_end("stop_sequence", stop_sequence="###")
)
ANTHROPIC_ERROR = (
    an_start()
    + an_event("content_block_start", {"index": 0, "content_block": {"type": "text", "text": ""}})
    + an_event("content_block_delta", {"index": 0, "delta": text("Hel")})
    + b'event: error\ndata: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}\n\n'
)
ANTHROPIC_CUT = ANTHROPIC_TOOLS[: ANTHROPIC_TOOLS.index(b"message_delta")]


def decode(
    decoder: openai.StreamDecoder | anthropic.StreamDecoder, data: bytes, step: int = 0
) -> list[Event]:
    """All events of ``data`` fed whole, or ``step`` bytes at a time."""
    events: list[Event] = []
    size = step or len(data) or 1
    for i in range(0, len(data), size):
        events += decoder.feed(data[i : i + size])
    return events + decoder.close()


def encode(encoder: openai.StreamEncoder | anthropic.StreamEncoder, events: list[Event]) -> bytes:
    return b"".join(encoder.encode(e) for e in events) + encoder.close()
