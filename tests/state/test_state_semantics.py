"""One table of shared-state behaviour, run on the in-process state and on Redis: both must
answer alike, so that a deployment can move from one machine to many without surprises."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest
from redis.asyncio import Redis
from stateutil import REDIS_URL

from tiergate.errors import ConfigError, StateError
from tiergate.state import SharedState, open_state
from tiergate.state.memory import MemoryState
from tiergate.state.redis import RedisState

Check = Callable[[SharedState], Awaitable[None]]


async def take(s: SharedState, bucket: str, amount: int, limit: int, window: float) -> float:
    """One bucket counted on its own: 0.0 when it fits, else the wait."""
    over = await s.take_all(bucket, [(bucket, amount, limit, window)])
    return 0.0 if over is None else over[1]


async def fills_then_refuses(s: SharedState) -> None:
    assert [await take(s, "b", 1, 3, 10.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = await take(s, "b", 1, 3, 10.0)
    assert 0 < wait <= 10.0 * 2


async def amounts_count_whole(s: SharedState) -> None:
    assert await take(s, "tokens", 700, 1000, 10.0) == 0.0
    assert await take(s, "tokens", 301, 1000, 10.0) > 0  # refused: counts nothing
    assert await take(s, "tokens", 300, 1000, 10.0) == 0.0  # exactly the limit fits
    assert await take(s, "tokens", 1, 1000, 10.0) > 0


async def over_the_limit_waits_a_window(s: SharedState) -> None:
    assert await take(s, "big", 11, 10, 5.0) == 5.0
    assert await take(s, "big", 10, 10, 5.0) == 0.0  # the refused one counted nothing


async def buckets_are_separate(s: SharedState) -> None:
    assert await take(s, "one", 1, 1, 10.0) == 0.0
    assert await take(s, "one", 1, 1, 10.0) > 0
    assert await take(s, "two", 1, 1, 10.0) == 0.0


async def frees_up_after_two_windows(s: SharedState) -> None:
    assert await take(s, "short", 2, 2, 0.2) == 0.0
    assert await take(s, "short", 1, 2, 0.2) > 0
    await asyncio.sleep(0.45)  # both the window and the one before it have slid out
    assert await take(s, "short", 2, 2, 0.2) == 0.0


async def takes_count_in_order_until_one_does_not_fit(s: SharedState) -> None:
    both = [("rpm", 1, 2, 10.0), ("tpm", 600, 1000, 10.0)]
    assert await s.take_all("k", both) is None  # both counted
    over = await s.take_all("k", both)  # the second request: its tokens do not fit
    assert over is not None and over[0] == 1 and 0 < over[1] <= 20.0
    over = await s.take_all("k", both)  # the request was counted, so now it is the first
    assert over is not None and over[0] == 0
    assert await s.take_all("k", [("tpm", 400, 1000, 10.0)]) is None  # nothing else counted
    assert await s.take_all("k", []) is None


async def groups_are_separate(s: SharedState) -> None:
    assert await s.take_all("a", [("rpm", 1, 1, 10.0)]) is None
    assert await s.take_all("b", [("rpm", 1, 1, 10.0)]) is None
    assert (await s.take_all("a", [("rpm", 1, 1, 10.0)]) or (None,))[0] == 0


async def rests_run_out(s: SharedState) -> None:
    await s.rest("key-a", 5.0)
    await s.rest("key-b", 0.15)
    left = await s.resting(["key-a", "key-b", "key-c"])
    assert set(left) == {"key-a", "key-b"}
    assert 4.0 < left["key-a"] <= 5.0 and 0 < left["key-b"] <= 0.15
    await asyncio.sleep(0.25)
    assert set(await s.resting(["key-a", "key-b"])) == {"key-a"}
    assert await s.resting([]) == {}


async def a_rest_is_extended_never_shortened(s: SharedState) -> None:
    await s.rest("key", 5.0)
    await s.rest("key", 0.1)
    assert (await s.resting(["key"]))["key"] > 4.0
    await s.rest("key", 9.0)
    assert (await s.resting(["key"]))["key"] > 8.0


CHECKS: list[Check] = [
    fills_then_refuses,
    amounts_count_whole,
    over_the_limit_waits_a_window,
    buckets_are_separate,
    frees_up_after_two_windows,
    takes_count_in_order_until_one_does_not_fit,
    groups_are_separate,
    rests_run_out,
    a_rest_is_extended_never_shortened,
]


async def _run(state: SharedState, check: Check) -> None:
    try:
        await state.ping()
        await check(state)
    finally:
        await state.aclose()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_memory(check: Check) -> None:
    asyncio.run(_run(open_state(None), check))


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_redis(check: Check, redis_prefix: str) -> None:
    state = open_state(REDIS_URL, prefix=redis_prefix)
    assert isinstance(state, RedisState)
    asyncio.run(_run(state, check))


def test_redis_keys_carry_the_prefix_and_expire(redis_prefix: str) -> None:
    async def run() -> None:
        state = RedisState(REDIS_URL, prefix=redis_prefix)
        await take(state, "team-a", 1, 5, 30.0)
        await state.rest("upstream-1", 10.0)
        await state.aclose()
        async with Redis.from_url(REDIS_URL) as client:
            keys = sorted([k.decode() async for k in client.scan_iter(match=f"{redis_prefix}*")])
            assert len(keys) == 2
            assert keys[0].startswith(f"{redis_prefix}rest:upstream-1")
            assert keys[1].startswith(f"{redis_prefix}window:{{team-a}}:")
            for k in keys:
                assert 0 < await client.pttl(k) <= 60_000

    asyncio.run(run())


def test_redis_buckets_of_a_group_share_a_hash_tag(redis_prefix: str) -> None:
    """One script call touches every bucket of a group: on a cluster they must share a slot."""

    async def run() -> list[str]:
        state = RedisState(REDIS_URL, prefix=redis_prefix)
        await state.take_all("key:abc", [("rpm", 1, 5, 30.0), ("tpm", 100, 5000, 30.0)])
        await state.aclose()
        async with Redis.from_url(REDIS_URL) as client:
            return sorted([k.decode() async for k in client.scan_iter(match=f"{redis_prefix}*")])

    keys = asyncio.run(run())
    assert len(keys) == 2
    assert keys[0].startswith(f"{redis_prefix}window:{{key:abc}}:rpm:")
    assert keys[1].startswith(f"{redis_prefix}window:{{key:abc}}:tpm:")


def test_the_client_follows_the_event_loop(redis_prefix: str) -> None:
    """``serve`` checks Redis in one loop (and closes), then serves in another."""
    state = RedisState(REDIS_URL, prefix=redis_prefix)
    asyncio.run(_run(state, fills_then_refuses))
    asyncio.run(_run(state, buckets_are_separate))


# ---- the sliding window's arithmetic, on a clock the test moves -------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0 * 60  # the start of a window

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        # (time offset, amount) taken in order, limit 10 per 60 s; the last take's answer
        ([(1, 10), (30, 1)], 36.0),  # fits at 66 s: 10 * (1 - 6/60) + 1 = 10
        ([(1, 10), (61, 1)], 5.0),  # previous window slides out: fits at 66 s
        ([(1, 5), (2, 5), (119, 5)], 0.0),  # 119 s: 10 * (1/60) + 5 fits
        ([(1, 4), (2, 6), (59, 1)], 7.0),  # 66 s: next window, 10 * 0.9 + 1
        ([(0, 10), (120, 10)], 0.0),  # two windows later: nothing left
    ],
)
def test_memory_window_math(steps: list[tuple[float, int]], expected: float) -> None:
    clock = Clock()
    start = clock.now
    state = MemoryState(clock)

    async def run() -> float:
        wait = 0.0
        for offset, amount in steps:
            clock.now = start + offset
            wait = await take(state, "b", amount, 10, 60.0)
        return wait

    assert asyncio.run(run()) == pytest.approx(expected)


@pytest.mark.parametrize(("offset", "amount"), [(1, 1), (30, 1), (59, 3), (61, 2), (90, 6)])
def test_memory_retry_is_exact(offset: float, amount: int) -> None:
    """Waiting the answer makes it fit; a little less does not."""
    clock = Clock()
    start = clock.now
    state = MemoryState(clock)

    async def run() -> None:
        assert await take(state, "b", 10, 10, 60.0) == 0.0
        clock.now = start + offset
        wait = await take(state, "b", amount, 10, 60.0)
        assert wait > 0
        clock.now += wait - 0.01
        assert await take(state, "b", amount, 10, 60.0) > 0
        clock.now += 0.02
        assert await take(state, "b", amount, 10, 60.0) == 0.0

    asyncio.run(run())


def test_unknown_state_scheme_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"state\.url"):
        open_state("memcached://127.0.0.1")


def test_unreachable_redis_is_a_state_error() -> None:
    state = RedisState("redis://127.0.0.1:1/0")
    started = time.monotonic()
    with pytest.raises(StateError, match=r"127\.0\.0\.1:1") as exc:
        asyncio.run(_run(state, buckets_are_separate))
    assert "ConnectionError" in str(exc.value)
    assert time.monotonic() - started < 5
