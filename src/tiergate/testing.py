"""Test helpers for users of tiergate: a fake provider and a gateway, both real HTTP servers
on 127.0.0.1, so that a policy can be tested end to end with the official SDKs.

    with FakeProvider("openai") as cloud, run_gateway(config_for(cloud)) as gw:
        client = openai.OpenAI(base_url=gw.openai_base_url, api_key="unused")
        client.chat.completions.create(model="auto", messages=[...])
        cloud.received  # exactly what the provider was sent

A :class:`FakeProvider` answers like a provider of its wire format (OpenAI Chat Completions
or Anthropic Messages), streaming or not, echoing the last user message by default; a
:class:`Reply` scripts other answers: tool calls, errors with ``Retry-After``, delays, a
connection cut in the middle of a stream. ``accept_keys`` makes it check API keys like a
provider does (401 for any other key), e.g. to test a key rotation.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import threading
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tiergate.access.gate import AuthMode
from tiergate.config import Config
from tiergate.proxy.gateway import Gateway

Wire = Literal["openai", "anthropic"]
ECHO = "ECHO: "


@dataclass
class Reply:
    """One scripted answer. ``text=None`` echoes the last user message."""

    text: str | None = None
    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    status: int = 200
    retry_after: str | None = None
    delay: float = 0.0
    chunks: int = 5
    cut_after: int | None = None  # close the connection after this many stream chunks
    stall_after: int | None = None  # send nothing more after this many chunks (for a minute)
    gzip: bool = False  # compress the answer (content-encoding: gzip), asked for or not
    headers: dict[str, str] = field(default_factory=dict)  # extra response headers


_GZIP = {"content-encoding": "gzip"}


async def _gzipped(events: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Each event compressed and flushed as it goes (one gzip stream for the whole body)."""
    packer = zlib.compressobj(wbits=31)  # 31: the gzip container
    async for event in events:
        yield packer.compress(event) + packer.flush(zlib.Z_SYNC_FLUSH)
    yield packer.flush()


def last_user_text(body: Mapping[str, Any]) -> str:
    for msg in reversed(body.get("messages") or []):
        if isinstance(msg, dict) and msg.get("role") == "user":
            content = msg.get("content")
            if isinstance(content, str):
                return content
            if isinstance(content, list):
                return "".join(
                    p.get("text", "")
                    for p in content
                    if isinstance(p, dict) and p.get("type") == "text"
                )
    return ""


def api_key(headers: Mapping[str, str]) -> str | None:
    """The API key a request carries: ``Authorization: Bearer …`` or ``x-api-key``."""
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:]
    return headers.get("x-api-key")


