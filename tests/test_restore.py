"""Restoring placeholders, also when an answer is cut into arbitrary stream chunks."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiergate.restore import Restorer

MAP = {
    "[PERSON_3f9a1c]": "Quentin Zylberstein",
    "[EMAIL_0badf00d]": 'q."z"@example.org',
    "[DATE_OF_BIRTH_1a2b3c]": "14.03.1961",
}
ANSWER = (
    "Dear [PERSON_3f9a1c], we wrote to [EMAIL_0badf00d] on your birthday "
    "([DATE_OF_BIRTH_1a2b3c]). [PERSON_3f9a1c]! Unknown [PERSON_ffffff] and [brackets] [ stay."
)
EXPECTED = (
    'Dear Quentin Zylberstein, we wrote to q."z"@example.org on your birthday '
    "(14.03.1961). Quentin Zylberstein! Unknown [PERSON_ffffff] and [brackets] [ stay."
)


def test_whole_text() -> None:
    assert Restorer(MAP).text(ANSWER) == EXPECTED


@pytest.mark.parametrize("cut", range(len(ANSWER) + 1))
def test_cut_at_every_position(cut: int) -> None:
    s = Restorer(MAP).stream()
    out = s.push(ANSWER[:cut]) + s.push(ANSWER[cut:]) + s.flush()
    assert out == EXPECTED


def test_one_character_chunks_hold_back_only_partial_placeholders() -> None:
    s = Restorer(MAP).stream()
    emitted = []
    for ch in ANSWER:
        emitted.append(s.push(ch))
        # nothing is held unless the tail could still become a placeholder
        assert len(s._held) <= 1 + 40 + 1 + 16 + 1
    emitted.append(s.flush())
    assert "".join(emitted) == EXPECTED
    assert emitted[0] == "D"  # plain text passes at once


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(ANSWER)), max_size=12))
def test_any_chunking(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    pieces = [ANSWER[a:b] for a, b in zip([0, *points], [*points, len(ANSWER)], strict=True)]
    s = Restorer(MAP).stream()
    assert "".join(s.push(p) for p in pieces) + s.flush() == EXPECTED


@pytest.mark.parametrize("cut", range(0, 80))
def test_json_arguments_stay_valid(cut: int) -> None:
    args = json.dumps({"to": "[EMAIL_0badf00d]", "name": "[PERSON_3f9a1c]"})
    s = Restorer(MAP).stream(json_text=True)
    out = s.push(args[:cut]) + s.push(args[cut:]) + s.flush()
    assert json.loads(out) == {"to": 'q."z"@example.org', "name": "Quentin Zylberstein"}


def test_empty_map_passes_through() -> None:
    s = Restorer({}).stream()
    assert s.push("[PERSON_") == "[PERSON_"
