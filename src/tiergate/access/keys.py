"""A client key: what is stored about it (never the key itself), and how keys are made.

A key is ``tg-`` and 32 random bytes in URL-safe base64 (256 bits). It is shown once, when
it is made; the store keeps its SHA-256 (a slow password hash buys nothing for a random
256-bit secret) and its last 4 characters, so that people can tell their keys apart.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from tiergate.errors import InputError

PREFIX = "tg-"


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def new_id() -> str:
    """A key's public id: safe to print, log and pass to ``keys revoke``."""
    return "key_" + secrets.token_hex(6)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def masked(last4: str) -> str:
    return f"{PREFIX}…{last4}"


@dataclass(frozen=True)
class ClientKey:
    """One client key as stored: identity, life, limits and policy, but not the key."""

    id: str
    name: str
    key_hash: str
    last4: str
    created: float  # seconds since the epoch
    expires: float | None = None
    revoked: float | None = None
    rpm: int | None = None  # requests per minute
    tpm: int | None = None  # tokens per minute (estimated from the request)
    policy_name: str | None = None  # the file the policy came from, for people
    policy: str | None = None  # the policy's YAML text, merged over the gateway's policy

    def state(self, now: float | None = None) -> str:
        """``active``, ``expired`` or ``revoked``."""
        if self.revoked is not None:
            return "revoked"
        if self.expires is not None and self.expires <= (time.time() if now is None else now):
            return "expired"
        return "active"


_DURATION = re.compile(r"^(\d+)\s*([mhdw])$")
_UNIT_S = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_expires(value: str, now: float | None = None) -> float:
    """``30d``, ``12h``, ``2w``, ``90m`` from now, or an ISO date (``2027-01-31``: at 00:00
    UTC that day) or date and time (``2027-01-31T18:00``, UTC unless it names its offset)."""
    now = time.time() if now is None else now
    m = _DURATION.match(value.strip().lower())
    if m:
        seconds = int(m.group(1)) * _UNIT_S[m.group(2)]
        if seconds <= 0:
            raise InputError(f"--expires {value!r}: the duration must be positive")
        return now + seconds
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"--expires {value!r}: give a duration (30d, 12h, 2w, 90m) or a date (2027-01-31)"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    at = when.timestamp()
    if at <= now:
        raise InputError(f"--expires {value!r} is in the past")
    return at
