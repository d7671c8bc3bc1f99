"""The hot path's JSON: orjson where it can, the standard library's answer where it cannot."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tiergate import jsonc
from tiergate.config import Config
from tiergate.testing import FakeProvider, provider_config, run_gateway

SAME_AS_STDLIB = [
    '{"a": 1, "b": [true, null, 2.5], "c": "é 中 \\n"}',
    '{"big": 123456789012345678901234567890}',  # orjson alone would make it a float
    '{"edge": 18446744073709551616, "neg": -9223372036854775809}',
    '{"x": NaN}',
    '"\\ud800 lone surrogate"',
]


@pytest.mark.parametrize("text", SAME_AS_STDLIB)
def test_loads_agrees_with_the_standard_library(text: str) -> None:
    for data in (text, text.encode()):
        got, want = jsonc.loads(data), json.loads(data)
        assert repr(got) == repr(want)  # repr: NaN != NaN, and int vs float must match


@pytest.mark.parametrize("text", ["", "{", "[1,]", "nul", b"\xff".decode("latin-1")])
def test_loads_refuses_what_is_not_json(text: str) -> None:
    with pytest.raises(ValueError):
        jsonc.loads(text)


@pytest.mark.parametrize(
    "value", [{"a": "é"}, {"big": 2**80}, ["\ud800"], {"n": [1, 2.5, None, True]}]
)
def test_dumps_is_valid_utf8_json_that_reads_back(value: object) -> None:
    out = jsonc.dumps(value)
    assert json.loads(out.decode("utf-8")) == value


def test_numbers_reach_the_provider_as_written(tmp_path: Path) -> None:
    with FakeProvider("openai") as fake:
        config = Config.model_validate(
            {
                "providers": [provider_config(fake, "p")],
                "audit": {"url": f"sqlite:///{tmp_path / 'audit.db'}"},
            }
        )
        with run_gateway(config) as gw:
            body = (
                b'{"model": "auto", "seed": 123456789012345678901234567890, "messages": '
                b'[{"role": "user", "content": "\\ud83d\\ude00 hello"}]}'
            )
            r = httpx.post(
                f"{gw.openai_base_url}/chat/completions",
                content=body,
                headers={"content-type": "application/json"},
            )
            assert r.status_code == 200, r.text
        assert fake.received[0]["seed"] == 123456789012345678901234567890
        assert fake.received[0]["messages"][0]["content"] == "😀 hello"
