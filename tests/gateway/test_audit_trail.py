"""The audit trail of real traffic, read back with ``tiergate audit tail`` and ``tiergate audit
report``: tier-1, tier-2 and tier-3 requests through both SDKs (sent, minimised, refused,
failed), counted by tier × provider, with the answer that no tier-3 data reached a provider
that is not self-hosted — and no value from any prompt in the output or in the database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import anthropic
import openai
import pytest
from gwutil import KEY, make_config, serving, three_providers
from test_openai_sdk import EMAIL, PATIENT, PII_PROMPT, github_token

from tiergate.cli import main
from tiergate.testing import FakeProvider, Reply

TOKEN = github_token(21)
SECRET_PROMPT = f"why does git reject {TOKEN}?"
VALUES = (
    EMAIL,
    "quentin.zylberstein",
    "acme-robotics",
    "John Smith",
    "14.03.1961",
    "metformin",
    TOKEN,
    TOKEN[4:20],
)
SAFE = "No tier-3 data reached a provider that is not self-hosted."


@dataclass
class Traffic:
    url: str
    folder: Path
    request_ids: list[str]


@pytest.fixture(scope="module")
def traffic(
    tmp_path_factory: pytest.TempPathFactory,
    cheap: FakeProvider,
    trusted: FakeProvider,
    local: FakeProvider,
) -> Iterator[Traffic]:
    """Seven requests through a gateway that has stopped (its database closed) afterwards."""
    tmp_path = tmp_path_factory.mktemp("traffic")
    config = make_config(tmp_path, *three_providers(cheap, trusted, local))
    ids: list[str] = []

    def chat(client: openai.OpenAI, content: str, model: str = "auto") -> None:
        raw = client.chat.completions.with_raw_response.create(
            model=model, messages=[{"role": "user", "content": content}]
        )
        ids.append(raw.headers["x-tiergate-request-id"])

    with serving(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as (gw, oai):
        chat(oai, "What is the boiling point of water?")  # 1 → cheap
        chat(oai, PII_PROMPT)  # 2 → trusted, pseudonymised
        chat(oai, PATIENT)  # 3 → local
        chat(oai, SECRET_PROMPT)  # 3 in, 1 out (token redacted) → cheap
        with pytest.raises(openai.PermissionDeniedError) as refused:
            chat(oai, PATIENT, model="cheap-model")  # 3 → refused
        ids.append(refused.value.response.headers["x-tiergate-request-id"])
        local.script(Reply(status=500))
        with pytest.raises(openai.InternalServerError) as failed:
            chat(oai, PATIENT)  # 3 → local, which fails; no fallback to a cloud
        ids.append(failed.value.response.headers["x-tiergate-request-id"])
        with (
            anthropic.Anthropic(base_url=gw.anthropic_base_url, api_key="x", max_retries=0) as ant,
            ant.messages.stream(
                model="auto", max_tokens=50, messages=[{"role": "user", "content": PII_PROMPT}]
            ) as stream,
        ):
            assert stream.get_final_message().content[0].type == "text"  # 2 → trusted
    yield Traffic(f"sqlite:///{tmp_path / 'audit.db'}", tmp_path, ids)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def cells(rows: list[dict[str, object]]) -> dict[tuple[object, object], object]:
    return {(r["tier"], r["provider"]): r["count"] for r in rows}


def test_report_counts_by_tier_and_provider(
    traffic: Traffic, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = cli(capsys, "audit", "report", "--json", "--audit", traffic.url)
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["total"] == 7
    assert cells(report["by_input_tier"]) == {
        (1, "cheap"): 1,
        (3, "cheap"): 1,  # the token: redacted, so it left at tier 1
        (2, "trusted"): 2,
        (3, "local"): 2,
        (3, None): 1,
    }
    assert cells(report["by_egress_tier"]) == {
        (1, "cheap"): 2,
        (2, "trusted"): 2,
        (3, "local"): 2,
        (3, None): 1,
    }
    assert report["by_outcome"] == {"ok": 5, "refused": 1, "upstream_error": 1}
    assert report["refused"] == 1
    exposed = report["tier3_reached_non_self_hosted"]
    assert (exposed["count"], exposed["request_ids"]) == (0, [])
    assert report["tier3_sentence"] == SAFE
    assert report["findings"]["EMAIL"] == 2


def table(out: str, title: str) -> dict[tuple[str, str], str]:
    """(provider, column) -> cell of the table under ``title`` in a printed report."""
    lines = out.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(title))
    at = next(i for i in range(start + 1, len(lines)) if "provider" in lines[i])
    header = lines[at]
    columns = [(h, header.index(h) + len(h)) for h in ("tier 1", "tier 2", "tier 3")]
    first = header.index("provider")
    found = {}
    for row in lines[at + 2 :]:
        if not row.strip():
            break
        name = row[first : columns[0][1] - len("tier 1")].strip()
        left = columns[0][1] - len("tier 1")
        for column, end in columns:
            found[name, column] = row[left:end].strip()
            left = end
    return found


def test_report_for_people(traffic: Traffic, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "audit", "report", "--audit", traffic.url)
    assert code == 0
    assert "7 requests" in out
    egress = table(out, "Requests by egress tier")
    assert {k: v for k, v in egress.items() if v} == {
        ("cheap", "tier 1"): "2",
        ("trusted", "tier 2"): "2",
        ("local", "tier 3"): "2",
        ("(not sent)", "tier 3"): "1",
    }
    assert table(out, "Requests by input tier")["cheap", "tier 3"] == "1"
    assert "Outcomes: ok 5, refused 1, upstream_error 1" in out
    assert out.rstrip().endswith(SAFE)


def test_tail_shows_every_request(traffic: Traffic, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "audit", "tail", "-n", "50", "--audit", traffic.url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("TIME") and len(lines) == 8
    for request_id, line in zip(traffic.request_ids, lines[1:7], strict=True):
        assert line.endswith(request_id)
    assert "refused 403" in lines[5] and "3>3" in lines[5]
    assert "3>1" in lines[4] and "cheap/cheap-model" in lines[4]
    code, out, _ = cli(capsys, "audit", "tail", "--json", "--audit", traffic.url)
    records = [json.loads(ln) for ln in out.splitlines()]
    assert [r["request_id"] for r in records[:6]] == traffic.request_ids
    assert [(r["egress_tier"], r["provider"], r["self_hosted"]) for r in records] == [
        (1, "cheap", False),
        (2, "trusted", False),
        (3, "local", True),
        (1, "cheap", False),
        (3, None, None),
        (3, "local", True),
        (2, "trusted", False),
    ]
    assert records[3]["redacted"] == 1 and records[1]["pseudonymised"] == 1
    assert records[6]["client_format"] == "anthropic" and records[6]["stream"] is True


def test_no_value_in_the_output_or_the_database(
    traffic: Traffic, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = ""
    for args in (("tail", "-n", "50"), ("tail", "--json"), ("report",), ("report", "--json")):
        code, out, err = cli(capsys, "audit", *args, "--audit", traffic.url)
        assert code == 0
        printed += out + err
    files = sorted(p for p in traffic.folder.rglob("*") if p.is_file())  # database, WAL, spool
    assert (traffic.folder / "audit.db").read_bytes().startswith(b"SQLite format 3")
    stored = b"".join(p.read_bytes() for p in files)
    for value in VALUES:
        assert value not in printed
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert value.encode(encoding) not in stored, value


def test_an_audit_url_with_a_password_is_never_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "audit", "report", "--audit", "mysql://tg:s3cret-pw@db/a")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "mysql" in err and "s3cret-pw" not in err
