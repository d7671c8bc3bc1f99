"""One chat request, start to end — the gateway's flow in one function:

    read → extract → classify → route → (per candidate) minimise → convert → forward
         → convert back → restore → respond; one audit record, whatever happens.

Nothing reaches a provider unless every stage before it succeeded: any internal failure is
answered with an error, in the client's format, and recorded (fail closed).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import Response

from tiergate import extract, jsonc, route
from tiergate.audit.record import AuditRecord
from tiergate.audit.store import AuditError
from tiergate.errors import InputError
from tiergate.extract import Format
from tiergate.pipeline import Engine, MinimisedRequest, RequestScan
from tiergate.providers.client import UpstreamFailure, body_chunks
from tiergate.proxy.answers import StreamRewriter, restore_response
from tiergate.proxy.errors import GatewayError, error_response, sse_error
from tiergate.proxy.gateway import Gateway
from tiergate.proxy.guard import admit, engine_for, within_limits
from tiergate.proxy.responses import EventStream, JSONResponse
from tiergate.restore import Restorer
from tiergate.wire import anthropic as anthropic_wire
from tiergate.wire import openai as openai_wire
from tiergate.wire.model import ConversionError
from tiergate.wire.sse import SSEParser

WIRES: dict[str, ModuleType] = {"openai": openai_wire, "anthropic": anthropic_wire}


@dataclass
class Exchange:
    """What is known about one request so far: response headers and the audit record."""

    fmt: Format
    endpoint: str
    request_id: str = field(default_factory=lambda: "tg-" + uuid.uuid4().hex[:20])
    started: float = field(default_factory=time.perf_counter)
    audit: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # the scan whose keyed fingerprints the record holds: derived when the record is made,
    # so that a stream's first token does not wait for them
    scanned: tuple[Engine, RequestScan] | None = None

    def __post_init__(self) -> None:
        self.headers = {
            "x-tiergate-request-id": self.request_id,
            "x-tiergate-tier": "unknown",
            "x-tiergate-egress-tier": "unknown",
            "x-tiergate-provider": "none",
        }

    def record(self, outcome: str, status: int, **extra: Any) -> AuditRecord:
        fields = {**self.audit, **extra}
        if self.scanned is not None:
            engine, scan = self.scanned
            fields["fingerprints"] = tuple(engine.fingerprints(scan))
        return AuditRecord(
            request_id=self.request_id,
            time=time.time(),
            endpoint=self.endpoint,
            client_format=self.fmt,
            outcome=outcome,
            status=status,
            latency_ms=round((time.perf_counter() - self.started) * 1000, 3),
            **fields,
        )


async def read_json(request: Request, limit: int) -> Any:
    """The request body as JSON; 413 over ``limit`` bytes, 400 if not UTF-8 JSON."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise GatewayError(
            413, f"the request body is over the limit of {limit} bytes", "request_too_large"
        )
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise GatewayError(
                413, f"the request body is over the limit of {limit} bytes", "request_too_large"
            )
        chunks.append(chunk)
    raw = b"".join(chunks)
    try:
        return jsonc.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise GatewayError(400, "the request body is not valid UTF-8", "invalid_utf8") from None
    except ValueError as exc:
        raise GatewayError(
            400, f"the request body is not valid JSON ({type(exc).__name__})", "invalid_json"
        ) from None


def refusal(scan: RequestScan, plan: route.Plan, model: str) -> GatewayError:
    reasons = ", ".join(scan.classification.reasons) or "content that cannot be scanned"
    if scan.extracted.unknown_parts and "content that cannot be scanned" not in reasons:
        reasons += ", content that cannot be scanned (images, files)"
    allowed = ", ".join(plan.allowed) or "none is configured"
    target = "any configured provider" if model == "auto" else f"model {model!r}"
    return GatewayError(
        403,
        f"tier-{scan.egress_tier} request ({reasons}) may not go to {target}; providers allowed "
        f"for tier {scan.egress_tier}: {allowed}",
        "tier_not_allowed",
        outcome="refused",
    )


def upstream_body(body: dict[str, Any], fmt: Format, cand: route.Candidate) -> dict[str, Any]:
    wire = cand.provider.wire
    if wire == fmt:
        return {**body, "model": cand.model}
    request = WIRES[fmt].parse_request(body)
    return dict(WIRES[wire].build_request(request, cand.model))


