"""Who a request comes from: the client key it presents, checked against the key store.

When authentication is required (``mode``):
- ``on``: always (``tiergate serve`` bound to an address other than loopback);
- ``auto``: as soon as a client key has been made (the loopback default: a single user
  needs no key, an organisation that made keys gets them enforced; revoking or outliving
  every key does not open the door again);
- ``off``: never (``serve --no-auth``); a valid key still names its client and brings its
  policy and limits.

What the store says is cached for ``ttl`` seconds (5 by default), per key hash and for
"does any active key exist": a key made while the gateway runs works at once (its hash was
never cached), and a revoked or expired key stops working within ``ttl`` seconds, on every
replica, without a restart.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from tiergate.access.keys import ClientKey, hash_key
from tiergate.access.store import KeyStore

AuthMode = Literal["auto", "on", "off"]
CACHE_TTL_S = 5.0
CACHE_MAX = 10_000  # distinct hashes remembered (unknown ones too); cleared when full


@dataclass(frozen=True)
class Client:
    """The client of one request: a key's name, or ``anonymous`` when none is needed."""

    name: str
    key: ClientKey | None = None


ANONYMOUS = Client("anonymous")


class Unauthorized(Exception):
    """The request may not pass. ``code`` is for the audit; ``client`` names the key when
    it was a real one (expired or revoked)."""

    def __init__(self, message: str, code: str, client: str = "unknown") -> None:
        super().__init__(message)
        self.code = code
        self.client = client


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key in ``x-api-key`` (Anthropic SDKs) or ``Authorization: Bearer`` (OpenAI)."""
    key = headers.get("x-api-key", "").strip()
    if key:
        return key
    scheme, _, value = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


class Gate:
    def __init__(
        self,
        store: KeyStore,
        mode: AuthMode = "auto",
        *,
        ttl: float = CACHE_TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.mode = mode
        self.ttl = ttl
        self._clock = clock
        self._keys: dict[str, tuple[float, ClientKey | None]] = {}
        self._any: tuple[float, bool] | None = None

    async def required(self) -> bool:
        if self.mode != "auto":
            return self.mode == "on"
        now = self._clock()
        if self._any is None or now - self._any[0] > self.ttl:
            self._any = (now, await asyncio.to_thread(self.store.any_made))
        return self._any[1]

    async def _find(self, digest: str) -> ClientKey | None:
        now = self._clock()
        hit = self._keys.get(digest)
        if hit is not None and now - hit[0] <= self.ttl:
            return hit[1]
        key = await asyncio.to_thread(self.store.find, digest)
        if len(self._keys) >= CACHE_MAX:
            self._keys.clear()
        self._keys[digest] = (now, key)
        return key

    async def identify(self, headers: Mapping[str, str]) -> Client:
        """The client of a request with these headers; :class:`Unauthorized` if it may not
        pass. Raises :class:`~tiergate.errors.KeyStoreError` if the store cannot be read."""
        presented = presented_key(headers)
        required = await self.required()
        if presented is None:
            if required:
                raise Unauthorized(
                    "this gateway needs a client key: send it as 'Authorization: Bearer …' "
                    "(OpenAI SDKs: api_key) or 'x-api-key' (Anthropic SDKs)",
                    "missing_key",
                )
            return ANONYMOUS
        key = await self._find(hash_key(presented))
        state = key.state() if key is not None else "unknown"
        if key is not None and state == "active":
            return Client(key.name, key)
        if not required:
            return ANONYMOUS
        if key is None:
            raise Unauthorized("the client key is not valid", "unknown_key")
        raise Unauthorized(f"the client key is {state}", f"{state}_key", client=key.name)
