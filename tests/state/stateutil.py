"""Helpers of the shared-state tests: the real Redis at 127.0.0.1:6379."""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import Iterator

import pytest
from redis.asyncio import Redis

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


async def drop_prefix(prefix: str) -> None:
    async with Redis.from_url(REDIS_URL) as client:
        keys = [k async for k in client.scan_iter(match=f"{prefix}*")]
        if keys:
            await client.delete(*keys)


def unique_prefix() -> Iterator[str]:
    """A key prefix of one test; skips when Redis is not there; deletes its keys after."""
    if not redis_reachable():
        pytest.skip("Redis is not reachable at 127.0.0.1:6379 (CI starts it)")
    prefix = f"tiergate-test-{uuid.uuid4().hex[:12]}:"
    yield prefix
    asyncio.run(drop_prefix(prefix))
