"""``tiergate policy check`` and ``tiergate policy explain``, run as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tiergate.cli import main

CLAUDE = {
    "name": "claude",
    "wire": "anthropic",
    "base_url": "https://api.anthropic.com",
    "models": ["claude-sonnet-4-6"],
    "api_key_env": "ANTHROPIC_API_KEY",
    "catalog": "anthropic",
}
OFFICE = {
    "name": "office",
    "base_url": "http://10.0.0.5:8000/v1",
    "models": ["llama"],
    "facts": {"self_hosted": True},
}


@pytest.fixture(autouse=True)
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERGATE_PSEUDONYM_KEY", "dGVzdC1rZXk=")
    monkeypatch.delenv("TIERGATE_CONFIG", raising=False)


def write(tmp_path: Path, *providers: dict[str, Any], **extra: Any) -> str:
    path = tmp_path / "tiergate.yaml"
    path.write_text(yaml.safe_dump({"providers": list(providers), **extra}))
    return str(path)


def check(path: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(["policy", "check", "--config", path, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_a_sound_configuration_has_no_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(write(tmp_path, CLAUDE, OFFICE), capsys)
    assert (code, out["warnings"]) == (0, [])
    assert out["providers"] == {"claude": 2, "office": 3}
    assert main(["policy", "check", "--config", write(tmp_path, CLAUDE, OFFICE)]) == 0
    assert "no warnings" in capsys.readouterr().out


def test_risky_choices_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = "sk-" + "f" * 28 + "9z1x"
    path = write(
        tmp_path,
        {**CLAUDE, "api_key_env": [], "api_keys": [key]},
        {"name": "mystery", "base_url": "http://llm.example.net/v1", "models": ["m"]},
        server={"host": "0.0.0.0"},
    )
    code, out = check(path, capsys)
    found = {(w["code"], w["subject"]) for w in out["warnings"]}
    assert code == 1
    assert found == {
        ("no-tier-3", "providers"),
        ("plain-text-keys", "claude"),
        ("no-facts", "mystery"),
        ("plain-http", "mystery"),
        ("exposed", "server.host"),
    }
    assert key not in json.dumps(out)


def test_tier_2_to_a_provider_that_trains_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("destinations:\n  2: {trains_on_api_data: null, jurisdictions: [CN, US]}\n")
    deepseek = {
        "name": "deepseek",
        "base_url": "https://api.deepseek.com/v1",
        "models": ["deepseek-chat"],
        "api_key_env": "DEEPSEEK_API_KEY",
        "catalog": "deepseek",
    }
    code, out = check(write(tmp_path, deepseek, OFFICE, policy="policy.yaml"), capsys)
    assert code == 1
    assert [(w["code"], w["subject"]) for w in out["warnings"]] == [("tier-2-training", "deepseek")]


def test_invalid_files_are_errors_naming_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, {**CLAUDE, "wire": "grpc"})
    assert main(["policy", "check", "--config", path]) == 2
    err = capsys.readouterr().err
    assert "tiergate.yaml" in err and "providers.0.wire" in err
    policy = tmp_path / "bad-policy.yaml"
    policy.write_text("categories:\n  PII: {tier: 7, action: send}\n")
    assert main(["policy", "check", "--config", write(tmp_path, CLAUDE, policy=policy.name)]) == 2
    err = capsys.readouterr().err
    assert "bad-policy.yaml" in err and "categories.PII.tier" in err


def test_explain_shows_what_happens_to_each_kind_of_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    minimax = {
        "name": "minimax",
        "base_url": "https://api.minimax.io/v1",
        "models": ["MiniMax-M2.5"],
        "catalog": "minimax",
    }
    path = write(tmp_path, minimax, CLAUDE, OFFICE)
    assert main(["policy", "explain", "--config", path, "--json"]) == 0
    rows = {r["data"]: r["providers"] for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows["SECRET"] == {"minimax": "redact", "claude": "redact", "office": "redact"}
    assert rows["PII"] == {"minimax": "not allowed", "claude": "pseudonymise", "office": "send"}
    assert rows["HEALTH"] == {"minimax": "not allowed", "claude": "not allowed", "office": "send"}
    assert rows["MEDICAL_ID"] == {"minimax": "redact", "claude": "redact", "office": "send"}
    assert main(["policy", "explain", "--config", path]) == 0
    table = capsys.readouterr().out
    assert "pseudonymise" in table and "(up to tier 3)" in table
