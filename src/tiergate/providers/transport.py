"""The HTTP/1.1 transport provider calls go through: a lean keep-alive pool on asyncio.

httpx's default transport (httpcore over anyio) spends about half a millisecond of CPU per
request on locks, cancel scopes and pool bookkeeping, as much as scanning a 2 KB prompt.
This one speaks HTTP/1.1 over asyncio streams and does the same job with the same
semantics as ``httpx.AsyncHTTPTransport(retries=0)``:

- TLS verified with httpx's default context (certifi), ALPN ``http/1.1``, no HTTP/2;
- one keep-alive pool: at most ``max_connections`` connections, ``max_keepalive`` of them
  idle, an idle connection dropped after ``keepalive_expiry`` seconds or once the server
  has closed it;
- the request's ``timeout`` extension: connect, write, each read, and the wait for a free
  connection (pool);
- failures raised as httpx's exceptions (``ConnectError``, ``ConnectTimeout``,
  ``ReadTimeout``, ``WriteTimeout``, ``PoolTimeout``, ``ReadError``, ``WriteError``,
  ``RemoteProtocolError``);
- no proxies: httpx never applies environment proxies to a transport passed in, which is
  how the gateway's client has always been built.

The body is passed on as it arrives: whatever one read brought leaves in one piece (several
stream events that came together are relayed together; part of a chunk is not held back).
The body stream hands its connection back to the pool only once the response was read to
the end; a response closed early, a failure or a cancellation closes the connection.
"""

from __future__ import annotations

import asyncio
import select
import ssl
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

Origin = tuple[str, str, int]

MAX_HEAD = 100 * 1024  # the longest status line + headers accepted (httpcore's limit)
MAX_CHUNK_LINE = 1024
READ_SIZE = 64 * 1024


def default_ssl_context() -> ssl.SSLContext:
    ctx = httpx.create_ssl_context()
    ctx.set_alpn_protocols(["http/1.1"])
    return ctx


