"""Two `tiergate serve` processes behind one PostgreSQL (audit, client keys) and one Redis
(rate limits, key cool-downs), as a load balancer would use them: a conversation that moves
between replicas keeps its placeholders, one key's limit holds across both, and the audit
written by both verifies as one chain."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import openai
import pytest
import yaml
from gwutil import KEY
from served import Served, clean_env, serving_process, tiergate

from audit_db import database
from state.stateutil import unique_prefix
from tiergate.testing import FakeProvider, last_user_text, provider_config

EMAIL = "quentin.zylberstein@acme-robotics.io"
PLACEHOLDER = re.compile(r"\[EMAIL_[0-9a-f]{6,16}\]")
RPM = 6


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    yield from unique_prefix()


@pytest.fixture
def cluster(
    tmp_path: Path, trusted: FakeProvider, redis_prefix: str
) -> Iterator[tuple[Served, Served, str, dict[str, str]]]:
    with database("postgres", tmp_path) as db, ExitStack() as stack:
        config = tmp_path / "tiergate.yaml"
        provider = provider_config(
            trusted,
            "trusted",
            api_keys=["sk-ant-replica-test-0001"],
            facts={"jurisdiction": "US", "trains_on_api_data": False},
        )
        config.write_text(
            yaml.safe_dump(
                {
                    "providers": [provider],
                    "audit": {"url": db.url},
                    "state": {"url": "redis://127.0.0.1:6379/0", "prefix": redis_prefix},
                }
            )
        )
        env = clean_env(tmp_path, TIERGATE_PSEUDONYM_KEY=KEY, TIERGATE_CONFIG=str(config))
        created = subprocess.run(
            tiergate("keys", "create", "--name", "team-a", "--rpm", str(RPM)),
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        secret = created.stdout.strip().splitlines()[-1].strip()
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
        a = stack.enter_context(serving_process(tmp_path / "a", env))
        b = stack.enter_context(serving_process(tmp_path / "b", env))
        yield a, b, secret, env


def client(replica: Served, secret: str) -> openai.OpenAI:
    return openai.OpenAI(base_url=replica.openai_base_url, api_key=secret, max_retries=0)


def test_two_replicas_share_placeholders_limits_and_one_audit_chain(
    cluster: tuple[Served, Served, str, dict[str, str]], trusted: FakeProvider
) -> None:
    a, b, secret, env = cluster
    turn1 = [{"role": "user", "content": f"Draft a short reply to {EMAIL} about the refund."}]
    with client(a, secret) as ca, client(b, secret) as cb:
        first = ca.chat.completions.create(model="auto", messages=turn1)  # type: ignore[arg-type]
        answer1 = first.choices[0].message.content or ""
        assert EMAIL in answer1  # restored by replica A
        sent1 = last_user_text(trusted.received[-1])
        (placeholder,) = set(PLACEHOLDER.findall(sent1))

        turn2 = [
            *turn1,
            {"role": "assistant", "content": answer1},
            {"role": "user", "content": f"Now add {EMAIL} to the CC line."},
        ]
        second = cb.chat.completions.create(model="auto", messages=turn2)  # type: ignore[arg-type]
        assert second.choices[0].message.content == f"ECHO: Now add {EMAIL} to the CC line."
        sent2 = str(trusted.received[-1])
        assert EMAIL not in sent2
        assert set(PLACEHOLDER.findall(sent2)) == {placeholder}  # replica B, same placeholder
        assert sent2.count(placeholder) == 3  # both user turns and A's answer

        # RPM requests per minute for the key, counted across both replicas
        for i in range(RPM - 2):
            (ca if i % 2 else cb).chat.completions.create(
                model="auto", messages=[{"role": "user", "content": f"ping {i}"}]
            )
        for replica in (ca, cb):
            with pytest.raises(openai.RateLimitError) as exc:
                replica.chat.completions.create(
                    model="auto", messages=[{"role": "user", "content": "one too many"}]
                )
            assert int(exc.value.response.headers["retry-after"]) >= 1
    assert len(trusted.received) == RPM

    a.stop()
    b.stop()
    verified = subprocess.run(
        tiergate("audit", "verify"),
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert re.search(rf"\b{RPM + 2} records\b", verified.stdout), verified.stdout
