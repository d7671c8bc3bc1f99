"""Discovery without a configuration file: one provider per key variable, and where one key
can mean several plans, the least favourable one."""

from __future__ import annotations

import pytest

from tiergate.config import resolve_config


@pytest.mark.parametrize(
    ("variable", "expected"),
    [
        ("MISTRAL_API_KEY", ["mistral-free"]),  # the free plan trains on API data
        ("GEMINI_API_KEY", ["gemini-free"]),
        ("ANTHROPIC_API_KEY", ["anthropic"]),
    ],
)
def test_a_key_alone_assumes_the_least_favourable_plan(variable: str, expected: list[str]) -> None:
    config = resolve_config(None, {variable: "k-" + "x" * 30, "TIERGATE_DISCOVER_OLLAMA": "0"})
    assert [p.name for p in config.providers] == expected
    assert variable in config.providers[0].api_key_env
