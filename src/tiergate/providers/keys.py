"""Upstream API keys: several per provider, used in turn; a key the provider refuses or
rate-limits cools down (honouring ``Retry-After``) while the others carry on."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

DEFAULT_COOLDOWN = {401: 300.0, 403: 300.0, 429: 30.0}
MAX_COOLDOWN = 3600.0


@dataclass
class Key:
    value: str
    source: str  # "config" or the environment variable it came from
    uses: int = 0
    last_status: int | None = None
    cool_until: float = 0.0

    @property
    def masked(self) -> str:
        return "…" + self.value[-4:] if len(self.value) > 8 else "…"


class KeyPool:
    """Round-robin over the keys that are not cooling down."""

    def __init__(self, keys: Sequence[Key], clock: Callable[[], float] = time.monotonic) -> None:
        self.keys = list(keys)
        self._clock = clock
        self._next = 0

    def __bool__(self) -> bool:
        return bool(self.keys)

    def pick(self) -> Key | None:
        """The next usable key, or None if every key is cooling down."""
        now = self._clock()
        n = len(self.keys)
        for i in range(n):
            key = self.keys[(self._next + i) % n]
            if key.cool_until <= now:
                self._next = (self._next + i + 1) % n
                key.uses += 1
                return key
        return None

    def report(self, key: Key, status: int, retry_after: str | None = None) -> None:
        """Record the provider's answer; 401/403/429 put the key to rest."""
        key.last_status = status
        if status in DEFAULT_COOLDOWN:
            key.cool_until = self._clock() + cooldown_seconds(status, retry_after)

    def cooling(self) -> int:
        now = self._clock()
        return sum(1 for k in self.keys if k.cool_until > now)


def cooldown_seconds(status: int, retry_after: str | None) -> float:
    """``Retry-After`` in seconds (HTTP-date forms fall back to the default), bounded."""
    if retry_after:
        try:
            return max(0.0, min(float(retry_after), MAX_COOLDOWN))
        except ValueError:
            pass
    return DEFAULT_COOLDOWN.get(status, 30.0)
