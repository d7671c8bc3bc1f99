"""Routing rules through the SDKs: refusals, re-routing, fallback, key rotation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import anthropic
import openai
import pytest
from gwutil import KEY, make_config, serving, three_providers
from test_openai_sdk import EMAIL, PATIENT, PII_PROMPT

from tiergate.testing import FakeProvider, Reply, provider_config


def test_explicit_model_not_allowed_is_refused_in_openai_format(
    oai: openai.OpenAI, cheap: FakeProvider
) -> None:
    with pytest.raises(openai.PermissionDeniedError) as exc:
        oai.chat.completions.create(
            model="cheap-model", messages=[{"role": "user", "content": PII_PROMPT}]
        )
    message = str(exc.value)
    assert "PII" in message and "trusted" in message and "local" in message
    assert EMAIL not in message
    assert exc.value.response.headers["x-tiergate-tier"] == "2"
    assert cheap.received == []


def test_explicit_model_not_allowed_is_refused_in_anthropic_format(
    ant: anthropic.Anthropic, cheap: FakeProvider
) -> None:
    with pytest.raises(anthropic.PermissionDeniedError) as exc:
        ant.messages.create(
            model="cheap-model", max_tokens=50, messages=[{"role": "user", "content": PATIENT}]
        )
    assert exc.value.body["error"]["type"] == "permission_error"
    assert "HEALTH" in str(exc.value) and "John Smith" not in str(exc.value)
    assert cheap.received == []


def test_explicit_allowed_model_is_honoured(oai: openai.OpenAI, local: FakeProvider) -> None:
    oai.chat.completions.create(
        model="local-model", messages=[{"role": "user", "content": "hello"}]
    )
    assert local.received[0]["model"] == "local-model"


def test_unknown_model(oai: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="unknown model"):
        oai.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "hi"}])


@pytest.fixture
def rerouting(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> Iterator[openai.OpenAI]:
    config = make_config(
        tmp_path,
        *three_providers(cheap, trusted, local),
        routing={"on_disallowed_model": "reroute"},
    )
    with serving(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as (_, client):
        yield client


def test_policy_switch_reroutes_instead(
    rerouting: openai.OpenAI, cheap: FakeProvider, trusted: FakeProvider
) -> None:
    raw = rerouting.chat.completions.with_raw_response.create(
        model="cheap-model", messages=[{"role": "user", "content": PII_PROMPT}]
    )
    assert raw.headers["x-tiergate-provider"] == "trusted"
    assert cheap.received == []


@pytest.mark.parametrize(
    "failure", [Reply(status=429, retry_after="1"), Reply(status=500), Reply(status=503)]
)
def test_fallback_goes_to_the_next_allowed_provider(
    oai: openai.OpenAI, cheap: FakeProvider, trusted: FakeProvider, failure: Reply
) -> None:
    cheap.script(failure)
    raw = oai.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": "Name three rivers."}]
    )
    assert raw.headers["x-tiergate-provider"] == "trusted"
    assert len(cheap.received) == 1 and len(trusted.received) == 1


def test_tier_3_never_falls_back_to_a_cloud_provider(
    oai: openai.OpenAI, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    local.script(Reply(status=500))
    with pytest.raises(openai.APIStatusError) as exc:
        oai.chat.completions.create(model="auto", messages=[{"role": "user", "content": PATIENT}])
    assert exc.value.status_code == 502
    assert "local:500" in str(exc.value)
    assert cheap.received == [] and trusted.received == []


def test_no_allowed_provider_refuses(tmp_path: Path, cheap: FakeProvider) -> None:
    config = make_config(tmp_path, provider_config(cheap, "cheap", facts={"jurisdiction": "CN"}))
    with (
        serving(config) as (_, client),
        pytest.raises(openai.PermissionDeniedError, match="none is configured"),
    ):
        client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": PATIENT}]
        )
    assert cheap.received == []


def test_keys_rotate_and_cool_down(tmp_path: Path, cheap: FakeProvider) -> None:
    config = make_config(
        tmp_path,
        provider_config(
            cheap, "cheap", api_keys=["sk-one-0001", "sk-two-0002"], facts={"jurisdiction": "CN"}
        ),
    )
    with serving(config) as (gw, client):
        cheap.script(Reply(status=429, retry_after="120"))
        for _ in range(3):
            client.chat.completions.create(
                model="auto", messages=[{"role": "user", "content": "hi"}]
            )
        used = [h["authorization"] for h in cheap.headers]
        # first key rate-limited, retried at once with the second; the first rests 120 s
        assert used == [
            "Bearer sk-one-0001",
            "Bearer sk-two-0002",
            "Bearer sk-two-0002",
            "Bearer sk-two-0002",
        ]
        (provider,) = gw.gateway.providers
        states = {k.masked: (k.last_status, k.uses) for k in provider.keys.keys}
        assert states["…0001"] == (429, 1)
        assert provider.keys.cooling() == 1


def test_timeouts_fall_back(tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider) -> None:
    config = make_config(
        tmp_path,
        provider_config(cheap, "cheap", timeout=0.3, facts={"jurisdiction": "CN"}),
        provider_config(
            trusted, "trusted", facts={"jurisdiction": "US", "trains_on_api_data": False}
        ),
    )
    with serving(config) as (gw, client):
        cheap.script(Reply(delay=1.0))
        raw = client.chat.completions.with_raw_response.create(
            model="auto", messages=[{"role": "user", "content": "hi"}]
        )
        assert raw.headers["x-tiergate-provider"] == "trusted"
        records = gw.gateway.audit.tail(1)
        assert records[0].attempts == ("cheap:timeout", "trusted:200")
        assert json.loads(raw.text)["choices"][0]["message"]["content"] == "ECHO: hi"


def test_policy_can_minimise_for_self_hosted_models_too(
    tmp_path: Path, local: FakeProvider
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("minimise_self_hosted: true\n")
    config = make_config(
        tmp_path, provider_config(local, "local", facts={"self_hosted": True}), policy=policy
    )
    with serving(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as (_, client):
        answer = client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": PATIENT}]
        )
    sent = local.received[0]["messages"][0]["content"]
    assert "John Smith" not in sent and "[PERSON_" in sent
    assert answer.choices[0].message.content == "ECHO: " + PATIENT