class _Connection:
    __slots__ = ("fd", "idle_since", "origin", "reader", "writer")

    def __init__(
        self, origin: Origin, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.origin = origin
        self.reader = reader
        self.writer = writer
        self.idle_since = 0.0
        sock = writer.get_extra_info("socket")
        self.fd: int = sock.fileno() if sock is not None else -1

    def usable(self, now: float, expiry: float) -> bool:
        """Still open, not expired, and the server has sent nothing, not even a close that
        the event loop has not seen yet (the socket is polled, as httpcore does)."""
        if (
            now - self.idle_since >= expiry
            or self.reader.at_eof()
            or self.writer.transport.is_closing()
        ):
            return False
        if self.fd < 0 or not hasattr(select, "poll"):  # (Windows has no poll)
            return True
        poll = select.poll()
        poll.register(self.fd, select.POLLIN)
        return not poll.poll(0)

    def close(self) -> None:
        self.writer.transport.abort()


class LeanHTTPTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over asyncio with a keep-alive pool; see the module's docstring."""

    def __init__(
        self,
        *,
        ssl_context: ssl.SSLContext | None = None,
        max_connections: int = 256,
        max_keepalive: int = 64,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._ssl = ssl_context
        self._max_keepalive = max_keepalive
        self._expiry = keepalive_expiry
        self._slots = asyncio.Semaphore(max_connections)  # connections in use
        self._max_connections = max_connections
        self._idle: dict[Origin, list[_Connection]] = {}
        self._n_idle = 0
        self._in_use = 0
        self._closed = False

    # ---- the pool --------------------------------------------------------------------

    async def _checkout(self, origin: Origin, timeouts: dict[str, Any]) -> _Connection:
        if self._slots.locked():
            try:
                async with asyncio.timeout(timeouts.get("pool")):
                    await self._slots.acquire()
            except TimeoutError:
                raise httpx.PoolTimeout("no connection became free in time") from None
        else:
            await self._slots.acquire()
        self._in_use += 1
        try:
            idle = self._idle.get(origin)
            now = time.monotonic()
            while idle:
                conn = idle.pop()
                self._n_idle -= 1
                if conn.usable(now, self._expiry):
                    return conn
                conn.close()
            if self._in_use + self._n_idle > self._max_connections:
                self._drop_oldest_idle()
            return await self._connect(origin, timeouts)
        except BaseException:
            self._release_slot()
            raise

    def _drop_oldest_idle(self) -> None:
        oldest: list[_Connection] | None = None
        for conns in self._idle.values():
            if conns and (oldest is None or conns[0].idle_since < oldest[0].idle_since):
                oldest = conns
        if oldest:
            oldest.pop(0).close()
            self._n_idle -= 1

    def _release_slot(self) -> None:
        self._in_use -= 1
        self._slots.release()

    def _checkin(self, conn: _Connection, reusable: bool) -> None:
        self._release_slot()
        if not reusable or self._closed or self._n_idle >= self._max_keepalive:
            conn.close()
            return
        conn.idle_since = time.monotonic()
        self._idle.setdefault(conn.origin, []).append(conn)
        self._n_idle += 1

    async def _connect(self, origin: Origin, timeouts: dict[str, Any]) -> _Connection:
        scheme, host, port = origin
        tls: ssl.SSLContext | None = None
        if scheme == "https":
            if self._ssl is None:
                self._ssl = default_ssl_context()
            tls = self._ssl
        try:
            async with asyncio.timeout(timeouts.get("connect")):
                reader, writer = await asyncio.open_connection(
                    host, port, ssl=tls, server_hostname=host if tls else None, limit=MAX_HEAD
                )
        except TimeoutError:
            raise httpx.ConnectTimeout(f"connecting to {host}:{port} timed out") from None
        except OSError as exc:  # ssl.SSLError is an OSError too
            raise httpx.ConnectError(f"cannot connect to {host}:{port}: {exc}") from None
        return _Connection(origin, reader, writer)

    # ---- one request -----------------------------------------------------------------

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {scheme!r}")
        port = url.port or (443 if scheme == "https" else 80)
        origin = (scheme, url.host, port)
        timeouts: dict[str, Any] = request.extensions.get("timeout", {})
        conn = await self._checkout(origin, timeouts)
        try:
            await self._send(conn, request, timeouts.get("write"))
            status, reason, version, headers = await self._receive_head(conn, timeouts)
        except BaseException:
            self._checkin(conn, reusable=False)
            raise
        body = _Body(self, conn, request.method, status, version, headers, timeouts.get("read"))
        return httpx.Response(
            status,
            headers=headers,
            stream=body,
            extensions={"http_version": version, "reason_phrase": reason},
        )

    async def _send(self, conn: _Connection, request: httpx.Request, timeout: float | None) -> None:
        head = [b"%s %s HTTP/1.1\r\n" % (request.method.encode(), request.url.raw_path)]
        head.extend(b"%s: %s\r\n" % (k, v) for k, v in request.headers.raw)
        head.append(b"\r\n")
        writer = conn.writer
        chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
        try:
            async with asyncio.timeout(timeout):
                if isinstance(request.stream, httpx.ByteStream) and not chunked:
                    writer.write(b"".join(head) + request.content)
                else:
                    writer.write(b"".join(head))
                    async for part in request.stream:  # type: ignore[union-attr]
                        if part:
                            writer.write(b"%x\r\n%s\r\n" % (len(part), part) if chunked else part)
                        await writer.drain()
                    if chunked:
                        writer.write(b"0\r\n\r\n")
                if writer.transport.get_write_buffer_size():
                    await writer.drain()
        except TimeoutError:
            raise httpx.WriteTimeout("sending the request timed out") from None
        except OSError as exc:
            raise httpx.WriteError(f"sending the request failed: {exc}") from None

    async def _receive_head(
        self, conn: _Connection, timeouts: dict[str, Any]
    ) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
        while True:
            head = await _read(conn.reader.readuntil(b"\r\n\r\n"), timeouts.get("read"), True)
            status, reason, version, headers = _parse_head(head)
            if status >= 200 or status == 101:
                return status, reason, version, headers

    async def aclose(self) -> None:
        self._closed = True
        for conns in self._idle.values():
            for conn in conns:
                conn.close()
        self._idle.clear()
        self._n_idle = 0


async def _read(awaitable: Any, timeout: float | None, head: bool = False) -> bytes:
    """One read, with httpx's exceptions for what can go wrong."""
    try:
        async with asyncio.timeout(timeout):
            data: bytes = await awaitable
            return data
    except TimeoutError:
        raise httpx.ReadTimeout("reading the response timed out") from None
    except asyncio.IncompleteReadError:
        if head:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response."
            ) from None
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body"
        ) from None
    except asyncio.LimitOverrunError:
        raise httpx.RemoteProtocolError("the response head or a chunk line is too long") from None
    except OSError as exc:
        raise httpx.ReadError(f"reading the response failed: {exc}") from None


async def _read_some(reader: asyncio.StreamReader, n: int, timeout: float | None) -> bytes:
    """Up to ``n`` bytes, as soon as any have arrived; the body may not end here."""
    data = await _read(reader.read(n), timeout)
    if not data:
        raise httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body"
        )
    return data


def _parse_head(head: bytes) -> tuple[int, bytes, bytes, list[tuple[bytes, bytes]]]:
    lines = head[:-4].split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise httpx.RemoteProtocolError("the provider did not answer with HTTP/1.x")
    headers = []
    for line in lines[1:]:
        name, sep, value = line.partition(b":")
        if not sep or not name or name != name.strip() or line[:1] in (b" ", b"\t"):
            raise httpx.RemoteProtocolError("malformed header line in the response")
        headers.append((name, value.strip(b" \t")))
    return int(parts[1]), parts[2] if len(parts) > 2 else b"", parts[0], headers


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> list[bytes]:
    return [v for k, v in headers if k.lower() == name]


