"""The detection engine: offsets, keyword gating, overlaps, failing closed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

import tiergate
from test_cli import TOKEN
from tiergate.detect import Document, Rule, Scanner
from tiergate.errors import DetectorError
from tiergate.findings import Category, Explanation, Finding


@pytest.mark.parametrize("prefix", ["", "é", "日本語 ", "😀😀 ", "a\u0301 ", "İ " * 3])
def test_offsets_are_str_indices(prefix: str) -> None:
    text = f"{prefix}token {TOKEN} tail ü"
    (f,) = tiergate.classify(text).findings
    assert text[f.start : f.end] == TOKEN


def rule(id_: str, pattern: str, keywords: tuple[str, ...] = (), score: float = 0.8) -> Rule:
    return Rule(
        id=id_,
        type="TOKEN",
        category=Category.SECRET,
        pattern=pattern,
        keywords=keywords,
        score=score,
        filters=(),
    )


def test_gated_rule_runs_only_near_its_keyword() -> None:
    r = rule("t", r"[0-9]{6}", keywords=("pin",))
    s = Scanner([r])
    assert [f.detector for f in s.scan("pin 123456")] == ["t"]
    assert s.scan("123456 and nothing else") == []
    far = "pin" + " " * 1000 + "123456"
    assert s.scan(far) == []


def test_overlaps_keep_the_best() -> None:
    s = Scanner([rule("long", r"abc[0-9]{6}xyz", score=0.9), rule("short", r"[0-9]{6}", score=0.6)])
    (f,) = s.scan("abc123456xyz")
    assert f.detector == "long"


class Broken:
    id = "broken"
    keywords = ("boom",)
    context_words = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        raise ValueError(doc.text)  # a careless detector that would leak the text


def test_a_failing_detector_fails_closed_without_leaking() -> None:
    s = Scanner([Broken()])
    assert s.scan("quiet") == []
    with pytest.raises(DetectorError) as exc:
        s.scan("boom secret-value-123")
    assert "secret-value-123" not in str(exc.value)
    assert "broken" in str(exc.value) and exc.value.__cause__ is None


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="share the id"):
        Scanner([rule("x", "a"), rule("x", "b")])


def test_signal_findings_do_not_suppress_values() -> None:
    class Marking:
        id = "marking"
        keywords = ("confidential",)
        context_words = ()

        def detect(self, doc: Document) -> Iterator[Finding]:
            yield Finding(
                0,
                len(doc.data),
                "CONFIDENTIALITY_MARKING",
                Category.PROPRIETARY,
                "marking",
                1.0,
                Explanation("m"),
            )

    s = Scanner([Marking(), rule("t", r"[0-9]{6}", score=0.6)])
    assert {f.detector for f in s.scan("CONFIDENTIAL 123456")} == {"marking", "t"}


def test_nested_and_overlapping_keywords_all_gate() -> None:
    inner = rule("inner", r"pass[0-9]{4}", keywords=("pass",))
    outer = rule("outer", r"word[0-9]{4}", keywords=("password",))
    tail = rule("tail", r"dx[0-9]{4}", keywords=("wordx",))  # overlaps "password" partly
    s = Scanner([inner, outer, tail])
    assert {f.detector for f in s.scan("pass1234 password word5678 passwordx dx9999")} == {
        "inner",
        "outer",
        "tail",
    }


def test_named_value_group_marks_the_span() -> None:
    r = rule("pw", r"password=(?P<v>[a-z0-9]{8})", keywords=("password",))
    (f,) = Scanner([r]).scan("x password=abcd1234 y")
    assert (f.start, f.end) == (11, 19)


def test_generic_detectors_run_last_and_see_claimed_spans() -> None:
    seen: list[bool] = []

    class Generic:
        id = "generic"
        keywords = ()
        context_words = ()
        generic = True

        def detect(self, doc: Document) -> Iterator[Finding]:
            seen.append(doc.claimed(4, 10))
            seen.append(doc.claimed(0, 10))
            return iter(())

    Scanner([Generic(), rule("t", r"[0-9]{6}")]).scan("pin 123456")
    assert seen == [True, False]


def test_overlap_clusters_are_resolved_independently() -> None:
    s = Scanner(
        [rule("six", r"[0-9]{6}", score=0.6), rule("pair", r"[0-9]{3} [0-9]{3}", score=0.7)]
    )
    found = s.scan("123456 and 123 456 and 654321")
    assert [(f.detector, f.start) for f in found] == [("six", 0), ("pair", 11), ("six", 23)]


@pytest.mark.parametrize("text", ["numéro 123456", "NUMÉRO 123456", "Numéro 123456"])
def test_non_ascii_keywords_match_in_any_case(text: str) -> None:
    r = rule("fr", r"[0-9]{6}", keywords=("numéro",))
    assert [f.detector for f in Scanner([r]).scan(text)] == ["fr"]


def test_non_ascii_initial_capital() -> None:
    r = rule("de", r"[0-9]{6}", keywords=("überweisung",))
    assert [f.detector for f in Scanner([r]).scan("Überweisung 123456")] == ["de"]


WARM_CHILD = """
import sys
import re2
from tiergate.pipeline import Engine
engine = Engine()
if sys.argv[1] == "warm":
    engine.scanner.warm_up()
compiled = []
original = re2.compile
re2.compile = lambda *a, **k: compiled.append(1) or original(*a, **k)
engine.classify("Dear Maria Garcia, call +1 415 555 2671; card 4111 1111 1111 1111. SECRET")
print(len(compiled))
"""


@pytest.mark.parametrize("mode", ["warm", "cold"])
def test_warm_up_builds_what_scans_need(mode: str) -> None:
    """A fresh process: after ``warm_up`` a scan compiles nothing (without it, it does)."""
    out = subprocess.run(
        [sys.executable, "-c", WARM_CHILD, mode], capture_output=True, text=True, check=True
    )
    compiled = int(out.stdout)
    assert compiled == 0 if mode == "warm" else compiled > 0
