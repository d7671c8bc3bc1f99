"""Numbers after their label (bank account, medical record and insurance member numbers):
the separator between a label and its value, and the filters that drop made-up numbers.
"""

from __future__ import annotations

import itertools

from tiergate.detect.filters import Filter, is_masked, is_placeholder
from tiergate.detect.validators import digits_of

LABEL_SEP = r"(?:\s*(?:is|ist|est|es|lautet)\s|为|是|：)?[\s:：#=|.\-]{0,6}"
"""Between a label and its value: ``: ``, `` # ``, `` is ``, ``lautet``, ``为``, ``：``."""


def is_sequential(value: str) -> bool:
    """Digits counting up or down by one (``12345678``, ``987654321``): a made-up number."""
    d = [int(c) for c in digits_of(value)]
    if len(d) < 6:
        return False
    steps = {(b - a) % 10 for a, b in itertools.pairwise(d)}
    return steps in ({1}, {9})


def is_one_digit(value: str) -> bool:
    """One digit repeated (``00000000``): a filler, not a number."""
    return len(set(digits_of(value))) <= 1


NUMBER_FILTERS: tuple[Filter, ...] = (is_placeholder, is_masked, is_one_digit, is_sequential)
