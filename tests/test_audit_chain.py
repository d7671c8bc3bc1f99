"""The hash chain on both backends, through ``tiergate audit verify | export | prune``: an
intact chain passes; an edited, removed or reordered row is named; concurrent writers keep
one chain; retention keeps it verifiable."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from audit_db import Db, database
from tiergate.audit import migrations
from tiergate.audit.record import AuditRecord
from tiergate.audit.store import AuditStore
from tiergate.cli import main

NOW = time.time()
KEY = "audit-chain-key-for-tests-only"


def rec(i: int, **kw: Any) -> AuditRecord:
    base: dict[str, Any] = {
        "request_id": f"req-{i:03d}",
        "time": NOW - 1000 + i,
        "endpoint": "/v1/chat/completions",
        "client_format": "openai",
        "outcome": "ok",
        "status": 200,
        "provider": "trusted",
        "jurisdiction": "US",
        "self_hosted": False,
        "input_tier": 2,
        "egress_tier": 2,
        "finding_counts": {"EMAIL": 1},
        "latency_ms": 1.5,
    }
    return AuditRecord(**(base | kw))


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    with database(request.param, tmp_path) as d:
        yield d


@pytest.fixture(autouse=True)
def keyed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TIERGATE_AUDIT_KEY", KEY)
    monkeypatch.setenv("TIERGATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TIERGATE_AUDIT_URL", raising=False)
    monkeypatch.delenv("TIERGATE_CONFIG", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        cap = capsys.readouterr()
        return code, cap.out, cap.err

    return run


def fill(db: Db, n: int = 10) -> None:
    with AuditStore.open(db.url, key=KEY.encode()) as s:
        s.append([rec(i) for i in range(1, n + 1)])


def test_intact_chain_verifies(db: Db, cli: Callable[..., tuple[int, str, str]]) -> None:
    fill(db, 10)
    with AuditStore.open(db.url, key=KEY.encode()) as s:
        s.write(rec(11))
        s.append([rec(12), rec(13)])
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 0, out
    assert out.startswith("chain intact: 13 records")
    seqs = [r[0] for r in db.sql("SELECT seq FROM audit_records ORDER BY id")]
    assert seqs == list(range(1, 14))


def test_edited_row_is_named(db: Db, cli: Callable[..., tuple[int, str, str]]) -> None:
    fill(db)
    db.sql("UPDATE audit_records SET provider = 'cheap' WHERE seq = 4")
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 1
    assert "seq 4 (request req-004): edited" in out
    assert out.count("seq ") == 1  # only that row is named
    assert out.strip().endswith("chain broken: 1 problem in 10 records")


def test_removed_row_is_named(db: Db, cli: Callable[..., tuple[int, str, str]]) -> None:
    fill(db)
    db.sql("DELETE FROM audit_records WHERE seq = 6")
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 1
    assert "seq 6: removed: seq 6 missing after request req-005, before request req-007" in out
    assert "chain broken: 1 problem in 9 records" in out


def test_newest_rows_removed_are_named(db: Db, cli: Callable[..., tuple[int, str, str]]) -> None:
    fill(db)
    db.sql("DELETE FROM audit_records WHERE seq >= 9")
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 1
    assert "seq 9: removed: seq 9–10 missing after request req-008 (the newest)" in out


def test_swapped_rows_are_named(db: Db, cli: Callable[..., tuple[int, str, str]]) -> None:
    fill(db)
    # move row 3 to seq 7 and row 7 to seq 3, as someone reordering the trail would
    db.sql("UPDATE audit_records SET seq = -1 WHERE seq = 3")
    db.sql("UPDATE audit_records SET seq = 3 WHERE seq = 7")
    db.sql("UPDATE audit_records SET seq = 7 WHERE seq = -1")
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 1
    assert "seq 3 (request req-007): reordered: this row was written as seq 7" in out
    assert "seq 7 (request req-003): reordered: this row was written as seq 3" in out


def test_rewritten_hash_without_the_key_is_caught(
    db: Db, cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An intruder who edits a row and recomputes the whole chain without the key (plain
    SHA-256) is still caught: the hashes are HMACs under TIERGATE_AUDIT_KEY."""
    fill(db, 5)
    db.sql("UPDATE audit_records SET egress_tier = 1 WHERE seq = 2")
    with AuditStore.open(db.url) as unkeyed:
        state = unkeyed.chain_state()
        links = unkeyed.links(0, 100)
    from tiergate.audit.chain import GENESIS, link_hash  # noqa: PLC0415

    prev = GENESIS
    for link in links:
        h = link_hash(link.seq, prev, link.record, None)
        db.sql(
            "UPDATE audit_records SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, h, link.seq)
        )
        prev = h
    db.sql("UPDATE audit_chain SET head_hash = ? WHERE id = 1", (prev,))
    assert state.head_seq == 5
    code, out, err = cli("audit", "verify", "--audit", db.url)
    assert code == 1 and "seq 1 (request req-001): edited" in out
    assert "TIERGATE_AUDIT_KEY" in err  # every row fails: the hint names the key
    monkeypatch.delenv("TIERGATE_AUDIT_KEY")
    assert cli("audit", "verify", "--audit", db.url)[0] == 0  # (which SHA-256 alone accepts)


