"""``tiergate audit tail`` and ``tiergate audit report``, run as a user runs them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tiergate.audit.record import AuditRecord
from tiergate.audit.store import AuditStore
from tiergate.cli import cli
from tiergate.cli.audit import audit_group

NOW = time.time()
SENTENCE_OK = "No tier-3 data reached a provider that is not self-hosted."


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until the lead registers ``audit`` in cli/__init__.py, add it for these tests."""
    if "audit" not in cli.commands:
        monkeypatch.setitem(cli.commands, "audit", audit_group)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERGATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TIERGATE_AUDIT_URL", raising=False)


def rec(i: int, **kw: Any) -> AuditRecord:
    base: dict[str, Any] = {
        "request_id": f"req-{i:03d}",
        "time": NOW - 3600 * (10 - i),
        "endpoint": "/v1/chat/completions",
        "client_format": "openai",
        "outcome": "ok",
        "status": 200,
        "provider": "minimax",
        "provider_model": "MiniMax-M1",
        "self_hosted": False,
        "input_tier": 1,
        "egress_tier": 1,
        "latency_ms": 1.5,
    }
    return AuditRecord(**(base | kw))


DAY = [
    rec(1),
    rec(2, input_tier=2, egress_tier=2, pseudonymised=2, finding_counts={"EMAIL": 2}),
    rec(3, input_tier=3, egress_tier=1, redacted=1, finding_counts={"API_KEY": 1}),
    rec(
        4,
        provider="ollama",
        self_hosted=True,
        input_tier=3,
        egress_tier=3,
        finding_counts={"SSN": 2},
    ),
    rec(
        5,
        provider=None,
        self_hosted=None,
        outcome="refused",
        status=403,
        input_tier=3,
        egress_tier=3,
        reasons=("HEALTH",),
    ),
]
LEAK = rec(9, input_tier=3, egress_tier=3, finding_counts={"IBAN": 1}, reasons=("FINANCIAL",))


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite://{tmp_path}/audit.db"


def fill(url: str, records: list[AuditRecord]) -> None:
    with AuditStore.open(url) as store:
        for r in records:
            store.write(r)


# --- tail --------------------------------------------------------------------------------


def test_tail_lines_oldest_first(run_cli, url: str) -> None:
    fill(url, DAY)
    r = run_cli("audit", "tail", "-n", "3", "--audit", url)
    assert r.code == 0, r.err
    header, *lines = r.out.splitlines()
    assert header.split()[:3] == ["TIME", "OUTCOME", "TIER"]
    assert [line.split()[-1] for line in lines] == ["req-003", "req-004", "req-005"]
    assert "3>1" in lines[0] and "API_KEY" in lines[0] and " ext " in lines[0]
    assert " self " in lines[1] and "SSN×2" in lines[1]
    assert "refused 403" in lines[2]


def test_tail_json_one_record_per_line(run_cli, url: str) -> None:
    fill(url, DAY)
    r = run_cli("audit", "tail", "--json", "--audit", url)
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert rows == [x.to_dict() for x in DAY]
    assert r.err == ""


def test_tail_reads_the_url_from_the_environment(run_cli, url: str, monkeypatch) -> None:
    fill(url, DAY[:1])
    monkeypatch.setenv("TIERGATE_AUDIT_URL", url)
    assert run_cli("audit", "tail", "--json").out.count("\n") == 1


def test_tail_default_file_in_the_data_folder(run_cli, tmp_path: Path) -> None:
    fill(f"sqlite://{tmp_path}/data/audit.db", DAY[:2])
    assert run_cli("audit", "tail", "--json").out.count("\n") == 2


@pytest.mark.parametrize("as_json", [False, True])
def test_tail_without_a_database_is_friendly_and_creates_nothing(
    run_cli, tmp_path: Path, as_json: bool
) -> None:
    r = run_cli("audit", "tail", *(["--json"] if as_json else []))
    assert r.code == 0
    said = r.err if as_json else r.out
    assert said.startswith("No audit database at sqlite://") and "yet" in said
    assert (r.out if as_json else r.err) == ""
    assert not (tmp_path / "data").exists()


def test_tail_of_an_empty_database(run_cli, url: str) -> None:
    AuditStore.open(url).close()
    r = run_cli("audit", "tail", "--audit", url)
    assert (r.code, r.out.strip()) == (0, f"No audit records yet in {url}.")


def test_bad_url_is_one_line_exit_2(run_cli) -> None:
    r = run_cli("audit", "tail", "--audit", "mysql://host/audit")
    assert r.code == 2
    assert r.err.count("\n") == 1 and "mysql://host/audit" in r.err


