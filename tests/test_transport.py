"""The provider transport against a scripted HTTP/1.1 server on 127.0.0.1: framing,
keep-alive reuse, and httpx's exceptions for every way a provider can fail."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiergate.providers.transport import Dechunker, LeanHTTPTransport

OK_BODY = b'{"ok":true}'
LENGTH = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n" + OK_BODY
)
CHUNKED = (
    b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
    b'4;ext=1\r\n{"ok\r\n7\r\n":true}\r\n0\r\ntrailer: x\r\n\r\n'
)
CLOSE_HEADER = b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 11\r\n\r\n" + OK_BODY
HTTP10 = b"HTTP/1.0 200 OK\r\ncontent-length: 11\r\n\r\n" + OK_BODY
CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n" + LENGTH
NO_CONTENT = b"HTTP/1.1 204 No Content\r\n\r\n"


async def until_close(writer: asyncio.StreamWriter) -> None:
    """No Content-Length, not chunked: the body ends where the connection does."""
    writer.write(b"HTTP/1.1 200 OK\r\n\r\n" + OK_BODY)
    await writer.drain()
    writer.close()


@dataclass
class Server:
    """Answers each request on a connection with the next scripted reply; ``None`` closes
    the connection instead, a callable gets the writer to do something special."""

    replies: list[bytes | Callable[[asyncio.StreamWriter], Awaitable[None]] | None]
    requests: list[bytes] = field(default_factory=list)
    connections: int = 0
    port: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                body = await reader.readexactly(length)
                if b"transfer-encoding: chunked" in head.lower():
                    body = await reader.readuntil(b"0\r\n\r\n")
                self.requests.append(head + body)
                reply = self.replies.pop(0) if self.replies else LENGTH
                if reply is None:
                    break
                if callable(reply):
                    await reply(writer)
                    continue
                writer.write(reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def run(
    server: Server, scenario: Callable[[httpx.AsyncClient], Awaitable[object]], **kw: object
) -> object:
    async def main() -> object:
        srv = await asyncio.start_server(server.handle, "127.0.0.1", 0)
        server.port = srv.sockets[0].getsockname()[1]
        transport = LeanHTTPTransport(**kw)  # type: ignore[arg-type]
        try:
            async with httpx.AsyncClient(transport=transport, timeout=2.0) as client:
                return await scenario(client)
        finally:
            srv.close()
            await srv.wait_closed()

    return asyncio.run(main())


def url(server: Server, path: str = "/v1/chat/completions") -> str:
    return f"http://127.0.0.1:{server.port}{path}"


@pytest.mark.parametrize(
    ("reply", "reused"),
    [
        (LENGTH, True),
        (CHUNKED, True),
        (CONTINUE, True),
        (until_close, False),
        (CLOSE_HEADER, False),
        (HTTP10, False),
    ],
    ids=[
        "content-length",
        "chunked",
        "100-continue",
        "until-close",
        "connection-close",
        "http-1.0",
    ],
)
def test_framing_and_reuse(reply: object, reused: bool) -> None:
    server = Server([reply, reply])

    async def scenario(client: httpx.AsyncClient) -> object:
        first = await client.post(url(server), json={"a": 1})
        second = await client.post(url(server), json={"a": 2})
        return first, second

    first, second = run(server, scenario)  # type: ignore[misc]
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == OK_BODY
    assert server.connections == (1 if reused else 2)


def test_no_content() -> None:
    server = Server([NO_CONTENT, LENGTH])

    async def scenario(client: httpx.AsyncClient) -> object:
        return [(await client.post(url(server), json={})).status_code for _ in range(2)]

    assert run(server, scenario) == [204, 200]
    assert server.connections == 1


def test_request_as_sent() -> None:
    server = Server([LENGTH])

    async def scenario(client: httpx.AsyncClient) -> object:
        return await client.post(
            url(server, "/v1/chat/completions?x=1"), json={"a": 1}, headers={"x-key": "k"}
        )

    run(server, scenario)
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0] == b"POST /v1/chat/completions?x=1 HTTP/1.1"
    assert f"Host: 127.0.0.1:{server.port}".encode() in lines
    assert b"x-key: k" in lines and b"Content-Length: 7" in lines
    assert body == b'{"a":1}'


def test_streamed_request_body_is_chunked() -> None:
    server = Server([LENGTH])

    async def parts() -> object:
        yield b"ab"
        yield b"cde"

    async def scenario(client: httpx.AsyncClient) -> object:
        return await client.post(url(server), content=parts())  # type: ignore[arg-type]

    assert run(server, scenario).status_code == 200  # type: ignore[attr-defined]
    assert server.requests[0].endswith(b"\r\n\r\n2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n")


def test_stream_arrives_in_parts() -> None:
    got: list[bytes] = []

    async def slow(writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n")
        await writer.drain()
        while not got:  # the client must see the first part before the rest is sent
            await asyncio.sleep(0.01)
        writer.write(b"6\r\nsecond\r\n0\r\n\r\n")
        await writer.drain()

    server = Server([slow])

    async def scenario(client: httpx.AsyncClient) -> object:
        async with client.stream("POST", url(server), json={}) as r:
            async for part in r.aiter_raw():
                got.append(part)
        return got

    assert run(server, scenario) == [b"first", b"second"]


def test_idle_connection_closed_by_the_server_is_replaced() -> None:
    async def answer_then_close(writer: asyncio.StreamWriter) -> None:
        writer.write(LENGTH)
        await writer.drain()
        writer.close()  # after the answer: the idle connection is gone

    server = Server([answer_then_close, LENGTH])

    async def scenario(client: httpx.AsyncClient) -> object:
        first = await client.post(url(server), json={})
        await asyncio.sleep(0.05)
        second = await client.post(url(server), json={})
        return first.content, second.content

    assert run(server, scenario) == (OK_BODY, OK_BODY)
    assert server.connections == 2


def test_early_close_does_not_reuse_the_connection() -> None:
    server = Server([CHUNKED, LENGTH])

    async def scenario(client: httpx.AsyncClient) -> object:
        async with client.stream("POST", url(server), json={}):
            pass  # closed without reading
        return (await client.post(url(server), json={})).content

    assert run(server, scenario) == OK_BODY
    assert server.connections == 2


async def _cut(writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial")
    await writer.drain()
    writer.close()


async def _garbage(writer: asyncio.StreamWriter) -> None:
    writer.write(b"SSH-2.0-OpenSSH\r\n\r\n")
    await writer.drain()


async def _silent(writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(5)


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (None, httpx.RemoteProtocolError),  # closed without an answer
        (_cut, httpx.RemoteProtocolError),  # body shorter than its Content-Length
        (_garbage, httpx.RemoteProtocolError),
        (_silent, httpx.ReadTimeout),
    ],
    ids=["no-answer", "cut-body", "not-http", "read-timeout"],
)
def test_failures_are_httpx_errors(
    reply: Callable[[asyncio.StreamWriter], Awaitable[None]] | None, error: type[Exception]
) -> None:
    server = Server([reply, LENGTH])

    async def scenario(client: httpx.AsyncClient) -> object:
        with pytest.raises(error):
            await client.post(url(server), json={}, timeout=httpx.Timeout(2.0, read=0.2))
        # the broken connection is not reused: the next request gets a fresh one
        return (await client.post(url(server), json={})).content

    assert run(server, scenario) == OK_BODY
    assert server.connections == 2


def test_connect_refused() -> None:
    async def main() -> None:
        probe = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
        port = probe.sockets[0].getsockname()[1]
        probe.close()
        await probe.wait_closed()
        async with httpx.AsyncClient(transport=LeanHTTPTransport()) as client:
            with pytest.raises(httpx.ConnectError):
                await client.post(f"http://127.0.0.1:{port}/", json={})

    asyncio.run(main())


def test_pool_timeout_when_every_connection_is_busy() -> None:
    release = asyncio.Event()

    async def held(writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nhi\r\n")
        await writer.drain()
        await release.wait()
        writer.write(b"0\r\n\r\n")
        await writer.drain()

    server = Server([held, LENGTH])

    async def scenario(client: httpx.AsyncClient) -> object:
        async with client.stream("POST", url(server), json={}) as first:
            with pytest.raises(httpx.PoolTimeout):
                await client.post(url(server), json={}, timeout=httpx.Timeout(2.0, pool=0.1))
            release.set()
            await first.aread()
        # the connection came back to the pool and serves the next request
        return (await client.post(url(server), json={})).content

    assert run(server, scenario, max_connections=1) == OK_BODY
    assert server.connections == 1


def test_unsupported_scheme() -> None:
    async def main() -> None:
        transport = LeanHTTPTransport()
        with pytest.raises(httpx.UnsupportedProtocol):
            await transport.handle_async_request(httpx.Request("GET", "ftp://127.0.0.1/x"))

    asyncio.run(main())


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for localhost (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    key, crt = str(folder / "key.pem"), str(folder / "cert.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", key, "-out", crt, "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True,
    )  # fmt: skip
    return crt, key


@pytest.mark.parametrize("trusted", [True, False])
def test_tls(cert: tuple[str, str], trusted: bool) -> None:
    crt, key = cert
    server = Server([LENGTH, LENGTH])

    async def main() -> object:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(crt, key)
        srv = await asyncio.start_server(server.handle, "127.0.0.1", 0, ssl=tls)
        port = srv.sockets[0].getsockname()[1]
        # trusted: a context that knows the certificate; else httpx's default (certifi)
        client_tls = ssl.create_default_context(cafile=crt) if trusted else None
        try:
            async with httpx.AsyncClient(
                transport=LeanHTTPTransport(ssl_context=client_tls)
            ) as client:
                target = f"https://localhost:{port}/v1/chat/completions"
                if not trusted:
                    with pytest.raises(httpx.ConnectError):
                        await client.post(target, json={})
                    return None
                return [(await client.post(target, json={})).content for _ in range(2)]
        finally:
            srv.close()
            await srv.wait_closed()

    result = asyncio.run(main())
    if trusted:
        assert result == [OK_BODY, OK_BODY]
        assert server.connections == 1


# ---- the chunked decoder, fed in pieces of any size ---------------------------------------

WIRE = b"5\r\nhello\r\n1;name=value\r\n \r\nA\r\n0123456789\r\n0\r\nx-trailer: 1\r\n\r\n"
BODY = b"hello 0123456789"


def test_dechunker_whole() -> None:
    d = Dechunker()
    assert d.feed(WIRE) == BODY
    assert d.done and d.extra == b""


def test_dechunker_what_arrived_together_leaves_together() -> None:
    d = Dechunker()
    assert d.feed(WIRE[:34]) == b"hello 0123"  # three chunks, the last one in part
    assert d.feed(WIRE[34:]) == b"456789"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=len(WIRE)), max_size=12))
def test_dechunker_any_split(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    pieces = [WIRE[a:b] for a, b in zip([0, *points], [*points, len(WIRE)], strict=True)]
    d = Dechunker()
    out = b"".join(d.feed(p) for p in pieces)
    assert out == BODY and d.done


@pytest.mark.parametrize(
    "wire",
    [b"zz\r\nhello\r\n", b"-5\r\nhello\r\n", b"5\r\nhelloXX0\r\n\r\n", b"1" * 2000],
    ids=["not-hex", "negative", "no-crlf-after-data", "endless-size-line"],
)
def test_dechunker_malformed(wire: bytes) -> None:
    with pytest.raises(httpx.RemoteProtocolError):
        Dechunker().feed(wire)


def test_dechunker_bytes_after_the_body() -> None:
    d = Dechunker()
    assert d.feed(b"2\r\nhi\r\n0\r\n\r\nHTTP/1.1 200 OK") == b"hi"
    assert d.done and d.extra == b"HTTP/1.1 200 OK"
