"""Cross-format conversion: OpenAI requests to Anthropic and back, responses both ways."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tiergate.wire import anthropic, openai
from tiergate.wire.anthropic import DEFAULT_MAX_TOKENS
from tiergate.wire.model import ChatResponse, ConversionError, TextPart, ToolCallPart, Usage

PNG_B64 = "iVBORw0KGgo="
PDF_B64 = "JVBERi0xLjQ="
SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
OA_TOOL = {
    "type": "function",
    "function": {"name": "get_weather", "description": "Weather", "parameters": SCHEMA},
}
AN_TOOL = {"name": "get_weather", "description": "Weather", "input_schema": SCHEMA}


def oa_call(call_id: str, args: str) -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": "get_weather", "arguments": args},
    }


def an_use(call_id: str, city: str) -> dict[str, Any]:
    return {"type": "tool_use", "id": call_id, "name": "get_weather", "input": {"city": city}}


OPENAI_TO_ANTHROPIC: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "system, options and defaults",
        {
            "model": "gpt-4o",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Hi"},
            ],
            "temperature": 1.4,
            "top_p": 0.5,
            "stop": "END",
            "user": "u-7",
            "stream": True,
            "stream_options": {"include_usage": True},
            "n": 3,
            "seed": 1,
            "response_format": {"type": "json_object"},
        },
        {
            "model": "claude-x",
            "system": "Be brief.",
            "messages": [{"role": "user", "content": "Hi"}],
            "max_tokens": DEFAULT_MAX_TOKENS,
            "stop_sequences": ["END"],
            "metadata": {"user_id": "u-7"},
            "stream": True,
        },
    ),
    (
        "several system messages, one late",
        {
            "model": "gpt-4o",
            "max_completion_tokens": 50,
            "messages": [
                {"role": "developer", "content": "Rule one."},
                {"role": "system", "content": [{"type": "text", "text": "Rule two."}]},
                {"role": "user", "content": "Hi"},
                {"role": "system", "content": "Rule three."},
                {"role": "user", "content": "Again"},
            ],
        },
        {
            "model": "claude-x",
            "system": "Rule one.\n\nRule two.\n\nRule three.",
            "messages": [{"role": "user", "content": "Hi"}, {"role": "user", "content": "Again"}],
            "max_tokens": 50,
        },
    ),
    (
        "multi-part content",
        {
            "model": "gpt-4o",
            "max_tokens": 10,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "Look"},
                        {
                            "type": "image_url",
                            "image_url": {
                                "url": f"data:image/png;base64,{PNG_B64}",
                                "detail": "high",
                            },
                        },
                        {"type": "image_url", "image_url": {"url": "https://img.test/cat.jpg"}},
                        {
                            "type": "file",
                            "file": {
                                "filename": "r.pdf",
                                "file_data": f"data:application/pdf;base64,{PDF_B64}",
                            },
                        },
                    ],
                }
            ],
        },
        {
            "model": "claude-x",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "Look"},
                        {
                            "type": "image",
                            "source": {
                                "type": "base64",
                                "media_type": "image/png",
                                "data": PNG_B64,
                            },
                        },
                        {
                            "type": "image",
                            "source": {"type": "url", "url": "https://img.test/cat.jpg"},
                        },
                        {
                            "type": "document",
                            "source": {
                                "type": "base64",
                                "media_type": "application/pdf",
                                "data": PDF_B64,
                            },
                            "title": "r.pdf",
                        },
                    ],
                }
            ],
            "max_tokens": 10,
        },
    ),
    (
        "parallel tool calls, results, then the user",
        {
            "model": "gpt-4o",
            "max_tokens": 10,
            "messages": [
                {"role": "user", "content": "Paris and Rome?"},
                {
                    "role": "assistant",
                    "content": "Checking both.",
                    "tool_calls": [
                        oa_call("call_1", '{"city": "Paris"}'),
                        oa_call("call_2", '{"city":"Rome"}'),
                    ],
                },
                {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
                {
                    "role": "tool",
                    "tool_call_id": "call_2",
                    "content": [{"type": "text", "text": "rain"}],
                },
                {"role": "user", "content": "And tomorrow?"},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [oa_call("functions.get_weather:3", "")],
                },
                {"role": "tool", "tool_call_id": "functions.get_weather:3", "content": "snow"},
            ],
            "tools": [OA_TOOL],
            "tool_choice": "required",
            "parallel_tool_calls": False,
        },
        {
            "model": "claude-x",
            "messages": [
                {"role": "user", "content": "Paris and Rome?"},
                {
                    "role": "assistant",
                    "content": [
                        {"type": "text", "text": "Checking both."},
                        an_use("call_1", "Paris"),
                        an_use("call_2", "Rome"),
                    ],
                },
                {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": "call_1", "content": "sunny"},
                        {"type": "tool_result", "tool_use_id": "call_2", "content": "rain"},
                        {"type": "text", "text": "And tomorrow?"},
                    ],
                },
                {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "tool_use",
                            "id": "functions_get_weather_3",
                            "name": "get_weather",
                            "input": {},
                        }
                    ],
                },
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": "functions_get_weather_3",
                            "content": "snow",
                        }
                    ],
                },
            ],
            "max_tokens": 10,
            "tools": [AN_TOOL],
            "tool_choice": {"type": "any", "disable_parallel_tool_use": True},
        },
    ),
    (
        "named tool choice and a tool without parameters",
        {
            "model": "gpt-4o",
            "max_tokens": 10,
            "messages": [{"role": "user", "content": "Now"}],
            "tools": [{"type": "function", "function": {"name": "now", "strict": True}}],
            "tool_choice": {"type": "function", "function": {"name": "now"}},
        },
        {
            "model": "claude-x",
            "messages": [{"role": "user", "content": "Now"}],
            "max_tokens": 10,
            "tools": [{"name": "now", "input_schema": {"type": "object", "properties": {}}}],
            "tool_choice": {"type": "tool", "name": "now"},
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "source", "expected"), OPENAI_TO_ANTHROPIC, ids=[c[0] for c in OPENAI_TO_ANTHROPIC]
)
def test_openai_request_to_anthropic(
    name: str, source: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert anthropic.build_request(openai.parse_request(source), "claude-x") == expected


def test_sampling_is_sent_to_anthropic_only_when_asked() -> None:
    req = openai.parse_request({"model": "m", "messages": [], "temperature": 1.6, "top_p": 0.5})
    body = anthropic.build_request(req, "other-vendor", sampling=True)
    assert (body["temperature"], body["top_p"]) == (1.0, 0.5)


ANTHROPIC_TO_OPENAI: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "system blocks, options",
        {
            "model": "claude",
            "max_tokens": 100,
            "system": [{"type": "text", "text": "Terse.", "cache_control": {"type": "ephemeral"}}],
            "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
            "stop_sequences": ["END", "STOP"],
            "temperature": 0.2,
            "top_k": 5,
            "metadata": {"user_id": "u-1"},
            "stream": True,
            "thinking": {"type": "enabled", "budget_tokens": 2000},
        },
        {
            "model": "gpt-x",
            "messages": [
                {"role": "system", "content": "Terse."},
                {"role": "user", "content": "Hi"},
            ],
            "max_tokens": 100,
            "temperature": 0.2,
            "stop": ["END", "STOP"],
            "stream": True,
            "stream_options": {"include_usage": True},
            "user": "u-1",
        },
    ),
    (
        "images and documents",
        {
            "model": "claude",
            "max_tokens": 100,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image",
                            "source": {
                                "type": "base64",
                                "media_type": "image/png",
                                "data": PNG_B64,
                            },
                        },
                        {
                            "type": "image",
                            "source": {"type": "url", "url": "https://img.test/x.png"},
                        },
                        {
                            "type": "document",
                            "source": {
                                "type": "base64",
                                "media_type": "application/pdf",
                                "data": PDF_B64,
                            },
                        },
                        {
                            "type": "document",
                            "source": {"type": "text", "media_type": "text/plain", "data": "Notes"},
                            "title": "n",
                        },
                        {"type": "text", "text": "What is in them?"},
                    ],
                }
            ],
        },
        {
            "model": "gpt-x",
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "image_url",
                            "image_url": {"url": f"data:image/png;base64,{PNG_B64}"},
                        },
                        {"type": "image_url", "image_url": {"url": "https://img.test/x.png"}},
                        {
                            "type": "file",
                            "file": {
                                "filename": "document.pdf",
                                "file_data": f"data:application/pdf;base64,{PDF_B64}",
                            },
                        },
                        {"type": "text", "text": "Notes"},
                        {"type": "text", "text": "What is in them?"},
                    ],
                }
            ],
            "max_tokens": 100,
        },
    ),
    (
        "thinking, tool use and results with an image",
        {
            "model": "claude",
            "max_tokens": 100,
            "messages": [
                {"role": "user", "content": "Weather and a photo?"},
                {
                    "role": "assistant",
                    "content": [
                        {"type": "thinking", "thinking": "Two tools.", "signature": "c2ln"},
                        {"type": "redacted_thinking", "data": "eA=="},
                        {"type": "text", "text": "On it."},
                        an_use("toolu_1", "Paris"),
                        {"type": "tool_use", "id": "toolu_2", "name": "photo", "input": {}},
                    ],
                },
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": "toolu_1",
                            "content": "sunny",
                            "is_error": False,
                        },
                        {
                            "type": "tool_result",
                            "tool_use_id": "toolu_2",
                            "content": [
                                {"type": "text", "text": "here"},
                                {
                                    "type": "image",
                                    "source": {
                                        "type": "base64",
                                        "media_type": "image/png",
                                        "data": PNG_B64,
                                    },
                                },
                            ],
                        },
                        {"type": "text", "text": "Describe it."},
                    ],
                },
            ],
            "tools": [AN_TOOL, {"type": "web_search_20250305", "name": "web_search"}],
            "tool_choice": {"type": "any", "disable_parallel_tool_use": True},
        },
        {
            "model": "gpt-x",
            "messages": [
                {"role": "user", "content": "Weather and a photo?"},
                {
                    "role": "assistant",
                    "content": "On it.",
                    "tool_calls": [
                        oa_call("toolu_1", '{"city": "Paris"}'),
                        {
                            **oa_call("toolu_2", "{}"),
                            "function": {"name": "photo", "arguments": "{}"},
                        },
                    ],
                },
                {"role": "tool", "tool_call_id": "toolu_1", "content": "sunny"},
                {"role": "tool", "tool_call_id": "toolu_2", "content": "here"},
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "Describe it."},
                        {
                            "type": "image_url",
                            "image_url": {"url": f"data:image/png;base64,{PNG_B64}"},
                        },
                    ],
                },
            ],
            "max_tokens": 100,
            "tools": [OA_TOOL],
            "tool_choice": "required",
            "parallel_tool_calls": False,
        },
    ),
    (
        "named tool, only tool results",
        {
            "model": "claude",
            "max_tokens": 5,
            "messages": [
                {"role": "assistant", "content": [an_use("toolu_1", "Oslo")]},
                {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": "toolu_1", "is_error": True}
                    ],
                },
            ],
            "tools": [AN_TOOL],
            "tool_choice": {"type": "tool", "name": "get_weather"},
        },
        {
            "model": "gpt-x",
            "messages": [
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [oa_call("toolu_1", '{"city": "Oslo"}')],
                },
                {"role": "tool", "tool_call_id": "toolu_1", "content": ""},
            ],
            "max_tokens": 5,
            "tools": [OA_TOOL],
            "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "source", "expected"), ANTHROPIC_TO_OPENAI, ids=[c[0] for c in ANTHROPIC_TO_OPENAI]
)
def test_anthropic_request_to_openai(
    name: str, source: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert openai.build_request(anthropic.parse_request(source), "gpt-x") == expected


@pytest.mark.parametrize(
    ("name", "source", "expected"), OPENAI_TO_ANTHROPIC, ids=[c[0] for c in OPENAI_TO_ANTHROPIC]
)
def test_there_and_back_again_is_stable(
    name: str, source: dict[str, Any], expected: dict[str, Any]
) -> None:
    """OpenAI -> Anthropic -> OpenAI -> Anthropic gives the same Anthropic body twice."""
    once = anthropic.build_request(openai.parse_request(source), "claude-x")
    back = openai.build_request(anthropic.parse_request(once), "gpt")
    assert anthropic.build_request(openai.parse_request(back), "claude-x") == once


SECRET = "4111111111111111"
NOT_CONVERTIBLE: list[tuple[str, str, dict[str, Any]]] = [
    (
        "openai audio input",
        "anthropic",
        {
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "input_audio", "input_audio": {"data": SECRET, "format": "wav"}}
                    ],
                }
            ]
        },
    ),
    (
        "openai file id",
        "anthropic",
        {
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "file", "file": {"file_id": f"file-{SECRET}"}}],
                }
            ]
        },
    ),
    (
        "arguments that are not JSON",
        "anthropic",
        {
            "messages": [
                {"role": "assistant", "tool_calls": [oa_call("c1", f'{{"card": "{SECRET}"')]}
            ]
        },
    ),
    (
        "arguments that are a list",
        "anthropic",
        {"messages": [{"role": "assistant", "tool_calls": [oa_call("c1", f'["{SECRET}"]')]}]},
    ),
    (
        "image in a system prompt",
        "anthropic",
        {
            "messages": [
                {
                    "role": "system",
                    "content": [
                        {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}
                    ],
                }
            ]
        },
    ),
    (
        "anthropic file source",
        "openai",
        {
            "max_tokens": 1,
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "image", "source": {"type": "file", "file_id": SECRET}}],
                }
            ],
        },
    ),
    (
        "anthropic url document",
        "openai",
        {
            "max_tokens": 1,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "document",
                            "source": {"type": "url", "url": f"https://x.test/{SECRET}.pdf"},
                        }
                    ],
                }
            ],
        },
    ),
    (
        "anthropic search result",
        "openai",
        {
            "max_tokens": 1,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "search_result", "source": "s", "title": "t", "content": []}
                    ],
                }
            ],
        },
    ),
]


@pytest.mark.parametrize(
    ("name", "target", "body"), NOT_CONVERTIBLE, ids=[c[0] for c in NOT_CONVERTIBLE]
)
def test_what_cannot_be_converted_is_refused(name: str, target: str, body: dict[str, Any]) -> None:
    source, dest = (openai, anthropic) if target == "anthropic" else (anthropic, openai)
    req = source.parse_request(body)
    source.build_request(req, "same-format")  # forwarding in its own format works
    with pytest.raises(ConversionError) as caught:
        dest.build_request(req, "other")
    assert SECRET not in str(caught.value)


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
