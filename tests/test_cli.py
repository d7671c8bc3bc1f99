"""The command line, as a user calls it: classify, scan, redact, and bad input."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tiergate.rules._provider_kit import base62


def fake_github_token(seed: int = 1) -> str:
    rng = random.Random(seed)
    body = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    return "ghp_" + body + base62(zlib.crc32(body.encode()), 6)


TOKEN = fake_github_token()


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    p = tmp_path / "policy.yaml"
    p.write_text(
        "terms:\n"
        "  - {category: PROPRIETARY, type: CODE_NAME, values: [Project Falcon]}\n"
        "  - {category: PII, type: PERSON, values: [Quentin Zylberstein]}\n"
    )
    return p


def test_classify_literal_text_public(run_cli) -> None:
    r = run_cli("classify", "How do transformers use attention?")
    assert r.code == 0
    assert "input tier 1" in r.out
    assert "no sensitive data found" in r.out


def test_classify_json_never_prints_values(run_cli) -> None:
    r = run_cli("classify", "--json", f"token {TOKEN}")
    data = json.loads(r.out)
    assert data["tier"] == 3 and data["egress_tier"] == 1
    assert data["reasons"] == ["SECRET"]
    (f,) = data["findings"]
    assert (f["start"], f["end"], f["type"], f["category"]) == (6, 46, "TOKEN", "SECRET")
    assert f["detector"] == "github-pat" and f["score"] > 0.9
    assert TOKEN not in r.out
    assert "github_crc32" in r.out  # the explanation names the validator


def test_classify_show_values(run_cli) -> None:
    r = run_cli("classify", "--json", "--show-values", f"token {TOKEN}")
    assert json.loads(r.out)["findings"][0]["value"] == TOKEN


def test_classify_terminal_output_masks_values(run_cli) -> None:
    r = run_cli("classify", f"token {TOKEN}")
    assert "input tier 3" in r.out and "github-pat" in r.out
    assert TOKEN not in r.out


def test_classify_file_and_stdin(run_cli, tmp_path: Path) -> None:
    f = tmp_path / "note.txt"
    f.write_text(f"deploy with {TOKEN}\n")
    by_file = json.loads(run_cli("classify", "--json", str(f)).out)
    by_stdin = json.loads(run_cli("classify", "--json", "-", stdin=f.read_text()).out)
    assert by_file["tier"] == by_stdin["tier"] == 3
    assert by_file["findings"] == by_stdin["findings"]


def test_classify_policy_terms(run_cli, policy: Path) -> None:
    r = run_cli("classify", "--json", "--policy", str(policy), "Status of project falcon?")
    data = json.loads(r.out)
    assert data["tier"] == 3 and data["reasons"] == ["PROPRIETARY"]
    assert data["findings"][0]["type"] == "CODE_NAME"


def test_classify_jsonl(run_cli) -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "a", "text": "hello world"}),
            json.dumps({"id": 7, "text": f"key {TOKEN}"}),
            json.dumps({"text": "no id here"}),
        ]
    )
    r = run_cli("classify", "--jsonl", "-", stdin=lines)
    assert r.code == 0
    rows = [json.loads(x) for x in r.out.splitlines()]
    assert [row["id"] for row in rows] == ["a", 7, 3]
    assert [row["tier"] for row in rows] == [1, 3, 1]
    assert set(rows[1]["findings"][0]) == {"start", "end", "type", "category", "detector", "score"}
    assert TOKEN not in r.out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"id": 1}', "'text' field is missing"),
        ('{"text": 5}', "'text' field is missing or not a string"),
        ('{"text": "x", "id": [1]}', "'id' field"),
    ],
)
def test_classify_jsonl_bad_lines(run_cli, line: str, message: str) -> None:
    r = run_cli("classify", "--jsonl", "-", stdin=json.dumps({"text": "ok"}) + "\n" + line)
    assert r.code == 2
    out = [json.loads(x) for x in r.out.splitlines()]
    assert out[0]["tier"] == 1
    assert out[1]["line"] == 2 and message in out[1]["error"]
    assert message in r.err and "Traceback" not in r.err


def test_redact_file(run_cli, tmp_path: Path, policy: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text(f"Quentin Zylberstein asked; token {TOKEN}; quentin zylberstein again\n")
    r = run_cli("redact", "--policy", str(policy), str(f))
    assert r.code == 0
    assert TOKEN not in r.out and "Zylberstein" not in r.out
    assert "[REDACTED:TOKEN]" in r.out
    placeholders = [w.strip(";") for w in r.out.split() if w.startswith("[PERSON_")]
    assert len(placeholders) == 2 and placeholders[0] == placeholders[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("classify", "--policy", "/nonexistent/p.yaml", "x"), "file not found"),
        (("redact", "/nonexistent/file.txt"), "no such file"),
        (("scan", "/nonexistent/dir"), "no such file or folder"),
        (("classify", "--jsonl", "/nonexistent.jsonl"), "cannot read"),
        (("scan", "--format", "xml", "."), "Invalid value"),
    ],
)
def test_bad_input_one_line_error(run_cli, args: tuple[str, ...], message: str) -> None:
    r = run_cli(*args)
    assert r.code == 2
    assert message in r.err
    assert "Traceback" not in r.err


def test_invalid_policy_names_file_and_key(run_cli, tmp_path: Path) -> None:
    p = tmp_path / "bad.yaml"
    p.write_text("categories:\n  SECRET: {tier: 5, action: redact}\n")
    r = run_cli("classify", "--policy", str(p), "x")
    assert r.code == 2
    assert str(p) in r.err and "categories.SECRET.tier" in r.err
    assert len(r.err.strip().splitlines()) == 1


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("tiergate")
    proc = subprocess.run(
        [str(exe), "classify", "--json", f"x {TOKEN}"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["tier"] == 3
    proc = subprocess.run(
        [sys.executable, "-m", "tiergate", "scan", "/nonexistent"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
