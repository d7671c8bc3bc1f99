"""Fake credentials for the provider secret tests: random, seeded, never real."""

from __future__ import annotations

import random
import string

HEX = "0123456789abcdef"
DIGITS = string.digits
LOWER = string.ascii_lowercase + string.digits
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "_-"
BASE64 = ALNUM + "+/"


class Fakes:
    """A seeded source of fake keys: each test module has its own, so its values do not
    depend on which other modules were imported first."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)

    def __call__(self, alphabet: str, n: int) -> str:
        """``n`` random characters of ``alphabet``, with a digit and (if it has letters of
        both cases) both cases, as real random keys nearly always have."""
        while True:
            value = "".join(self._rng.choice(alphabet) for _ in range(n))
            if alphabet == DIGITS:
                return value
            if any(c.isdigit() for c in alphabet) and not any(c.isdigit() for c in value):
                continue
            if any(c.isupper() for c in alphabet) and not any(c.isupper() for c in value):
                continue
            if any(c.islower() for c in alphabet) and not any(c.islower() for c in value):
                continue
            if len(set(value)) * 2 < min(n, len(alphabet)):
                continue
            return value

    def uuid(self) -> str:
        h = self(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
