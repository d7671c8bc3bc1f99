"""How a record is stored: one column per field, the same on every backend.

Lists and dicts are JSON text and booleans 0/1, so that SQLite and PostgreSQL hold the very
same values and a row reads back to an equal record (which the hash chain relies on).
"""

from __future__ import annotations

from typing import Any

from tiergate.audit.chain import Link
from tiergate.audit.record import AuditRecord
from tiergate.jsonc import dumps_text, loads

_JSON = ("reasons", "finding_counts", "fingerprints", "attempts")
_BOOL = ("self_hosted", "stream")
COLUMNS = (
    "request_id", "time", "endpoint", "client_format", "outcome", "status", "client",
    "model_requested", "provider", "provider_model", "jurisdiction", "self_hosted",
    "input_tier", "egress_tier", "reasons", "finding_counts", "fingerprints", "redacted",
    "pseudonymised", "attempts", "stream", "prompt_tokens", "completion_tokens",
    "latency_ms", "upstream_ms", "error",
)  # fmt: skip
CHAIN_COLUMNS = ("seq", "prev_hash", "hash")

INSERT = (
    f"INSERT INTO audit_records ({', '.join((*COLUMNS, *CHAIN_COLUMNS))}) "
    f"VALUES ({', '.join('?' for _ in (*COLUMNS, *CHAIN_COLUMNS))})"
)
SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM audit_records"
SELECT_LINKS = f"SELECT {', '.join(CHAIN_COLUMNS)}, {', '.join(COLUMNS)} FROM audit_records"


def encode(record: AuditRecord) -> tuple[Any, ...]:
    """The row of one record, in ``COLUMNS`` order."""
    r = record
    return (
        r.request_id, r.time, r.endpoint, r.client_format, r.outcome, r.status, r.client,
        r.model_requested, r.provider, r.provider_model, r.jurisdiction,
        None if r.self_hosted is None else int(r.self_hosted),
        r.input_tier, r.egress_tier, dumps_text(list(r.reasons)),
        dumps_text(dict(sorted(r.finding_counts.items()))), dumps_text(list(r.fingerprints)),
        r.redacted, r.pseudonymised, dumps_text(list(r.attempts)), int(r.stream),
        r.prompt_tokens, r.completion_tokens, r.latency_ms, r.upstream_ms, r.error,
    )  # fmt: skip


def encode_link(link: Link) -> tuple[Any, ...]:
    """The row of one link, in ``COLUMNS + CHAIN_COLUMNS`` order (``INSERT``)."""
    return (*encode(link.record), link.seq, link.prev_hash, link.hash)


def decode(row: tuple[Any, ...]) -> AuditRecord:
    """The record of one row (``COLUMNS`` only)."""
    values: dict[str, Any] = dict(zip(COLUMNS, row, strict=True))
    for name in _JSON:
        data = loads(values[name])
        values[name] = data if isinstance(data, dict) else tuple(data)
    for name in _BOOL:
        if values[name] is not None:
            values[name] = bool(values[name])
    return AuditRecord(**values)


def decode_link(row: tuple[Any, ...]) -> Link:
    """The link of one ``SELECT_LINKS`` row."""
    seq, prev_hash, hash_ = row[:3]
    return Link(seq, prev_hash, hash_, decode(row[3:]))


def record_from_json(data: dict[str, Any]) -> AuditRecord:
    """A record from its ``to_dict()`` form (the spool's lines)."""
    values = dict(data)
    for name in ("reasons", "fingerprints", "attempts"):
        values[name] = tuple(values[name])
    return AuditRecord(**values)
