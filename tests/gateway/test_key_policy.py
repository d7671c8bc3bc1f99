"""A client key with its own policy: a team whose data may never leave the EU (tier 1
included) is routed only where it may go, or refused, while another key is not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from gwutil import KEY, make_config, three_providers

from tiergate.testing import FakeProvider, RunningGateway, provider_config, run_gateway

EU_ONLY = """
destinations:
  1: {jurisdictions: [DE, EU]}
  2: {jurisdictions: [DE, EU]}
"""
HELLO = [{"role": "user", "content": "Summarise the history of the printing press."}]


@pytest.fixture
def eu() -> Iterator[FakeProvider]:
    with FakeProvider("openai", model="eu-model") as p:
        yield p


@pytest.fixture
def served(
    tmp_path: Path,
    cheap: FakeProvider,
    trusted: FakeProvider,
    local: FakeProvider,
    eu: FakeProvider,
    run_cli: Any,
) -> Iterator[tuple[RunningGateway, str, str]]:
    policy = tmp_path / "eu-only.yaml"
    policy.write_text(EU_ONLY, "utf-8")
    config_file = tmp_path / "tiergate.yaml"
    config_file.write_text(f"audit: {{url: 'sqlite:///{tmp_path / 'audit.db'}'}}\n", "utf-8")
    made = run_cli(
        "keys", "create", "--name", "eu-team", "--policy", str(policy), "--config", str(config_file)
    )
    assert made.code == 0, made.err
    anyone = run_cli("keys", "create", "--name", "anyone", "--config", str(config_file))
    providers = [
        *three_providers(cheap, trusted, local)[:2],
        provider_config(eu, "eu", facts={"jurisdiction": "FR", "trains_on_api_data": False}),
        three_providers(cheap, trusted, local)[2],
    ]
    config = make_config(tmp_path, *providers)
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        yield gw, made.out.strip(), anyone.out.strip()


def ask(gw: RunningGateway, key: str, model: str = "auto") -> str:
    with openai.OpenAI(base_url=gw.openai_base_url, api_key=key, max_retries=0) as client:
        raw = client.chat.completions.with_raw_response.create(model=model, messages=HELLO)  # type: ignore[arg-type]
        return raw.headers["x-tiergate-provider"]


def test_each_key_routes_under_its_own_policy(
    served: tuple[RunningGateway, str, str], cheap: FakeProvider, eu: FakeProvider
) -> None:
    gw, eu_key, anyone = served
    assert ask(gw, anyone) == "cheap"  # the gateway's policy: tier 1 goes anywhere
    assert ask(gw, eu_key) == "eu"  # never abroad, even tier 1
    assert len(cheap.received) == 1 and len(eu.received) == 1
    with pytest.raises(openai.PermissionDeniedError, match="may not go to model 'cheap-model'"):
        ask(gw, eu_key, model="cheap-model")
    assert len(cheap.received) == 1
    rec = gw.gateway.audit.tail(1)[0]
    assert (rec.client, rec.outcome) == ("eu-team", "refused")
    assert ask(gw, anyone, model="cheap-model") == "cheap"


def test_the_engine_of_a_policy_is_built_once(served: tuple[RunningGateway, str, str]) -> None:
    gw, eu_key, _ = served
    ask(gw, eu_key)
    ask(gw, eu_key)
    assert len(gw.gateway.engines._engines) == 1
