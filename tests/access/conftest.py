"""Key databases for the client-key tests: SQLite, and PostgreSQL in a fresh schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from keysutil import pg_schema_url


@pytest.fixture(params=["sqlite", "postgresql"])
def keys_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'audit.db'}"
    else:
        yield from pg_schema_url()


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERGATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TIERGATE_CONFIG", raising=False)
