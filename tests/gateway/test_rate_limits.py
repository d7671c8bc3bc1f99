"""Rate limits per client key, through both SDKs: 429 with ``Retry-After`` in the client's
format, audited, nothing forwarded; and the token estimate they count."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest
from gwutil import KEY, make_config, make_key, three_providers

from tiergate.access.limits import DEFAULT_OUTPUT_ESTIMATE, estimate_tokens
from tiergate.testing import FakeProvider, RunningGateway, run_gateway

HELLO = [{"role": "user", "content": "hello"}]


@pytest.fixture
def served(
    tmp_path: Path, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> Iterator[RunningGateway]:
    config = make_config(tmp_path, *three_providers(cheap, trusted, local))
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        yield gw


def test_requests_per_minute_openai(
    served: RunningGateway, tmp_path: Path, cheap: FakeProvider
) -> None:
    secret = make_key(tmp_path, "team-a", rpm=2)
    other = make_key(tmp_path, "team-b", rpm=2)
    with openai.OpenAI(base_url=served.openai_base_url, api_key=secret, max_retries=0) as c:
        for _ in range(2):
            c.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
        with pytest.raises(openai.RateLimitError) as exc:
            c.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]
    assert len(cheap.received) == 2
    retry = exc.value.response.headers["retry-after"]
    assert retry.isdigit() and 1 <= int(retry) <= 120  # a sliding window: up to 2 windows
    assert exc.value.body["code"] == "rate_limited"  # type: ignore[index]
    assert "team-a" in exc.value.message and "2 requests per minute" in exc.value.message
    rec = served.gateway.audit.tail(1)[0]
    assert (rec.outcome, rec.status, rec.client) == ("rate_limited", 429, "team-a")
    # another key has its own budget
    with openai.OpenAI(base_url=served.openai_base_url, api_key=other, max_retries=0) as c:
        c.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]


def test_tokens_per_minute_anthropic(served: RunningGateway, tmp_path: Path) -> None:
    secret = make_key(tmp_path, "team-t", tpm=100)
    text = "x" * 160  # 40 tokens; with max_tokens=50: 90
    with anthropic.Anthropic(
        base_url=served.anthropic_base_url, api_key=secret, max_retries=0
    ) as c:
        msgs = [{"role": "user", "content": text}]
        c.messages.create(model="auto", max_tokens=50, messages=msgs)  # type: ignore[arg-type]
        with pytest.raises(anthropic.RateLimitError) as exc:
            c.messages.create(model="auto", max_tokens=50, messages=msgs)  # type: ignore[arg-type]
        assert exc.value.body["error"]["type"] == "rate_limit_error"  # type: ignore[index]
        assert "100 tokens per minute" in str(exc.value)
        assert int(exc.value.response.headers["retry-after"]) >= 1
        with pytest.raises(anthropic.RateLimitError, match="alone"):  # can never fit
            c.messages.create(model="auto", max_tokens=500, messages=msgs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "tokens"),
    [
        (
            {"model": "m", "messages": [{"role": "user", "content": "abcd" * 10}], "max_tokens": 5},
            15,
        ),
        (
            {"model": "m", "messages": [{"role": "user", "content": "abc"}]},
            1 + DEFAULT_OUTPUT_ESTIMATE,
        ),
        (
            {
                "model": "a-very-long-model-name",
                "system": "12345678",
                "messages": [{"role": "user", "content": [{"type": "text", "text": "1234"}]}],
                "max_completion_tokens": 7,
            },
            3 + 7,
        ),
    ],
)
def test_token_estimate(body: dict[str, Any], tokens: int) -> None:
    assert estimate_tokens(body) == tokens