async def handle_chat(gw: Gateway, request: Request, fmt: Format, endpoint: str) -> Response:
    ex = Exchange(fmt, endpoint)
    try:
        gw.check_audit()  # fail closed: a request that cannot be audited is not served
        client = await admit(gw, request.headers, ex.audit)
        body = await read_json(request, gw.config.server.max_body_bytes)
        if not isinstance(body, dict):
            raise GatewayError(400, "the request body must be a JSON object", "invalid_request")
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise GatewayError(
                400, "the request needs a 'model' (a model id, or 'auto')", "missing_model"
            )
        stream = bool(body.get("stream"))
        ex.audit.update(model_requested=model, stream=stream)
        WIRES[fmt].parse_request(body)  # validates the shape: malformed requests stop here
        await within_limits(gw, client, body)
        engine = await engine_for(gw, client)
        scan = gw.scan_request(engine, extract.chat_request(body, fmt))
        _note_scan(ex, engine, scan)
        plan = route.plan(model, scan.egress_tier, gw.providers, engine.policy, gw.config.routing)
        if plan.unknown_model:
            raise GatewayError(
                404, f"unknown model {model!r}; GET /v1/models lists them", "model_not_found"
            )
        if not plan.candidates:
            raise refusal(scan, plan, model)
        return await _forward(gw, engine, ex, body, scan, plan, stream)
    except AuditError:  # this request cannot be recorded: its answer is not given
        return error_response(fmt, AUDIT_LOST, ex.headers)
    except GatewayError as err:
        failure, error = err, err.code
    except InputError as err:
        failure = GatewayError(400, str(err), "invalid_request")
        error = failure.code
    except Exception as err:  # fail closed: nothing unscanned was forwarded, nothing answered
        failure = GatewayError(
            500, "tiergate failed to process the request", "internal_error", "internal_error"
        )
        error = type(err).__name__
    try:
        await gw.record(ex.record(failure.outcome, failure.status, error=error))
    except AuditError:
        failure = AUDIT_LOST
    return error_response(fmt, failure, ex.headers)


AUDIT_LOST = GatewayError(
    503,
    "tiergate cannot write its audit trail; the request was not answered, retry later",
    "audit_unavailable",
    "audit_unavailable",
)


def _note_scan(ex: Exchange, engine: Engine, scan: RequestScan) -> None:
    counts: dict[str, int] = {}
    for f in scan.classification.findings:
        counts[f.type] = counts.get(f.type, 0) + 1
    ex.audit.update(
        input_tier=scan.tier,
        egress_tier=scan.egress_tier,
        reasons=scan.classification.reasons,
        finding_counts=counts,
    )
    ex.scanned = engine, scan
    ex.headers["x-tiergate-tier"] = str(scan.tier)
    ex.headers["x-tiergate-egress-tier"] = str(scan.egress_tier)


async def _forward(
    gw: Gateway,
    engine: Engine,
    ex: Exchange,
    body: dict[str, Any],
    scan: RequestScan,
    plan: route.Plan,
    stream: bool,
) -> Response:
    attempts: list[str] = []
    minimised: dict[bool, MinimisedRequest] = {}
    last: UpstreamFailure | None = None
    unconvertible: ConversionError | None = None
    for cand in plan.candidates:
        provider = cand.provider
        local = provider.facts.self_hosted
        if local not in minimised:
            minimised[local] = engine.minimise_request(body, scan, self_hosted=local)
        m = minimised[local]
        try:
            payload = upstream_body(m.body, ex.fmt, cand)
        except ConversionError as err:  # its wire format cannot carry this request: the next
            attempts.append(f"{provider.name}:unconvertible")
            unconvertible = unconvertible or err
            continue
        ex.audit.update(
            provider=provider.name,
            provider_model=cand.model,
            jurisdiction=provider.facts.jurisdiction,
            self_hosted=local,
            redacted=m.redacted,
            pseudonymised=m.pseudonymised,
        )
        sent = time.perf_counter()
        result = await gw.upstream.call(provider, payload, stream=stream)
        if isinstance(result, UpstreamFailure):
            attempts.append(result.label())
            last = result
            if not result.retryable:
                break
            continue
        attempts.append(f"{provider.name}:{result.status_code}")
        ex.audit["attempts"] = tuple(attempts)
        ex.headers["x-tiergate-provider"] = provider.name
        restorer = Restorer(m.restore_map)
        if stream:
            return EventStream(
                _relay(gw, ex, result, provider.wire, restorer, sent),
                headers={**ex.headers, "cache-control": "no-cache"},
            )
        return await _answer(gw, ex, result, provider.wire, restorer, sent)
    ex.audit["attempts"] = tuple(attempts)
    if last is None and unconvertible is not None:
        raise unconvertible  # no allowed provider's format can carry it: the client's 400
    status = 504 if last is not None and last.kind == "timeout" else 502
    raise GatewayError(
        status,
        f"no allowed provider could answer (tried: {', '.join(attempts) or 'none'})",
        "upstream_unavailable",
        outcome="upstream_error",
    )


