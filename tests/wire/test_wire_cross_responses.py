"""Responses converted both ways, and read back by the SDKs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from _wire_samples import an_use, oa_call

from tiergate.wire import anthropic, openai
from tiergate.wire.model import ChatResponse, TextPart, ToolCallPart, Usage

FINISH_TABLE = [
    ("end_turn", "stop", "end_turn"),
    ("stop_sequence", "stop", "stop_sequence"),
    ("max_tokens", "length", "max_tokens"),
    ("tool_use", "tool_calls", "tool_use"),
    ("refusal", "content_filter", "refusal"),
    ("pause_turn", "stop", "end_turn"),
    ("model_context_window_exceeded", "length", "max_tokens"),
]


@pytest.mark.parametrize(("anthropic_reason", "openai_reason", "back"), FINISH_TABLE)
def test_stop_reasons_both_ways(anthropic_reason: str, openai_reason: str, back: str) -> None:
    body = {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [{"type": "text", "text": "x"}],
        "stop_reason": anthropic_reason,
        "stop_sequence": "##" if anthropic_reason == "stop_sequence" else None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
    converted = openai.build_response(anthropic.parse_response(body), "gpt")
    assert converted["choices"][0]["finish_reason"] == openai_reason
    assert anthropic.build_response(openai.parse_response(converted), "c")[
        "stop_reason"
    ] == back.replace(
        "stop_sequence", "end_turn"
    )  # OpenAI does not say which stop sequence matched
    neutral = anthropic.parse_response(body)
    assert anthropic.build_response(replace(neutral, origin=None), "c")["stop_reason"] == back


def test_anthropic_response_to_openai(sdk_openai: Any) -> None:
    body = {
        "id": "msg_9",
        "type": "message",
        "role": "assistant",
        "model": "claude",
        "content": [
            {"type": "thinking", "thinking": "Hmm.", "signature": "c2ln"},
            {"type": "text", "text": "Let me "},
            {"type": "text", "text": "check."},
            an_use("toolu_9", "Paris"),
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 10,
            "output_tokens": 20,
            "cache_read_input_tokens": 100,
            "cache_creation_input_tokens": 5,
        },
    }
    out = openai.build_response(anthropic.parse_response(body), "served")
    assert out["id"] == "msg_9" and out["object"] == "chat.completion"
    message = out["choices"][0]["message"]
    assert message["content"] == "Let me check." and message["reasoning_content"] == "Hmm."
    assert message["tool_calls"] == [oa_call("toolu_9", '{"city": "Paris"}')]
    assert out["usage"] == {
        "prompt_tokens": 115,
        "completion_tokens": 20,
        "total_tokens": 135,
        "prompt_tokens_details": {"cached_tokens": 100},
    }
    completion = sdk_openai(out).chat.completions.create(model="x", messages=[])
    assert completion.choices[0].message.tool_calls[0].function.arguments == '{"city": "Paris"}'  # type: ignore[index,union-attr]
    assert completion.usage is not None and completion.usage.prompt_tokens == 115


def test_openai_response_to_anthropic(sdk_anthropic: Any) -> None:
    body = {
        "id": "chatcmpl-9",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "",
                    "reasoning_content": "Think.",
                    "tool_calls": [
                        oa_call("call_9", '{"city": "Rome"}'),
                        oa_call("call_10", '{"city": "Ro'),
                    ],
                },
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {
            "prompt_tokens": 30,
            "completion_tokens": 7,
            "total_tokens": 37,
            "prompt_tokens_details": {"cached_tokens": 10},
        },
    }
    out = anthropic.build_response(openai.parse_response(body), "served")
    assert out["content"] == [
        {"type": "thinking", "thinking": "Think.", "signature": ""},
        an_use("call_9", "Rome"),
        {
            "type": "tool_use",
            "id": "call_10",
            "name": "get_weather",
            "input": {},
        },  # cut off: not JSON
    ]
    assert out["stop_reason"] == "tool_use"
    assert out["usage"] == {
        "input_tokens": 20,
        "output_tokens": 7,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 10,
    }
    message = sdk_anthropic(out).messages.create(model="x", max_tokens=1, messages=[])
    assert message.content[1].input == {"city": "Rome"}  # type: ignore[union-attr]


def test_refusal_becomes_text_in_anthropic() -> None:
    body = {
        "id": "c",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "refusal": "No."},
                "finish_reason": "stop",
            }
        ],
    }
    out = anthropic.build_response(openai.parse_response(body), "c")
    assert out["content"] == [{"type": "text", "text": "No."}]
    assert out["usage"] == {"input_tokens": 0, "output_tokens": 0}


def test_neutral_response_builds_in_both_formats() -> None:
    resp = ChatResponse(
        id="r1",
        model="m",
        content=[TextPart("Hi "), ToolCallPart("t1", "f", '{"a": 1}')],
        finish_reason="tool_calls",
        usage=Usage(3, 4),
        created=5,
    )
    assert openai.build_response(resp, "m")["choices"][0] == {
        "index": 0,
        "message": {
            "role": "assistant",
            "content": "Hi ",
            "refusal": None,
            "tool_calls": [
                {"id": "t1", "type": "function", "function": {"name": "f", "arguments": '{"a": 1}'}}
            ],
        },
        "finish_reason": "tool_calls",
        "logprobs": None,
    }
    assert anthropic.build_response(resp, "m")["content"] == [
        {"type": "text", "text": "Hi "},
        {"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}},
    ]
