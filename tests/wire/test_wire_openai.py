"""OpenAI Chat Completions requests and responses: parse, build, round trips, errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tiergate.errors import InputError
from tiergate.wire import openai as wire
from tiergate.wire.model import (
    DocumentPart,
    ImagePart,
    OpaquePart,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolChoice,
    ToolResultPart,
    Usage,
)

WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}
CALL = {
    "id": "call_abc",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
}

ROUND_TRIPS: dict[str, dict[str, Any]] = {
    "one user string": {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]},
    "system prompts and a late system message": {
        "model": "gpt-4o",
        "messages": [
            {"role": "developer", "content": "Answer in French."},
            {"role": "system", "content": [{"type": "text", "text": "Be brief."}]},
            {"role": "user", "content": "Hi", "name": "ann"},
            {"role": "assistant", "content": "Salut"},
            {"role": "system", "content": "Now in German."},
            {"role": "developer", "content": "Be formal."},
            {"role": "user", "content": [{"type": "text", "text": "Und jetzt?"}]},
        ],
    },
    "multi-part user content": {
        "model": "gpt-4o",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Compare these"},
                    {"type": "image_url", "image_url": {"url": "https://img.test/a.png"}},
                    {
                        "type": "image_url",
                        "image_url": {"url": "data:image/jpeg;base64,/9j/AAAA", "detail": "low"},
                    },
                    {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
                    {
                        "type": "file",
                        "file": {
                            "filename": "a.pdf",
                            "file_data": "data:application/pdf;base64,JVBERi0=",
                        },
                    },
                    {"type": "file", "file": {"file_id": "file-123"}},
                ],
            }
        ],
    },
    "tool calls and results": {
        "model": "gpt-4o",
        "messages": [
            {"role": "user", "content": "Weather in Paris and Rome?"},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    CALL,
                    {
                        "id": "call_def",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city":"Rome"}'},
                    },
                ],
            },
            {"role": "tool", "tool_call_id": "call_abc", "content": "sunny"},
            {
                "role": "tool",
                "tool_call_id": "call_def",
                "content": [{"type": "text", "text": "rain"}],
            },
            {"role": "assistant", "content": "Sunny in Paris, rain in Rome."},
        ],
        "tools": [WEATHER],
        "tool_choice": "auto",
        "parallel_tool_calls": True,
    },
    "assistant spellings": {
        "model": "gpt-4o",
        "messages": [
            {"role": "user", "content": "x"},
            {"role": "assistant", "tool_calls": [CALL]},
            {"role": "tool", "tool_call_id": "call_abc", "content": ""},
            {"role": "assistant", "content": "", "tool_calls": [CALL], "refusal": None},
            {"role": "tool", "tool_call_id": "call_abc", "content": "ok", "name": "get_weather"},
            {"role": "assistant", "content": [{"type": "refusal", "refusal": "I can't."}]},
            {
                "role": "assistant",
                "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
            },
        ],
    },
    "every option": {
        "model": "o3",
        "messages": [{"role": "user", "content": "Hi"}],
        "tools": [
            {**WEATHER, "function": {**WEATHER["function"], "strict": True}},
            {"type": "custom", "custom": {"name": "grammar_tool"}},
        ],
        "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        "parallel_tool_calls": False,
        "max_completion_tokens": 500,
        "temperature": 0.2,
        "top_p": 0.9,
        "stop": ["END", "STOP"],
        "stream": True,
        "stream_options": {"include_usage": True},
        "user": "user-42",
        "n": 2,
        "seed": 7,
        "logprobs": True,
        "response_format": {"type": "json_object"},
        "metadata": {"k": "v"},
        "reasoning_effort": "low",
    },
    "string stop, no usage, stream false": {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Hi"}],
        "max_tokens": 20,
        "stop": "END",
        "stream": False,
        "stream_options": {"include_usage": False},
        "tool_choice": "none",
    },
    "allowed tools": {
        "model": "gpt-5",
        "messages": [{"role": "user", "content": "Hi"}],
        "tools": [WEATHER],
        "tool_choice": {
            "type": "allowed_tools",
            "allowed_tools": {
                "mode": "required",
                "tools": [{"type": "function", "name": "get_weather"}],
            },
        },
    },
    "empty list content": {"model": "m", "messages": [{"role": "user", "content": []}]},
}


@pytest.mark.parametrize("name", list(ROUND_TRIPS))
def test_round_trip_keeps_the_body(name: str) -> None:
    body = ROUND_TRIPS[name]
    original = copy.deepcopy(body)
    req = wire.parse_request(body)
    assert body == original, "parsing must not change its input"
    assert wire.build_request(req, body["model"]) == body


def test_round_trip_of_what_the_sdk_sends(sdk_openai: Any) -> None:
    seen: list[dict[str, Any]] = []
    client = sdk_openai(
        {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}, seen
    )
    client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
            {"role": "assistant", "content": None, "tool_calls": [CALL]},  # type: ignore[list-item]
            {"role": "tool", "tool_call_id": "call_abc", "content": "sunny"},
        ],
        tools=[WEATHER],  # type: ignore[list-item]
        temperature=0.5,
        max_completion_tokens=99,
        user="u1",
    )
    body = seen[0]
    assert wire.build_request(wire.parse_request(body), body["model"]) == body


def test_parse_request_neutral_form() -> None:
    req = wire.parse_request(ROUND_TRIPS["system prompts and a late system message"])
    assert req.system == [TextPart("Answer in French."), TextPart("Be brief.")]
    assert [m.role for m in req.messages] == ["user", "assistant", "system", "system", "user"]
    assert req.origin == "openai" and req.model == "gpt-4o"

    req = wire.parse_request(ROUND_TRIPS["multi-part user content"])
    parts = req.messages[0].content
    assert parts[1] == ImagePart({"type": "url", "url": "https://img.test/a.png"})
    assert parts[2] == ImagePart(
        {"type": "base64", "media_type": "image/jpeg", "data": "/9j/AAAA"}, {"detail": "low"}
    )
    assert isinstance(parts[3], OpaquePart) and parts[3].wire == "openai"
    assert parts[4] == DocumentPart(
        {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0="}, "a.pdf"
    )
    assert parts[5] == DocumentPart({"type": "file", "file_id": "file-123"})

    req = wire.parse_request(ROUND_TRIPS["tool calls and results"])
    assert req.messages[1].content[0] == ToolCallPart(
        "call_abc", "get_weather", '{"city": "Paris"}'
    )
    result = req.messages[3].content[0]
    assert isinstance(result, ToolResultPart) and result.content == [TextPart("rain")]
    assert req.messages[3].role == "tool"
    assert req.tool_choice == ToolChoice("auto") and req.parallel_tool_calls is True

    req = wire.parse_request(ROUND_TRIPS["every option"])
    assert (req.max_tokens, req.stop, req.stream, req.stream_usage) == (
        500,
        ["END", "STOP"],
        True,
        True,
    )
    assert req.tool_choice == ToolChoice("tool", "get_weather")
    assert req.tools[0].extra == {"strict": True} and req.tools[1].raw is not None
    assert req.user == "user-42"
    assert set(req.extra) == {
        "n",
        "seed",
        "logprobs",
        "response_format",
        "metadata",
        "reasoning_effort",
    }


SECRET = "sk-live-0123456789abcdef"
BAD_REQUESTS: list[tuple[str, object, str]] = [
    ("not an object", [SECRET], "request body: expected a JSON object"),
    ("no messages", {"model": "m"}, "'messages' is required"),
    ("messages not a list", {"messages": SECRET}, "messages: expected an array"),
    ("message not an object", {"messages": [SECRET]}, "messages[0]: expected a JSON object"),
    ("unknown role", {"messages": [{"role": SECRET, "content": "x"}]}, "messages[0].role"),
    (
        "legacy function role",
        {"messages": [{"role": "function", "content": "x"}]},
        "messages[0].role",
    ),
    ("tool without id", {"messages": [{"role": "tool", "content": SECRET}]}, "tool_call_id"),
    ("content a number", {"messages": [{"role": "user", "content": 5}]}, "messages[0].content"),
    ("part not an object", {"messages": [{"role": "user", "content": [SECRET]}]}, "content[0]"),
    (
        "text part without text",
        {"messages": [{"role": "user", "content": [{"type": "text", "value": SECRET}]}]},
        "content[0].text",
    ),
    (
        "image without url",
        {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
        "image_url.url",
    ),
    (
        "file without data",
        {
            "messages": [
                {"role": "user", "content": [{"type": "file", "file": {"filename": SECRET}}]}
            ]
        },
        "file_data or file_id",
    ),
    (
        "tool call without name",
        {
            "messages": [
                {
                    "role": "assistant",
                    "tool_calls": [{"id": "c", "function": {"arguments": SECRET}}],
                }
            ]
        },
        "tool_calls[0].function.name",
    ),
    (
        "max_tokens a string",
        {"messages": [], "max_tokens": SECRET},
        "max_tokens: expected an integer",
    ),
    ("max_tokens a boolean", {"messages": [], "max_tokens": True}, "max_tokens"),
    (
        "temperature a string",
        {"messages": [], "temperature": SECRET},
        "temperature: expected a number",
    ),
    ("stop with numbers", {"messages": [], "stop": [1]}, "stop[0]"),
    ("tools not a list", {"messages": [], "tools": {"a": SECRET}}, "tools: expected an array"),
    (
        "tool without function",
        {"messages": [], "tools": [{"type": "function"}]},
        "tools[0].function",
    ),
    ("tool_choice unknown", {"messages": [], "tool_choice": SECRET}, "tool_choice"),
    ("stream a string", {"messages": [], "stream": "yes"}, "stream: expected true or false"),
]


@pytest.mark.parametrize(("name", "body", "where"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_malformed_requests_are_input_errors(name: str, body: object, where: str) -> None:
    with pytest.raises(InputError) as caught:
        wire.parse_request(body)
    assert where in str(caught.value)
    assert SECRET not in str(caught.value), "an error message must not repeat a value"


RESPONSES: dict[str, dict[str, Any]] = {
    "text": {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "gpt-4o-2024-08-06",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "Hello!",
                    "refusal": None,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": 12,
            "completion_tokens": 3,
            "total_tokens": 15,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0},
        },
        "service_tier": "default",
        "system_fingerprint": "fp_1",
    },
    "tool calls": {
        "id": "chatcmpl-2",
        "object": "chat.completion",
        "created": 1700000001,
        "model": "gpt-4o",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "refusal": None,
                    "tool_calls": [CALL],
                },
                "logprobs": None,
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70},
    },
    "refusal": {
        "id": "chatcmpl-3",
        "object": "chat.completion",
        "created": 1700000002,
        "model": "gpt-4o",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": None,
                    "refusal": "I can't help with that.",
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
    },
    "reasoning (DeepSeek style)": {
        "id": "r-1",
        "object": "chat.completion",
        "created": 1700000003,
        "model": "deepseek-reasoner",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "42",
                    "refusal": None,
                    "reasoning_content": "Think...",
                },
                "logprobs": None,
                "finish_reason": "length",
            }
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 9, "total_tokens": 14},
    },
}


@pytest.mark.parametrize("name", list(RESPONSES))
def test_response_round_trip(name: str) -> None:
    body = RESPONSES[name]
    assert wire.build_response(wire.parse_response(body), body["model"]) == body


def test_parse_response_neutral_form() -> None:
    resp = wire.parse_response(RESPONSES["tool calls"])
    assert resp.content == [ToolCallPart("call_abc", "get_weather", '{"city": "Paris"}')]
    assert resp.finish_reason == "tool_calls" and resp.usage == Usage(50, 20)
    resp = wire.parse_response(RESPONSES["reasoning (DeepSeek style)"])
    assert resp.content == [ThinkingPart("Think..."), TextPart("42")]
    assert resp.finish_reason == "length"


def test_only_choice_zero_is_converted() -> None:
    body = copy.deepcopy(RESPONSES["text"])
    second = copy.deepcopy(body["choices"][0])
    second["index"] = 1
    second["message"]["content"] = "Other"
    body["choices"].append(second)
    assert wire.parse_response(body).content == [TextPart("Hello!")]


@pytest.mark.parametrize("name", list(RESPONSES))
def test_built_responses_are_read_by_the_sdk(name: str, sdk_openai: Any) -> None:
    resp = wire.parse_response(RESPONSES[name])
    completion = sdk_openai(wire.build_response(resp, "served-model")).chat.completions.create(
        model="x", messages=[{"role": "user", "content": "hi"}]
    )
    assert completion.model == "served-model"
    message = completion.choices[0].message
    texts = [p.text for p in resp.content if isinstance(p, TextPart)]
    assert message.content == ("".join(texts) if texts else None)
    calls = [p for p in resp.content if isinstance(p, ToolCallPart)]
    assert [(c.id, c.function.name, c.function.arguments) for c in message.tool_calls or []] == [
        (c.id, c.name, c.arguments) for c in calls
    ]
