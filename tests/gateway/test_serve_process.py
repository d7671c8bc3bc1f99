"""``tiergate serve`` as a process, as an operator runs it: JSON logs on stderr (one object
per line, one access line per request, no value and no key), and ``SIGHUP`` reloading the
keys of the configuration file, or keeping them when the file is broken."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import yaml
from gwutil import KEY
from test_observe import FULL, SENSITIVE

from tiergate.testing import FakeProvider, api_key, provider_config, wait_for

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="needs POSIX signals")

OLD = "sk-serve-old-key-0001"
NEW = "sk-serve-new-key-0002"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Served:
    def __init__(self, proc: subprocess.Popen[str], port: int) -> None:
        self.proc = proc
        self.url = f"http://127.0.0.1:{port}"
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def logged(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def key_table(self) -> dict[str, dict[str, Any]]:
        data = httpx.get(self.url + "/admin/keys").json()
        return {k["key"]: k for p in data["providers"] for k in p["keys"]}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self._reader.join(timeout=5)
        if self.proc.stderr is not None:
            self.proc.stderr.close()


@contextmanager
def serve(config: Path, *args: str) -> Iterator[Served]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tiergate",
            "serve",
            "--config",
            str(config),
            "--port",
            str(port),
            *args,
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TIERGATE_PSEUDONYM_KEY": KEY},
    )
    served = Served(proc, port)
    try:
        assert wait_for(lambda: served.logged("listening on"), timeout=30), served.lines
        yield served
    finally:
        served.stop()


def write(path: Path, cheap: FakeProvider, local: FakeProvider, keys: list[str]) -> None:
    data = {
        "providers": [
            provider_config(cheap, "cheap", api_keys=keys, facts={"jurisdiction": "CN"}),
            provider_config(local, "local", facts={"self_hosted": True}),
        ],
        "audit": {"url": f"sqlite:///{path.parent / 'audit.db'}"},
    }
    path.write_text(yaml.safe_dump(data))


def test_json_logs_and_sighup_reload(
    tmp_path: Path, cheap: FakeProvider, local: FakeProvider
) -> None:
    config = tmp_path / "tiergate.yaml"
    write(config, cheap, local, [OLD])
    with serve(config, "--log-format", "json") as served:
        client = openai.OpenAI(base_url=served.url + "/v1", api_key="x", max_retries=0)
        with client:
            hi: Any = [{"role": "user", "content": "hi"}]
            client.chat.completions.create(model="auto", messages=hi)
            client.chat.completions.create(
                model="auto", messages=[{"role": "user", "content": FULL}]
            )
            # rotate in the file, then SIGHUP: the new key at once, the old one drains
            write(config, cheap, local, [NEW])
            served.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda: "…0002" in served.key_table(), timeout=10)
            assert served.key_table()["…0001"]["state"] == "draining"
            client.chat.completions.create(model="auto", messages=hi)
            assert list(served.key_table()) == ["…0002"]
            assert [api_key(h) for h in cheap.headers] == [OLD, NEW]
            # a broken file: the error is logged, the keys stay
            config.write_text("providers: [\n")
            served.proc.send_signal(signal.SIGHUP)
            assert wait_for(lambda: served.logged("key reload failed"), timeout=10)
            client.chat.completions.create(model="auto", messages=hi)
            assert served.key_table()["…0002"]["uses"] == 2
    lines = [json.loads(line) for line in served.lines]  # every line is one JSON object
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
    stderr = "\n".join(served.lines)
    for secret in [*SENSITIVE.values(), OLD, NEW]:
        assert secret not in stderr
