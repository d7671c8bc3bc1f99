"""``extract.Rewrite``: a minimised request shares what it does not change and never
changes the client's request."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tiergate.extract import Rewrite, chat_request

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4)
    ),
    max_leaves=20,
)


def string_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, str) and path:
        return [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in string_paths(v, (*path, i))]
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in string_paths(v, (*path, k))]
    return []


def set_in_copy(value: Any, path: tuple[Any, ...], text: str) -> Any:
    out = copy.deepcopy(value)
    node = out
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = text
    return out


@given(JSON, st.data())
def test_same_as_a_deep_copy_and_the_original_untouched(value: Any, data: st.DataObject) -> None:
    paths = string_paths(value)
    chosen = data.draw(st.lists(st.sampled_from(paths), max_size=4)) if paths else []
    before = json.dumps(value, sort_keys=True)
    expected = value
    rewrite = Rewrite(value)
    for i, path in enumerate(chosen):
        expected = set_in_copy(expected, path, f"<{i}>")
        rewrite.set(path, f"<{i}>")
    assert rewrite.value == expected
    assert json.dumps(value, sort_keys=True) == before


def test_unchanged_messages_are_shared_not_copied() -> None:
    body = {
        "model": "auto",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": [{"type": "text", "text": "Write to Jane Doe."}]},
        ],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
    }
    (seg,) = [s for s in chat_request(body, "openai").segments if "Jane" in s.text]
    rewrite = Rewrite(body)
    rewrite.set(seg.path, "Write to [PERSON_1].")
    out = rewrite.value
    assert out["messages"][1]["content"][0]["text"] == "Write to [PERSON_1]."
    assert body["messages"][1]["content"][0]["text"] == "Write to Jane Doe."
    assert out["messages"][0] is body["messages"][0] and out["tools"] is body["tools"]
    assert out["messages"][1] is not body["messages"][1]
