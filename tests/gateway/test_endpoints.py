"""/v1/models, /v1/classify and /healthz."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import openai
from gwutil import KEY, make_config, three_providers
from test_openai_sdk import EMAIL, PII_PROMPT

from tiergate.proxy.app import create_app
from tiergate.proxy.gateway import Gateway
from tiergate.testing import FakeProvider, RunningGateway


def test_models_openai(oai: openai.OpenAI) -> None:
    models = {m.id: m.owned_by for m in oai.models.list()}
    assert models == {
        "auto": "tiergate",
        "cheap-model": "cheap",
        "trusted-model": "trusted",
        "local-model": "local",
    }


def test_classify_text(gateway: RunningGateway, cheap: FakeProvider) -> None:
    r = httpx.post(f"{gateway.url}/v1/classify", json={"text": PII_PROMPT})
    data = r.json()
    assert r.status_code == 200
    assert data["tier"] == 2 and data["reasons"] == ["PII"]
    assert data["findings"][0]["type"] == "EMAIL"
    assert EMAIL not in r.text
    assert r.headers["x-tiergate-tier"] == "2"
    assert cheap.received == []


def test_classify_chat_request(gateway: RunningGateway) -> None:
    body = {
        "model": "auto",
        "messages": [
            {"role": "user", "content": "hello"},
            {"role": "user", "content": [{"type": "text", "text": PII_PROMPT}]},
        ],
    }
    data = httpx.post(f"{gateway.url}/v1/classify", json=body).json()
    assert data["tier"] == 2
    assert data["segments"][0]["path"] == ["messages", 1, "content", 0, "text"]


def test_classify_bad_body(gateway: RunningGateway) -> None:
    r = httpx.post(f"{gateway.url}/v1/classify", json={"nothing": 1})
    assert r.status_code == 400 and "text" in r.json()["error"]["message"]


def test_healthz(gateway: RunningGateway) -> None:
    data = httpx.get(f"{gateway.url}/healthz").json()
    assert data["status"] == "ok"
    assert data["tiers"] == {
        "1": ["cheap", "trusted", "local"],
        "2": ["trusted", "local"],
        "3": ["local"],
    }


def test_chat_endpoints_take_only_post(gateway: RunningGateway, cheap: FakeProvider) -> None:
    for path in ("/v1/chat/completions", "/chat/completions", "/v1/messages"):
        r = httpx.get(f"{gateway.url}{path}")
        assert (r.status_code, r.headers.get("allow")) == (405, "POST"), path
    assert httpx.post(f"{gateway.url}/v1/chat/completion", json={}).status_code == 404
    assert cheap.received == []


def test_chat_under_a_root_path(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    """The app mounted under a prefix: chat requests reach the same handler by Starlette's
    routes (the direct path only knows the bare paths)."""
    config = make_config(tmp_path, *three_providers(cheap, trusted, local))

    async def ask() -> list[httpx.Response]:
        gw = Gateway.build(config, {"TIERGATE_PSEUDONYM_KEY": KEY}, auth="off")
        transport = httpx.ASGITransport(create_app(gw), root_path="/gw")
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                body = {"model": "auto", "messages": [{"role": "user", "content": PII_PROMPT}]}
                return [
                    await client.post("/gw/v1/chat/completions", json=body),
                    await client.post(
                        "/gw/v1/messages",
                        json={**body, "max_tokens": 50},
                        headers={"anthropic-version": "2023-06-01"},
                    ),
                ]
        finally:
            await gw.aclose()

    oai_answer, ant_answer = asyncio.run(ask())
    assert oai_answer.status_code == 200, oai_answer.text
    assert oai_answer.json()["choices"][0]["message"]["content"] == "ECHO: " + PII_PROMPT
    assert ant_answer.status_code == 200, ant_answer.text
    assert ant_answer.json()["content"][0]["text"] == "ECHO: " + PII_PROMPT
    assert oai_answer.headers["x-tiergate-tier"] == "2"
    assert EMAIL not in str(trusted.received)
