"""Errors in the client's own format, so that its SDK raises the right exception.

OpenAI: ``{"error": {"message", "type", "param", "code"}}``; Anthropic: ``{"type":
"error", "error": {"type", "message"}}``. Messages name categories, providers and limits,
never a value from the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tiergate.extract import Format
from tiergate.jsonc import dumps_text
from tiergate.proxy.responses import JSONResponse

# status -> (OpenAI type, Anthropic type)
_TYPES = {
    400: ("invalid_request_error", "invalid_request_error"),
    401: ("authentication_error", "authentication_error"),
    403: ("permission_error", "permission_error"),
    404: ("invalid_request_error", "not_found_error"),
    413: ("invalid_request_error", "request_too_large"),
    429: ("rate_limit_error", "rate_limit_error"),
    500: ("server_error", "api_error"),
    502: ("server_error", "api_error"),
    503: ("server_error", "overloaded_error"),
    504: ("server_error", "api_error"),
}


@dataclass
class GatewayError(Exception):
    """An answer the gateway gives instead of forwarding. ``outcome`` goes to the audit."""

    status: int
    message: str
    code: str
    outcome: str = "bad_request"
    headers: dict[str, str] | None = None

    def __str__(self) -> str:
        return self.message


def error_body(fmt: Format, status: int, message: str, code: str) -> dict[str, Any]:
    openai_type, anthropic_type = _TYPES.get(status, ("server_error", "api_error"))
    if fmt == "anthropic":
        return {"type": "error", "error": {"type": anthropic_type, "message": message}}
    return {"error": {"message": message, "type": openai_type, "param": None, "code": code}}


def error_response(fmt: Format, err: GatewayError, headers: dict[str, str]) -> JSONResponse:
    return JSONResponse(
        error_body(fmt, err.status, err.message, err.code),
        status_code=err.status,
        headers={**headers, **(err.headers or {})},
    )


def sse_error(fmt: Format, status: int, message: str, code: str) -> bytes:
    """An error event inside a stream that has already started."""
    body = dumps_text(error_body(fmt, status, message, code))
    if fmt == "anthropic":
        return f"event: error\ndata: {body}\n\n".encode()
    return f"data: {body}\n\n".encode()
