"""The HTTP server's connection protocol: uvicorn's httptools protocol, one send per answer.

uvicorn writes a response's status line and headers as soon as the application starts the
response, and its body when the application sends it: two ``send()`` calls on the socket for
every JSON answer, and on loopback each wakes the client, which reads the head, parses it and
waits again. The protocol here gives uvicorn a transport that holds a response's head and
sends it with the next write, the body: one ``send()``. A head is never held past the current
step of the event loop: the head of a stream whose first event is not ready yet goes out as
soon as the handler waits for it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class HeadWithBody:
    """A socket transport that sends a response head (a write that starts with the status
    line) together with the write after it, or at the end of the event loop's step."""

    __slots__ = ("_head", "_loop", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._head: bytes | None = None

    def write(self, data: bytes) -> None:
        if self._head is not None:
            data, self._head = self._head + data, None
        elif data.startswith(b"HTTP/1.1 "):
            self._head = data
            self._loop.call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            if not self._transport.is_closing():
                self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:  # everything else is the socket's transport
        return getattr(self._transport, name)


class GatewayHTTP(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(HeadWithBody(transport, self.loop))  # type: ignore[arg-type]