class _Body(httpx.AsyncByteStream):
    """The response body; its connection goes back to the pool once read to the end."""

    def __init__(
        self,
        pool: LeanHTTPTransport,
        conn: _Connection,
        method: str,
        status: int,
        version: bytes,
        headers: list[tuple[bytes, bytes]],
        timeout: float | None,
    ) -> None:
        self._pool = pool
        self._conn: _Connection | None = conn
        self._timeout = timeout
        self._done = False
        connection = b",".join(_header(headers, b"connection")).lower()
        self._keep = version == b"HTTP/1.1" and b"close" not in connection
        encodings = b",".join(_header(headers, b"transfer-encoding")).lower()
        lengths = {v.strip() for v in _header(headers, b"content-length")}
        self._length: int | None = None
        self._chunked = False
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            self._length = 0
        elif encodings:
            if not encodings.rstrip().endswith(b"chunked"):
                self._keep = False  # read to the end of the connection
            self._chunked = encodings.rstrip().endswith(b"chunked")
        elif lengths:
            if len(lengths) > 1 or not next(iter(lengths)).isdigit():
                self._keep = False
                self._release()
                raise httpx.RemoteProtocolError("the response has an invalid Content-Length")
            self._length = int(next(iter(lengths)))
        else:
            self._keep = False  # no framing: the body ends when the connection does

    async def __aiter__(self) -> AsyncIterator[bytes]:
        conn = self._conn
        if conn is None or self._done:
            return
        reader, timeout = conn.reader, self._timeout
        try:
            if self._chunked:
                chunks = Dechunker()
                while not chunks.done:
                    if part := chunks.feed(await _read_some(reader, READ_SIZE, timeout)):
                        yield part
                if chunks.extra:
                    self._keep = False  # bytes after the body: do not trust the connection
            elif self._length is not None:
                left = self._length
                while left:
                    part = await _read_some(reader, min(left, READ_SIZE), timeout)
                    left -= len(part)
                    yield part
            else:
                while part := await _read(reader.read(READ_SIZE), timeout):
                    yield part
        except BaseException:
            self._keep = False
            self._release()
            raise
        self._done = True
        self._release()

    def _release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._pool._checkin(conn, reusable=self._keep and self._done)

    async def aclose(self) -> None:
        self._release()


class Dechunker:
    """Decodes a chunked body from reads of any size. :meth:`feed` returns every body byte
    that has arrived, at once: what came in one read leaves in one piece, however many
    chunks it held, and part of a chunk is not held back for the rest of it."""

    __slots__ = ("_buf", "_crlf", "_left", "done", "extra")

    def __init__(self) -> None:
        self._buf = b""
        self._left = 0  # bytes of the current chunk's data still to come
        self._crlf = False  # the CRLF after a chunk's data is still to come
        self.done = False
        self.extra = b""  # bytes after the end of the body (a misbehaving server)

    def feed(self, data: bytes) -> bytes:
        buf = self._buf + data if self._buf else data
        out: list[bytes] = []
        pos, end = 0, len(buf)
        while not self.done:
            if self._left:
                take = min(self._left, end - pos)
                if not take:
                    break
                out.append(buf[pos : pos + take])
                pos += take
                self._left -= take
                if self._left:
                    break
                self._crlf = True
            if self._crlf:
                if end - pos < 2:
                    break
                if buf[pos : pos + 2] != b"\r\n":
                    raise httpx.RemoteProtocolError("malformed chunk in the response")
                pos += 2
                self._crlf = False
            eol = buf.find(b"\r\n", pos)
            if eol < 0:
                if end - pos > MAX_CHUNK_LINE:
                    raise httpx.RemoteProtocolError("a chunk size line is too long")
                break
            size = _chunk_size(buf[pos:eol])
            if size:
                self._left = size
                pos = eol + 2
                continue
            # the last chunk, then trailers (dropped, as httpx does) up to an empty line
            stop = buf.find(b"\r\n\r\n", eol)
            if stop < 0:
                if end - eol > MAX_HEAD:
                    raise httpx.RemoteProtocolError("the response's trailers are too long")
                break
            self.done = True
            self.extra = buf[stop + 4 :]
            pos = end
        self._buf = buf[pos:]
        return b"".join(out)


def _chunk_size(line: bytes) -> int:
    text = line.split(b";", 1)[0].strip()
    if not text or len(text) > 16 or text.strip(b"0123456789abcdefABCDEF"):
        raise httpx.RemoteProtocolError("malformed chunk size in the response")
    return int(text, 16)
