"""``tiergate providers``: the catalog as a table, as JSON, one entry with its sources."""

from __future__ import annotations

import json

import pytest

from tiergate.cli import cli
from tiergate.cli.providers import providers_cmd
from tiergate.providers.catalog import FACT_NAMES, load_catalog


@pytest.fixture(autouse=True)
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command as the ``tiergate`` group serves it (registered here until it is there)."""
    if "providers" not in cli.commands:
        monkeypatch.setitem(cli.commands, "providers", providers_cmd)


def test_table_lists_every_provider_with_its_facts(run_cli) -> None:
    r = run_cli("providers")
    assert r.code == 0, r.err
    for header in ("id", "wire", "jurisdiction", "trains on API data", "retention", "ZDR"):
        assert header in r.out
    lines = {line.split()[1]: line for line in r.out.splitlines() if line.startswith("│")}
    assert set(load_catalog().ids) <= set(lines)
    assert "CN" in lines["deepseek"] and "yes" in lines["deepseek"]
    assert "US" in lines["openai"] and "30 days" in lines["openai"]
    assert "available" in lines["openai"]
    assert "unknown" in lines["minimax"]
    assert "n/a" in lines["ollama"] and "yes" in lines["ollama"].split("│")[-2]


def test_json_is_one_object_with_every_fact(run_cli) -> None:
    r = run_cli("providers", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["version"] == load_catalog().version
    ids = [p["id"] for p in data["providers"]]
    assert ids == list(load_catalog().ids)
    by_id = {p["id"]: p for p in data["providers"]}
    for entry in data["providers"]:
        assert set(entry["facts"]) == set(FACT_NAMES)
    assert by_id["qwen-cn"]["facts"]["jurisdiction"] == "CN"
    assert by_id["ollama"]["facts"]["self_hosted"] is True
    assert by_id["ollama"]["api_key_env"] == []
    assert by_id["minimax"]["facts"]["trains_on_api_data"] is None
    src = by_id["openai"]["sources"]["retention_days"]
    assert src["url"].startswith("https://") and src["reviewed"] == "2026-11-28"


def test_show_prints_every_source_with_its_review_date(run_cli) -> None:
    r = run_cli("providers", "show", "openai")
    assert r.code == 0, r.err
    entry = load_catalog().get("openai")
    assert entry.base_url in r.out
    assert "OPENAI_API_KEY" in r.out
    for fact, src in entry.sources.items():
        assert src.url in r.out, fact
        assert f"reviewed {src.reviewed.isoformat()}" in r.out
    assert r.out.count("reviewed 2026-11-28") == len(entry.sources)


def test_show_explains_unknown_and_self_hosted(run_cli) -> None:
    r = run_cli("providers", "show", "ollama")
    assert r.code == 0, r.err
    assert "none needed" in r.out
    assert "does not apply" in r.out
    r = run_cli("providers", "show", "minimax")
    assert "unknown" in r.out
    assert "no source reviewed" in r.out  # zero_data_retention: neither stated nor explained


def test_show_json(run_cli) -> None:
    r = run_cli("providers", "show", "qwen-intl", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["id"] == "qwen-intl"
    assert data["facts"]["jurisdiction"] == "SG"
    assert data["sources"]["jurisdiction"]["url"].startswith("https://")


def test_unknown_id_is_a_one_line_error(run_cli) -> None:
    r = run_cli("providers", "show", "no-such-provider")
    assert r.code == 2
    assert r.out == ""
    lines = r.err.strip().splitlines()
    assert len(lines) == 1
    assert "no-such-provider" in lines[0] and "deepseek" in lines[0]
