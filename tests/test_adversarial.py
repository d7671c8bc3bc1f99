"""A prompt is untrusted input: every detector stays linear-time on hostile text.

These are not benchmarks: the bound is generous (a linear scan of 1 MB takes well under a
second on any machine we run on); a backtracking pattern would take minutes or hours.
"""

from __future__ import annotations

import time

import pytest

import tiergate

MB = 1 << 20
CASES = {
    "one char": "a" * MB,
    "digits": "9" * MB,
    "spaces": " " * MB,
    "newlines": "\n" * MB,
    "separators": "-" * MB,
    "dots": "1." * (MB // 2),
    "digit groups": "1234 " * (MB // 5),
    "quotes": "\"'" * (MB // 2),
    "nested quotes": ("\"'" * 50 + "x") * (MB // 101),
    "equals": "password=" * (MB // 9),
    "keyword soup": "secret token key password api_key " * (MB // 34),
    "pem headers": "-----BEGIN " * (MB // 11),
    "jwt prefix": "eyJ" * (MB // 3),
    "urls": "://" * (MB // 3),
    "at signs": "a@" * (MB // 2),
    "mixed unicode": "é日€😀" * (MB // 4),
    "brackets": "([{<" * (MB // 4),
    "email-ish": "a.a." * (MB // 4) + "@",
    "base64 run": "QUJD" * (MB // 4),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_megabyte_of_hostile_text(name: str) -> None:
    text = CASES[name]
    t0 = time.perf_counter()
    tiergate.classify(text)
    elapsed = time.perf_counter() - t0
    assert elapsed < 5.0, f"{name}: {elapsed:.1f}s for 1 MB"


def test_lone_surrogates_and_control_characters() -> None:
    text = "abc\ud800def\x00\x1b[31m ghp_" + "\udfff" * 10
    c = tiergate.classify(text)
    assert c.tier >= 1
    for f in c.findings:
        assert 0 <= f.start < f.end <= len(text)
