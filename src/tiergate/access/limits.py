"""Rate limits per client key: requests and tokens per minute, counted in the shared state
(in process, or Redis for many replicas), so that every replica enforces one limit.

Tokens are estimated before the request is sent, since the provider's count comes too late
to refuse it: the characters of every text in the request (messages, system prompt, tool
definitions; JSON keys and the model name are not counted) divided by 4, rounded up, plus
the most it asks to generate (``max_tokens``, ``max_completion_tokens``), or
:data:`DEFAULT_OUTPUT_ESTIMATE` when it does not say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tiergate.access.keys import ClientKey
from tiergate.state import SharedState, Take

WINDOW_S = 60.0
CHARS_PER_TOKEN = 4
DEFAULT_OUTPUT_ESTIMATE = 1024
_NOT_TEXT = frozenset({"model", "stream", "role", "type", "id", "tool_call_id"})


def _chars(value: Any, key: str | None = None) -> int:
    if isinstance(value, str):
        return 0 if key in _NOT_TEXT else len(value)
    if isinstance(value, dict):
        return sum(_chars(v, k) for k, v in value.items())
    if isinstance(value, list):
        return sum(_chars(v) for v in value)
    return 0


def estimate_tokens(body: dict[str, Any]) -> int:
    """The tokens a chat request will use at most, estimated (see the module docstring)."""
    text = math.ceil(_chars(body) / CHARS_PER_TOKEN)
    for name in ("max_tokens", "max_completion_tokens"):
        out = body.get(name)
        if isinstance(out, int) and not isinstance(out, bool) and out >= 0:
            return text + out
    return text + DEFAULT_OUTPUT_ESTIMATE


@dataclass(frozen=True)
class Exceeded:
    """Which limit a request is over, and in how many seconds it would fit."""

    what: str  # "requests" | "tokens"
    limit: int
    retry_after: float
    never: bool = False  # the request alone is over the limit


async def check(state: SharedState, key: ClientKey, body: dict[str, Any]) -> Exceeded | None:
    """Count this request against ``key``'s limits; the first one it exceeds, if any.

    A request refused for its tokens has still counted as a request (it was one). Raises
    :class:`~tiergate.errors.StateError` when the state cannot be reached.
    """
    takes: list[Take] = []
    if key.rpm is not None:
        takes.append(("rpm", 1, key.rpm, WINDOW_S))
    if key.tpm is not None:
        takes.append(("tpm", estimate_tokens(body), key.tpm, WINDOW_S))
    over = await state.take_all(f"key:{key.id}", takes)  # one round trip for both
    if over is None:
        return None
    bucket, amount, limit, _ = takes[over[0]]
    if bucket == "rpm":
        return Exceeded("requests", limit, over[1])
    return Exceeded("tokens", limit, over[1], never=amount > limit)


def retry_after(seconds: float) -> str:
    """The ``Retry-After`` header: whole seconds, at least 1."""
    return str(max(1, math.ceil(seconds)))
