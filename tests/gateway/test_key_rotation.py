"""Upstream key rotation through the public doors: a key file rewritten while an OpenAI SDK
client keeps sending (no request fails, the old key stops being used), the environment
reloaded on demand, a bad reload that changes nothing, and ``tiergate providers keys``."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest
import yaml
from gwutil import make_config, serving

from tiergate.config import load_config
from tiergate.testing import FakeProvider, api_key, provider_config, wait_for

OLD = "sk-old-rotation-key-0001"
NEW = "sk-new-rotation-key-0002"


def write_config(tmp: Path, *providers: dict[str, Any]) -> Path:
    path = tmp / "tiergate.yaml"
    data = {"providers": list(providers), "audit": {"url": f"sqlite:///{tmp / 'audit.db'}"}}
    path.write_text(yaml.safe_dump(data))
    return path


def keys_used(fake: FakeProvider, start: int = 0) -> list[str | None]:
    return [api_key(h) for h in list(fake.headers)[start:]]


class Traffic:
    """A thread that sends requests without pause (every other one streamed) and counts
    what fails."""

    def __init__(self, client: openai.OpenAI) -> None:
        self.client = client
        self.failures: list[str] = []
        self.sent = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        messages: Any = [{"role": "user", "content": "hi"}]
        while not self._done.is_set():
            try:
                if self.sent % 2:
                    with self.client.chat.completions.create(
                        model="auto", messages=messages, stream=True
                    ) as stream:
                        text = "".join(
                            c.choices[0].delta.content or "" for c in stream if c.choices
                        )
                else:
                    reply = self.client.chat.completions.create(model="auto", messages=messages)
                    text = reply.choices[0].message.content or ""
                if text != "ECHO: hi":
                    self.failures.append("wrong answer")
            except openai.APIError as exc:
                self.failures.append(type(exc).__name__)
            self.sent += 1

    def __enter__(self) -> Traffic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join(timeout=10)


def test_rotation_under_load_fails_no_request(tmp_path: Path, cheap: FakeProvider) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"{OLD}\n")
    config = load_config(
        write_config(
            tmp_path,
            provider_config(
                cheap, "cheap", api_key_files=["keys.txt"], facts={"jurisdiction": "CN"}
            ),
        )
    )
    cheap.accept_keys = {OLD}
    with serving(config) as (gw, client), Traffic(client) as traffic:
        pool = gw.gateway.providers[0].keys
        assert wait_for(lambda: traffic.sent >= 5)
        # the provider issues the new key; it goes into the file next to the old one
        cheap.accept_keys = {OLD, NEW}
        keys.write_text(f"{OLD}\n{NEW}\n")
        assert wait_for(lambda: NEW in keys_used(cheap))
        # the old key leaves the file: it drains, then it is removed
        keys.write_text(f"# rotated\n{NEW}\n")
        assert wait_for(lambda: [k.value for k in pool.keys] == [NEW])
        removed_at = len(cheap.headers)
        cheap.accept_keys = {NEW}  # and the provider revokes it
        assert wait_for(lambda: len(cheap.headers) > removed_at + 10)
        # the file caught empty (an editor writing it in two steps): the key stands in
        reloads = gw.gateway.reloader.reloads
        keys.write_text("# rotating\n")
        assert wait_for(lambda: gw.gateway.reloader.reloads > reloads)
        assert [k.draining for k in pool.keys] == [True]
        emptied_at = len(cheap.headers)
        assert wait_for(lambda: len(cheap.headers) > emptied_at + 10)
        keys.write_text(f"{NEW}\n")
        assert wait_for(lambda: [k.draining for k in pool.keys] == [False])
    assert traffic.failures == []
    assert set(keys_used(cheap, removed_at)) == {NEW}
    assert keys_used(cheap).count(OLD) >= 5
    assert gw.gateway.reloader.reloads >= 2


def test_environment_reload_on_demand(tmp_path: Path, cheap: FakeProvider) -> None:
    config = make_config(
        tmp_path,
        provider_config(cheap, "cheap", api_key_env=["CHEAP_KEY"], facts={"jurisdiction": "CN"}),
    )
    environ = {"CHEAP_KEY": OLD}
    with serving(config, environ) as (gw, client):
        client.chat.completions.create(model="auto", messages=[{"role": "user", "content": "a"}])
        environ["CHEAP_KEY"] = NEW
        gw.gateway.reloader.trigger()  # what SIGHUP does; from another thread
        pool = gw.gateway.providers[0].keys
        assert wait_for(lambda: NEW in [k.value for k in pool.keys])
        for _ in range(3):
            client.chat.completions.create(
                model="auto", messages=[{"role": "user", "content": "b"}]
            )
        assert keys_used(cheap) == [OLD, NEW, NEW, NEW]
        assert [(k.value, k.source) for k in pool.keys] == [(NEW, "env CHEAP_KEY")]


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda cfg, keys: cfg.write_text(cfg.read_text() + "  timeout: -1\n"), "timeout"),
        (lambda cfg, keys: cfg.write_text("providers: [\n"), "not valid YAML"),
        (lambda cfg, keys: keys.unlink(), "key file not found"),
    ],
)
def test_bad_reload_keeps_the_keys_and_says_why(
    tmp_path: Path,
    cheap: FakeProvider,
    caplog: pytest.LogCaptureFixture,
    breakage: Callable[[Path, Path], None],
    message: str,
) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"{OLD}\n")
    path = write_config(
        tmp_path,
        provider_config(
            cheap,
            "cheap",
            api_keys=["sk-config-key-in-a-broken-file-7777"],
            api_key_files=["keys.txt"],
            facts={"jurisdiction": "CN"},
        ),
    )
    caplog.set_level(logging.INFO, logger="tiergate")
    with serving(load_config(path)) as (gw, client):
        breakage(path, keys)
        gw.gateway.reloader.trigger()
        assert wait_for(lambda: gw.gateway.reloader.failures == 1)
        pool = gw.gateway.providers[0].keys
        assert [k.value for k in pool.keys] == ["sk-config-key-in-a-broken-file-7777", OLD]
        assert not any(k.draining for k in pool.keys)
        client.chat.completions.create(model="auto", messages=[{"role": "user", "content": "a"}])
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and message in errors[0].getMessage()
    assert "the keys in use are kept" in errors[0].getMessage()
    assert "sk-" not in caplog.text


def test_providers_keys_shows_state_masked(
    tmp_path: Path, cheap: FakeProvider, run_cli: Callable[..., Any]
) -> None:
    keys = tmp_path / "keys.txt"
    keys.write_text(f"{OLD}\n{NEW}\n")
    config = make_config(
        tmp_path,
        provider_config(
            cheap,
            "cheap",
            api_keys=["sk-config-key-3333"],
            api_key_files=[str(keys)],
            facts={"jurisdiction": "CN"},
        ),
    )
    with serving(config) as (gw, client):
        cheap.accept_keys = {OLD, NEW}  # the config's key is refused: 401, it cools down
        for _ in range(3):
            client.chat.completions.create(
                model="auto", messages=[{"role": "user", "content": "a"}]
            )
        r = run_cli("providers", "keys", "--url", gw.url)
        assert r.code == 0, r.err
        rows = {line.split("│")[2].strip(): line for line in r.out.splitlines() if "│" in line}
        assert "cooling (300 s left)" in rows["…3333"] and "HTTP 401" in rows["…3333"]
        assert "active" in rows["…0001"] and "file" in rows["…0001"]
        assert "HTTP 200" in rows["…0002"]
        r = run_cli("providers", "keys", "--url", gw.url, "--json")
        data = json.loads(r.out)
    (provider,) = data["providers"]
    by_key = {k["key"]: k for k in provider["keys"]}
    assert by_key["…3333"]["state"] == "cooling" and by_key["…3333"]["last_status"] == 401
    assert [by_key[k]["uses"] for k in ("…3333", "…0001", "…0002")] == [1, 2, 1]
    assert (by_key["…0001"]["source"], by_key["…3333"]["source"]) == (f"file {keys}", "config")
    for value in ("sk-config-key-3333", OLD, NEW):
        assert value not in r.out


def test_admin_answers_only_on_loopback(
    tmp_path: Path, cheap: FakeProvider, run_cli: Callable[..., Any]
) -> None:
    config = make_config(tmp_path, provider_config(cheap, "cheap", api_keys=[OLD]))
    with serving(config) as (gw, _):
        assert httpx.get(gw.url + "/admin/keys").status_code == 200
        # uvicorn trusts X-Forwarded-For from a proxy on 127.0.0.1: this is a remote client
        remote = httpx.get(gw.url + "/admin/keys", headers={"x-forwarded-for": "203.0.113.9"})
        assert remote.status_code == 403
        assert remote.json()["error"]["code"] == "admin_loopback_only"
    r = run_cli("providers", "keys", "--url", gw.url)
    assert r.code == 2 and "no gateway answers at" in r.err


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    from state.stateutil import unique_prefix  # noqa: PLC0415  (the Redis helpers)

    yield from unique_prefix()


def test_a_key_refused_on_one_replica_rests_on_the_other(
    tmp_path: Path, cheap: FakeProvider, redis_prefix: str
) -> None:
    from state.stateutil import REDIS_URL  # noqa: PLC0415

    first, second = "sk-replica-key-aaaa", "sk-replica-key-bbbb"
    provider = provider_config(
        cheap, "cheap", api_keys=[first, second], facts={"jurisdiction": "CN"}
    )
    state = {"url": REDIS_URL, "prefix": redis_prefix}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with (
        serving(make_config(tmp_path / "a", provider, state=state)) as (_, replica_a),
        serving(make_config(tmp_path / "b", provider, state=state)) as (gw_b, replica_b),
    ):
        cheap.accept_keys = {second}  # the first key is revoked at the provider
        hi: Any = [{"role": "user", "content": "hi"}]
        replica_a.chat.completions.create(model="auto", messages=hi)
        for _ in range(3):
            replica_b.chat.completions.create(model="auto", messages=hi)
        # replica B never tries the key replica A saw refused
        assert keys_used(cheap) == [first, second, second, second, second]
        shown = httpx.get(gw_b.url + "/admin/keys").json()["providers"][0]["keys"]
        assert [(k["key"], k["state"], k["uses"]) for k in shown] == [
            ("…aaaa", "cooling", 0),
            ("…bbbb", "active", 3),
        ]
