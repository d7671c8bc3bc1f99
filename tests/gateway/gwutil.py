"""Shared helpers of the gateway tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import openai

from tiergate.access import open_key_store
from tiergate.config import Config
from tiergate.testing import FakeProvider, RunningGateway, provider_config, run_gateway

KEY = "dGllcmdhdGUtdGVzdC1rZXktMzItYnl0ZXMtbG9uZyE="  # base64 of a fixed test key


def make_config(tmp: Path, *providers: dict[str, Any], **extra: Any) -> Config:
    return Config.model_validate(
        {
            "providers": list(providers),
            "audit": {"url": f"sqlite:///{tmp / 'audit.db'}"},
            **extra,
        }
    )


def three_providers(
    cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> list[dict[str, Any]]:
    return [
        provider_config(
            cheap,
            "cheap",
            api_keys=["sk-cheap-1"],
            facts={"jurisdiction": "CN", "trains_on_api_data": True},
        ),
        provider_config(
            trusted,
            "trusted",
            api_keys=["sk-ant-trusted-1"],
            facts={"jurisdiction": "US", "trains_on_api_data": False},
        ),
        provider_config(local, "local", facts={"self_hosted": True}),
    ]


@contextmanager
def serving(
    config: Config, environ: dict[str, str] | None = None
) -> Iterator[tuple[RunningGateway, openai.OpenAI]]:
    """A running gateway and an OpenAI SDK client pointed at it, both closed afterwards."""
    with (
        run_gateway(config, environ) as gw,
        openai.OpenAI(base_url=gw.openai_base_url, api_key="x", max_retries=0) as client,
    ):
        yield gw, client


def make_key(tmp: Path, name: str, **kw: Any) -> str:
    """A client key in the key store of ``make_config(tmp, …)``; its secret."""
    store = open_key_store(f"sqlite:///{tmp / 'audit.db'}")
    try:
        return store.create(name, **kw)[1]
    finally:
        store.close()
