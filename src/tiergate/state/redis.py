"""Shared state in Redis, for several gateway replicas (``state: {url: redis://…}``).

The same semantics as :class:`~tiergate.state.memory.MemoryState`, made atomic across
replicas: the sliding window is one Lua script (read both windows, decide, count) run on
the server with the server's clock, so that replicas with skewed clocks still agree; a
rest is a key with a time to live. Every key starts with the configured prefix (default
``tiergate:``); a bucket's keys share one hash tag, so the script also runs on a cluster.

Failures never pass silently: a Redis that cannot be reached, times out or answers an
error raises :class:`~tiergate.errors.StateError`, and the gateway fails closed. Timeouts
are short (connect 1 s, answer 2 s) and a failed command is retried once on a fresh
connection (a replica that outlives a Redis restart should not fail its next request).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tiergate.audit.store import display_url
from tiergate.errors import ConfigError, StateError
from tiergate.state.memory import retry_in

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.commands.core import AsyncScript

    from tiergate.state import Take

CONNECT_TIMEOUT_S = 1.0
ANSWER_TIMEOUT_S = 2.0

# KEYS[i]: the i-th bucket's key stem; ARGV[3i-2..3i]: its amount, limit, window (seconds).
# Counts the buckets in order until one does not fit. Returns {0} when all were counted, else
# {i, previous, current, elapsed} for the first that did not (as strings: Redis turns Lua
# numbers into integers), for the caller to compute the wait exactly as MemoryState does.
TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
for i = 1, #KEYS do
  local amount = tonumber(ARGV[3 * i - 2])
  local limit, window = tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i])
  local index = math.floor(now / window)
  local elapsed = now - index * window
  local current_key = KEYS[i] .. ':' .. string.format('%d', index)
  local previous_key = KEYS[i] .. ':' .. string.format('%d', index - 1)
  local previous = tonumber(redis.call('GET', previous_key) or '0')
  local current = tonumber(redis.call('GET', current_key) or '0')
  if previous * (1 - elapsed / window) + current + amount > limit then
    return {i, tostring(previous), tostring(current), string.format('%.6f', elapsed)}
  end
  redis.call('INCRBY', current_key, amount)
  redis.call('PEXPIRE', current_key, math.ceil(window * 2000))
end
return {0}
"""

# KEYS[1]: the rest key; ARGV[1]: milliseconds. Extends a rest, never shortens it.
REST = """
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
end
return 0
"""


class RedisState:
    """Rate-limit windows and rests in one Redis, shared by every replica that names it.

    The client is made lazily for the running event loop (``tiergate serve`` checks Redis
    in one loop before the server starts its own), and ``aclose`` releases it.
    """

    def __init__(self, url: str, *, prefix: str = "tiergate:") -> None:
        try:
            import redis.asyncio  # noqa: F401, PLC0415  (an extra: only Redis users need it)
        except ImportError:
            raise ConfigError(
                "state.url names Redis, which needs the redis package: "
                "pip install 'tiergate[redis]'",
                key="state.url",
            ) from None
        self.url = url
        self.prefix = prefix
        self._client: Redis | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._take: AsyncScript | None = None
        self._rest: AsyncScript | None = None

    def _connect(self) -> Redis:
        loop = asyncio.get_running_loop()
        if self._client is not None and self._loop is loop:
            return self._client
        from redis.asyncio import Redis  # noqa: PLC0415
        from redis.asyncio.retry import Retry  # noqa: PLC0415
        from redis.backoff import NoBackoff  # noqa: PLC0415

        try:
            client = Redis.from_url(
                self.url,
                socket_connect_timeout=CONNECT_TIMEOUT_S,
                socket_timeout=ANSWER_TIMEOUT_S,
                retry=Retry(NoBackoff(), 1),
            )
        except ValueError as exc:  # a malformed URL; the message names no password
            raise ConfigError(f"not a Redis URL ({exc})", key="state.url") from None
        self._client, self._loop = client, loop
        self._take = client.register_script(TAKE)
        self._rest = client.register_script(REST)
        return client

    async def _call(self, what: str, fn: Any) -> Any:
        from redis.exceptions import RedisError  # noqa: PLC0415

        try:
            return await fn()
        except (TimeoutError, RedisError, OSError) as exc:
            raise StateError(
                f"shared state at {display_url(self.url)} failed while {what} "
                f"({type(exc).__name__}); requests that need it are refused until it is back"
            ) from None

    async def take_all(self, group: str, takes: Sequence[Take]) -> tuple[int, float] | None:
        if not takes:
            return None
        self._connect()
        script = self._take
        assert script is not None
        keys = [f"{self.prefix}window:{{{group}}}:{bucket}" for bucket, *_ in takes]
        args = [
            x for _, amount, limit, window in takes for x in (amount, limit, repr(float(window)))
        ]
        out = await self._call("counting a rate limit", lambda: script(keys=keys, args=args))
        i = int(out[0]) - 1
        if i < 0:
            return None
        _, amount, limit, window = takes[i]
        previous, current, elapsed = (float(v) for v in out[1:])
        return i, retry_in(previous, current, amount, limit, window, elapsed)

    async def rest(self, name: str, seconds: float) -> None:
        self._connect()
        script = self._rest
        assert script is not None
        ms = max(1, round(seconds * 1000))
        await self._call(
            "resting a key", lambda: script(keys=[f"{self.prefix}rest:{name}"], args=[ms])
        )

    async def resting(self, names: Sequence[str]) -> dict[str, float]:
        client = self._connect()
        if not names:
            return {}

        async def pttls() -> list[int]:
            async with client.pipeline(transaction=False) as pipe:
                for n in names:
                    pipe.pttl(f"{self.prefix}rest:{n}")
                return [int(v) for v in await pipe.execute()]

        left = await self._call("reading key rests", pttls)
        return {n: ms / 1000 for n, ms in zip(names, left, strict=True) if ms > 0}

    async def ping(self) -> None:
        client = self._connect()
        await self._call("connecting", client.ping)

    async def aclose(self) -> None:
        client, self._client, self._loop = self._client, None, None
        if client is not None:
            await client.aclose()
