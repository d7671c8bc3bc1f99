"""Upstream API keys: several per provider, used in turn; a key the provider refuses or
rate-limits cools down (honouring ``Retry-After``) while the others carry on.

Rotation without a failed request: a pool is updated in place from its sources
(:meth:`KeyPool.update`). A new key is used at once. A key that left its sources *drains*:
it gets no new request while another usable key exists, and it is removed once the requests
it carries have finished and a replacement has been answered by the provider. Until then a
draining key stands by: a key file caught half-written (empty), or a replacement the
provider does not accept yet (401, so cooling down), never leaves a provider without a
working key.

Cool-downs go through the shared state (:class:`~tiergate.state.SharedState`) under a stable,
non-secret name per key (provider and a SHA-256 prefix of the key), so that every replica
rests a key the provider refused to any of them. A pool reads the other replicas' cool-downs
at most every :data:`SHARED_REFRESH_S` (a rest it sets itself applies at once), so a request
does not wait for a round trip to Redis, and a key refused on one replica may still be tried
on another for that long. They only spare the provider calls it would refuse, they guard
nothing: while the shared state cannot be reached each replica keeps its own cool-downs
(and says so in the log) rather than refuse requests. Use counts and last answers are kept
per process (metrics add them up across replicas).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tiergate.errors import StateError
from tiergate.state import SharedState
from tiergate.state.memory import MemoryState

log = logging.getLogger("tiergate.keys")

DEFAULT_COOLDOWN = {401: 300.0, 403: 300.0, 429: 30.0}
MAX_COOLDOWN = 3600.0
STATE_WARNING_EVERY = 60.0  # seconds between two warnings that the shared state is lost
SHARED_REFRESH_S = 0.25  # how often a pool reads the cool-downs other replicas set

KeyState = Literal["active", "cooling", "draining"]
KEY_STATES: tuple[KeyState, ...] = ("active", "cooling", "draining")


def key_id(value: str) -> str:
    """A stable name for a key that reveals nothing usable: 48 bits of its SHA-256 (an API
    key has far too much entropy for a prefix of its hash to be reversed)."""
    return hashlib.sha256(value.encode()).hexdigest()[:12]


def mask(value: str) -> str:
    """The last four characters, and only for a key long enough that they give nothing away."""
    return "…" + value[-4:] if len(value) > 8 else "…"


@dataclass(eq=False)
class Key:
    value: str = field(repr=False)  # never in a repr, a log or an error
    source: str  # "config", "env NAME" or "file PATH"
    uses: int = 0
    in_flight: int = 0
    last_status: int | None = None
    last_error: str | None = None  # "HTTP 429", "timeout", "connect"; never a message body
    cool_until: float = 0.0
    draining: bool = False
    answered: bool = False  # the provider has accepted it at least once
    id: str = field(init=False)

    def __post_init__(self) -> None:
        self.id = key_id(self.value)

    @property
    def masked(self) -> str:
        return mask(self.value)


@dataclass(frozen=True)
class KeyChanges:
    added: int = 0
    draining: int = 0
    restored: int = 0  # draining keys that came back to their sources

    def __bool__(self) -> bool:
        return bool(self.added or self.draining or self.restored)


class KeyPool:
    """Round-robin over the usable keys; see the module docstring for rotation."""

    def __init__(
        self,
        keys: Sequence[Key],
        *,
        provider: str = "",
        state: SharedState | None = None,
        clock: Callable[[], float] = time.monotonic,
        refresh_every: float = SHARED_REFRESH_S,
    ) -> None:
        self.keys = list(keys)
        self.provider = provider
        self._clock = clock
        self._state: SharedState = state if state is not None else MemoryState(clock)
        self.refresh_every = refresh_every
        self._refreshed_at: float | None = None
        self._next = 0
        self._warned_at: float | None = None

    def __bool__(self) -> bool:
        return bool(self.keys)

    def rest_name(self, key: Key) -> str:
        """The name a key's cool-down has in the shared state."""
        return f"upstream-key:{self.provider}:{key.id}"

    # ---- using keys ---------------------------------------------------------------------

    async def acquire(self) -> Key | None:
        """The next usable key, counted as in flight until :meth:`release`; None if every key
        is cooling down."""
        await self.refresh()
        key = self._choose(self._clock())
        if key is not None:
            key.uses += 1
            key.in_flight += 1
        return key

    def release(self, key: Key) -> None:
        """The request that :meth:`acquire` gave ``key`` to has finished."""
        key.in_flight = max(0, key.in_flight - 1)
        self._prune()

    async def report(self, key: Key, status: int, retry_after: str | None = None) -> None:
        """Record the provider's answer; 401/403/429 put the key to rest, on every replica."""
        key.last_status = status
        key.last_error = None if status < 400 else f"HTTP {status}"
        if status < 300:
            key.answered = True
        if status in DEFAULT_COOLDOWN:
            seconds = cooldown_seconds(status, retry_after)
            key.cool_until = max(key.cool_until, self._clock() + seconds)
            try:
                await self._state.rest(self.rest_name(key), seconds)
            except StateError:
                self._state_lost()
            self._prune()

    def failed(self, key: Key, kind: str) -> None:
        """No HTTP answer with this key (``timeout``, ``connect``): noted, no cool-down."""
        key.last_status = None
        key.last_error = kind

    async def refresh(self, *, now: bool = False) -> None:
        """Take in the cool-downs other replicas set in the shared state: at most every
        ``refresh_every`` seconds (also after a failed read), or ``now``."""
        if not self.keys:
            return
        at = self._clock()
        last = self._refreshed_at
        if not now and last is not None and at - last < self.refresh_every:
            return
        self._refreshed_at = at
        keys = list(self.keys)
        try:
            resting = await self._state.resting([self.rest_name(k) for k in keys])
        except StateError:
            self._state_lost()
            return
        self._warned_at = None
        if resting:
            read_at = self._clock()
            for key in keys:
                left = resting.get(self.rest_name(key))
                if left is not None:
                    key.cool_until = max(key.cool_until, read_at + left)

    def _state_lost(self) -> None:
        now = self._clock()
        if self._warned_at is None or now - self._warned_at >= STATE_WARNING_EVERY:
            self._warned_at = now
            log.warning(
                "the shared state cannot be reached: the cool-downs of %s's keys are this "
                "replica's own until it is back",
                self.provider,
            )

    def _choose(self, now: float) -> Key | None:
        self._prune()
        n = len(self.keys)
        for draining in (False, True):  # a draining key only when nothing else is usable
            for i in range(n):
                index = (self._next + i) % n
                key = self.keys[index]
                if key.draining == draining and key.cool_until <= now:
                    self._next = (index + 1) % n
                    return key
        return None

    # ---- rotation -----------------------------------------------------------------------

    def update(self, sources: Sequence[tuple[str, str]]) -> KeyChanges:
        """Make the pool match ``sources`` (``(value, source)`` pairs, in order) in place:
        new keys join at once, keys no longer listed drain, listed draining keys come back."""
        wanted: dict[str, str] = {}  # value -> source; the first source of a repeated key wins
        for value, source in sources:
            wanted.setdefault(value, source)
        added = draining = restored = 0
        known = {k.value: k for k in self.keys}
        for key in self.keys:
            if key.value in wanted:
                key.source = wanted[key.value]
                if key.draining:
                    key.draining = False
                    restored += 1
            elif not key.draining:
                key.draining = True
                draining += 1
        for value, source in wanted.items():
            if value not in known:
                self.keys.append(Key(value, source))
                known[value] = self.keys[-1]
                added += 1
        self._prune()
        return KeyChanges(added, draining, restored)

    def _prune(self) -> None:
        """Remove the draining keys that carry nothing, once a usable key has proved itself."""
        if not any(k.draining for k in self.keys):
            return
        now = self._clock()
        if not any(not k.draining and k.answered and k.cool_until <= now for k in self.keys):
            return
        self.keys = [k for k in self.keys if not k.draining or k.in_flight > 0]
        if self.keys:
            self._next %= len(self.keys)
        else:
            self._next = 0

    # ---- looking at the pool -------------------------------------------------------------

    def state_of(self, key: Key, now: float | None = None) -> KeyState:
        if key.draining:
            return "draining"
        if key.cool_until > (self._clock() if now is None else now):
            return "cooling"
        return "active"

    def cooling(self) -> int:
        now = self._clock()
        return sum(1 for k in self.keys if k.cool_until > now)

    def counts(self) -> dict[KeyState, int]:
        """How many keys are in each state."""
        now = self._clock()
        out: dict[KeyState, int] = dict.fromkeys(KEY_STATES, 0)
        for key in list(self.keys):
            out[self.state_of(key, now)] += 1
        return out

    def describe(self) -> list[dict[str, Any]]:
        """What ``tiergate providers keys`` shows: everything about each key but its value."""
        now = self._clock()
        return [
            {
                "id": key.id,
                "key": key.masked,
                "source": key.source,
                "state": self.state_of(key, now),
                "cooling_seconds": round(max(0.0, key.cool_until - now), 1),
                "uses": key.uses,
                "in_flight": key.in_flight,
                "last_status": key.last_status,
                "last_error": key.last_error,
            }
            for key in list(self.keys)
        ]


def cooldown_seconds(status: int, retry_after: str | None) -> float:
    """``Retry-After`` in seconds (HTTP-date forms fall back to the default), bounded."""
    if retry_after:
        try:
            return max(0.0, min(float(retry_after), MAX_COOLDOWN))
        except ValueError:
            pass
    return DEFAULT_COOLDOWN.get(status, 30.0)