def _python_cli(*args: str) -> list[str]:
    code = (
        "import sys\n"
        "from tiergate.cli import cli, main\n"
        "from tiergate.cli.audit import audit_group\n"
        "cli.commands.setdefault('audit', audit_group)\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return [sys.executable, "-c", code, *args]


@pytest.fixture
def follower(url: str) -> Iterator[subprocess.Popen[str]]:
    args = ("audit", "tail", "-n", "1", "--json", "--follow", "--poll", "0.02", "--audit", url)
    with subprocess.Popen(
        _python_cli(*args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as proc:
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()


def test_follow_prints_new_records_until_ctrl_c(url: str, follower: subprocess.Popen[str]) -> None:
    fill(url, DAY[:2])  # may start before or after the follower finds the file
    assert follower.stdout is not None
    first = json.loads(follower.stdout.readline())["request_id"]
    assert first in {"req-001", "req-002"}
    fill(url, [LEAK])
    seen = [first]
    while seen[-1] != LEAK.request_id:
        seen.append(json.loads(follower.stdout.readline())["request_id"])
    follower.send_signal(signal.SIGINT)
    assert follower.wait(timeout=10) == 0
    assert seen in (["req-002", "req-009"], ["req-001", "req-002", "req-009"])


# --- report ------------------------------------------------------------------------------


def test_report_text(run_cli, url: str) -> None:
    fill(url, DAY)
    r = run_cli("audit", "report", "--audit", url)
    assert r.code == 0, r.err
    assert "Audit report: 5 requests" in r.out
    assert "Requests by input tier × provider" in r.out
    assert "Refused for policy reasons: 1 (by reason: HEALTH 1)" in r.out
    assert "Findings by type: EMAIL 2, SSN 2, API_KEY 1" in r.out
    assert r.out.rstrip().endswith(SENTENCE_OK)


def test_report_warns_in_bold_on_a_terminal(run_cli, url: str, monkeypatch) -> None:
    fill(url, [*DAY, LEAK])
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    r = run_cli("audit", "report", "--audit", url)
    warning = (
        "WARNING: 1 request with tier-3 data reached non-self-hosted providers "
        "[minimax (jurisdiction unknown): 1]: req-009."
    )
    assert warning in r.out
    before = r.out[: r.out.index(warning)]
    assert before.endswith("m") and "\x1b[1" in before[-12:]  # bold (and red)


def test_report_json_and_since(run_cli, url: str) -> None:
    old = rec(0, time=NOW - 30 * 86400, input_tier=3, egress_tier=3, finding_counts={"SSN": 1})
    fill(url, [old, *DAY])
    data = json.loads(run_cli("audit", "report", "--json", "--audit", url).out)
    assert data["total"] == 6
    assert data["tier3_reached_non_self_hosted"] == {
        "count": 1,
        "request_ids": ["req-000"],
        "by_provider_jurisdiction": [{"provider": "minimax", "jurisdiction": None, "count": 1}],
    }
    recent = json.loads(run_cli("audit", "report", "--json", "--since", "7d", "--audit", url).out)
    assert recent["total"] == 5
    assert recent["since"] == pytest.approx(time.time() - 7 * 86400, abs=60)
    assert recent["tier3_reached_non_self_hosted"]["count"] == 0
    assert recent["by_outcome"] == {"ok": 4, "refused": 1}
    assert {"tier": 3, "provider": "ollama", "count": 1} in recent["by_egress_tier"]
    assert recent["findings"] == {"EMAIL": 2, "SSN": 2, "API_KEY": 1}
    assert recent["tier3_sentence"] == SENTENCE_OK
    assert recent["audit_url"] == url


def test_report_empty_window(run_cli, url: str) -> None:
    fill(url, DAY)
    r = run_cli("audit", "report", "--since", "2099-01-01", "--audit", url)
    assert r.code == 0
    assert r.out.startswith("No audit records since 2099-01-01 00:00:00 in ")


def test_report_without_a_database(run_cli, tmp_path: Path) -> None:
    r = run_cli("audit", "report")
    assert r.code == 0 and r.out.startswith("No audit database at")
    r = run_cli("audit", "report", "--json")
    assert r.code == 0 and "No audit database" in r.err
    assert json.loads(r.out)["total"] == 0
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("since", ["yesterday", "24", "2026-13-01", "7 days"])
def test_report_bad_since_is_one_line_exit_2(run_cli, url: str, since: str) -> None:
    fill(url, DAY)
    r = run_cli("audit", "report", "--since", since, "--audit", url)
    assert r.code == 2
    assert r.out == ""
    assert r.err.count("\n") == 1 and "--since: cannot read" in r.err