def test_concurrent_processes_keep_one_chain(
    db: Db, cli: Callable[..., tuple[int, str, str]]
) -> None:
    AuditStore.open(db.url, key=KEY.encode()).close()
    script = (
        "import sys, time\n"
        "from tiergate.audit.store import AuditStore\n"
        "from tiergate.audit.record import AuditRecord\n"
        "w = sys.argv[2]\n"
        "with AuditStore.open(sys.argv[1], key=sys.argv[3].encode()) as s:\n"
        "    for i in range(40):\n"
        "        recs = [AuditRecord(request_id=f'{w}-{i}-{j}', time=time.time(),\n"
        "                 endpoint='/v1/messages', client_format='anthropic',\n"
        "                 outcome='ok', status=200) for j in range(i % 3 + 1)]\n"
        "        s.append(recs)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, db.url, f"w{k}", KEY]) for k in range(4)
    ]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    per_writer = sum(i % 3 + 1 for i in range(40))
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 0, out
    assert out.startswith(f"chain intact: {4 * per_writer} records")


def test_retention_prunes_and_the_rest_still_verifies(
    db: Db, cli: Callable[..., tuple[int, str, str]]
) -> None:
    old = [rec(i, time=NOW - 40 * 86400 + i) for i in range(1, 6)]
    new = [rec(i) for i in range(6, 10)]
    with AuditStore.open(db.url, key=KEY.encode()) as s:
        s.append(old + new)
    code, out, _ = cli("audit", "prune", "--days", "30", "--audit", db.url)
    assert code == 0 and out.startswith("removed 5 records older than 30 days")
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 0, out
    assert out.startswith("chain intact: 4 records, after 5 pruned (anchor seq 5)")
    db.sql("DELETE FROM audit_records WHERE seq = 6")  # the oldest kept row
    code, out, _ = cli("audit", "verify", "--audit", db.url)
    assert code == 1 and "seq 6: removed: seq 6 missing (the oldest)" in out


def test_export_jsonl_and_csv(
    db: Db, cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    fill(db, 5)
    code, out, _ = cli("audit", "export", "--audit", db.url)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["request_id"] == "req-001" and rows[1]["prev_hash"] == rows[0]["hash"]
    assert rows[0]["finding_counts"] == {"EMAIL": 1}
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(NOW - 1000 + 4))
    target = tmp_path / "out.csv"
    code, _, err = cli(
        "audit", "export", "--format", "csv", "--since", since, "-o", str(target), "--audit", db.url
    )
    assert code == 0 and err.startswith(f"exported 2 records to {target}")
    table = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert [r["request_id"] for r in table] == ["req-004", "req-005"]
    assert json.loads(table[0]["finding_counts"]) == {"EMAIL": 1}


