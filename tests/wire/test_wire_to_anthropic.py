"""OpenAI requests converted to Anthropic, and what neither side can take."""

from __future__ import annotations

from typing import Any

import pytest
from _wire_samples import AN_TOOL, OA_TOOL, PDF_B64, PNG_B64, an_use, oa_call

from tiergate.wire import anthropic, openai
from tiergate.wire.anthropic import DEFAULT_MAX_TOKENS
from tiergate.wire.model import ConversionError

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
