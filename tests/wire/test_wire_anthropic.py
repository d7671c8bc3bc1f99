"""Anthropic Messages requests and responses: parse, build, round trips, errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tiergate.errors import InputError
from tiergate.wire import anthropic as wire
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
    "name": "get_weather",
    "description": "Weather for a city",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}
USE = {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}}
PNG = {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}

ROUND_TRIPS: dict[str, dict[str, Any]] = {
    "one user string": {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": "Hi"}],
    },
    "system blocks with cache control": {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "system": [
            {"type": "text", "text": "You are terse."},
            {"type": "text", "text": "Long context", "cache_control": {"type": "ephemeral"}},
        ],
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
            {"role": "assistant", "content": "Hello"},
            {"role": "user", "content": "Bye"},
        ],
    },
    "images and documents": {
        "model": "claude-opus-4-1",
        "max_tokens": 100,
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "image", "source": PNG},
                    {"type": "image", "source": {"type": "url", "url": "https://img.test/a.png"}},
                    {
                        "type": "document",
                        "source": {
                            "type": "base64",
                            "media_type": "application/pdf",
                            "data": "JVBERi0=",
                        },
                        "title": "Report",
                        "context": "Q3",
                        "citations": {"enabled": True},
                    },
                    {
                        "type": "document",
                        "source": {
                            "type": "text",
                            "media_type": "text/plain",
                            "data": "Plain words",
                        },
                    },
                    {"type": "text", "text": "Summarise", "cache_control": {"type": "ephemeral"}},
                ],
            }
        ],
    },
    "tools, thinking and results": {
        "model": "claude-sonnet-4-5",
        "max_tokens": 2048,
        "thinking": {"type": "enabled", "budget_tokens": 1024},
        "messages": [
            {"role": "user", "content": "Weather in Paris?"},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "Need the tool.", "signature": "c2lnbmF0dXJl"},
                    {"type": "redacted_thinking", "data": "ZW5jcnlwdGVk"},
                    {"type": "text", "text": "Let me check."},
                    USE,
                ],
            },
            {
                "role": "user",
                "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_01", "content": "sunny"},
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_02",
                        "content": [
                            {"type": "text", "text": "x"},
                            {"type": "image", "source": PNG},
                        ],
                        "is_error": False,
                    },
                    {"type": "tool_result", "tool_use_id": "toolu_03", "is_error": True},
                    {"type": "text", "text": "Thanks"},
                ],
            },
        ],
        "tools": [
            {**WEATHER, "cache_control": {"type": "ephemeral"}},
            {"type": "web_search_20250305", "name": "web_search", "max_uses": 3},
        ],
        "tool_choice": {"type": "auto", "disable_parallel_tool_use": True},
    },
    "every option": {
        "model": "claude-3-5-haiku-latest",
        "max_tokens": 300,
        "messages": [{"role": "user", "content": "Hi"}],
        "temperature": 0.7,
        "top_p": 0.9,
        "top_k": 40,
        "stop_sequences": ["END"],
        "stream": True,
        "metadata": {"user_id": "u-1"},
        "tools": [WEATHER],
        "tool_choice": {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": False},
        "service_tier": "auto",
    },
    "any tool, stream false": {
        "model": "m",
        "max_tokens": 10,
        "messages": [{"role": "user", "content": "Hi"}],
        "tools": [WEATHER],
        "tool_choice": {"type": "any"},
        "stream": False,
        "metadata": {},
    },
}


@pytest.mark.parametrize("name", list(ROUND_TRIPS))
def test_round_trip_keeps_the_body(name: str) -> None:
    body = ROUND_TRIPS[name]
    original = copy.deepcopy(body)
    req = wire.parse_request(body)
    assert body == original, "parsing must not change its input"
    assert wire.build_request(req, body["model"]) == body


def test_round_trip_of_what_the_sdk_sends(sdk_anthropic: Any) -> None:
    seen: list[dict[str, Any]] = []
    client = sdk_anthropic(RESPONSES["text"], seen)
    client.messages.create(
        model="claude-test-model",
        max_tokens=512,
        system="Be brief.",
        messages=[
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": [USE]},  # type: ignore[list-item]
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "sunny"}],
            },
        ],
        tools=[WEATHER],  # type: ignore[list-item]
        tool_choice={"type": "auto"},
        stop_sequences=["END"],
        metadata={"user_id": "u-1"},
    )
    body = seen[0]
    assert wire.build_request(wire.parse_request(body), body["model"]) == body


def test_parse_request_neutral_form() -> None:
    req = wire.parse_request(ROUND_TRIPS["tools, thinking and results"])
    assistant = req.messages[1].content
    assert assistant[0] == ThinkingPart("Need the tool.", "c2lnbmF0dXJl")
    assert isinstance(assistant[1], OpaquePart) and assistant[1].wire == "anthropic"
    assert assistant[3] == ToolCallPart("toolu_01", "get_weather", '{"city": "Paris"}')
    results = req.messages[2].content
    assert isinstance(results[0], ToolResultPart) and results[0].content == [TextPart("sunny")]
    assert isinstance(results[1], ToolResultPart) and results[1].content[1] == ImagePart(PNG)
    assert (
        isinstance(results[2], ToolResultPart) and results[2].is_error and results[2].content == []
    )
    assert req.tool_choice == ToolChoice("auto") and req.parallel_tool_calls is False
    assert req.tools[1].raw is not None and set(req.extra) == {"thinking"}

    req = wire.parse_request(ROUND_TRIPS["images and documents"])
    doc = req.messages[0].content[2]
    assert isinstance(doc, DocumentPart) and doc.title == "Report"
    assert doc.extra == {"context": "Q3", "citations": {"enabled": True}}

    req = wire.parse_request(ROUND_TRIPS["every option"])
    assert (req.user, req.stop, req.stream, req.stream_usage) == ("u-1", ["END"], True, True)
    assert req.tool_choice == ToolChoice("tool", "get_weather") and req.parallel_tool_calls is True
    assert req.extra == {"top_k": 40, "service_tier": "auto"}


SECRET = "sk-ant-api03-0123456789abcdef"
BAD_REQUESTS: list[tuple[str, object, str]] = [
    ("not an object", SECRET, "request body: expected a JSON object"),
    ("no messages", {"model": "m", "max_tokens": 1}, "'messages' is required"),
    ("system a number", {"messages": [], "system": 5}, "system: expected an array"),
    (
        "system role in messages",
        {"messages": [{"role": "system", "content": SECRET}]},
        "messages[0].role",
    ),
    ("message without content", {"messages": [{"role": "user"}]}, "messages[0].content"),
    ("block not an object", {"messages": [{"role": "user", "content": [SECRET]}]}, "content[0]"),
    (
        "tool_use without id",
        {
            "messages": [
                {"role": "assistant", "content": [{"type": "tool_use", "name": "f", "input": {}}]}
            ]
        },
        "content[0].id",
    ),
    (
        "tool_use input not an object",
        {"messages": [{"role": "assistant", "content": [{**USE, "input": [SECRET]}]}]},
        "content[0].input",
    ),
    (
        "tool_result without id",
        {"messages": [{"role": "user", "content": [{"type": "tool_result", "content": SECRET}]}]},
        "tool_use_id",
    ),
    (
        "image without source",
        {"messages": [{"role": "user", "content": [{"type": "image"}]}]},
        "content[0].source",
    ),
    ("stop_sequences with numbers", {"messages": [], "stop_sequences": [1]}, "stop_sequences"),
    ("tool_choice unknown", {"messages": [], "tool_choice": {"type": SECRET}}, "tool_choice.type"),
    (
        "tool choice without name",
        {"messages": [], "tool_choice": {"type": "tool"}},
        "tool_choice.name",
    ),
    ("max_tokens a float", {"messages": [], "max_tokens": 1.5}, "max_tokens"),
    ("metadata a string", {"messages": [], "metadata": SECRET}, "metadata"),
]


@pytest.mark.parametrize(("name", "body", "where"), BAD_REQUESTS, ids=[b[0] for b in BAD_REQUESTS])
def test_malformed_requests_are_input_errors(name: str, body: object, where: str) -> None:
    with pytest.raises(InputError) as caught:
        wire.parse_request(body)
    assert where in str(caught.value)
    assert SECRET not in str(caught.value), "an error message must not repeat a value"


RESPONSES: dict[str, dict[str, Any]] = {
    "text": {
        "id": "msg_01",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [{"type": "text", "text": "Hello!"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 10,
            "output_tokens": 3,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
            "service_tier": "standard",
        },
    },
    "thinking and tool use": {
        "id": "msg_02",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [
            {"type": "thinking", "thinking": "Use the tool.", "signature": "c2ln"},
            {"type": "text", "text": "Checking."},
            USE,
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 100,
            "output_tokens": 40,
            "cache_creation_input_tokens": 20,
            "cache_read_input_tokens": 300,
        },
    },
    "stop sequence": {
        "id": "msg_03",
        "type": "message",
        "role": "assistant",
        "model": "claude-3-5-haiku-latest",
        "content": [{"type": "text", "text": "1, 2, 3"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "4",
        "usage": {"input_tokens": 5, "output_tokens": 7},
    },
    "pause turn with a server tool": {
        "id": "msg_04",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5",
        "content": [
            {
                "type": "server_tool_use",
                "id": "srvtoolu_1",
                "name": "web_search",
                "input": {"query": "q"},
            },
        ],
        "stop_reason": "pause_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 5, "output_tokens": 7},
        "container": None,
    },
}


@pytest.mark.parametrize("name", list(RESPONSES))
def test_response_round_trip(name: str) -> None:
    body = RESPONSES[name]
    assert wire.build_response(wire.parse_response(body), body["model"]) == body


def test_parse_response_neutral_form() -> None:
    resp = wire.parse_response(RESPONSES["thinking and tool use"])
    assert resp.content[2] == ToolCallPart("toolu_01", "get_weather", '{"city": "Paris"}')
    assert resp.finish_reason == "tool_calls"
    assert resp.usage == Usage(420, 40, cache_read_tokens=300, cache_creation_tokens=20)
    resp = wire.parse_response(RESPONSES["stop sequence"])
    assert (resp.finish_reason, resp.stop_sequence) == ("stop", "4")
    assert wire.parse_response(RESPONSES["pause turn with a server tool"]).finish_reason == "stop"


@pytest.mark.parametrize("name", list(RESPONSES))
def test_built_responses_are_read_by_the_sdk(name: str, sdk_anthropic: Any) -> None:
    body = wire.build_response(wire.parse_response(RESPONSES[name]), "served-model")
    message = sdk_anthropic(body).messages.create(
        model="x", max_tokens=10, messages=[{"role": "user", "content": "hi"}]
    )
    assert message.model == "served-model"
    assert message.stop_reason == RESPONSES[name]["stop_reason"]
    assert [b.to_dict() for b in message.content] == RESPONSES[name]["content"]
