"""In-process shared state: one gateway process on one machine."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tiergate.state import Take


class MemoryState:
    """Sliding-window counters (the previous fixed window weighted by its overlap, plus the
    current one) and rest deadlines, in dictionaries. Event-loop confined: no locks."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[tuple[str, int], int] = {}
        self._rest: dict[str, float] = {}

    async def take_all(self, group: str, takes: Sequence[Take]) -> tuple[int, float] | None:
        for i, (bucket, amount, limit, window) in enumerate(takes):
            wait = self._take(f"{group}:{bucket}", amount, limit, window)
            if wait > 0:
                return i, wait
        return None

    def _take(self, bucket: str, amount: int, limit: int, window: float) -> float:
        now = self._clock()
        index = int(now // window)
        elapsed = now - index * window
        previous = self._windows.get((bucket, index - 1), 0)
        current = self._windows.get((bucket, index), 0)
        used = previous * (1 - elapsed / window) + current
        if used + amount > limit:
            return retry_in(previous, current, amount, limit, window, elapsed)
        self._windows[(bucket, index)] = current + amount
        if len(self._windows) > 100_000:
            self._windows = {k: v for k, v in self._windows.items() if k[1] >= index - 1}
        return 0.0

    async def rest(self, name: str, seconds: float) -> None:
        self._rest[name] = max(self._rest.get(name, 0.0), self._clock() + seconds)

    async def resting(self, names: Sequence[str]) -> dict[str, float]:
        now = self._clock()
        return {n: self._rest[n] - now for n in names if self._rest.get(n, 0.0) > now}

    async def ping(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


def retry_in(
    previous: float, current: float, amount: int, limit: int, window: float, elapsed: float
) -> float:
    """Seconds until ``amount`` fits in a sliding window that is full now."""
    if amount > limit:
        return window  # can never fit; ask again after a full window
    room = limit - amount - current
    if room >= 0 and previous > 0:  # fits once enough of the previous window has slid out
        return max(window * (1 - room / previous) - elapsed, 0.001)
    # fits in the next window, once enough of this one has slid out
    return max(window - elapsed + window * (1 - (limit - amount) / current), 0.001)