def _pieces(text: str, n: int) -> list[str]:
    n = max(1, min(n, len(text) or 1))
    size = -(-len(text) // n) if text else 0
    return [text[i : i + size] for i in range(0, len(text), size)] if text else [""]


class _Server:
    """A Starlette app served by uvicorn in a background thread on 127.0.0.1."""

    def __init__(self, app: Any, **options: Any) -> None:
        config = uvicorn.Config(
            app, host="127.0.0.1", port=0, log_level="error", lifespan="on", **options
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> int:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        port: int = self.server.servers[0].sockets[0].getsockname()[1]
        return port

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class FakeProvider:
    """A provider on 127.0.0.1 that records every request it receives."""

    def __init__(self, wire: Wire = "openai", *, model: str = "fake-model") -> None:
        self.wire = wire
        self.model = model
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.replies: list[Reply] = []  # used in order; the default Reply() when empty
        self.accept_keys: set[str] | None = None  # None: any key (or none) is accepted
        self.unfinished = 0  # streams that stopped before their end (cut, or closed by the peer)
        self._server = _Server(self._app())
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> FakeProvider:
        self.port = self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def _next(self) -> Reply:
        return self.replies.pop(0) if self.replies else Reply()

    def _app(self) -> Starlette:
        async def handle(request: Request) -> Response:
            body = json.loads(await request.body())
            self.received.append(body)
            self.headers.append(dict(request.headers))
            accepted = self.accept_keys
            if accepted is not None and api_key(request.headers) not in accepted:
                err = {"error": {"message": "invalid API key", "type": "authentication_error"}}
                return JSONResponse(err, status_code=401)
            reply = self._next()
            if reply.delay:
                await asyncio.sleep(reply.delay)
            if reply.status != 200:
                headers = {"retry-after": reply.retry_after} if reply.retry_after else {}
                headers.update(reply.headers)
                err = {"error": {"message": f"fake error {reply.status}", "type": "fake"}}
                return JSONResponse(err, status_code=reply.status, headers=headers)
            text = reply.text if reply.text is not None else ECHO + last_user_text(body)
            if body.get("stream"):
                events = (
                    self._anthropic_stream if self.wire == "anthropic" else self._openai_stream
                )(text, reply)
                if reply.gzip:
                    events = _gzipped(events)
                return StreamingResponse(
                    self._tracked(events),
                    media_type="text/event-stream",
                    headers={**reply.headers, **_GZIP} if reply.gzip else reply.headers,
                )
            build = self._anthropic_body if self.wire == "anthropic" else self._openai_body
            if reply.gzip:
                data = gzip.compress(json.dumps(build(text, reply)).encode())
                return Response(data, media_type="application/json", headers=_GZIP)
            return JSONResponse(build(text, reply), headers=reply.headers)

        path = "/v1/messages" if self.wire == "anthropic" else "/v1/chat/completions"
        return Starlette(routes=[Route(path, handle, methods=["POST"])])

    async def _tracked(self, events: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        finished = False
        try:
            async for event in events:
                yield event
            finished = True
        finally:
            self.unfinished += not finished

    # ---- OpenAI ---------------------------------------------------------------------

    def _openai_body(self, text: str, reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": text if not reply.tool_calls else None,
        }
        if reply.tool_calls:
            message["tool_calls"] = [
                {
                    "id": f"call_{i}",
                    "type": "function",
                    "function": {"name": n, "arguments": json.dumps(a)},
                }
                for i, (n, a) in enumerate(reply.tool_calls)
            ]
        return {
            "id": "chatcmpl-" + uuid.uuid4().hex,
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "finish_reason": "tool_calls" if reply.tool_calls else "stop",
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }

    async def _openai_stream(self, text: str, reply: Reply) -> AsyncIterator[bytes]:
        base = {
            "id": "chatcmpl-" + uuid.uuid4().hex,
            "object": "chat.completion.chunk",
            "created": 0,
            "model": self.model,
        }

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            payload = {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            return b"data: " + json.dumps(payload).encode() + b"\n\n"

        sent = 0
        if reply.tool_calls:
            for i, (name, args) in enumerate(reply.tool_calls):
                head = {
                    "index": i,
                    "id": f"call_{i}",
                    "type": "function",
                    "function": {"name": name, "arguments": ""},
                }
                yield chunk({"role": "assistant", "tool_calls": [head]})
                for piece in _pieces(json.dumps(args), reply.chunks):
                    yield chunk({"tool_calls": [{"index": i, "function": {"arguments": piece}}]})
            yield chunk({}, "tool_calls")
        else:
            for i, piece in enumerate(_pieces(text, reply.chunks)):
                if reply.cut_after is not None and sent >= reply.cut_after:
                    raise ConnectionResetError("the fake provider cut the stream")
                if reply.stall_after is not None and sent >= reply.stall_after:
                    await asyncio.sleep(60)
                yield chunk(
                    {"role": "assistant", "content": piece} if i == 0 else {"content": piece}
                )
                sent += 1
            yield chunk({}, "stop")
        yield b"data: [DONE]\n\n"

    # ---- Anthropic ------------------------------------------------------------------

    def _anthropic_body(self, text: str, reply: Reply) -> dict[str, Any]:
        content: list[dict[str, Any]] = [] if reply.tool_calls else [{"type": "text", "text": text}]
        for i, (name, args) in enumerate(reply.tool_calls):
            content.append({"type": "tool_use", "id": f"toolu_{i}", "name": name, "input": args})
        return {
            "id": "msg_" + uuid.uuid4().hex,
            "type": "message",
            "role": "assistant",
            "model": self.model,
            "content": content,
            "stop_reason": "tool_use" if reply.tool_calls else "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 10, "output_tokens": 5},
        }

    async def _anthropic_stream(self, text: str, reply: Reply) -> AsyncIterator[bytes]:
        def event(name: str, data: dict[str, Any]) -> bytes:
            return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()

        message = {**self._anthropic_body("", Reply()), "content": [], "stop_reason": None}
        yield event("message_start", {"type": "message_start", "message": message})
        sent = 0
        if reply.tool_calls:
            for i, (name, args) in enumerate(reply.tool_calls):
                block = {"type": "tool_use", "id": f"toolu_{i}", "name": name, "input": {}}
                yield event(
                    "content_block_start",
                    {"type": "content_block_start", "index": i, "content_block": block},
                )
                for piece in _pieces(json.dumps(args), reply.chunks):
                    delta = {"type": "input_json_delta", "partial_json": piece}
                    yield event(
                        "content_block_delta",
                        {"type": "content_block_delta", "index": i, "delta": delta},
                    )
                yield event("content_block_stop", {"type": "content_block_stop", "index": i})
            stop = "tool_use"
        else:
            block = {"type": "text", "text": ""}
            yield event(
                "content_block_start",
                {"type": "content_block_start", "index": 0, "content_block": block},
            )
            for piece in _pieces(text, reply.chunks):
                if reply.cut_after is not None and sent >= reply.cut_after:
                    raise ConnectionResetError("the fake provider cut the stream")
                if reply.stall_after is not None and sent >= reply.stall_after:
                    await asyncio.sleep(60)
                delta = {"type": "text_delta", "text": piece}
                yield event(
                    "content_block_delta",
                    {"type": "content_block_delta", "index": 0, "delta": delta},
                )
                sent += 1
            yield event("content_block_stop", {"type": "content_block_stop", "index": 0})
            stop = "end_turn"
        yield event(
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": 5},
            },
        )
        yield event("message_stop", {"type": "message_stop"})


@dataclass
class RunningGateway:
    gateway: Gateway
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def anthropic_base_url(self) -> str:
        return self.url


@contextlib.contextmanager
def run_gateway(
    config: Config, environ: Mapping[str, str] | None = None, *, auth: AuthMode = "auto"
) -> Iterator[RunningGateway]:
    """Serve ``config`` on a free port of 127.0.0.1 for the duration of the block.
    ``auth="on"`` requires client keys as a gateway on a public address does."""
    from tiergate.proxy.app import create_app  # noqa: PLC0415  (app imports this package)
    from tiergate.proxy.server import GatewayHTTP  # noqa: PLC0415

    gw = Gateway.build(config, environ if environ is not None else {}, auth=auth)
    server = _Server(create_app(gw), http=GatewayHTTP)  # the protocol `tiergate serve` uses
    port = server.start()
    try:
        yield RunningGateway(gw, port)
    finally:
        server.stop()


def provider_config(fake: FakeProvider, name: str, **fields: Any) -> dict[str, Any]:
    """A provider entry (for :class:`~tiergate.config.Config`) pointing at ``fake``."""
    return {
        "name": name,
        "wire": fake.wire,
        "base_url": fake.base_url,
        "models": [fake.model],
        **fields,
    }


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
