"""The HTTP API: OpenAI- and Anthropic-compatible endpoints, classify, models, health;
for operators ``/metrics`` and ``/admin/keys`` (see :mod:`tiergate.proxy.admin`).

Pure ASGI underneath (Starlette). The chat endpoints, which carry all the traffic, are
called straight from the ASGI entry point (:class:`ChatFirst`) rather than through
Starlette's router and middleware, whose per-request cost is a tenth of a millisecond;
everything else goes through Starlette. Every response carries ``x-tiergate-request-id``,
``x-tiergate-tier``, ``x-tiergate-egress-tier`` and ``x-tiergate-provider``. Every endpoint
but ``/healthz`` needs a client key when the gateway requires them (:mod:`tiergate.access`);
a refusal is audited.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from tiergate import extract
from tiergate.access.gate import Client
from tiergate.extract import Format
from tiergate.proxy import admin
from tiergate.proxy.chat import Exchange, handle_chat, read_json
from tiergate.proxy.errors import GatewayError, error_response
from tiergate.proxy.gateway import Gateway
from tiergate.proxy.guard import admit, engine_for
from tiergate.proxy.responses import JSONResponse


def client_format(request: Request) -> Format:
    """Anthropic SDKs send ``anthropic-version``; everything else is answered as OpenAI."""
    return "anthropic" if "anthropic-version" in request.headers else "openai"


def _headers(request_id: str, tier: str = "none", egress: str = "none") -> dict[str, str]:
    return {
        "x-tiergate-request-id": request_id,
        "x-tiergate-tier": tier,
        "x-tiergate-egress-tier": egress,
        "x-tiergate-provider": "none",
    }


CHAT_ENDPOINTS: dict[str, tuple[Format, str]] = {
    "/v1/chat/completions": ("openai", "/v1/chat/completions"),
    "/chat/completions": ("openai", "/v1/chat/completions"),
    "/v1/messages": ("anthropic", "/v1/messages"),
}


class ChatFirst:
    """``POST`` to a chat endpoint goes straight to :func:`handle_chat` (which answers every
    failure itself, in the client's format); any other request to ``app``."""

    def __init__(self, gw: Gateway, app: ASGIApp) -> None:
        self.gw = gw
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        chat = CHAT_ENDPOINTS.get(scope["path"]) if scope["type"] == "http" else None
        if chat is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        response = await handle_chat(self.gw, Request(scope, receive), *chat)
        await response(scope, receive, send)


def create_app(gw: Gateway) -> ChatFirst:
    async def guarded(request: Request, endpoint: str) -> Client | Response:
        """The client of a request to ``endpoint``, or the audited 401/503 to answer."""
        ex = Exchange(client_format(request), endpoint)
        try:
            return await admit(gw, request.headers, ex.audit)
        except GatewayError as err:
            await gw.record(ex.record(err.outcome, err.status, error=err.code))
            return error_response(ex.fmt, err, _headers(ex.request_id))

    async def models(request: Request) -> Response:
        client = await guarded(request, "/v1/models")
        if isinstance(client, Response):
            return client
        headers = _headers("tg-" + uuid.uuid4().hex[:20])
        ids = ["auto", *dict.fromkeys(m for p in gw.providers for m in p.models)]
        owner = {m: p.name for p in reversed(gw.providers) for m in p.models}
        if client_format(request) == "anthropic":
            data: list[dict[str, Any]] = [
                {"type": "model", "id": m, "display_name": m, "created_at": "1970-01-01T00:00:00Z"}
                for m in ids
            ]
            body: dict[str, Any] = {
                "data": data,
                "has_more": False,
                "first_id": ids[0],
                "last_id": ids[-1],
            }
        else:
            body = {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 0, "owned_by": owner.get(m, "tiergate")}
                    for m in ids
                ],
            }
        return JSONResponse(body, headers=headers)

    async def classify(request: Request) -> Response:
        """The core's JSON for ``{"text": …}`` or a whole chat request; nothing is forwarded."""
        fmt = client_format(request)
        request_id = "tg-" + uuid.uuid4().hex[:20]
        client = await guarded(request, "/v1/classify")
        if isinstance(client, Response):
            return client
        try:
            engine = await engine_for(gw, client)
            body = await read_json(request, gw.config.server.max_body_bytes)
            if isinstance(body, dict) and isinstance(body.get("text"), str):
                result = engine.classify(body["text"])
                out = {"request_id": request_id, **result.to_dict(explain=True)}
                out["explanation"] = result.explain()
                tier, egress = result.tier, result.egress_tier
            elif isinstance(body, dict) and isinstance(body.get("messages"), list):
                kind: Format = "anthropic" if body.get("format") == "anthropic" else fmt
                request_body = {k: v for k, v in body.items() if k != "format"}
                scan = engine.scan_request(extract.chat_request(request_body, kind))
                out = {
                    "request_id": request_id,
                    **scan.classification.to_dict(explain=True),
                    "tier": scan.tier,
                    "egress_tier": scan.egress_tier,
                    "unknown_parts": scan.extracted.unknown_parts,
                    "segments": [
                        {"path": list(seg.path), "findings": [d.finding.to_dict() for d in ds]}
                        for seg, ds in zip(scan.extracted.segments, scan.by_segment, strict=True)
                        if ds
                    ],
                    "explanation": scan.classification.explain(),
                }
                tier, egress = scan.tier, scan.egress_tier
            else:
                raise GatewayError(
                    400, 'send {"text": "…"} or a chat request with "messages"', "invalid_request"
                )
        except GatewayError as err:
            return error_response(fmt, err, _headers(request_id))
        return JSONResponse(out, headers=_headers(request_id, str(tier), str(egress)))

    async def healthz(request: Request) -> Response:
        served = gw.tiers_served()
        body = {
            "status": "ok",
            "time": time.time(),
            "providers": [p.name for p in gw.providers],
            "tiers": {str(t): names for t, names in served.items()},
        }
        return JSONResponse(body, headers=_headers("tg-" + uuid.uuid4().hex[:20]))

    async def metrics(request: Request) -> Response:
        return await admin.metrics(gw, request)

    async def admin_keys(request: Request) -> Response:
        return await admin.admin_keys(gw, request)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            await gw.start()
            yield
        finally:
            await gw.aclose()

    def chat(fmt: Format, endpoint: str) -> Callable[[Request], Awaitable[Response]]:
        """A chat endpoint for Starlette, reached only when ChatFirst did not take the
        request (a server with a root path)."""

        async def answer(request: Request) -> Response:
            return await handle_chat(gw, request, fmt, endpoint)

        return answer

    routes = [
        *(Route(path, chat(*target), methods=["POST"]) for path, target in CHAT_ENDPOINTS.items()),
        Route("/v1/models", models, methods=["GET"]),
        Route("/models", models, methods=["GET"]),
        Route("/v1/classify", classify, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/admin/keys", admin_keys, methods=["GET"]),
    ]
    return ChatFirst(gw, Starlette(routes=routes, lifespan=lifespan))
