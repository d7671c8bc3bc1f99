"""Redis for the shared-state tests: one key prefix per test, its keys deleted after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from stateutil import unique_prefix


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    yield from unique_prefix()
