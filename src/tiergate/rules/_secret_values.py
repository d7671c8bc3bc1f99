"""Pieces shared by the secret detectors that are not rules: the finding they report,
lenient base64 decoding, the stand-in passwords of documentation, and a look at the words
just before a value.
"""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from tiergate.detect.document import Document
from tiergate.detect.filters import is_masked, is_placeholder, word_set
from tiergate.findings import Category, Explanation, Finding

# Stand-ins for a password in documentation and defaults of local development set-ups.
_STAND_INS = word_set(
    """password passwd pass pwd pw p secret secrets changeme changeit change_me test testing
    example sample dummy fake foo bar baz qux foobar xxx xxxx yyy zzz abc abc123 123 1234
    12345 123456 password1 password123 pass1 pass2 pass123 secret1 secret123 mypassword mypass mysecret
    yourpassword your_password pa55word passw0rd p@ssw0rd p@ssword s3cret s3cr3t token
    apikey api_key key user username usr login postgres root admin guest mysql redis
    rabbitmq mongo mongodb tiger oracle sa default dbpass db_password dbpassword
    db_pass db_pwd postgrespw postgrespassword rootpassword rootpass adminpass admin123
    pgpass hunter2 letmein none null empty"""
)


def is_stand_in_password(password: str, user: str = "") -> bool:
    """Passwords that documentation and local defaults use: ``password``, ``changeme``,
    ``guest`` (with user ``guest``), ``${DB_PASS}``, ``<password>``, ``****``."""
    pw = unquote(password).strip().strip("\"'")
    if len(pw) < 3 or is_placeholder(pw) or is_masked(pw):
        return True
    low = pw.lower()
    if low in _STAND_INS or low == user.lower():
        return True
    core = low.strip("{}[]<>()%$:*")
    return core in _STAND_INS or not any(c.isalnum() for c in core)


def finding(detector: str, type_: str, start: int, end: int, score: float, note: str) -> Finding:
    """A secret finding of ``detector``, explained by its ``note``."""
    return Finding(
        start=start,
        end=end,
        type=type_,
        category=Category.SECRET,
        detector=detector,
        score=score,
        explanation=Explanation(pattern=detector, note=note),
    )


def b64decode_lenient(value: str) -> bytes | None:
    """Standard or URL-safe base64, padding optional; ``None`` when it is not base64."""
    v = value.strip().rstrip("=")
    if len(v) % 4 == 1:
        v = v[:-1]
    try:
        return base64.b64decode(
            v.replace("-", "+").replace("_", "/") + "=" * (-len(v) % 4), validate=True
        )
    except (binascii.Error, ValueError):
        return None


def context_before(doc: Document, start: int, words: tuple[str, ...], distance: int = 64) -> bool:
    """Whether one of ``words`` (lowercase) occurs in the ``distance`` bytes before ``start``,
    also inside identifiers (``jwtToken``, ``ACCESS_TOKEN=``)."""
    before = doc.low[max(0, start - distance) : start]
    return any(w in before for w in words)
