"""The incremental SSE parser: any chunking, every line ending, comments, linear time."""

from __future__ import annotations

import random
import time

import pytest

from tiergate.wire.sse import ServerSentEvent, SSEParser, encode_event


def parse(data: bytes, cuts: list[int] | None = None) -> list[ServerSentEvent]:
    parser = SSEParser()
    events: list[ServerSentEvent] = []
    start = 0
    for cut in [*(cuts or []), len(data)]:
        events += parser.feed(data[start:cut])
        start = cut
    return events + parser.close()


E = ServerSentEvent
CASES: list[tuple[str, bytes, list[ServerSentEvent]]] = [
    ("lf", b"data: a\n\ndata: b\n\n", [E(None, "a"), E(None, "b")]),
    ("crlf", b"data: a\r\n\r\ndata: b\r\n\r\n", [E(None, "a"), E(None, "b")]),
    ("cr", b"data: a\r\rdata: b\r\r", [E(None, "a"), E(None, "b")]),
    ("mixed endings", b"data: a\r\n\ndata: b\r\r\n", [E(None, "a"), E(None, "b")]),
    ("event name", b"event: ping\ndata: {}\n\n", [E("ping", "{}")]),
    ("multi-line data", b"data: one\ndata: two\ndata:\n\n", [E(None, "one\ntwo\n")]),
    ("comment", b": keep-alive\n\ndata: x\n: mid\n\n", [E(None, "x")]),
    ("no space after colon", b"data:x\n\n", [E(None, "x")]),
    ("only one space stripped", b"data:  x\n\n", [E(None, " x")]),
    ("field without colon", b"data\n\n", [E(None, "")]),
    ("unknown fields ignored", b"retry: 10\nfoo: bar\ndata: x\n\n", [E(None, "x")]),
    ("event without data is dropped", b"event: x\n\ndata: y\n\n", [E(None, "y")]),
    ("id is remembered", b"id: 7\ndata: a\n\ndata: b\n\n", [E(None, "a", "7"), E(None, "b", "7")]),
    ("event name resets", b"event: a\ndata: 1\n\ndata: 2\n\n", [E("a", "1"), E(None, "2")]),
    ("utf-8", "data: grüße ✓ 🙂\n\n".encode(), [E(None, "grüße ✓ 🙂")]),
    ("invalid utf-8 replaced", b"data: \xff\n\n", [E(None, "\ufffd")]),
    ("unterminated last event", b"data: a\n\ndata: [DONE]", [E(None, "a"), E(None, "[DONE]")]),
    ("data with colons", b'data: {"a": "b:c"}\n\n', [E(None, '{"a": "b:c"}')]),
]


@pytest.mark.parametrize(("name", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parse(name: str, data: bytes, expected: list[ServerSentEvent]) -> None:
    assert parse(data) == expected


@pytest.mark.parametrize(("name", "data", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_split_position(name: str, data: bytes, expected: list[ServerSentEvent]) -> None:
    for cut in range(len(data) + 1):
        assert parse(data, [cut]) == expected, cut
    assert parse(data, list(range(1, len(data)))) == expected  # one byte at a time


def test_random_chunkings_of_a_long_stream() -> None:
    rng = random.Random(5)
    parts = []
    for i in range(200):
        eol = rng.choice([b"\n", b"\r\n", b"\r"])
        parts.append(b"event: e" + str(i).encode() + eol + b"data: " + "ü".encode() * i + eol + eol)
        if i % 7 == 0:
            parts.append(b": comment" + eol)
    data = b"".join(parts)
    expected = parse(data)
    assert len(expected) == 200 and expected[9] == E("e9", "ü" * 9)
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(data)), 300))
        assert parse(data, cuts) == expected


def test_cr_at_chunk_end_does_not_swallow_a_later_blank_line() -> None:
    # "\r" ends a line; the next chunk's "\n" belongs to it, the following "\n" is a blank line.
    parser = SSEParser()
    assert parser.feed(b"data: a\r") == []
    assert parser.feed(b"\n") == []
    assert parser.feed(b"\n") == [E(None, "a")]


def _elapsed(data: bytes, step: int) -> float:
    parser = SSEParser()
    began = time.perf_counter()
    for i in range(0, len(data), step):
        parser.feed(data[i : i + step])
    parser.close()
    return time.perf_counter() - began


@pytest.mark.parametrize(
    "unit",
    [b"a", b"\n", b"\r", b"\r\n", b"data: x\n\n", b":", b"data:"],
    ids=["one long line", "blank lines", "cr", "crlf", "events", "comment chars", "data fields"],
)
def test_linear_time(unit: bytes) -> None:
    small = _elapsed(unit * (400_000 // len(unit)), 64)
    large = _elapsed(unit * (1_600_000 // len(unit)), 64)
    assert large < 1.5
    assert large < 8 * small + 0.05  # 4x the input, far from 16x


def test_long_line_in_small_chunks_is_linear() -> None:
    data = b"data: " + b"x" * 300_000 + b"\n\n"
    began = time.perf_counter()
    events = parse(data, list(range(3, len(data), 3)))
    assert time.perf_counter() - began < 1.5
    assert events == [E(None, "x" * 300_000)]


@pytest.mark.parametrize(
    ("data", "event"),
    [("{}", None), ('{"a":1}', "message_start"), ("line one\nline two", "x"), ("", None)],
)
def test_encode_event_round_trip(data: str, event: str | None) -> None:
    encoded = encode_event(data, event)
    assert encoded.endswith(b"\n\n")
    assert parse(encoded) == [E(event, data)]
