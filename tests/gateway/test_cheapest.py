"""``routing: {prefer: cheapest}`` with prices in the configuration: among the providers
allowed for the request's tier, the cheapest answers, whatever order they are listed in;
fallback goes on in price order; a provider without prices comes last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openai
import pytest
from gwutil import make_config, serving
from test_openai_sdk import PII_PROMPT

from tiergate.testing import FakeProvider, Reply, provider_config

ABROAD = {"jurisdiction": "CN"}  # tier 1 only
TRUSTED = {"jurisdiction": "US", "trains_on_api_data": False}  # tier 2
PRICEY = {"input": 3.0, "output": 15.0}
MIDDLE = {"input": 1.0, "output": 4.0}
BARGAIN = {"input": 0.27, "output": 1.1}


def ask(client: openai.OpenAI, content: str = "Name three rivers.", model: str = "auto") -> str:
    raw = client.chat.completions.with_raw_response.create(
        model=model, messages=[{"role": "user", "content": content}]
    )
    return raw.headers["x-tiergate-provider"]


@pytest.mark.parametrize("listed", ["pricey-first", "bargain-first"])
def test_the_cheaper_provider_answers_whatever_the_order(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, listed: str
) -> None:
    providers = [
        provider_config(trusted, "pricey", facts=ABROAD, prices=PRICEY),
        provider_config(cheap, "bargain", facts=ABROAD, prices=BARGAIN),
    ]
    if listed == "bargain-first":
        providers.reverse()
    config = make_config(tmp_path, *providers, routing={"prefer": "cheapest"})
    with serving(config) as (_, client):
        assert [ask(client) for _ in range(3)] == ["bargain"] * 3
    assert len(cheap.received) == 3 and trusted.received == []


def test_order_is_the_default(tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider) -> None:
    config = make_config(
        tmp_path,
        provider_config(trusted, "pricey", facts=ABROAD, prices=PRICEY),
        provider_config(cheap, "bargain", facts=ABROAD, prices=BARGAIN),
    )
    with serving(config) as (_, client):
        assert ask(client) == "pricey"


def test_only_providers_allowed_for_the_tier_compete(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    config = make_config(
        tmp_path,
        provider_config(trusted, "pricey-trusted", facts=TRUSTED, prices=PRICEY),
        provider_config(local, "middle-trusted", facts=TRUSTED, prices=MIDDLE),
        provider_config(cheap, "bargain-abroad", facts=ABROAD, prices=BARGAIN),
        routing={"prefer": "cheapest"},
    )
    with serving(config) as (_, client):
        assert ask(client) == "bargain-abroad"
        assert ask(client, PII_PROMPT) == "middle-trusted"  # tier 2: not abroad
    assert len(cheap.received) == 1 and len(local.received) == 1 and trusted.received == []


def test_fallback_goes_on_in_price_order(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    config = make_config(
        tmp_path,
        provider_config(trusted, "pricey", facts=ABROAD, prices=PRICEY),
        provider_config(local, "unpriced", facts=ABROAD),
        provider_config(cheap, "bargain", facts=ABROAD, prices=BARGAIN),
        provider_config(cheap, "middle", facts=ABROAD, prices=MIDDLE),
        routing={"prefer": "cheapest"},
    )
    with serving(config) as (gw, client):
        cheap.script(Reply(status=503), Reply(status=500))  # bargain, then middle
        trusted.script(Reply(status=429))
        assert ask(client) == "unpriced"
        (record,) = gw.gateway.audit.tail(1)
    assert record.attempts == ("bargain:503", "middle:500", "pricey:429", "unpriced:200")


def test_a_model_two_providers_serve_goes_to_the_cheaper(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider
) -> None:
    shared: dict[str, Any] = {"models": ["open-weights-70b"], "facts": ABROAD}
    config = make_config(
        tmp_path,
        provider_config(trusted, "pricey", prices=PRICEY, **shared),
        provider_config(cheap, "bargain", prices=BARGAIN, **shared),
        routing={"prefer": "cheapest"},
    )
    with serving(config) as (_, client):
        assert ask(client, model="open-weights-70b") == "bargain"
    assert cheap.received[0]["model"] == "open-weights-70b"
