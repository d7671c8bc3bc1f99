"""Client keys at the gateway's door, through both SDKs: who may pass, and what the audit
says about those who may not."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pytest
from gwutil import KEY, make_config, make_key, three_providers

from tiergate.access import open_key_store
from tiergate.cli.serve import auth_mode, is_loopback
from tiergate.testing import FakeProvider, RunningGateway, run_gateway, wait_for

HELLO = [{"role": "user", "content": "hello"}]


@pytest.fixture
def keyed(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> Iterator[tuple[RunningGateway, str]]:
    """A gateway with one client key, ``team-a``; lookups cached for 0.2 s."""
    secret = make_key(tmp_path, "team-a")
    config = make_config(tmp_path, *three_providers(cheap, trusted, local))
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        gw.gateway.gate.ttl = 0.2
        yield gw, secret


def oai(gw: RunningGateway, key: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=gw.openai_base_url, api_key=key, max_retries=0)


def ant(gw: RunningGateway, key: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=gw.anthropic_base_url, api_key=key, max_retries=0)


def last(gw: RunningGateway) -> dict[str, object]:
    return gw.gateway.audit.tail(1)[0].to_dict()


@pytest.mark.parametrize("key", ["tg-not-a-key", "sk-some-provider-key"])
def test_openai_without_a_valid_key_gets_401_and_nothing_leaves(
    keyed: tuple[RunningGateway, str], cheap: FakeProvider, key: str
) -> None:
    gw, _ = keyed
    with oai(gw, key) as client, pytest.raises(openai.AuthenticationError) as exc:
        client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
    assert exc.value.status_code == 401
    assert exc.value.body["type"] == "authentication_error"  # type: ignore[index]
    assert cheap.received == []
    rec = last(gw)
    assert rec["outcome"] == "unauthorized" and rec["status"] == 401
    assert rec["client"] == "unknown"
    assert rec["error"] == "unknown_key"
    assert key not in str(gw.gateway.audit.tail(5))


def test_no_key_at_all(keyed: tuple[RunningGateway, str], cheap: FakeProvider) -> None:
    gw, _ = keyed
    with httpx.Client(base_url=gw.url) as http:
        answer = http.post("/v1/chat/completions", json={"model": "auto", "messages": HELLO})
    assert answer.status_code == 401
    assert "Authorization: Bearer" in answer.json()["error"]["message"]
    assert last(gw)["error"] == "missing_key" and cheap.received == []


def test_anthropic_without_a_valid_key_gets_401_in_its_format(
    keyed: tuple[RunningGateway, str], trusted: FakeProvider
) -> None:
    gw, _ = keyed
    with ant(gw, "tg-wrong") as client, pytest.raises(anthropic.AuthenticationError) as exc:
        client.messages.create(model="auto", max_tokens=20, messages=HELLO)  # type: ignore[arg-type]
    assert exc.value.body == {  # type: ignore[comparison-overlap]
        "type": "error",
        "error": {"type": "authentication_error", "message": "the client key is not valid"},
    }
    assert trusted.received == []


def test_a_valid_key_passes_and_names_the_client_in_the_audit(
    keyed: tuple[RunningGateway, str],
) -> None:
    gw, secret = keyed
    with oai(gw, secret) as client:
        client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
    assert last(gw)["client"] == "team-a" and last(gw)["outcome"] == "ok"
    with ant(gw, secret) as client:  # x-api-key
        client.messages.create(model="auto", max_tokens=20, messages=HELLO)  # type: ignore[arg-type]
    assert last(gw)["client"] == "team-a"


def test_revoked_within_the_cache_time_without_restart(
    keyed: tuple[RunningGateway, str], tmp_path: Path
) -> None:
    gw, secret = keyed
    with oai(gw, secret) as client:
        client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
        store = open_key_store(f"sqlite:///{tmp_path / 'audit.db'}")
        store.revoke("team-a")
        store.close()
        time.sleep(0.3)
        with pytest.raises(openai.AuthenticationError, match="revoked"):
            client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
    rec = last(gw)
    assert rec["client"] == "team-a" and rec["error"] == "revoked_key"


def test_revoking_every_key_does_not_open_the_door(
    keyed: tuple[RunningGateway, str], tmp_path: Path
) -> None:
    gw, _ = keyed
    store = open_key_store(f"sqlite:///{tmp_path / 'audit.db'}")
    store.revoke("team-a")
    store.close()
    time.sleep(0.3)
    with oai(gw, "anything") as client, pytest.raises(openai.AuthenticationError):
        client.models.list()


def test_expired_key(keyed: tuple[RunningGateway, str], tmp_path: Path) -> None:
    gw, _ = keyed
    old = make_key(tmp_path, "old", expires=time.time() - 1)
    with oai(gw, old) as client, pytest.raises(openai.AuthenticationError, match="expired"):
        client.models.list()


def test_keys_made_while_serving_take_effect(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    config = make_config(tmp_path, *three_providers(cheap, trusted, local))
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        gw.gateway.gate.ttl = 0.2
        with oai(gw, "anything") as client:  # loopback, no key yet: open
            client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
            assert last(gw)["client"] == "anonymous"
            secret = make_key(tmp_path, "late")
            with oai(gw, secret) as keyed_client:  # a new key works at once
                keyed_client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
            assert last(gw)["client"] == "late"

            def refused() -> bool:
                try:
                    client.models.list()
                except openai.AuthenticationError:
                    return True
                return False

            assert wait_for(refused, timeout=2)  # and from then on, keys are required


def test_health_is_open_models_and_classify_are_not(keyed: tuple[RunningGateway, str]) -> None:
    gw, secret = keyed
    with httpx.Client(base_url=gw.url) as http:
        assert http.get("/healthz").status_code == 200
        assert http.get("/v1/models").status_code == 401
        denied = http.post("/v1/classify", json={"text": "hi"}, headers={"anthropic-version": "1"})
        assert denied.status_code == 401
        assert denied.json()["error"]["type"] == "authentication_error"
        assert last(gw)["endpoint"] == "/v1/classify"
        auth = {"authorization": f"Bearer {secret}"}
        assert http.get("/v1/models", headers=auth).status_code == 200
        assert http.post("/v1/classify", json={"text": "hi"}, headers=auth).status_code == 200


def test_auth_on_requires_a_key_even_with_none_made(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    config = make_config(tmp_path, *three_providers(cheap, trusted, local))
    with (
        run_gateway(config, auth="on") as gw,
        oai(gw, "x") as client,
        pytest.raises(openai.AuthenticationError),
    ):
        client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
    assert cheap.received == []


@pytest.mark.parametrize(
    ("host", "no_auth", "mode"),
    [
        ("127.0.0.1", False, "auto"),
        ("localhost", False, "auto"),
        ("::1", False, "auto"),
        ("0.0.0.0", False, "on"),
        ("10.1.2.3", False, "on"),
        ("gateway.internal", False, "on"),
        ("0.0.0.0", True, "off"),
    ],
)
def test_auth_mode_by_address(host: str, no_auth: bool, mode: str) -> None:
    assert auth_mode(host, no_auth) == mode
    assert is_loopback(host) == (mode == "auto")


def test_serve_on_a_public_address_without_keys_refuses_to_start(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(f"audit: {{url: 'sqlite:///{tmp_path / 'audit.db'}'}}\n", "utf-8")
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "1", "--config", str(config))
    assert result.code == 2
    assert "needs client keys" in result.err and "--no-auth" in result.err
    assert result.err.count("\n") == 1
