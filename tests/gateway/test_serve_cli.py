"""``tiergate serve`` as a user runs it: a real process, a configuration file (``--config`` or
``TIERGATE_CONFIG``) or discovery from the environment, a start-up message that says which
tiers can be served, an OpenAI SDK request through it, and a clean stop on SIGTERM."""

from __future__ import annotations

import re
import secrets
import signal
from pathlib import Path

import httpx
import openai
import pytest
from served import FakeOllama, clean_env, serving_process, write_config
from test_openai_sdk import PATIENT, PII_PROMPT

from tiergate.testing import FakeProvider, provider_config


def tier_line(stderr: str, tier: int) -> str:
    (line,) = [ln for ln in stderr.splitlines() if re.match(rf"\s*tier {tier}\b", ln)]
    return line


def cloud_only(tmp_path: Path, cheap: FakeProvider) -> Path:
    """A configuration with one low-cost provider abroad: tier 1 only."""
    return write_config(
        tmp_path / "gateway.yaml",
        provider_config(cheap, "cheap", api_keys=["sk-cheap-1"], facts={"jurisdiction": "CN"}),
    )


def test_serve_with_a_config_file(tmp_path: Path, cheap: FakeProvider) -> None:
    config = cloud_only(tmp_path, cheap)
    with serving_process(tmp_path, clean_env(tmp_path), "--config", str(config)) as served:
        err = served.stderr()
        assert "cheap (openai, CN, 1 key(s)): cheap-model" in err
        assert tier_line(err, 1).endswith("→ cheap")
        for tier in (2, 3):
            assert "none" in tier_line(err, tier) and "refused" in tier_line(err, tier)
        assert f"listening on http://127.0.0.1:{served.port}" in err
        assert "sk-cheap-1" not in err

        with openai.OpenAI(base_url=served.openai_base_url, api_key="x", max_retries=0) as oai:
            raw = oai.chat.completions.with_raw_response.create(
                model="auto", messages=[{"role": "user", "content": "Name three rivers."}]
            )
            assert raw.parse().choices[0].message.content == "ECHO: Name three rivers."
            assert raw.headers["x-tiergate-provider"] == "cheap"
            with pytest.raises(openai.PermissionDeniedError, match="tier 2"):
                oai.chat.completions.create(
                    model="auto", messages=[{"role": "user", "content": PII_PROMPT}]
                )
        assert len(cheap.received) == 1
        assert cheap.headers[0]["authorization"] == "Bearer sk-cheap-1"

        code = served.stop(signal.SIGTERM)
    # uvicorn shuts down gracefully, then re-raises the signal: killed by SIGTERM, or 0
    assert code in (0, -signal.SIGTERM)
    assert "Traceback" not in served.stderr()
    # the lifespan ran: the audit database was closed, so SQLite removed its write-ahead log
    assert (tmp_path / "audit.db").exists()
    assert not (tmp_path / "audit.db-wal").exists()


def test_serve_reads_tiergate_config(tmp_path: Path, cheap: FakeProvider) -> None:
    config = cloud_only(tmp_path, cheap)
    env = clean_env(tmp_path, TIERGATE_CONFIG=str(config))
    with serving_process(tmp_path, env) as served:
        assert "cheap (openai, CN, 1 key(s))" in served.stderr()
        health = httpx.get(f"{served.url}/healthz").json()
    assert health["providers"] == ["cheap"]
    assert health["tiers"] == {"1": ["cheap"], "2": [], "3": []}


def test_config_option_wins_over_tiergate_config(tmp_path: Path, cheap: FakeProvider) -> None:
    config = cloud_only(tmp_path, cheap)
    env = clean_env(tmp_path, TIERGATE_CONFIG=str(tmp_path / "missing.yaml"))
    with serving_process(tmp_path, env, "--config", str(config)) as served:
        assert httpx.get(f"{served.url}/healthz").json()["providers"] == ["cheap"]


def test_discovery_from_api_key_variables(tmp_path: Path) -> None:
    """No configuration: providers come from the usual key variables. Their base URLs are
    the real APIs, so nothing is sent to them; a tier-3 request is refused before any call.
    The Ollama probe is switched off: the local Ollama is not asked."""
    openai_key = "sk-test-" + secrets.token_hex(16)
    anthropic_key = "sk-ant-test-" + secrets.token_hex(16)
    with FakeOllama() as ollama:
        env = clean_env(
            tmp_path,
            OPENAI_API_KEY=openai_key,
            ANTHROPIC_API_KEY=anthropic_key,
            MINIMAX_API_KEY="   ",  # blank: not a key
            OLLAMA_HOST=ollama.host,
            TIERGATE_DISCOVER_OLLAMA="0",
        )
        check_cloud_discovery(tmp_path, env, openai_key, anthropic_key)
    assert ollama.tag_requests == 0 and ollama.received == []


def check_cloud_discovery(
    tmp_path: Path, env: dict[str, str], openai_key: str, anthropic_key: str
) -> None:
    with serving_process(tmp_path, env) as served:
        err = served.stderr()
        assert "openai (openai, US, 1 key(s)): gpt-5-nano" in err
        assert "anthropic (anthropic, US, 1 key(s)): claude-sonnet-4-6" in err
        assert "minimax" not in err and "ollama" not in err
        assert tier_line(err, 2).endswith("→ openai, anthropic")
        assert "none" in tier_line(err, 3) and "refused" in tier_line(err, 3)
        assert openai_key not in err and anthropic_key not in err
        health = httpx.get(f"{served.url}/healthz").json()
        assert health["providers"] == ["openai", "anthropic"]
        assert health["tiers"]["3"] == []
        with (
            openai.OpenAI(base_url=served.openai_base_url, api_key="x", max_retries=0) as oai,
            pytest.raises(openai.PermissionDeniedError, match="none is configured"),
        ):
            oai.chat.completions.create(
                model="auto", messages=[{"role": "user", "content": PATIENT}]
            )


def test_discovery_finds_a_local_ollama(tmp_path: Path) -> None:
    with FakeOllama() as ollama:
        env = clean_env(tmp_path, OLLAMA_HOST=ollama.host)
        del env["TIERGATE_DISCOVER_OLLAMA"]  # the default: probe
        with serving_process(tmp_path, env) as served:
            err = served.stderr()
            assert "ollama (openai, self-hosted, no key): llama3.2:3b, qwen3:8b" in err
            assert tier_line(err, 3).endswith("→ ollama")
            with openai.OpenAI(base_url=served.openai_base_url, api_key="x", max_retries=0) as oai:
                raw = oai.chat.completions.with_raw_response.create(
                    model="auto", messages=[{"role": "user", "content": PATIENT}]
                )
    assert ollama.tag_requests >= 1
    assert raw.headers["x-tiergate-provider"] == "ollama"
    assert raw.parse().choices[0].message.content == "ECHO: " + PATIENT
    (body,) = ollama.received
    assert body["model"] == "llama3.2:3b"
    assert body["messages"][-1]["content"] == PATIENT  # self-hosted: the data as it is
