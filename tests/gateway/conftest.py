"""Gateway fixtures: fake providers and a running tiergate, all real servers on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import anthropic
import openai
import pytest
from gwutil import KEY, make_config, three_providers

from tiergate.testing import FakeProvider, RunningGateway, run_gateway


@pytest.fixture(scope="session")
def cheap() -> Iterator[FakeProvider]:
    """A low-cost cloud provider abroad: tier 1 only."""
    with FakeProvider("openai", model="cheap-model") as p:
        yield p


@pytest.fixture(scope="session")
def trusted() -> Iterator[FakeProvider]:
    """A trusted-jurisdiction provider that does not train on API data: tier 2."""
    with FakeProvider("anthropic", model="trusted-model") as p:
        yield p


@pytest.fixture(scope="session")
def local() -> Iterator[FakeProvider]:
    """A self-hosted model: tier 3."""
    with FakeProvider("openai", model="local-model") as p:
        yield p


@pytest.fixture(autouse=True)
def _reset(cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider) -> None:
    for p in (cheap, trusted, local):
        p.received.clear()
        p.headers.clear()
        p.replies.clear()
        p.accept_keys = None


@pytest.fixture
def gateway(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> Iterator[RunningGateway]:
    config = make_config(tmp_path, *three_providers(cheap, trusted, local))
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        yield gw


@pytest.fixture
def oai(gateway: RunningGateway) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        base_url=gateway.openai_base_url, api_key="client-key", max_retries=0
    ) as client:
        yield client


@pytest.fixture
def ant(gateway: RunningGateway) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(
        base_url=gateway.anthropic_base_url, api_key="client-key", max_retries=0
    ) as client:
        yield client
