"""The hash chain that makes the audit trail tamper-evident.

Every row carries ``seq`` (its place in the chain, from 1), ``prev_hash`` (the hash of the row
before it; ``GENESIS`` for the first) and ``hash``, computed over a canonical encoding of
``seq``, ``prev_hash`` and every field of the record. Changing a field, removing a row or
moving one breaks the chain at that row, and ``tiergate audit verify`` names it.

With ``TIERGATE_AUDIT_KEY`` set, ``hash`` is an HMAC-SHA256 under that key: someone who can
write to the database but does not hold the key cannot compute the hashes of rows they forge,
so they cannot rewrite the chain to hide an edit. Without a key it is a plain SHA-256, which
detects accidents and careless edits but not someone who recomputes every hash after theirs.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass

from tiergate.audit.record import AuditRecord

GENESIS = "0" * 64
KEY_ENV = "TIERGATE_AUDIT_KEY"


def audit_key(environ: Mapping[str, str]) -> bytes | None:
    """The chain key from ``TIERGATE_AUDIT_KEY`` (its UTF-8 bytes), or None when unset."""
    raw = environ.get(KEY_ENV, "")
    return raw.encode() if raw else None


def canonical(seq: int, prev_hash: str, record: AuditRecord) -> bytes:
    """One stable byte string per (seq, prev_hash, record): sorted-key, compact JSON."""
    doc = {"seq": seq, "prev_hash": prev_hash, "record": record.to_dict()}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def link_hash(seq: int, prev_hash: str, record: AuditRecord, key: bytes | None) -> str:
    """The hash of the row at ``seq`` after ``prev_hash`` holding ``record`` (hex)."""
    data = canonical(seq, prev_hash, record)
    if key is None:
        return hashlib.sha256(data).hexdigest()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Link:
    """One row of the chain as stored."""

    seq: int
    prev_hash: str
    hash: str
    record: AuditRecord


@dataclass(frozen=True)
class ChainState:
    """The chain's two ends as recorded next to it: the anchor (the last row pruned by
    retention, ``seq`` 0 and ``GENESIS`` when nothing was pruned) and the head (the last row
    appended). Verification starts after the anchor and must end at the head."""

    anchor_seq: int = 0
    anchor_hash: str = GENESIS
    head_seq: int = 0
    head_hash: str = GENESIS
    pruned: int = 0


def chain(
    records: list[AuditRecord], head_seq: int, head_hash: str, key: bytes | None
) -> list[Link]:
    """The links that append ``records`` after the head ``(head_seq, head_hash)``."""
    links: list[Link] = []
    seq, prev = head_seq, head_hash
    for record in records:
        seq += 1
        h = link_hash(seq, prev, record, key)
        links.append(Link(seq, prev, h, record))
        prev = h
    return links
