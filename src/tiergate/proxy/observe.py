"""Monitoring: Prometheus metrics and one structured log line per request.

Both are derived from the one :class:`~tiergate.audit.record.AuditRecord` each request
produces (:meth:`Observer.observe`, called by ``Gateway.record`` before the audit write), so
every outcome is counted, refusals and failures included. Like the record, they carry
tiers, types, counts, names from the configuration and timings: never a value, never a key.
The one text a client controls in a record, the model it asked for, is left out.

Each gateway has its own :class:`~prometheus_client.CollectorRegistry`, so that several can
run in one process (tests) without sharing counters.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Literal, TextIO

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from tiergate import jsonc
from tiergate.audit.record import AuditRecord
from tiergate.providers.runtime import Provider

access_log = logging.getLogger("tiergate.access")
log = logging.getLogger("tiergate.observe")

LogFormat = Literal["json", "text"]

# seconds; scanning is sub-millisecond to tens of ms, providers answer in 0.1 s to minutes
SCAN_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)
UPSTREAM_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


def _label(value: object) -> str:
    return "none" if value is None else str(value)


class KeyPoolCollector(Collector):
    """Upstream key pools, read at scrape time: keys by state, uses and requests in flight
    per key (named by its SHA-256 prefix, as ``tiergate providers keys`` shows it)."""

    def __init__(self, providers: Sequence[Provider]) -> None:
        self.providers = providers

    def collect(self) -> Iterable[Metric]:
        states = GaugeMetricFamily(
            "tiergate_upstream_keys",
            "Upstream API keys by state (active, cooling, draining)",
            labels=["provider", "state"],
        )
        uses = CounterMetricFamily(
            "tiergate_upstream_key_uses",
            "Requests sent with each upstream API key",
            labels=["provider", "key"],
        )
        in_flight = GaugeMetricFamily(
            "tiergate_upstream_key_in_flight",
            "Requests being carried by each upstream API key",
            labels=["provider", "key"],
        )
        for p in self.providers:
            for state, n in p.keys.counts().items():
                states.add_metric([p.name, state], n)
            for key in list(p.keys.keys):
                uses.add_metric([p.name, key.id], key.uses)
                in_flight.add_metric([p.name, key.id], key.in_flight)
        yield states
        yield uses
        yield in_flight


class Observer:
    """The gateway's metrics and access log."""

    def __init__(self, providers: Sequence[Provider]) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "tiergate_requests",
            "Requests by input tier, egress tier, provider, outcome and client format",
            ["endpoint", "client_format", "input_tier", "egress_tier", "provider", "outcome"],
            registry=r,
        )
        self.findings = Counter(
            "tiergate_findings", "Findings in requests, by type", ["type"], registry=r
        )
        self.minimised = Counter(
            "tiergate_minimised_values",
            "Values taken out of requests before they left, by action",
            ["action"],
            registry=r,
        )
        self.tokens = Counter(
            "tiergate_tokens", "Tokens reported by providers", ["provider", "kind"], registry=r
        )
        self.latency = Histogram(
            "tiergate_request_seconds",
            "Time from request to the end of the answer, by outcome",
            ["outcome"],
            buckets=UPSTREAM_BUCKETS,
            registry=r,
        )
        self.upstream = Histogram(
            "tiergate_upstream_seconds",
            "Time the provider took to answer (to the end of a stream)",
            ["provider"],
            buckets=UPSTREAM_BUCKETS,
            registry=r,
        )
        self.scan = Histogram(
            "tiergate_scan_seconds",
            "Time to extract, detect and classify one request",
            buckets=SCAN_BUCKETS,
            registry=r,
        )
        r.register(KeyPoolCollector(providers))
        # labelled children by their labels: ``labels()`` validates and locks on every call
        self._children: dict[tuple[Any, ...], Any] = {}

    def _child(self, metric: Counter | Histogram, *labels: str) -> Any:
        key = (id(metric), *labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def observe(self, rec: AuditRecord) -> None:
        """Count one request and write its access line. Never raises: monitoring must not
        stand between a request and its audit record."""
        try:
            self._count(rec)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info("request", extra={"access": access_fields(rec)})
        except Exception as exc:
            log.error("could not observe request %s (%s)", rec.request_id, type(exc).__name__)

    def observe_scan(self, seconds: float) -> None:
        self.scan.observe(seconds)

    def _count(self, rec: AuditRecord) -> None:
        child = self._child
        child(
            self.requests,
            rec.endpoint,
            rec.client_format,
            _label(rec.input_tier),
            _label(rec.egress_tier),
            _label(rec.provider),
            rec.outcome,
        ).inc()
        for kind, n in rec.finding_counts.items():
            child(self.findings, kind).inc(n)
        if rec.redacted:
            child(self.minimised, "redacted").inc(rec.redacted)
        if rec.pseudonymised:
            child(self.minimised, "pseudonymised").inc(rec.pseudonymised)
        if rec.provider is not None:
            if rec.prompt_tokens:
                child(self.tokens, rec.provider, "prompt").inc(rec.prompt_tokens)
            if rec.completion_tokens:
                child(self.tokens, rec.provider, "completion").inc(rec.completion_tokens)
            if rec.upstream_ms is not None:
                child(self.upstream, rec.provider).observe(rec.upstream_ms / 1000)
        if rec.latency_ms is not None:
            child(self.latency, rec.outcome).observe(rec.latency_ms / 1000)

    def exposition(self) -> bytes:
        """The metrics in the Prometheus text format."""
        return generate_latest(self.registry)


def iso_time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds")


def access_fields(rec: AuditRecord) -> dict[str, Any]:
    """The access line of one request: who, where, what happened, how long; no value."""
    return {
        "time": iso_time(rec.time),
        "request_id": rec.request_id,
        "client": rec.client,
        "endpoint": rec.endpoint,
        "client_format": rec.client_format,
        "stream": rec.stream,
        "outcome": rec.outcome,
        "status": rec.status,
        "input_tier": rec.input_tier,
        "egress_tier": rec.egress_tier,
        "provider": rec.provider,
        "provider_model": rec.provider_model,
        "attempts": list(rec.attempts),
        "findings": dict(sorted(rec.finding_counts.items())),
        "redacted": rec.redacted,
        "pseudonymised": rec.pseudonymised,
        "prompt_tokens": rec.prompt_tokens,
        "completion_tokens": rec.completion_tokens,
        "latency_ms": rec.latency_ms,
        "upstream_ms": rec.upstream_ms,
        "error": rec.error,
    }


# ---- log formats ------------------------------------------------------------------------


class JSONFormatter(logging.Formatter):
    """One JSON object per line. An access line is its fields; any other line is time,
    level, logger and message. Tracebacks are left out (they can quote data): an exception
    is named by its type only."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] | None = getattr(record, "access", None)
        if fields is not None:
            out = {"log": "access", "level": "info", **fields}
        else:
            out = {
                "time": iso_time(record.created),
                "log": record.name,
                "level": record.levelname.lower(),
                "message": record.getMessage(),
            }
            if record.exc_info and record.exc_info[0] is not None:
                out["error"] = record.exc_info[0].__name__
        return jsonc.dumps_text(out)


class TextFormatter(logging.Formatter):
    """For a terminal: access lines as ``key=value`` pairs, other lines as their message."""

    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] | None = getattr(record, "access", None)
        if fields is None:
            message = record.getMessage()
            if record.levelno >= logging.WARNING:
                message = f"{record.levelname.lower()}: {message}"
            if record.exc_info and record.exc_info[0] is not None:
                message += f" ({record.exc_info[0].__name__})"
            return message
        parts = [fields["time"], fields["request_id"], f"{fields['status']}", fields["outcome"]]
        parts.append(f"tier={_label(fields['input_tier'])}→{_label(fields['egress_tier'])}")
        parts.append(f"provider={_label(fields['provider'])}")
        if fields["findings"]:
            parts.append("findings=" + ",".join(f"{k}:{v}" for k, v in fields["findings"].items()))
        if fields["latency_ms"] is not None:
            parts.append(f"{fields['latency_ms']:.1f}ms")
        if fields["error"]:
            parts.append(f"error={fields['error']}")
        return " ".join(parts)


def default_log_format(stream: TextIO) -> LogFormat:
    """JSON for log collectors (stderr is a pipe or a file), text for a person at a terminal."""
    return "text" if stream.isatty() else "json"


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of the record (so never to a stream
    that was swapped out and closed, as test runners and daemonisers do)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def configure_logging(fmt: LogFormat, stream: TextIO | None = None) -> logging.Handler:
    """Send tiergate's logs (and the HTTP server's warnings) to ``stream`` (default: the
    current stderr) in ``fmt``. Idempotent: the handlers it set before are replaced."""
    handler: logging.Handler = logging.StreamHandler(stream) if stream else StderrHandler()
    handler.setFormatter(JSONFormatter() if fmt == "json" else TextFormatter())
    for name, level in (("tiergate", logging.INFO), ("uvicorn", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level)
        logger.propagate = False
    return handler