def test_report_by_jurisdiction(db: Db, cli: Callable[..., tuple[int, str, str]]) -> None:
    with AuditStore.open(db.url, key=KEY.encode()) as s:
        s.append(
            [
                rec(1),
                rec(2, finding_counts={"EMAIL": 2, "PHONE": 1}),
                rec(3, provider="cheap", jurisdiction="CN", egress_tier=1, finding_counts={}),
                rec(4, provider="cheap", jurisdiction="CN", input_tier=3, egress_tier=3),
                rec(5, provider="local", jurisdiction=None, self_hosted=True, egress_tier=3),
            ]
        )
    code, out, _ = cli("audit", "report", "--json", "--audit", db.url)
    data = json.loads(out)
    assert code == 0
    assert [
        (d["egress_tier"], d["provider"], d["jurisdiction"], d["self_hosted"], d["requests"])
        for d in data["by_tier_provider_jurisdiction"]
    ] == [
        (1, "cheap", "CN", False, 1),
        (2, "trusted", "US", False, 2),
        (3, "cheap", "CN", False, 1),
        (3, "local", None, True, 1),
    ]
    assert [d["findings"] for d in data["by_tier_provider_jurisdiction"]] == [0, 4, 1, 1]
    _, text, _ = cli("audit", "report", "--audit", db.url)
    local_rows = [line.split() for line in text.splitlines() if " local " in line]
    assert ["3", "local", "self-hosted", "1", "1"] in local_rows  # the jurisdiction table
    assert not any("unknown" in row for row in local_rows)
    t3 = data["tier3_reached_non_self_hosted"]
    assert t3["count"] == 1 and t3["request_ids"] == ["req-004"]
    assert t3["by_provider_jurisdiction"] == [
        {"provider": "cheap", "jurisdiction": "CN", "count": 1}
    ]
    code, out, _ = cli("audit", "report", "--audit", db.url)
    assert "by egress tier × provider × jurisdiction" in out
    assert any(line.split() == ["3", "cheap", "CN", "1", "1"] for line in out.splitlines())
    assert "reached non-self-hosted providers [cheap (CN): 1]: req-004." in out


def test_commands_read_the_config_s_backend(
    db: Db,
    cli: Callable[..., tuple[int, str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(db, 3)
    config = tmp_path / "gateway.yaml"
    config.write_text(f"audit: {{url: '{db.url}'}}\n", "utf-8")
    assert cli("audit", "verify", "--config", str(config))[1].startswith("chain intact: 3")
    monkeypatch.setenv("TIERGATE_CONFIG", str(config))
    for args, expected in (
        (("verify",), "chain intact: 3 records"),
        (("tail", "--json"), '"request_id": "req-003"'),
        (("export",), '"request_id": "req-003"'),
        (("report", "--json"), '"total": 3'),
    ):
        code, out, _ = cli("audit", *args)
        assert code == 0 and expected in out, args


def test_unreachable_postgres_is_one_clear_line(
    cli: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    url = "postgresql://tg:hunter2-db@127.0.0.1:1/audit"
    code, out, err = cli("audit", "verify", "--audit", url)
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("tiergate: error: cannot reach the audit database postgresql://tg:***@")
    assert "hunter2" not in err
    config = tmp_path / "gateway.yaml"
    config.write_text(f"audit: {{url: '{url}'}}\n", "utf-8")
    code, out, err = cli("serve", "--config", str(config), "--port", "9")
    assert code == 2 and "cannot reach the audit database" in err and "hunter2" not in err


def test_file_of_the_previous_version_gets_chained(
    tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
) -> None:
    """A SQLite file written before the chain existed (m001 only) is migrated: its rows are
    chained in the order they were written, and verify passes."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(migrations._CREATE_TABLE)
    for sql in migrations.M001_INITIAL:
        conn.execute(sql)
    conn.execute("INSERT INTO migrations VALUES ('m001_initial', 0)")
    from tiergate.audit.rows import COLUMNS, encode  # noqa: PLC0415

    for i in range(1, 4):
        conn.execute(
            f"INSERT INTO audit_records ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in COLUMNS)})",
            encode(rec(i)),
        )
    conn.close()
    url = f"sqlite://{path}"
    code, out, _ = cli("audit", "verify", "--audit", url)
    assert code == 0 and out.startswith("chain intact: 3 records"), out
    with AuditStore.open(url, key=KEY.encode()) as s:
        s.write(rec(4))
        assert [r.request_id for r in s.tail(4)] == ["req-001", "req-002", "req-003", "req-004"]
    assert cli("audit", "verify", "--audit", url)[1].startswith("chain intact: 4 records")
    conn = sqlite3.connect(path)
    assert migrations.applied(conn) == ["m001_initial", "m002_chain"]
