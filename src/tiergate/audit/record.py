"""One audit record per request: what was found, where it went, and how it ended.

A record never holds a value: only types, counts, tiers, and keyed fingerprints (HMAC) of
the values, which let an auditor see that the same value recurred without learning it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuditRecord:
    request_id: str
    time: float  # seconds since the epoch (UTC)
    endpoint: str  # "/v1/chat/completions", "/v1/messages", "/v1/classify"
    client_format: str  # "openai" | "anthropic"
    outcome: str  # "ok" | "refused" | "bad_request" | "upstream_error" | "client_closed" | …
    status: int  # HTTP status returned to the client
    client: str = "anonymous"  # client key name (a later issue adds client keys)
    model_requested: str | None = None
    provider: str | None = None  # the provider that answered (or was last tried)
    provider_model: str | None = None
    jurisdiction: str | None = None
    self_hosted: bool | None = None
    input_tier: int | None = None
    egress_tier: int | None = None
    reasons: tuple[str, ...] = ()
    finding_counts: dict[str, int] = field(default_factory=dict)  # type -> count
    fingerprints: tuple[str, ...] = ()  # keyed HMACs of the values, never the values
    redacted: int = 0
    pseudonymised: int = 0
    attempts: tuple[str, ...] = ()  # "provider:status" for every upstream try
    stream: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: float | None = None
    upstream_ms: float | None = None
    error: str | None = None  # a short reason, never a value

    def to_dict(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "time": self.time,
            "endpoint": self.endpoint,
            "client_format": self.client_format,
            "outcome": self.outcome,
            "status": self.status,
            "client": self.client,
            "model_requested": self.model_requested,
            "provider": self.provider,
            "provider_model": self.provider_model,
            "jurisdiction": self.jurisdiction,
            "self_hosted": self.self_hosted,
            "input_tier": self.input_tier,
            "egress_tier": self.egress_tier,
            "reasons": list(self.reasons),
            "finding_counts": dict(self.finding_counts),
            "fingerprints": list(self.fingerprints),
            "redacted": self.redacted,
            "pseudonymised": self.pseudonymised,
            "attempts": list(self.attempts),
            "stream": self.stream,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "latency_ms": self.latency_ms,
            "upstream_ms": self.upstream_ms,
            "error": self.error,
        }
