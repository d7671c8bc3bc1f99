"""The audit off the request's path, yet never losing an acknowledged record: kill -9 under
load then restart; PostgreSQL lost while serving (refuse: 503; buffer: served and written
later); and no value from a request anywhere in the audit database or its exports."""

from __future__ import annotations

import json
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
from gwutil import KEY
from served import clean_env, serving_process, write_config
from tcpproxy import TcpProxy

from audit_db import Db, database
from tiergate.audit.record import AuditRecord
from tiergate.audit.store import AuditStore
from tiergate.cli import main
from tiergate.config import Config
from tiergate.testing import FakeProvider, provider_config, run_gateway, wait_for

AUDIT_KEY = "durability-test-audit-key"


def ask(client: openai.OpenAI, text: str) -> tuple[int, str]:
    raw = client.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": text}]
    )
    return raw.status_code, raw.headers["x-tiergate-request-id"]


def test_kill_9_under_load_loses_no_acknowledged_record(
    tmp_path: Path, local: FakeProvider, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path / "gateway.yaml", provider_config(local, "local", facts={"self_hosted": True})
    )
    env = clean_env(tmp_path, TIERGATE_AUDIT_KEY=AUDIT_KEY)
    acknowledged: list[str] = []
    stop = threading.Event()

    def load(base_url: str) -> None:
        with openai.OpenAI(base_url=base_url, api_key="x", max_retries=0, timeout=5) as c:
            while not stop.is_set():
                try:
                    status, rid = ask(c, "What is the boiling point of water at altitude?")
                except openai.APIError:
                    return  # the server is gone
                if status == 200:
                    acknowledged.append(rid)

    with serving_process(tmp_path, env, "--config", str(config)) as served:
        threads = [threading.Thread(target=load, args=(served.openai_base_url,)) for _ in range(6)]
        for t in threads:
            t.start()
        assert wait_for(lambda: len(acknowledged) >= 150, timeout=20)
        assert served.stop(signal.SIGKILL) == -signal.SIGKILL  # mid-load, no clean-up
        stop.set()
        for t in threads:
            t.join(timeout=10)
    assert list((tmp_path / "audit.db-spool").glob("*.spool"))  # left behind by the killed one
    with serving_process(tmp_path, env, "--config", str(config)) as again:
        assert again.stop() in (0, -signal.SIGTERM)  # replayed the spool before it listened
    assert _missing(tmp_path, acknowledged) == set()
    assert list((tmp_path / "audit.db-spool").glob("*.spool")) == []
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIERGATE_AUDIT_KEY", AUDIT_KEY)
        assert main(["audit", "verify", "--config", str(config)]) == 0
    assert capsys.readouterr().out.startswith("chain intact: ")


def _missing(tmp: Path, ids: list[str]) -> set[str]:
    with AuditStore.open(f"sqlite://{tmp / 'audit.db'}") as s:
        stored = [r.request_id for r in s.iter()]
    assert len(stored) == len(set(stored)), "a replayed record was written twice"
    return set(ids) - set(stored)


# ---- PostgreSQL lost while serving ----------------------------------------------------------


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Db]:
    with database("postgres", tmp_path) as d:
        yield d


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    p = TcpProxy(("127.0.0.1", 5432))
    p.start()
    yield p
    p.stop()


def _config(tmp: Path, url: str, local: FakeProvider, on_failure: str) -> Config:
    return Config.model_validate(
        {
            "providers": [provider_config(local, "local", facts={"self_hosted": True})],
            "audit": {"url": url, "on_failure": on_failure, "spool": str(tmp / "spool")},
        }
    )


@pytest.mark.parametrize("on_failure", ["refuse", "buffer"])
def test_postgres_lost_while_serving(
    tmp_path: Path, pg: Db, proxy: TcpProxy, local: FakeProvider, on_failure: str
) -> None:
    url = pg.url.replace(":5432/", f":{proxy.port}/")
    config = _config(tmp_path, url, local, on_failure)
    served: list[str] = []
    with (
        run_gateway(config, {"TIERGATE_AUDIT_KEY": AUDIT_KEY}) as gw,
        openai.OpenAI(base_url=gw.openai_base_url, api_key="x", max_retries=0) as client,
    ):
        served.append(ask(client, "hello")[1])
        proxy.stop()
        refused: list[openai.APIStatusError] = []

        def lost() -> bool:
            try:
                served.append(ask(client, "during the outage")[1])
            except openai.APIStatusError as err:
                refused.append(err)
                return True
            return on_failure == "buffer" and len(served) >= 8 and not gw.gateway.audit.healthy

        assert wait_for(lost, timeout=15)
        if on_failure == "refuse":
            err = refused[-1]
            assert err.status_code == 503
            assert "audit database" in err.message and "unreachable" in err.message
            assert err.body["code"] == "audit_unavailable"  # type: ignore[index]
            r = httpx.post(
                f"{gw.url}/v1/messages",
                headers={"anthropic-version": "2023-06-01"},
                json={
                    "model": "auto",
                    "max_tokens": 5,
                    "messages": [{"role": "user", "content": "x"}],
                },
            )
            assert r.status_code == 503 and r.json()["error"]["type"] == "overloaded_error"
        else:
            assert refused == []  # served all along, records kept in the spool
            assert len(list((tmp_path / "spool").glob("*.spool"))) == 1
        proxy.start()

        def back() -> bool:
            try:
                served.append(ask(client, "after the outage")[1])
            except openai.APIStatusError:
                return False
            return True

        assert wait_for(back, timeout=15)
        assert gw.gateway.audit.flush(10)
        stored = {r.request_id for r in gw.gateway.audit.iter()}
    assert set(served) <= stored
    with AuditStore.open(pg.url) as store:
        outcomes = [r.outcome for r in store.iter()]
    assert ("audit_unavailable" in outcomes) == (on_failure == "refuse")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIERGATE_AUDIT_KEY", AUDIT_KEY)
        assert main(["audit", "verify", "--audit", pg.url]) == 0


