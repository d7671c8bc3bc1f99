"""``tiergate keys create | list | revoke``, run as a user runs them, on SQLite and on
PostgreSQL (whichever database the configuration's ``audit.url`` names)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from keysutil import write_config

from tiergate.access import hash_key, open_key_store

Run = Callable[..., Any]


def test_create_shows_the_key_once_and_list_never(
    run_cli: Callable[..., Any], keys_url: str, tmp_path: Path
) -> None:
    config = str(write_config(tmp_path, keys_url))
    made = run_cli("keys", "create", "--name", "team-a", "--rpm", "60", "--config", config)
    assert made.code == 0, made.err
    secret = made.out.strip()
    assert secret.startswith("tg-") and "\n" not in secret
    assert "team-a" in made.err and secret[-4:] in made.err
    assert secret not in made.err

    listed = run_cli("keys", "list", "--config", config)
    assert listed.code == 0
    out = listed.out
    assert "team-a" in out and "60 req/min" in out and "active" in out
    assert f"tg-…{secret[-4:]}" in out and secret not in out

    store = open_key_store(keys_url)
    try:
        assert store.find(hash_key(secret)) is not None
    finally:
        store.close()


def test_list_json_and_revoke_by_name_and_id(
    run_cli: Callable[..., Any], keys_url: str, tmp_path: Path
) -> None:
    config = str(write_config(tmp_path, keys_url))
    run_cli(
        "keys", "create", "--name", "a", "--tpm", "5000", "--expires", "30d", "--config", config
    )
    run_cli("keys", "create", "--name", "b", "--config", config)
    rows = [
        json.loads(line)
        for line in run_cli("keys", "list", "--json", "--config", config).out.splitlines()
    ]
    assert [(r["name"], r["state"], r["tpm"]) for r in rows] == [
        ("a", "active", 5000),
        ("b", "active", None),
    ]
    assert rows[0]["expires"] > rows[0]["created"] + 29 * 86400
    assert set(rows[0]) >= {"id", "key", "created", "expires", "revoked", "rpm", "policy"}

    by_name = run_cli("keys", "revoke", "a", "--config", config)
    assert by_name.code == 0 and "revoked client key 'a'" in by_name.out
    by_id = run_cli("keys", "revoke", rows[1]["id"], "--config", config)
    assert by_id.code == 0
    rows = [
        json.loads(line)
        for line in run_cli("keys", "list", "--json", "--config", config).out.splitlines()
    ]
    assert [r["state"] for r in rows] == ["revoked", "revoked"]


def test_errors_are_one_line_and_exit_2(
    run_cli: Callable[..., Any], keys_url: str, tmp_path: Path
) -> None:
    config = str(write_config(tmp_path, keys_url))
    bad_policy = tmp_path / "bad.yaml"
    bad_policy.write_text("destinations: {1: {jurisdictions: 7}}\n", "utf-8")
    cases = [
        (("keys", "revoke", "nobody"), "no client key with name 'nobody'"),
        (("keys", "create", "--name", "x", "--expires", "soon"), "--expires"),
        (("keys", "create", "--name", "x", "--expires", "2001-01-01"), "in the past"),
        (("keys", "create", "--name", "x", "--policy", str(bad_policy)), "bad.yaml"),
        (("keys", "create", "--name", "key_x"), "key_"),
    ]
    for args, message in cases:
        result = run_cli(*args, "--config", config)
        assert result.code == 2, args
        assert message in result.err and result.err.count("\n") == 1, result.err
    run_cli("keys", "create", "--name", "dup", "--config", config)
    again = run_cli("keys", "create", "--name", "dup", "--config", config)
    assert again.code == 2 and "exists already" in again.err


def test_config_from_the_environment(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("TIERGATE_CONFIG", str(write_config(tmp_path, url)))
    assert run_cli("keys", "create", "--name", "env-team").code == 0
    store = open_key_store(url)
    try:
        assert [k.name for k in store.list()] == ["env-team"]
    finally:
        store.close()


def test_no_keys_yet(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    config = str(write_config(tmp_path, f"sqlite:///{tmp_path / 'a.db'}"))
    result = run_cli("keys", "list", "--config", config)
    assert result.code == 0 and "No client keys" in result.out


def test_limits_beyond_what_the_database_holds_are_refused(
    run_cli: Callable[..., Any], keys_url: str, tmp_path: Path
) -> None:
    config = str(write_config(tmp_path, keys_url))
    made = run_cli("keys", "create", "--name", "huge", "--tpm", str(2**31), "--config", config)
    assert made.code == 2 and "--tpm" in made.err
    assert (
        run_cli("keys", "create", "--name", "max", "--tpm", str(2**31 - 1), "--config", config).code
        == 0
    )
