"""Upstream key pools: round-robin, cool-downs shared through the state, rotation (new keys
at once, removed keys drain then go), and the key sources (config, environment, files)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

import pytest

from tiergate.config import ProviderConfig
from tiergate.errors import ConfigError, StateError
from tiergate.providers.keys import SHARED_REFRESH_S, Key, KeyPool, key_id
from tiergate.providers.runtime import key_sources, read_key_file
from tiergate.state.memory import MemoryState


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def pool_of(*values: str, clock: Clock | None = None, state: MemoryState | None = None) -> KeyPool:
    clock = clock or Clock()
    pool = KeyPool([], provider="p", state=state or MemoryState(clock), clock=clock)
    pool.update([(v, "config") for v in values])
    return pool


def take(pool: KeyPool, status: int = 200) -> str | None:
    """One request: the key it gets (its value), the provider's answer, the release."""
    key = asyncio.run(pool.acquire())
    if key is None:
        return None
    asyncio.run(pool.report(key, status))
    pool.release(key)
    return key.value


def test_round_robin_over_usable_keys() -> None:
    pool = pool_of("sk-aaaa-0001", "sk-bbbb-0002")
    assert [take(pool) for _ in range(4)] == ["sk-aaaa-0001", "sk-bbbb-0002"] * 2
    assert [k.uses for k in pool.keys] == [2, 2]


@pytest.mark.parametrize(
    ("status", "retry_after", "rest"),
    [(429, "12", 12.0), (429, None, 30.0), (401, None, 300.0), (403, "bad", 300.0)],
)
def test_refused_key_cools_down(status: int, retry_after: str | None, rest: float) -> None:
    clock = Clock()
    pool = pool_of("sk-aaaa-0001", "sk-bbbb-0002", clock=clock)
    asyncio.run(pool.report(pool.keys[0], status, retry_after))
    assert pool.describe()[0]["state"] == "cooling"
    assert pool.describe()[0]["cooling_seconds"] == rest
    assert pool.describe()[0]["last_error"] == f"HTTP {status}"
    assert {take(pool) for _ in range(3)} == {"sk-bbbb-0002"}
    clock.now += rest + 0.1
    assert take(pool) == "sk-aaaa-0001"


def test_every_key_cooling_gives_none() -> None:
    pool = pool_of("sk-aaaa-0001")
    asyncio.run(pool.report(pool.keys[0], 429, "5"))
    assert take(pool) is None


def test_cool_down_is_shared_by_replicas_through_the_state() -> None:
    clock = Clock()
    state = MemoryState(clock)
    replica_a = pool_of("sk-aaaa-0001", "sk-bbbb-0002", clock=clock, state=state)
    replica_b = pool_of("sk-aaaa-0001", "sk-bbbb-0002", clock=clock, state=state)
    asyncio.run(replica_a.report(replica_a.keys[0], 429, "60"))
    assert {take(replica_b) for _ in range(4)} == {"sk-bbbb-0002"}
    rested = asyncio.run(state.resting([replica_a.rest_name(replica_a.keys[0])]))
    name = f"upstream-key:p:{key_id('sk-aaaa-0001')}"
    assert list(rested) == [name] and "sk-aaaa" not in name


class CountedState(MemoryState):
    """A shared state that counts the reads of cool-downs (each a Redis round trip)."""

    reads = 0

    async def resting(self, names: Sequence[str]) -> dict[str, float]:
        self.reads += 1
        return await super().resting(names)


def test_other_replicas_cool_downs_are_read_at_most_every_refresh_interval() -> None:
    clock = Clock()
    state = CountedState(clock)
    replica_a = pool_of("sk-aaaa-0001", "sk-bbbb-0002", clock=clock, state=state)
    replica_b = pool_of("sk-aaaa-0001", "sk-bbbb-0002", clock=clock, state=state)
    assert [take(replica_b) for _ in range(2)] == ["sk-aaaa-0001", "sk-bbbb-0002"]
    asyncio.run(replica_a.report(replica_a.keys[0], 429, "60"))
    reads = state.reads
    clock.now += SHARED_REFRESH_S / 2
    assert take(replica_b) == "sk-aaaa-0001"  # B has not looked again yet
    assert state.reads == reads
    clock.now += SHARED_REFRESH_S / 2
    assert {take(replica_b) for _ in range(4)} == {"sk-bbbb-0002"}
    assert state.reads == reads + 1
    asyncio.run(replica_b.refresh(now=True))  # what /admin/keys does: read it now
    assert state.reads == reads + 2


