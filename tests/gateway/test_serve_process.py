"""``tiergate serve`` as a process, as an operator runs it: JSON logs on stderr (one object
per line, one access line per request, no value and no key), and ``SIGHUP`` reloading the
keys of the configuration file, or keeping them when the file is broken."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
from gwutil import KEY
from served import Served, clean_env, serving_process, write_config
from test_observe import FULL, SENSITIVE

from tiergate.testing import FakeProvider, api_key, provider_config, wait_for

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")

OLD = "sk-serve-old-key-0001"
NEW = "sk-serve-new-key-0002"


def key_table(served: Served) -> dict[str, dict[str, Any]]:
    data = httpx.get(served.url + "/admin/keys").json()
    return {k["key"]: k for p in data["providers"] for k in p["keys"]}


def write(path: Path, cheap: FakeProvider, local: FakeProvider, keys: list[str]) -> Path:
    return write_config(
        path,
        provider_config(cheap, "cheap", api_keys=keys, facts={"jurisdiction": "CN"}),
        provider_config(local, "local", facts={"self_hosted": True}),
    )


def test_json_logs_and_sighup_reload(
    tmp_path: Path, cheap: FakeProvider, local: FakeProvider
) -> None:
    config = write(tmp_path / "tiergate.yaml", cheap, local, [OLD])
    env = clean_env(tmp_path, TIERGATE_PSEUDONYM_KEY=KEY)
    with serving_process(tmp_path, env, "--config", str(config), "--log-format", "json") as served:
        client = openai.OpenAI(base_url=served.openai_base_url, api_key="x", max_retries=0)
        with client:
            hi: Any = [{"role": "user", "content": "hi"}]
            client.chat.completions.create(model="auto", messages=hi)
            client.chat.completions.create(
                model="auto", messages=[{"role": "user", "content": FULL}]
            )
            # rotate in the file, then SIGHUP: the new key at once, the old one drains
            write(config, cheap, local, [NEW])
            served.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda: "…0002" in key_table(served), timeout=10)
            assert key_table(served)["…0001"]["state"] == "draining"
            client.chat.completions.create(model="auto", messages=hi)
            assert list(key_table(served)) == ["…0002"]
            assert [api_key(h) for h in cheap.headers] == [OLD, NEW]
            # a broken file: the error is logged, the keys stay
            config.write_text("providers: [\n")
            served.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda: "key reload failed" in served.stderr(), timeout=10)
            client.chat.completions.create(model="auto", messages=hi)
            assert key_table(served)["…0002"]["uses"] == 2
    lines = served.log_lines()  # every line is one JSON object
    access = [x for x in lines if x["log"] == "access"]
    assert [(x["provider"], x["outcome"], x["egress_tier"]) for x in access] == [
        ("cheap", "ok", 1),
        ("local", "ok", 3),
        ("cheap", "ok", 1),
        ("cheap", "ok", 1),
    ]
    assert access[1]["findings"]["CREDIT_CARD"] == 1
    (failed,) = [x for x in lines if x["level"] == "error"]
    assert failed["log"] == "tiergate.keys" and str(config) in failed["message"]
    assert any(x["message"].startswith("listening on") for x in lines if x["log"] != "access")
    stderr = served.log.read_text("utf-8")
    for secret in [*SENSITIVE.values(), OLD, NEW]:
        assert secret not in stderr
