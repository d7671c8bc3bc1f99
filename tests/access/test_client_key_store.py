"""The client-key store, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import threading
import time

import pytest

from tiergate.access import hash_key, open_key_store
from tiergate.access.keys import parse_expires
from tiergate.errors import BackendError, InputError


def test_create_find_list_revoke(keys_url: str) -> None:
    store = open_key_store(keys_url)
    try:
        assert store.list() == [] and not store.any_active()
        key, secret = store.create("team-a", rpm=5, tpm=1000, policy_name="p.yaml", policy="x: 1")
        assert secret.startswith("tg-") and len(secret) == 46
        assert key.key_hash == hash_key(secret) and key.last4 == secret[-4:]
        assert store.find(hash_key(secret)) == key
        assert store.find(hash_key(secret + "x")) is None
        assert store.any_active()
        other, _ = store.create("team-b")
        assert [k.name for k in store.list()] == ["team-a", "team-b"]
        revoked = store.revoke("team-a")
        assert revoked.state() == "revoked"
        assert store.find(hash_key(secret)) == revoked
        assert store.revoke(other.id).state() == "revoked"
        assert not store.any_active()
        again, _ = store.create("team-a")  # a revoked key's name is free again
        assert again.id != key.id
    finally:
        store.close()


@pytest.mark.parametrize(
    ("name", "problem"),
    [("", "--name"), ("key_abc", "key_"), ("has space", "--name"), ("x" * 65, "--name")],
)
def test_bad_names(keys_url: str, name: str, problem: str) -> None:
    store = open_key_store(keys_url)
    try:
        with pytest.raises(InputError, match=problem):
            store.create(name)
    finally:
        store.close()


def test_names_are_unique_until_revoked_and_revoke_says_why(keys_url: str) -> None:
    store = open_key_store(keys_url)
    try:
        store.create("team-a")
        with pytest.raises(InputError, match="exists already"):
            store.create("team-a")
        with pytest.raises(InputError, match="no client key with name"):
            store.revoke("team-z")
        with pytest.raises(InputError, match="no client key with id"):
            store.revoke("key_000000000000")
        store.revoke("team-a")
        with pytest.raises(InputError, match="revoked already"):
            store.revoke("team-a")
    finally:
        store.close()


def test_expired_keys_are_not_active(keys_url: str) -> None:
    store = open_key_store(keys_url)
    try:
        key, _ = store.create("old", expires=time.time() - 1)
        assert key.state() == "expired" and not store.any_active()
        store.create("new", expires=time.time() + 60)
        assert store.any_active()
    finally:
        store.close()


def test_the_migration_is_named_and_applied_once_by_concurrent_openers(keys_url: str) -> None:
    errors: list[BaseException] = []

    def open_and_close() -> None:
        try:
            open_key_store(keys_url).close()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_and_close) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = open_key_store(keys_url)
    try:
        rows = store._rows("SELECT name FROM access_migrations")
        assert rows == [("m001_client_keys",)]
    finally:
        store.close()


def test_the_key_itself_is_never_stored(keys_url: str) -> None:
    store = open_key_store(keys_url)
    try:
        _, secret = store.create("team-a")
        dump = repr(store._rows("SELECT * FROM client_keys"))
        assert secret not in dump and secret[3:20] not in dump
    finally:
        store.close()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("30d", 30 * 86400), ("12h", 12 * 3600), ("2w", 14 * 86400), ("90m", 5400)],
)
def test_expires_durations(value: str, seconds: int) -> None:
    assert parse_expires(value, now=1000.0) == 1000.0 + seconds


def test_expires_dates() -> None:
    assert parse_expires("2100-01-01", now=0) == 4102444800.0  # 00:00 UTC
    assert parse_expires("2100-01-01T01:00+01:00", now=0) == 4102444800.0
    for bad in ("2000-01-01", "0d", "soon", "30x"):
        with pytest.raises(InputError, match="--expires"):
            parse_expires(bad)


def test_postgres_unreachable_is_a_clear_error() -> None:
    with pytest.raises(BackendError, match="cannot reach") as exc:
        open_key_store("postgresql://postgres:s3cret-pw@127.0.0.1:1/test")
    assert "s3cret-pw" not in str(exc.value)
