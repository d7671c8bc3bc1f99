"""The gateway's doors: who may pass (client keys), how much (rate limits), under which
policy. Each turns the access layer's answer into a :class:`GatewayError` in the client's
format, and fails closed when a backend it needs cannot be reached.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers

from tiergate.access import limits
from tiergate.access.gate import Client, Unauthorized
from tiergate.errors import KeyStoreError, PolicyError, StateError
from tiergate.pipeline import Engine
from tiergate.proxy.errors import GatewayError
from tiergate.proxy.gateway import Gateway


async def admit(gw: Gateway, headers: Headers, audit: dict[str, Any]) -> Client:
    """The request's client (also set as ``audit["client"]``), or 401."""
    try:
        client = await gw.gate.identify(headers)
    except Unauthorized as exc:
        audit["client"] = exc.client
        raise GatewayError(401, str(exc), exc.code, outcome="unauthorized") from None
    except KeyStoreError:
        audit["client"] = "unknown"
        raise GatewayError(
            503,
            "tiergate cannot read its client keys right now; nothing was sent, retry later",
            "keystore_unavailable",
            outcome="backend_unavailable",
        ) from None
    audit["client"] = client.name
    return client


async def within_limits(gw: Gateway, client: Client, body: dict[str, Any]) -> None:
    """Count the request against its key's limits; 429 with ``Retry-After`` when over."""
    if client.key is None or (client.key.rpm is None and client.key.tpm is None):
        return
    try:
        over = await limits.check(gw.state, client.key, body)
    except StateError:
        raise GatewayError(
            503,
            "tiergate cannot reach its shared state to count rate limits; nothing was sent, "
            "retry later",
            "state_unavailable",
            outcome="backend_unavailable",
        ) from None
    if over is None:
        return
    wait = limits.retry_after(over.retry_after)
    if over.never:
        message = (
            f"this request alone (about {limits.estimate_tokens(body)} tokens, estimated) is "
            f"over client key {client.name!r}'s limit of {over.limit} tokens per minute; "
            "send less or ask for a lower max_tokens"
        )
    else:
        message = (
            f"client key {client.name!r} is over its limit of {over.limit} {over.what} per "
            f"minute; retry in {wait} s"
        )
    raise GatewayError(
        429, message, "rate_limited", outcome="rate_limited", headers={"retry-after": wait}
    )


async def engine_for(gw: Gateway, client: Client) -> Engine:
    """The engine of the client's policy; 500 if a key's stored policy no longer holds."""
    try:
        return await gw.engines.for_key(client.key)
    except PolicyError as exc:
        raise GatewayError(
            500,
            f"the policy of client key {client.name!r} is not valid with the gateway's "
            f"policy ({exc}); nothing was sent",
            "key_policy_invalid",
            outcome="internal_error",
        ) from None
