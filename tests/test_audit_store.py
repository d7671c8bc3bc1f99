"""The audit store: URLs, migrations, order of reads, threads, and what the file holds."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import random
import sqlite3
import string
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import tiergate
from tiergate.audit import migrations
from tiergate.audit.record import AuditRecord
from tiergate.audit.sqlite import COLUMNS
from tiergate.audit.store import AuditError, AuditStore, default_audit_url, sqlite_path
from tiergate.errors import ConfigError


def rec(i: int = 0, **kw: Any) -> AuditRecord:
    base: dict[str, Any] = {
        "request_id": f"req-{i}",
        "time": 1_800_000_000.0 + i,
        "endpoint": "/v1/chat/completions",
        "client_format": "openai",
        "outcome": "ok",
        "status": 200,
    }
    return AuditRecord(**(base | kw))


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite://{tmp_path}/audit.db"


@pytest.fixture
def store(url: str) -> Any:
    with AuditStore.open(url) as s:
        yield s


# --- URLs and the default location -------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///var/lib/tiergate/audit.db", "/var/lib/tiergate/audit.db"),
        ("sqlite:////var/lib/tiergate/audit.db", "/var/lib/tiergate/audit.db"),
        ("sqlite:////audit.db", "/audit.db"),
        ("sqlite:///audit.db", "{cwd}/audit.db"),
        ("sqlite:///./data/audit.db", "{cwd}/data/audit.db"),
        ("sqlite:///../audit.db", "{cwd}/../audit.db"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_sqlite_urls(url: str, path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert sqlite_path(url) == path.format(cwd=tmp_path)


@pytest.mark.parametrize(
    "url",
    [
        "mysql://x",
        "audit.db",
        "/var/audit.db",
        "sqlite://",
        "sqlite:///",
        "sqlite://host/x.db",
    ],
)
def test_unknown_or_empty_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError) as err:
        AuditStore.open(url)
    assert repr(url) in str(err.value)
    assert "audit.url" in str(err.value)


def test_relative_url_opens_in_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with AuditStore.open("sqlite:///rel.db") as s:
        s.write(rec())
    assert (tmp_path / "rel.db").is_file()
    assert AuditStore.exists("sqlite:///rel.db")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TIERGATE_DATA_DIR": "{tmp}/td", "XDG_DATA_HOME": "{tmp}/xdg"}, "{tmp}/td/audit.db"),
        ({"XDG_DATA_HOME": "{tmp}/xdg"}, "{tmp}/xdg/tiergate/audit.db"),
        ({"HOME": "{tmp}/home"}, "{tmp}/home/.local/share/tiergate/audit.db"),
    ],
)
def test_default_url_follows_data_dir(
    env: dict[str, str], expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("TIERGATE_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    url = default_audit_url()
    assert url == "sqlite://" + expected.format(tmp=tmp_path)
    assert not AuditStore.exists(url)
    with AuditStore.open(url) as s:  # the folder is created on first use
        s.write(rec())
    assert Path(expected.format(tmp=tmp_path)).is_file()


def test_not_a_database_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "audit.db"
    bad.write_bytes(b"this is not sqlite, " * 100)
    with pytest.raises(ConfigError, match="cannot use audit database"):
        AuditStore.open(f"sqlite://{bad}")


def test_folder_that_cannot_be_created_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(ConfigError, match="cannot open audit database"):
        AuditStore.open(f"sqlite://{tmp_path}/file/sub/audit.db")


# --- schema and migrations ---------------------------------------------------------------


def test_every_record_field_has_a_column(url: str) -> None:
    AuditStore.open(url).close()
    conn = sqlite3.connect(url.removeprefix("sqlite://"))
    cols = [r[1] for r in conn.execute("PRAGMA table_info(audit_records)")]
    assert cols == ["id", *COLUMNS, "seq", "prev_hash", "hash"]
    assert list(COLUMNS) == [f.name for f in dataclasses.fields(AuditRecord)]
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_migrations_apply_once_and_are_idempotent(url: str) -> None:
    path = url.removeprefix("sqlite://")
    for _ in range(3):
        with AuditStore.open(url) as s:
            s.write(rec())
    conn = sqlite3.connect(path, isolation_level=None)
    names = [name for name, _ in migrations.MIGRATIONS]
    assert names[0] == "m001_initial"
    assert migrations.applied(conn) == names
    assert migrations.migrate(conn) == []
    assert conn.execute("SELECT count(*) FROM migrations").fetchone() == (len(names),)
    assert conn.execute("SELECT count(*) FROM audit_records").fetchone() == (3,)


def test_migration_names_are_ordered_and_unique() -> None:
    names = [name for name, _ in migrations.MIGRATIONS]
    assert len(set(names)) == len(names)
    assert names == sorted(names)
    assert all(n[0] == "m" and n[1:4].isdigit() and n[4] == "_" for n in names)


def test_concurrent_opens_of_a_new_file_apply_each_migration_once(url: str) -> None:
    errors: list[BaseException] = []

    def open_close() -> None:
        try:
            AuditStore.open(url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_close) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    conn = sqlite3.connect(url.removeprefix("sqlite://"), isolation_level=None)
    assert migrations.applied(conn) == [name for name, _ in migrations.MIGRATIONS]


# --- reading back ------------------------------------------------------------------------


def test_round_trip_keeps_every_field(store: AuditStore) -> None:
    full = rec(
        7,
        client="ci",
        model_requested="auto",
        provider="office-llm",
        provider_model="llama-3.1-70b",
        jurisdiction="DE",
        self_hosted=True,
        input_tier=3,
        egress_tier=2,
        reasons=("SECRET", "PII"),
        finding_counts={"API_KEY": 1, "EMAIL": 3},
        fingerprints=("a1" * 16, "b2" * 16),
        redacted=1,
        pseudonymised=3,
        attempts=("office-llm:500", "office-llm:200"),
        stream=True,
        prompt_tokens=900,
        completion_tokens=45,
        latency_ms=1.25,
        upstream_ms=310.5,
        error=None,
    )
    bare = rec(8, outcome="bad_request", status=400, error="malformed JSON")
    store.write(full)
    store.write(bare)
    assert store.tail(2) == [full, bare]
    assert list(store.iter()) == [full, bare]
    assert store.tail(1)[0].self_hosted is None


def test_tail_is_newest_last_in_write_order(store: AuditStore) -> None:
    # written out of time order: tail follows the order written, not the timestamps
    order = [5, 1, 9, 3, 7]
    for i in order:
        store.write(rec(i))
    assert [r.request_id for r in store.tail(3)] == ["req-9", "req-3", "req-7"]
    assert [r.request_id for r in store.tail(100)] == [f"req-{i}" for i in order]
    assert store.tail(0) == []


def test_iter_since_and_paging(store: AuditStore) -> None:
    n = 1234  # more than two pages
    for i in range(n):
        store.write(rec(i))
    assert [r.request_id for r in store.iter()] == [f"req-{i}" for i in range(n)]
    since = 1_800_000_000.0 + 1000
    assert [r.request_id for r in store.iter(since)] == [f"req-{i}" for i in range(1000, n)]


def test_follow_yields_the_tail_then_new_records(store: AuditStore) -> None:
    for i in range(5):
        store.write(rec(i))
    seen: list[str] = []
    feed = store.follow(2, interval=0.01)
    seen += [next(feed).request_id, next(feed).request_id]
    writer = threading.Thread(target=lambda: [store.write(rec(i)) for i in range(5, 9)])
    writer.start()
    seen += [next(feed).request_id for _ in range(4)]
    writer.join()
    feed.close()
    assert seen == ["req-3", "req-4", "req-5", "req-6", "req-7", "req-8"]


def test_follow_with_nothing_old(store: AuditStore) -> None:
    store.write(rec(0))
    feed = store.follow(0, interval=0.01)
    threading.Timer(0.05, lambda: store.write(rec(1))).start()
    assert next(feed).request_id == "req-1"
    feed.close()


def test_writes_from_many_threads(store: AuditStore) -> None:
    def write(k: int) -> None:
        for j in range(200):
            store.write(rec(k * 1000 + j))

    threads = [threading.Thread(target=write, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = Counter(r.request_id for r in store.iter())
    assert len(ids) == 1600 and set(ids.values()) == {1}


def test_memory_store() -> None:
    with AuditStore.open("sqlite:///:memory:") as s:
        s.write(rec(1))
        assert s.report().total == 1


def test_use_after_close_is_an_audit_error(url: str) -> None:
    s = AuditStore.open(url)
    s.close()
    s.close()
    with pytest.raises(AuditError, match="audit database"):
        s.write(rec())


# --- what the file holds: types, counts, fingerprints; never a value ----------------------


def _fake_token(rng: random.Random) -> str:
    return "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))


def test_database_file_holds_no_values(url: str) -> None:
    rng = random.Random(7)
    key = b"audit-fingerprint-key-for-tests"
    samples = [
        "quentin.zylberstein@example.org",
        "Quentin Zylberstein",
        "DE89 3704 0044 0532 0130 00",
        "+49 30 901820",
        _fake_token(rng),
        "postgres://admin:Hunter2-not-real@db.internal:5432/app",
    ]
    text = (
        f"Please ask {samples[1]} ({samples[0]}, phone {samples[3]}) to pay into "
        f"IBAN {samples[2]}; token {samples[4]}; db {samples[5]}"
    )
    result = tiergate.classify(text)
    assert result.findings  # the engine did find things to record
    values = [f.value(text) for f in result.findings]
    record = rec(
        1,
        input_tier=result.tier,
        egress_tier=result.egress_tier,
        reasons=result.reasons,
        finding_counts=dict(Counter(f.type for f in result.findings)),
        fingerprints=tuple(
            hmac.new(key, v.encode(), hashlib.sha256).hexdigest()[:32] for v in values
        ),
        redacted=2,
        pseudonymised=3,
        provider="office-llm",
        self_hosted=True,
    )
    with AuditStore.open(url) as s:
        for _ in range(50):
            s.write(record)
        assert s.tail(1) == [record]
    path = Path(url.removeprefix("sqlite://"))
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert record.fingerprints[0].encode() in raw  # what is stored is readable…
    for v in {*samples, *values}:  # …and no value is
        for form in {v, v.replace(" ", "")}:
            assert form.encode() not in raw, "a value reached the audit file"