# ---- no value anywhere ----------------------------------------------------------------------

VALUES = {
    "email": "quentin.zylberstein@acme-robotics.io",
    "name": "Quentin Zylberstein",
    "iban": "DE89 3704 0044 0532 0130 00",
    "phone": "+49 30 901820",
    "github": "ghp_" + "Xb7Qk2Lm9Np4Rs6Tv8Wy0Za3Cd5Ef7Gh1Jk2",
    "aws": "AKIA" + "QZ7YV3N5LRW2TX4M",
    "password": "Hunter2-not-real-9xq",
}
PROMPTS = [
    f"Please email {VALUES['name']} at {VALUES['email']} or call {VALUES['phone']}.",
    f"Pay the invoice into IBAN {VALUES['iban']} for {VALUES['name']}.",
    f"Why does this fail? GITHUB_TOKEN={VALUES['github']} aws_access_key_id={VALUES['aws']}",
    f"Connect with postgres://admin:{VALUES['password']}@db.internal:5432/app please",
]


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    with database(request.param, tmp_path) as d:
        yield d


def test_no_value_reaches_the_audit(
    tmp_path: Path,
    any_db: Db,
    local: FakeProvider,
    trusted: FakeProvider,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = Config.model_validate(
        {
            "providers": [
                provider_config(
                    trusted, "trusted", api_keys=["sk-ant-trusted-1"], facts={"jurisdiction": "US"}
                ),
                provider_config(local, "local", facts={"self_hosted": True}),
            ],
            "audit": {"url": any_db.url, "spool": str(tmp_path / "spool")},
        }
    )
    with (
        run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw,
        openai.OpenAI(base_url=gw.openai_base_url, api_key="x", max_retries=0) as client,
    ):
        for prompt in PROMPTS * 3:
            assert ask(client, prompt)[0] == 200
        for prompt in PROMPTS:  # streamed too
            for _ in client.chat.completions.create(
                model="auto", stream=True, messages=[{"role": "user", "content": prompt}]
            ):
                pass
        with pytest.raises(openai.BadRequestError):
            client.chat.completions.create(model="auto", messages=[{"role": "x", "content": 5}])  # type: ignore[misc, list-item]
        assert wait_for(lambda: len(gw.gateway.audit.tail(100)) == 17)
        records = gw.gateway.audit.tail(100)
    assert any(r.fingerprints for r in records) and any(r.finding_counts for r in records)
    haystacks: dict[str, bytes] = {}
    if any_db.path is not None:
        for p in any_db.path.parent.glob(any_db.path.name + "*"):
            haystacks[p.name] = p.read_bytes()
    else:
        for table in ("audit_records", "audit_chain", "migrations"):
            rows = any_db.sql(f"SELECT t::text FROM {table} AS t")
            haystacks[table] = "\n".join(r[0] for r in rows).encode()
        assert len(haystacks["audit_records"].splitlines()) == 17
    for p in (tmp_path / "spool").glob("*"):
        haystacks[p.name] = p.read_bytes()
    capsys.readouterr()
    for fmt in ("jsonl", "csv"):
        assert main(["audit", "export", "--format", fmt, "--audit", any_db.url]) == 0
        haystacks[f"export.{fmt}"] = capsys.readouterr().out.encode()
    assert main(["audit", "report", "--json", "--audit", any_db.url]) == 0
    haystacks["report"] = capsys.readouterr().out.encode()
    assert records[0].request_id.encode() in haystacks["export.jsonl"]
    for name, value in VALUES.items():
        for form in {value, value.replace(" ", ""), json.dumps(value)[1:-1]}:
            for where, data in haystacks.items():
                assert form.encode() not in data, f"the {name} reached {where}"


def test_gateway_prunes_by_retention_days(tmp_path: Path, local: FakeProvider) -> None:
    url = f"sqlite://{tmp_path / 'audit.db'}"
    old = time.time() - 40 * 86400
    with AuditStore.open(url, key=AUDIT_KEY.encode()) as s:
        s.append(
            [
                AuditRecord(f"old-{i}", old + i, "/v1/messages", "anthropic", "ok", 200)
                for i in range(5)
            ]
        )
    config = Config.model_validate(
        {
            "providers": [provider_config(local, "local", facts={"self_hosted": True})],
            "audit": {"url": url, "retention_days": 30},
        }
    )
    with (
        run_gateway(config, {"TIERGATE_AUDIT_KEY": AUDIT_KEY}) as gw,
        openai.OpenAI(base_url=gw.openai_base_url, api_key="x", max_retries=0) as client,
    ):
        rid = ask(client, "hello")[1]
        assert wait_for(lambda: gw.gateway.audit.chain_state().pruned == 5)
        assert [r.request_id for r in gw.gateway.audit.iter()] == [rid]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TIERGATE_AUDIT_KEY", AUDIT_KEY)
        assert main(["audit", "verify", "--audit", url]) == 0
