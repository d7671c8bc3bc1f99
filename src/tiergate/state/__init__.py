"""State that several gateway replicas must share: rate-limit windows and upstream key
cool-downs. In-process by default (:class:`MemoryState`, one machine); Redis
(``state: {url: redis://…}``) for many replicas.

Every method is async and either answers or raises :class:`~tiergate.errors.StateError`:
a caller that cannot reach the shared state fails closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

Take = tuple[str, int, int, float]  # bucket, amount, limit, window (seconds)


class SharedState(Protocol):
    async def take_all(self, group: str, takes: Sequence[Take]) -> tuple[int, float] | None:
        """Count each of ``takes`` (``(bucket, amount, limit, window)``: ``amount`` against
        ``limit`` per ``window`` seconds) in its bucket of ``group``, in order and as one
        step. ``None`` when all fit (all counted), else the index of the first that does not
        and the seconds to wait before it would fit (those before it stay counted; it and
        those after it count nothing). On Redis a group's buckets share one hash tag, and
        the call is one round trip.
        """

    async def rest(self, name: str, seconds: float) -> None:
        """Put ``name`` (an upstream key's id) to rest for ``seconds``."""

    async def resting(self, names: Sequence[str]) -> dict[str, float]:
        """The remaining rest, in seconds, of those of ``names`` that are resting."""

    async def ping(self) -> None:
        """Raise :class:`~tiergate.errors.StateError` if the state cannot be reached."""

    async def aclose(self) -> None: ...


def open_state(url: str | None, *, prefix: str = "tiergate:") -> SharedState:
    """The state a configuration names: ``None`` for in-process, ``redis://…`` (or
    ``rediss://``, ``unix://``) for Redis, its keys starting with ``prefix``."""
    if url is None:
        from tiergate.state.memory import MemoryState  # noqa: PLC0415

        return MemoryState()
    if url.startswith(("redis://", "rediss://", "unix://")):
        from tiergate.state.redis import RedisState  # noqa: PLC0415

        return RedisState(url, prefix=prefix)
    from tiergate.errors import ConfigError  # noqa: PLC0415

    scheme = url.partition(":")[0]
    raise ConfigError(
        f"unsupported state URL scheme {scheme!r}; use redis://host:6379/0", key="state.url"
    )
