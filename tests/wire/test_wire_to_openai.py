"""Anthropic requests converted to OpenAI."""

from __future__ import annotations

from typing import Any

import pytest
from _wire_samples import AN_TOOL, OA_TOOL, PDF_B64, PNG_B64, an_use, oa_call

from tiergate.wire import anthropic, openai

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
