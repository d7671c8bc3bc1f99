"""Generators of valid (and deliberately invalid) identity, card and account numbers.

Every number is made here from random digits and its checksum, so the tests never hold a
real person's number. ``complete`` asks the validator for the check characters; the
detectors' own validators are tested against independent facts (published examples,
hand-computed check digits) in the test tables.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def complete(
    body: str,
    is_valid: Callable[[str], bool],
    alphabet: str = DIGITS,
    width: int = 1,
    fmt: Callable[[str], str] = lambda v: v,
) -> str | None:
    """``body`` followed by the ``width`` check characters that make it valid, if any."""
    for tail in itertools.product(alphabet, repeat=width):
        value = fmt(body + "".join(tail))
        if is_valid(value):
            return value
    return None


def make(
    rng: random.Random,
    body: Callable[[random.Random], str],
    is_valid: Callable[[str], bool],
    alphabet: str = DIGITS,
    width: int = 1,
    fmt: Callable[[str], str] = lambda v: v,
) -> str:
    """A valid number: random bodies until one can be completed."""
    for _ in range(2000):
        value = complete(body(rng), is_valid, alphabet, width, fmt)
        if value is not None:
            return value
    raise AssertionError("no valid number found")


def corrupt(value: str, is_valid: Callable[[str], bool]) -> str:
    """``value`` with its last digit changed so that the checksum fails."""
    last = max(i for i, ch in enumerate(value) if ch.isdigit())
    for d in DIGITS:
        bad = value[:last] + d + value[last + 1 :]
        if bad != value and not is_valid(bad):
            return bad
    raise AssertionError("every variant is valid")


def digits(rng: random.Random, n: int, first: str = DIGITS) -> str:
    return rng.choice(first) + "".join(rng.choice(DIGITS) for _ in range(n - 1))


def birth(rng: random.Random, century: bool = False) -> str:
    """A date of birth as (YY)YYMMDD."""
    year = rng.randint(1950, 1999)
    text = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return f"{year // 100}{text}" if century else text


def luhn_complete(body: str) -> str:
    """``body`` and its Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str(-total % 10)
