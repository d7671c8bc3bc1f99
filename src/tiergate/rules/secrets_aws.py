"""AWS credentials: access key IDs, secret access keys (paired), session tokens, Bedrock keys.

An access key ID alone (``AKIA…``) is an identifier; the 40-character secret access key is
what unlocks it. The two are reported as two linked findings: an ID with a secret within
:data:`PAIR_DISTANCE` bytes is scored 0.99, and a 40-character base64 string counts as a
secret key when it is next to an ID (0.97) or to an AWS secret key name (0.9).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from tiergate.detect.document import Document
from tiergate.detect.filters import SECRET_FILTERS
from tiergate.detect.rule import Rule, compile_re2
from tiergate.detect.validators import shannon_entropy
from tiergate.findings import Category, Finding
from tiergate.rules._provider_kit import has_digit, has_mixed_case, prefixed

PAIR_DISTANCE = 320
"""How far (bytes, either side) an access key ID and its secret key may be apart."""
NAME_DISTANCE = 80
"""How far (bytes) before a secret key the start of its name may be."""

_KEY_ID = r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}"
_KEY_ID_WORDS = ("akia", "asia", "abia", "acca", "a3t")
_SECRET = r"(?:^|[^A-Za-z0-9/+=])(?P<v>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"
_SECRET_NAMES = (
    "aws_secret",
    "aws-secret",
    "awssecret",
    "secret_access_key",
    "secret-access-key",
    "secretaccesskey",
    "aws_secret_key",
    "secret_key",
)
_KEY_ID_RX = compile_re2(_KEY_ID)
_SECRET_RX = compile_re2(_SECRET)


def looks_like_secret_key(value: str) -> bool:
    """40 base64 characters as AWS generates them: mixed case, a digit, high entropy."""
    return (
        len(value) == 40
        and has_mixed_case(value)
        and has_digit(value)
        and shannon_entropy(value) >= 4.2
        and not any(f(value) for f in SECRET_FILTERS)
    )


def _secret_near(doc: Document, start: int, end: int) -> bool:
    lo, hi = max(0, start - PAIR_DISTANCE), min(len(doc.data), end + PAIR_DISTANCE)
    for m in _SECRET_RX.finditer(doc.data, lo, hi):
        s, e = m.span(1)
        if looks_like_secret_key(doc.value(s, e)):
            return True
    return False


def _key_id_near(doc: Document, start: int, end: int) -> bool:
    lo, hi = max(0, start - PAIR_DISTANCE), min(len(doc.data), end + PAIR_DISTANCE)
    for m in _KEY_ID_RX.finditer(doc.data, lo, hi):
        s, e = m.span()
        if not (doc.is_word_byte(s - 1) or doc.is_word_byte(e)):
            return True
    return False


def _paired(finding: Finding, note: str) -> Finding:
    explanation = dataclasses.replace(
        finding.explanation, context=(*finding.explanation.context, "paired"), note=note
    )
    return dataclasses.replace(finding, score=max(finding.score, 0.99), explanation=explanation)


@dataclass(frozen=True, eq=False)
class AccessKeyIdRule(Rule):
    """An access key ID; confirmed (0.99) when a secret access key is next to it."""

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        finding = super().judge(doc, start, end)
        if finding is not None and _secret_near(doc, start, end):
            return _paired(finding, "AWS access key ID, with its secret access key nearby")
        return finding


def _named(doc: Document, start: int) -> bool:
    """An AWS secret key name (``aws_secret_access_key``, ``SecretAccessKey``…) ends at most
    :data:`NAME_DISTANCE` bytes before the value (names may be glued into identifiers)."""
    return any(start - NAME_DISTANCE <= pos < start for pos in doc.positions(_SECRET_NAMES))


@dataclass(frozen=True, eq=False)
class SecretAccessKeyRule(Rule):
    """A 40-character secret access key next to an access key ID or an AWS secret name."""

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        if not looks_like_secret_key(doc.value(start, end)):
            return None
        paired = _key_id_near(doc, start, end)
        if not paired and not _named(doc, start):
            return None  # neither paired nor named: any 40-character base64 string
        finding = super().judge(doc, start, end)
        if finding is not None and paired:
            note = "AWS secret access key, paired with an access key ID"
            return dataclasses.replace(_paired(finding, note), score=0.97)
        return finding


RULES = [
    AccessKeyIdRule(
        id="aws-access-key-id",
        type="API_KEY",
        category=Category.SECRET,
        pattern=_KEY_ID,
        keywords=_KEY_ID_WORDS,
        score=0.9,
        min_entropy=3.0,
        note="AWS access key ID (AKIA long-term, ASIA temporary)",
    ),
    SecretAccessKeyRule(
        id="aws-secret-access-key",
        type="API_KEY",
        category=Category.SECRET,
        pattern=_SECRET,
        keywords=(*_SECRET_NAMES, *_KEY_ID_WORDS),
        score=0.9,  # next to an AWS secret key name; 0.97 next to an access key ID
        window=(PAIR_DISTANCE + 48, PAIR_DISTANCE + 48),
        note="AWS secret access key",
    ),
    prefixed(
        "aws-session-token",
        "TOKEN",
        ("iqojb3jpz2lux2vj", "fwogzxivyxdz"),
        r"(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9+/]{100,}={0,2}",
        "AWS STS session token",
        score=0.95,
        max_len=3000,
    ),
    prefixed(
        "aws-bedrock-api-key-long-lived",
        "API_KEY",
        ("absk",),
        r"ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,}={0,2}",
        "Amazon Bedrock API key (long-lived)",
        score=0.95,
        max_len=1000,
    ),
    prefixed(
        "aws-bedrock-api-key-short-lived",
        "API_KEY",
        ("bedrock-api-key-",),
        r"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/%=]*",
        "Amazon Bedrock API key (short-lived, a presigned request)",
        score=0.95,
        max_len=4000,
    ),
    prefixed(
        "aws-mws-auth-token",
        "TOKEN",
        ("amzn.mws.",),
        r"amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "Amazon Marketplace Web Service auth token",
    ),
]
