"""A client that goes away in the middle of a stream: the gateway stops relaying at once,
without waiting for a provider that has stalled, closes the provider's stream, gives the
upstream key back and records the request as closed by the client."""

from __future__ import annotations

import time

import anthropic
import openai
import pytest
from test_openai_sdk import PII_PROMPT

from tiergate.testing import FakeProvider, Reply, RunningGateway, wait_for

STALL = Reply(chunks=10, stall_after=2)  # two pieces of text, then a minute of silence


def outcomes(gateway: RunningGateway) -> list[str]:
    """The outcome of the last record written to the database, once there is one."""
    return [r.outcome for r in gateway.gateway.audit.tail(1)]


def settled(gateway: RunningGateway, provider: FakeProvider, unfinished: int) -> None:
    """Within a few seconds (the provider would stall for a minute): the provider's stream
    was closed, the request audited as closed by the client, no key left in flight."""
    started = time.monotonic()
    assert wait_for(lambda: provider.unfinished == unfinished + 1, timeout=10)
    assert time.monotonic() - started < 10
    assert wait_for(lambda: outcomes(gateway) == ["client_closed"])
    record = gateway.gateway.audit.tail(1)[0]
    assert (record.status, record.error, record.provider) == (499, "client_closed", "trusted")
    (used,) = [p for p in gateway.gateway.providers if p.name == "trusted"]
    assert all(key.in_flight == 0 for key in used.keys.keys)


def test_openai_client_leaves_mid_stream(
    gateway: RunningGateway, oai: openai.OpenAI, trusted: FakeProvider
) -> None:
    trusted.script(STALL)
    unfinished = trusted.unfinished
    stream = oai.chat.completions.create(
        model="auto", stream=True, messages=[{"role": "user", "content": PII_PROMPT}]
    )
    text = ""
    for chunk in stream:
        text += (chunk.choices[0].delta.content or "") if chunk.choices else ""
        if text:
            break
    assert text.startswith("ECHO")  # the first text came through before the provider stalled
    stream.close()
    settled(gateway, trusted, unfinished)


def test_anthropic_client_leaves_mid_stream(
    gateway: RunningGateway, ant: anthropic.Anthropic, trusted: FakeProvider
) -> None:
    trusted.script(STALL)
    unfinished = trusted.unfinished
    with ant.messages.stream(
        model="auto", max_tokens=100, messages=[{"role": "user", "content": PII_PROMPT}]
    ) as stream:
        first = next(iter(stream.text_stream))
    assert first.startswith("ECHO")
    settled(gateway, trusted, unfinished)


@pytest.mark.parametrize("chunks", [1, 3])
def test_a_finished_stream_is_not_taken_for_a_client_leaving(
    gateway: RunningGateway, oai: openai.OpenAI, trusted: FakeProvider, chunks: int
) -> None:
    trusted.script(Reply(chunks=chunks))
    stream = oai.chat.completions.create(
        model="auto", stream=True, messages=[{"role": "user", "content": PII_PROMPT}]
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert wait_for(lambda: outcomes(gateway) == ["ok"])
