"""The gateway's two kinds of answer: a JSON body, and a stream of server-sent events.

Both are Starlette responses. JSON is rendered with :mod:`tiergate.wire.jsonc`. A stream is
sent by :class:`EventStream`, which does what Starlette's ``StreamingResponse`` does for a
server of ASGI spec 2.3 (uvicorn) without a task group per response: the client going away
is noticed by one waiting task, which cancels the relay at once (so a stalled provider is
not waited for), and the relay's own clean-up (closing the upstream stream, writing the
audit record) runs as it would at the end of a stream.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any

from starlette import responses
from starlette.types import Receive, Scope, Send

from tiergate import jsonc


class JSONResponse(responses.JSONResponse):
    def render(self, content: Any) -> bytes:
        return jsonc.dumps(content)


class EventStream(responses.Response):
    """``text/event-stream`` from an async iterator of bytes (an async generator)."""

    media_type = "text/event-stream"

    def __init__(self, events: AsyncIterator[bytes], headers: Mapping[str, str]) -> None:
        self.events = events
        self.status_code = 200
        self.background = None
        self.init_headers(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        task = asyncio.current_task()
        assert task is not None

        def stop_relay(f: asyncio.Future[None]) -> None:
            if not f.cancelled():
                task.cancel()

        gone = asyncio.ensure_future(_client_gone(receive))
        gone.add_done_callback(stop_relay)
        try:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            async for chunk in self.events:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except asyncio.CancelledError:
            if not gone.done() or gone.cancelled():
                raise  # cancelled from outside (the server is shutting down)
            task.uncancel()  # the client went away: the relay was stopped, nothing to send
        finally:
            gone.remove_done_callback(stop_relay)
            gone.cancel()
            aclose = getattr(self.events, "aclose", None)
            if aclose is not None:
                await aclose()


async def _client_gone(receive: Receive) -> None:
    """Returns once the client has disconnected (the request body was read before)."""
    while (await receive())["type"] != "http.disconnect":
        pass
