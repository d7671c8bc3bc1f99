"""Validators: named pure predicates that confirm a candidate (checksums, entropy).

"Patterns propose, validators decide": a rule's pattern finds candidates, and a failing
validator drops them. Validators take the matched value and return ``True`` when it is real.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Validator = Callable[[str], bool]


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value`` (counted with ``str.count``, which is several times
    faster than a Counter on the short values detectors judge). ``fsum`` is exact whatever
    the order of the terms: a plain ``sum`` in a set's order, which changes with the
    process's hash seed, moved the result's last digit from one process to the next."""
    n = len(value)
    if not n:
        return 0.0
    return math.log2(n) - math.fsum(c * math.log2(c) for c in map(value.count, set(value))) / n


def digits_of(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def luhn(value: str) -> bool:
    """The Luhn (mod 10) checksum over the digits of ``value``."""
    digits = digits_of(value)
    if len(digits) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_mod97(value: str) -> bool:
    """ISO 13616 check digits (mod 97 == 1)."""
    compact = "".join(value.split()).upper()
    if len(compact) < 15 or len(compact) > 34 or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    if rearranged.isascii():
        number = rearranged.translate(_BASE36)
    else:  # other Unicode digits count as their value; other letters raise, as int() does
        number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


# ISO 7064 for IBANs: digits stand for themselves, A for 10, …, Z for 35
_BASE36 = str.maketrans({c: str(int(c, 36)) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"})


def min_entropy(bits: float) -> Validator:
    """A validator that passes values with at least ``bits`` of Shannon entropy per char."""

    def check(value: str) -> bool:
        return shannon_entropy(value) >= bits

    check.__name__ = f"entropy>={bits:g}"
    return check
