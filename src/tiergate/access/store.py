"""Where client keys are kept: the database the configuration's ``audit.url`` names (a
SQLite file by default, PostgreSQL when configured), in a table of their own.

The store is synchronous and safe to share between threads; the gateway calls it off the
event loop and caches what it reads (see :mod:`tiergate.access.gate`).
"""

from __future__ import annotations

import dataclasses
import hmac
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from tiergate.access.keys import ClientKey, hash_key, new_id, new_key
from tiergate.access.migrations import LEDGER, MIGRATIONS
from tiergate.errors import InputError

T = TypeVar("T")

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
COLUMNS = (
    "id", "name", "key_hash", "last4", "created", "expires", "revoked", "rpm", "tpm",
    "policy_name", "policy",
)  # fmt: skip
SELECT = f"SELECT {', '.join(COLUMNS)} FROM client_keys"


class Duplicate(Exception):
    """The database refused a row because its unique name or hash exists already."""


class KeyStore(ABC):
    """Client keys in one SQL database. Subclasses connect and run statements (with ``?``
    placeholders); everything else is here, once for both databases."""

    url: str

    @abstractmethod
    def _run(self, fn: Callable[[Any], T]) -> T:
        """Call ``fn`` with a cursor-like object (``execute(sql, params)`` returning rows),
        translating database errors to :class:`~tiergate.errors.KeyStoreError` and unique
        violations to :class:`Duplicate`."""

    @abstractmethod
    def close(self) -> None: ...

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._run(lambda c: list(c.execute(sql, params).fetchall()))

    def create(
        self,
        name: str,
        *,
        expires: float | None = None,
        rpm: int | None = None,
        tpm: int | None = None,
        policy_name: str | None = None,
        policy: str | None = None,
    ) -> tuple[ClientKey, str]:
        """A new key named ``name``; returns it and the key itself (to be shown once)."""
        if not NAME.match(name) or name.startswith("key_"):
            raise InputError(
                f"--name {name!r}: use 1-64 letters, digits and . _ @ - (not starting with "
                "'key_', which key ids use)"
            )
        for limit, label in ((rpm, "--rpm"), (tpm, "--tpm")):
            if limit is not None and limit < 1:
                raise InputError(f"{label} must be at least 1")
        secret = new_key()
        key = ClientKey(
            id=new_id(),
            name=name,
            key_hash=hash_key(secret),
            last4=secret[-4:],
            created=time.time(),
            expires=expires,
            rpm=rpm,
            tpm=tpm,
            policy_name=policy_name,
            policy=policy,
        )
        row = tuple(getattr(key, c) for c in COLUMNS)
        insert = (
            f"INSERT INTO client_keys ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in COLUMNS)})"
        )
        try:
            self._run(lambda c: c.execute(insert, row))
        except Duplicate:
            raise InputError(
                f"a key named {name!r} exists already; revoke it first "
                "(tiergate keys revoke NAME) or choose another name"
            ) from None
        return key, secret

    def list(self) -> list[ClientKey]:
        """Every key, revoked and expired ones too, oldest first."""
        return [ClientKey(*r) for r in self._rows(f"{SELECT} ORDER BY created, id")]

    def find(self, key_hash: str) -> ClientKey | None:
        """The key whose hash is ``key_hash``, whatever its state."""
        rows = self._rows(f"{SELECT} WHERE key_hash = ?", (key_hash,))
        if rows and hmac.compare_digest(rows[0][2], key_hash):
            return ClientKey(*rows[0])
        return None

    def any_made(self) -> bool:
        """Whether any key was ever made (revoked and expired ones count)."""
        return bool(self._rows("SELECT 1 FROM client_keys LIMIT 1"))

    def any_active(self, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        rows = self._rows(
            "SELECT 1 FROM client_keys WHERE revoked IS NULL "
            "AND (expires IS NULL OR expires > ?) LIMIT 1",
            (now,),
        )
        return bool(rows)

    def revoke(self, ref: str) -> ClientKey:
        """Revoke the unrevoked key named ``ref``, or the key whose id is ``ref``."""
        by = "id" if ref.startswith("key_") else "name"
        rows = self._rows(f"{SELECT} WHERE {by} = ? ORDER BY revoked IS NULL DESC", (ref,))
        if not rows:
            raise InputError(f"no client key with {by} {ref!r}; `tiergate keys list` shows them")
        key = ClientKey(*rows[0])
        if key.revoked is not None:
            raise InputError(f"client key {key.name!r} ({key.id}) is revoked already")
        now = time.time()
        self._run(
            lambda c: c.execute(
                "UPDATE client_keys SET revoked = ? WHERE id = ? AND revoked IS NULL", (now, key.id)
            )
        )
        return dataclasses.replace(key, revoked=now)


def apply_migrations(execute: Callable[..., Any]) -> list[str]:
    """Apply the missing migrations with ``execute(sql, params)``, which the caller runs in
    one transaction that holds the database's write lock (so that two processes opening a
    new database at once cannot apply one twice); return the names applied now."""
    execute(LEDGER)
    done = {name for (name,) in execute("SELECT name FROM access_migrations").fetchall()}
    now: list[str] = []
    for name, statements in MIGRATIONS:
        if name in done:
            continue
        for sql in statements:
            execute(sql)
        execute("INSERT INTO access_migrations (name, applied) VALUES (?, ?)", (name, time.time()))
        now.append(name)
    return now


def open_key_store(url: str) -> KeyStore:
    """The key store in the database ``url`` names (``sqlite:///…`` or ``postgresql://…``),
    its table created or migrated if needed."""
    if url.startswith(("postgresql://", "postgres://")):
        from tiergate.access.postgres import PostgresKeyStore  # noqa: PLC0415

        return PostgresKeyStore(url)
    from tiergate.access.sqlite import SQLiteKeyStore  # noqa: PLC0415

    return SQLiteKeyStore(url)
