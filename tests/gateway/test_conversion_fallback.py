"""A request that one allowed provider's wire format cannot carry goes to the next allowed
provider; when none can carry it, the client gets a 400 that says why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from gwutil import make_config, serving

from tiergate.testing import FakeProvider, provider_config

AUDIO: list[dict[str, Any]] = [
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "Transcribe this."},
            {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
        ],
    }
]


@pytest.fixture(scope="module")
def anthropic_local() -> Iterator[FakeProvider]:
    with FakeProvider("anthropic", model="ant-local") as p:
        yield p


@pytest.fixture(scope="module")
def openai_local() -> Iterator[FakeProvider]:
    with FakeProvider("openai", model="oai-local") as p:
        yield p


def test_falls_back_past_a_provider_that_cannot_carry_it(
    tmp_path: Path, anthropic_local: FakeProvider, openai_local: FakeProvider
) -> None:
    config = make_config(
        tmp_path,
        provider_config(anthropic_local, "ant-local", facts={"self_hosted": True}),
        provider_config(openai_local, "oai-local", facts={"self_hosted": True}),
    )
    with serving(config) as (gw, client):
        raw = client.chat.completions.with_raw_response.create(
            model="auto",
            messages=AUDIO,  # type: ignore[arg-type]
        )
        assert raw.headers["x-tiergate-provider"] == "oai-local"
        assert anthropic_local.received == []
        assert openai_local.received[-1]["messages"][0]["content"][1]["type"] == "input_audio"
        (record,) = gw.gateway.audit.tail(1)
        assert record.attempts == ("ant-local:unconvertible", "oai-local:200")


def test_no_provider_can_carry_it(tmp_path: Path, anthropic_local: FakeProvider) -> None:
    config = make_config(
        tmp_path, provider_config(anthropic_local, "ant-local", facts={"self_hosted": True})
    )
    with serving(config) as (_, client), pytest.raises(openai.BadRequestError) as exc:
        client.chat.completions.create(model="auto", messages=AUDIO)  # type: ignore[arg-type]
    assert "cannot be sent in Anthropic format" in str(exc.value)
    assert anthropic_local.received == []
