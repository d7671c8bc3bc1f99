"""The one exception tree of tiergate.

    TiergateError                  base: everything tiergate raises on purpose
    ├── ConfigError                a configuration or policy file is invalid (names key and file)
    │   └── PolicyError            a policy file is invalid
    ├── InputError                 the input cannot be processed (not text, too large, bad JSONL)
    ├── DetectorError              a detector failed; callers must fail closed
    └── BackendError               a shared backend (PostgreSQL, Redis) failed; fail closed
        ├── StateError             the shared state (rate limits, key cool-downs)
        └── KeyStoreError          the client-key store

Messages say what happened and what to do next. They never contain a matched value or the
text that was scanned: only types, offsets, counts, keys and file names.
"""

from __future__ import annotations


class TiergateError(Exception):
    """Base class of every error tiergate raises on purpose."""


class ConfigError(TiergateError):
    """A configuration file is invalid."""

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None) -> None:
        self.reason = message  # without the file and the key
        self.file = file
        self.key = key
        where = []
        if file:
            where.append(file)
        if key:
            where.append(f"key '{key}'")
        prefix = ": ".join([", ".join(where)]) + ": " if where else ""
        super().__init__(f"{prefix}{message}")


class PolicyError(ConfigError):
    """A policy file is invalid."""


class InputError(TiergateError):
    """The input cannot be processed."""


class DetectorError(TiergateError):
    """A detector failed while scanning; the caller must treat the text as unscanned."""


class BackendError(TiergateError):
    """A shared backend (PostgreSQL, Redis) cannot be reached or failed: the gateway fails
    closed rather than serve unaudited or without its limits."""


class StateError(BackendError):
    """The shared state (rate limits, key cool-downs) cannot be reached."""


class KeyStoreError(BackendError):
    """The client-key store cannot be read or written: requests cannot be authenticated."""
