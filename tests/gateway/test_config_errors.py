"""A bad configuration file stops ``tiergate serve`` at once: exit code 2 and one line that
names the file and the key, without a traceback and without echoing a value from the file."""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

import pytest
import uvicorn
from served import clean_env, tiergate

from tiergate.cli import main

PROVIDER = "providers:\n  - name: cloud\n    base_url: http://127.0.0.1:9/v1\n    models: [m1]\n"
KEY = "sk-test-" + secrets.token_hex(16)  # must never be echoed


def provider(*lines: str) -> str:
    return PROVIDER + "".join(f"    {ln}\n" for ln in lines)


CASES = [
    # (name, YAML, key path named in the error (None: a YAML error), words of the message)
    ("yaml", "providers: [ {name: a\n", None, "not valid YAML at line 2"),
    ("top-key", "provders: []\n", "provders", "Extra inputs"),
    ("provider-key", provider("colour: red"), "providers.0.colour", "Extra inputs"),
    ("wire", provider("wire: gemini"), "providers.0.wire", "'openai' or 'anthropic'"),
    (
        "no-models",
        "providers:\n  - {name: a, base_url: 'http://127.0.0.1:9/v1'}\n",
        "providers.0.models",
        "Field required",
    ),
    (
        "empty-models",
        "providers:\n  - {name: a, base_url: 'http://127.0.0.1:9/v1', models: []}\n",
        "providers.0.models",
        "at least 1",
    ),
    ("base-url", PROVIDER.replace("http://127.0.0.1:9/v1", "ftp://x"), "providers.0.base_url", ""),
    ("catalog", provider("catalog: nope"), "providers.0.catalog", "unknown provider 'nope'"),
    ("facts", provider("facts: {flying: true}"), "providers.0.facts.flying", "Extra inputs"),
    (
        "price",
        provider("prices: {input: -1, output: 2}"),
        "providers.0.prices.input",
        "greater than or equal to 0",
    ),
    ("keys-as-mapping", provider(f"api_keys: {{main: {KEY}}}"), "providers.0.api_keys", ""),
    ("duplicate", PROVIDER + PROVIDER[len("providers:\n") :], "providers", "repeated: cloud"),
    ("prefer", "routing: {prefer: fastest}\n", "routing.prefer", "'order' or 'cheapest'"),
    ("port", "server: {port: 70000}\n", "server.port", "65535"),
    ("audit", "audit: {url: 'mysql://tg:hunter2-db@db/audit'}\n", "audit.url", "sqlite:///"),
    ("policy", "policy: missing-policy.yaml\n", "policy", "not found"),
]


@pytest.fixture(autouse=True)
def never_serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A configuration that wrongly passes must fail the test, not serve forever."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tiergate serve accepted a bad configuration")

    monkeypatch.setattr(uvicorn, "run", refuse)
    monkeypatch.setenv("TIERGATE_DATA_DIR", str(tmp_path / "data"))


@pytest.mark.parametrize(
    ("yaml_text", "key", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_config_names_file_and_key(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    yaml_text: str,
    key: str | None,
    words: str,
) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(yaml_text, "utf-8")
    code = main(["serve", "--config", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"tiergate: error: {path}")
    if key is not None:
        assert f"key '{key}'" in line
    assert words in line
    assert KEY not in line and "hunter2" not in line


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nowhere.yaml"
    assert main(["serve", "--config", str(path)]) == 2
    assert capsys.readouterr().err == f"tiergate: error: {path}: file not found\n"


def test_bad_tiergate_config_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "env.yaml"
    path.write_text(provider("wire: grpc"), "utf-8")
    monkeypatch.setenv("TIERGATE_CONFIG", str(path))
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "key 'providers.0.wire'" in err


def test_the_real_process_exits_2_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(provider("timeout: -5"), "utf-8")
    done = subprocess.run(  # noqa: PLW1510  (the exit code is what is tested)
        tiergate("serve", "--config", str(path)),
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"tiergate: error: {path}, key 'providers.0.timeout': Input should be greater than 0"
    ]
