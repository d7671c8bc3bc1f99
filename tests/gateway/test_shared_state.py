"""Rate limits in Redis: two gateways sharing one Redis enforce one limit together; Redis
unreachable at start stops ``serve``; Redis lost while serving refuses (503, in the
client's format, audited) what needs it, and serves what does not."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anthropic
import openai
import pytest
from gwutil import KEY, make_config, make_key, three_providers
from tcpproxy import TcpProxy

from state.stateutil import redis_reachable, unique_prefix
from tiergate.testing import FakeProvider, RunningGateway, run_gateway

HELLO = [{"role": "user", "content": "hello"}]


@pytest.fixture
def prefix() -> Iterator[str]:
    yield from unique_prefix()


def ask(gw: RunningGateway, key: str) -> None:
    with openai.OpenAI(base_url=gw.openai_base_url, api_key=key, max_retries=0) as client:
        client.chat.completions.create(model="auto", messages=HELLO)  # type: ignore[arg-type]


def test_two_gateways_share_one_limit(
    tmp_path: Path, prefix: str, cheap: FakeProvider, trusted: FakeProvider, local: FakeProvider
) -> None:
    secret = make_key(tmp_path, "team-a", rpm=3)
    state = {"url": "redis://127.0.0.1:6379/0", "prefix": prefix}
    config = make_config(tmp_path, *three_providers(cheap, trusted, local), state=state)
    env = {"TIERGATE_PSEUDONYM_KEY": KEY}
    with run_gateway(config, env) as a, run_gateway(config, env) as b:
        ask(a, secret)
        ask(b, secret)
        ask(a, secret)
        for gw in (b, a):
            with pytest.raises(openai.RateLimitError):
                ask(gw, secret)
    assert len(cheap.received) == 3


def test_serve_stops_when_redis_is_unreachable(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        f"audit: {{url: 'sqlite:///{tmp_path / 'audit.db'}'}}\n"
        "state: {url: 'redis://:hunter2-redis@127.0.0.1:1/0'}\n",
        "utf-8",
    )
    result = run_cli("serve", "--port", "1", "--config", str(config))
    assert result.code == 2
    assert "shared state at redis://:***@127.0.0.1:1/0" in result.err
    assert "hunter2" not in result.err and result.err.count("\n") == 1


@pytest.fixture
def redis_proxy() -> Iterator[TcpProxy]:
    if not redis_reachable():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379 (CI starts it)")
    p = TcpProxy(("127.0.0.1", 6379))
    p.start()
    yield p
    p.stop()


def test_redis_lost_while_serving_fails_closed(
    tmp_path: Path,
    prefix: str,
    redis_proxy: TcpProxy,
    cheap: FakeProvider,
    trusted: FakeProvider,
    local: FakeProvider,
) -> None:
    limited = make_key(tmp_path, "limited", rpm=100)
    unlimited = make_key(tmp_path, "unlimited")
    state = {"url": f"redis://127.0.0.1:{redis_proxy.port}/0", "prefix": prefix}
    config = make_config(tmp_path, *three_providers(cheap, trusted, local), state=state)
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        ask(gw, limited)
        redis_proxy.stop()
        with pytest.raises(openai.APIStatusError) as exc:
            ask(gw, limited)
        assert exc.value.status_code == 503
        assert exc.value.body["code"] == "state_unavailable"  # type: ignore[index]
        with (
            anthropic.Anthropic(
                base_url=gw.anthropic_base_url, api_key=limited, max_retries=0
            ) as client,
            pytest.raises(anthropic.APIStatusError) as ant,
        ):
            client.messages.create(model="auto", max_tokens=5, messages=HELLO)  # type: ignore[arg-type]
        assert ant.value.status_code == 503
        assert ant.value.body["error"]["type"] == "overloaded_error"  # type: ignore[index]
        rec = gw.gateway.audit.tail(1)[0]
        assert (rec.client, rec.outcome, rec.status) == ("limited", "backend_unavailable", 503)
        assert len(cheap.received) == 1
        ask(gw, unlimited)  # a key without limits does not need the shared state
        assert len(cheap.received) == 2