class LostState(MemoryState):
    """A shared state that cannot be reached."""

    async def rest(self, name: str, seconds: float) -> None:
        raise StateError("unreachable")

    async def resting(self, names: Sequence[str]) -> dict[str, float]:
        raise StateError("unreachable")


def test_lost_shared_state_leaves_each_replica_its_own_cool_downs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    pool = pool_of("sk-aaaa-0001", "sk-bbbb-0002", clock=clock, state=LostState(clock))
    assert take(pool, 429) == "sk-aaaa-0001"  # rests here, though not on the other replicas
    assert {take(pool) for _ in range(3)} == {"sk-bbbb-0002"}
    warnings = [r.getMessage() for r in caplog.records if r.name == "tiergate.keys"]
    assert len(warnings) == 1 and "cannot be reached" in warnings[0]
    clock.now += 61
    take(pool)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 2


def test_new_key_is_used_at_once_and_a_removed_one_drains() -> None:
    pool = pool_of("sk-old-key-0001")
    carrying = asyncio.run(pool.acquire())  # a request in flight with the old key
    assert carrying is not None
    changes = pool.update([("sk-new-key-0002", "file keys.txt")])
    assert (changes.added, changes.draining) == (1, 1)
    assert [k["state"] for k in pool.describe()] == ["draining", "active"]
    assert {take(pool) for _ in range(3)} == {"sk-new-key-0002"}
    assert len(pool.keys) == 2  # still carrying a request
    pool.release(carrying)
    assert [k.value for k in pool.keys] == ["sk-new-key-0002"]


def test_draining_key_stands_by_until_a_replacement_is_answered() -> None:
    clock = Clock()
    pool = pool_of("sk-old-key-0001", clock=clock)
    pool.update([])  # a key file caught empty, half-written
    assert take(pool) == "sk-old-key-0001"
    assert pool.describe()[0]["state"] == "draining"
    pool.update([("sk-new-key-0002", "config")])
    assert take(pool, 401) == "sk-new-key-0002"  # the provider does not know it yet
    assert len(pool.keys) == 2
    assert take(pool) == "sk-old-key-0001"  # the draining key stands in
    clock.now += 301
    assert take(pool) == "sk-new-key-0002"
    assert [k.value for k in pool.keys] == ["sk-new-key-0002"]


def test_a_key_back_in_its_sources_stops_draining() -> None:
    pool = pool_of("sk-aaaa-0001", "sk-bbbb-0002")
    carrying = asyncio.run(pool.acquire())
    assert carrying is not None
    pool.update([("sk-bbbb-0002", "config")])
    changes = pool.update([("sk-aaaa-0001", "env KEY_A"), ("sk-bbbb-0002", "config")])
    assert changes.restored == 1
    assert pool.keys[0].source == "env KEY_A" and not pool.keys[0].draining


def test_key_is_never_shown() -> None:
    key = Key("sk-secret-value-9876", "config")
    assert "sk-secret" not in repr(key)
    assert key.masked == "…9876"
    assert Key("short", "config").masked == "…"
    described = pool_of("sk-secret-value-9876").describe()[0]
    assert "sk-secret" not in str(described)
    assert described["id"] == key_id("sk-secret-value-9876")


def test_key_file_lines_comments_and_blanks(tmp_path: Path) -> None:
    path = tmp_path / "keys.txt"
    path.write_text("# rotated 2026-12-01\n\n  sk-file-0001  \n#sk-retired-0000\nsk-file-0002\n")
    assert read_key_file(path) == ["sk-file-0001", "sk-file-0002"]


def test_sources_in_order_with_labels(tmp_path: Path) -> None:
    path = tmp_path / "keys.txt"
    path.write_text("sk-file-0001\nsk-conf-0001\n")
    cfg = ProviderConfig(
        name="p",
        base_url="http://127.0.0.1:9/v1",
        models=("m",),
        api_keys=("sk-conf-0001",),
        api_key_env=("KEY_A", "KEY_UNSET"),
        api_key_files=(path,),
    )
    assert key_sources(cfg, {"KEY_A": " sk-env-0001\n"}) == [
        ("sk-conf-0001", "config"),
        ("sk-env-0001", "env KEY_A"),
        ("sk-file-0001", f"file {path}"),
        ("sk-conf-0001", f"file {path}"),
    ]
    pool = pool_of()
    pool.update(key_sources(cfg, {}))
    assert [(k.value, k.source) for k in pool.keys] == [
        ("sk-conf-0001", "config"),
        ("sk-file-0001", f"file {path}"),
    ]


def test_missing_key_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"keys\.txt: key file not found"):
        read_key_file(tmp_path / "keys.txt")
