"""The official SDKs, unmodified, reading bytes our encoders produced (no network)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anthropic
import httpx2
import openai
import pytest

Handler = Callable[[httpx2.Request], httpx2.Response]


def _serve(body: bytes | dict[str, Any], seen: list[dict[str, Any]]) -> Handler:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(json.loads(request.content))
        if isinstance(body, bytes):
            return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=body)
        return httpx2.Response(200, json=body)

    return handler


def openai_client(
    body: bytes | dict[str, Any], seen: list[dict[str, Any]] | None = None
) -> openai.OpenAI:
    """An ``openai.OpenAI`` whose every call is answered with ``body``; the request bodies it
    sends are appended to ``seen``."""
    transport = httpx2.MockTransport(_serve(body, seen if seen is not None else []))
    return openai.OpenAI(
        api_key="sk-test",
        base_url="http://upstream.test/v1",
        http_client=httpx2.Client(transport=transport),
        max_retries=0,
    )


def anthropic_client(
    body: bytes | dict[str, Any], seen: list[dict[str, Any]] | None = None
) -> anthropic.Anthropic:
    transport = httpx2.MockTransport(_serve(body, seen if seen is not None else []))
    return anthropic.Anthropic(
        api_key="sk-ant-test",
        base_url="http://upstream.test",
        http_client=httpx2.Client(transport=transport),
        max_retries=0,
    )


@pytest.fixture
def sdk_openai() -> Callable[..., openai.OpenAI]:
    return openai_client


@pytest.fixture
def sdk_anthropic() -> Callable[..., anthropic.Anthropic]:
    return anthropic_client
