"""``tiergate scan``: walking, .gitignore, binaries, output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import TOKEN


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(f'print("hi")\nTOKEN = "{TOKEN}"\n')
    (tmp_path / "src" / "ok.py").write_text("print('nothing to see')\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "out.txt").write_text(f"{TOKEN}\n")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "x.log").write_text(f"{TOKEN}\n")
    (tmp_path / "logs" / "keep.log").write_text(f"{TOKEN}\n")
    (tmp_path / ".gitignore").write_text("build/\n*.log\n!keep.log\n")
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\x00\x00" + TOKEN.encode())
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text(f"{TOKEN}\n")
    return tmp_path


def test_scan_json_respects_gitignore_and_skips_binaries(run_cli, tree: Path) -> None:
    r = run_cli("scan", str(tree), "--format", "json")
    assert r.code == 1  # a tier-3 file, default --fail-tier 3
    data = json.loads(r.out)
    paths = sorted(Path(f["path"]).relative_to(tree).as_posix() for f in data["files"])
    assert paths == ["logs/keep.log", "src/app.py"]
    app = next(f for f in data["files"] if f["path"].endswith("app.py"))
    (finding,) = app["findings"]
    assert (finding["line"], finding["column"]) == (2, 10)
    assert data["summary"]["skipped_binary"] == 1
    assert data["summary"]["files_scanned"] == 4  # app.py, ok.py, keep.log, .gitignore
    assert TOKEN not in r.out


def test_scan_no_gitignore(run_cli, tree: Path) -> None:
    data = json.loads(run_cli("scan", str(tree), "--format", "json", "--no-gitignore").out)
    paths = sorted(Path(f["path"]).relative_to(tree).as_posix() for f in data["files"])
    assert paths == ["build/out.txt", "logs/keep.log", "logs/x.log", "src/app.py"]


def test_explicit_file_is_scanned_even_if_ignored(run_cli, tree: Path) -> None:
    r = run_cli("scan", str(tree / "build" / "out.txt"), "--format", "json")
    assert len(json.loads(r.out)["files"]) == 1


@pytest.mark.parametrize(("fail_tier", "code"), [(3, 1), (2, 1), (1, 1)])
def test_fail_tier_exit_codes(run_cli, tree: Path, fail_tier: int, code: int) -> None:
    assert run_cli("scan", str(tree), "--fail-tier", str(fail_tier)).code == code


def test_clean_tree_exits_zero(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("just words\n")
    r = run_cli("scan", str(tmp_path))
    assert r.code == 0
    assert "1 files scanned" in r.out
    assert run_cli("scan", str(tmp_path), "--fail-tier", "1").code == 1


def test_sarif(run_cli, tree: Path) -> None:
    r = run_cli("scan", str(tree / "src"), "--format", "sarif")
    sarif = json.loads(r.out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "tiergate"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["github-pat"]
    (res,) = run["results"]
    assert res["level"] == "error" and res["ruleId"] == "github-pat"
    region = res["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["charLength"]) == (2, 10, 40)
    assert TOKEN not in r.out


def test_text_output_and_show_values(run_cli, tree: Path) -> None:
    r = run_cli("scan", str(tree / "src"))
    assert "app.py" in r.out and "2:10" in r.out and "github-pat" in r.out
    assert TOKEN not in r.out
    r = run_cli("scan", str(tree / "src"), "--show-values")
    assert TOKEN in r.out


def test_max_file_size(run_cli, tree: Path) -> None:
    data = json.loads(
        run_cli("scan", str(tree / "src"), "--format", "json", "--max-file-size", "30").out
    )
    assert data["summary"]["skipped_too_large"] == 1