async def _answer(
    gw: Gateway, ex: Exchange, response: httpx.Response, wire: str, r: Restorer, sent: float
) -> Response:
    upstream_ms = round((time.perf_counter() - sent) * 1000, 3)
    try:
        data = jsonc.loads(response.content)
    except ValueError:
        raise GatewayError(
            502, "the provider's answer was not JSON", "upstream_invalid", outcome="upstream_error"
        ) from None
    if wire != ex.fmt:
        data = WIRES[ex.fmt].build_response(WIRES[wire].parse_response(data), data.get("model", ""))
    data = restore_response(ex.fmt, data, r)
    prompt, completion = usage_of(ex.fmt, data)
    await gw.record(
        ex.record(
            "ok", 200, upstream_ms=upstream_ms, prompt_tokens=prompt, completion_tokens=completion
        )
    )
    return JSONResponse(data, headers=ex.headers)


def usage_of(fmt: str, data: Any) -> tuple[int | None, int | None]:
    usage = data.get("usage") if isinstance(data, dict) else None
    if not isinstance(usage, dict):
        return None, None
    if fmt == "anthropic":
        return usage.get("input_tokens"), usage.get("output_tokens")
    return usage.get("prompt_tokens"), usage.get("completion_tokens")


async def _relay(
    gw: Gateway, ex: Exchange, response: httpx.Response, wire: str, r: Restorer, sent: float
) -> AsyncIterator[bytes]:
    """The upstream stream, converted to the client's format if needed and restored."""
    parser = SSEParser()
    rewriter = StreamRewriter(ex.fmt, r)
    convert = wire != ex.fmt
    decoder = WIRES[wire].StreamDecoder() if convert else None
    encoder = WIRES[ex.fmt].StreamEncoder(model="", request_id=ex.request_id) if convert else None
    outcome, status, error = "ok", 200, None
    try:
        async for raw in body_chunks(response):
            chunk = (
                b"".join(encoder.encode(ev) for ev in decoder.feed(raw))
                if decoder is not None and encoder is not None
                else raw
            )
            if not r and not convert:
                yield chunk
                continue
            out = []
            for e in parser.feed(chunk):
                if rewriter.spoke:
                    out.append(rewriter.event(e.event, e.data))
                elif first := rewriter.event(e.event, e.data):
                    yield first  # until the first text has gone, each event goes when ready
            if out and (rest := b"".join(out)):
                yield rest
        tail = b""
        if decoder is not None and encoder is not None:
            tail = b"".join(encoder.encode(ev) for ev in decoder.close()) + encoder.close()
        if r or convert:
            tail = b"".join(
                rewriter.event(e.event, e.data) for e in parser.feed(tail) + parser.close()
            )
            tail += rewriter.flush()
        if tail:
            yield tail
    except (httpx.TransportError, httpx.TimeoutException):
        outcome, status, error = "upstream_error", 502, "stream_interrupted"
        yield rewriter.flush() + sse_error(
            ex.fmt, 502, "the provider's stream was interrupted", "upstream_error"
        )
    except (asyncio.CancelledError, GeneratorExit):  # the client went away mid-stream
        outcome, status, error = "client_closed", 499, "client_closed"
        raise
    finally:
        await response.aclose()
        upstream_ms = round((time.perf_counter() - sent) * 1000, 3)
        await gw.record(ex.record(outcome, status, upstream_ms=upstream_ms, error=error))
