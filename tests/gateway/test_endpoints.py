"""/v1/models, /v1/classify and /healthz."""

from __future__ import annotations

import httpx
import openai
from test_openai_sdk import EMAIL, PII_PROMPT

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
