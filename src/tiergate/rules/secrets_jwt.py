"""JSON Web Tokens: ``header.payload.signature`` in base64url (and JWE with five parts),
also when base64-encoded once more (``ZXlK…``).

Structure decides: a token whose header decodes to a JSON object is confirmed; a JWT-shaped
string without that proof scores low unless a word such as ``token`` or ``jwt`` stands just
before it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.detect.filters import is_repetitive
from tiergate.detect.rule import compile_re2
from tiergate.findings import Finding
from tiergate.rules._scan import keyword_windows
from tiergate.rules._secret_values import b64decode_lenient, context_before, finding

_TOKEN_CONTEXT = (
    "jwt",
    "token",
    "bearer",
    "auth",
    "session",
    "cookie",
    "assertion",
    "credential",
    "secret",
    "key",
)


def _json_object(raw: bytes | None) -> bool:
    if not raw or raw[:1] != b"{":
        return False
    try:
        return isinstance(json.loads(raw), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def _object_shaped(raw: bytes | None) -> bool:
    """Starts like a JSON object and ends like one, though a few bytes in between are
    damaged (a JWT that was copied with a typo)."""
    if raw is None or raw[:2] != b'{"' or raw.rstrip()[-1:] != b"}":
        return False
    printable = sum(32 <= b < 127 for b in raw)
    return printable * 10 >= len(raw) * 9


_JWT = compile_re2(r"ey[A-Za-z0-9_-]{8,}={0,2}(?:\.[A-Za-z0-9_/\\+-]*={0,2}){1,4}")


def judge_jwt(token: str) -> tuple[float, str] | None:
    """Score a JWT-shaped string by what its parts decode to."""
    parts = token.split(".")
    header = b64decode_lenient(parts[0])
    if len(parts) == 5:  # JWE: header, encrypted key, iv, ciphertext, tag
        return (0.95, "JWE") if _json_object(header) else None
    if len(parts[1]) < 8:
        return None
    payload = b64decode_lenient(parts[1].replace("\\", "").replace("/", "_"))
    if _json_object(header):
        if _json_object(payload) or (len(parts) >= 3 and len(parts[2]) >= 16):
            return 0.95, "JWT"
        return None
    if _object_shaped(header) and _json_object(payload):
        return 0.8, "JWT with a damaged header"
    if len(parts) >= 3 and len(parts[0]) >= 16 and len(parts[1]) >= 16:
        return 0.4, "JWT-shaped"
    return None


class JsonWebToken:
    """``header.payload.signature`` in base64url, header starting ``ey`` (``{"``)."""

    id = "jwt"
    keywords = ("eyj", ".ey")
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        for lo, hi in keyword_windows(doc, self.keywords, 4096, 16384):
            for m in _JWT.finditer(doc.data, lo, hi):
                start, end = m.span()
                if doc.is_word_byte(start - 1):
                    continue
                token = doc.value(start, end).rstrip("\\/")
                judged = judge_jwt(token)
                if judged is None or is_repetitive(token.split(".")[0]):
                    continue
                score, note = judged
                if score < 0.5 and context_before(doc, start, _TOKEN_CONTEXT):
                    score += 0.25
                yield finding(self.id, "TOKEN", start, start + len(token), score, note)


_JWT_B64 = compile_re2(r"ZXlK[A-Za-z0-9+/_-]{40,}={0,2}")


class Base64JsonWebToken:
    """A JWT that was base64-encoded once more (``ZXlK…`` is base64 of ``eyJ``)."""

    id = "jwt-base64"
    keywords = ("zxlk",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        last = -1
        for pos in doc.positions(self.keywords):
            if pos < last or doc.is_word_byte(pos - 1) or doc.data[pos : pos + 4] != b"ZXlK":
                continue
            m = _JWT_B64.match(doc.data, pos)
            if m is None:
                continue
            last = m.end()
            raw = b64decode_lenient(doc.value(*m.span()))
            inner = raw.decode("ascii", "replace") if raw else ""
            jm = _JWT.match(inner.encode())
            if jm is None:
                continue
            judged = judge_jwt(inner[: jm.end()])
            if judged is not None and judged[0] >= 0.8:
                yield finding(self.id, "TOKEN", pos, m.end(), 0.95, "base64-encoded JWT")


DETECTORS = [JsonWebToken(), Base64JsonWebToken()]
