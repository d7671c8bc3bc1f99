"""Operator endpoints: ``GET /metrics`` (Prometheus) and ``GET /admin/keys`` (upstream key
pools, for ``tiergate providers keys``).

Neither ever includes a value or a key: metrics carry counts, and a key is shown by its last
four characters and a SHA-256 prefix. ``/metrics`` is open, like any scrape target (put it
behind the network policy that protects the port). ``/admin/*`` answers only connections
from the loopback interface, whatever the client keys: a remote operator runs the command on
the gateway's machine (or through an SSH tunnel). A reverse proxy on the same machine must
pass ``X-Forwarded-For`` (uvicorn then sees the real client) or not route ``/admin``.
"""

from __future__ import annotations

import ipaddress
import uuid

from starlette.requests import Request
from starlette.responses import Response

from tiergate.proxy.errors import GatewayError, error_response
from tiergate.proxy.gateway import Gateway
from tiergate.proxy.responses import JSONResponse

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


def is_loopback(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def _headers() -> dict[str, str]:
    return {"x-tiergate-request-id": "tg-" + uuid.uuid4().hex[:20]}


async def metrics(gw: Gateway, request: Request) -> Response:
    return Response(gw.observer.exposition(), media_type=PROMETHEUS_TEXT, headers=_headers())


async def admin_keys(gw: Gateway, request: Request) -> Response:
    """Every provider's keys: state, cool-down, use count, last answer; never the value."""
    if not is_loopback(request):
        err = GatewayError(
            403, "the admin endpoints answer only on the loopback interface", "admin_loopback_only"
        )
        return error_response("openai", err, _headers())
    for p in gw.providers:
        await p.keys.refresh(now=True)  # cool-downs set by other replicas, as they are now
    body = {
        "providers": [{"name": p.name, "keys": p.keys.describe()} for p in gw.providers],
        "reload": {
            "reloads": gw.reloader.reloads,
            "failures": gw.reloader.failures,
            "watching": [str(path) for path in gw.reloader.watched()],
        },
    }
    return JSONResponse(body, headers=_headers())
