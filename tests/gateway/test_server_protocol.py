"""The server's transport: a response head leaves with its body, in one write."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tiergate.proxy.server import HeadWithBody
from tiergate.testing import RunningGateway

HEAD = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n"


class Socket:
    """What uvicorn's transport would have sent, write by write."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closing = False

    def write(self, data: bytes) -> None:
        assert not self.closing, "written after close"
        self.writes.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 8787) if name == "sockname" else default


def test_head_and_body_written_in_one_step_leave_in_one_write() -> None:
    async def main() -> list[bytes]:
        sock = Socket()
        t = HeadWithBody(sock, asyncio.get_running_loop())  # type: ignore[arg-type]
        t.write(HEAD)
        assert sock.writes == []
        t.write(b"{}")
        await asyncio.sleep(0)
        return sock.writes

    assert asyncio.run(main()) == [HEAD + b"{}"]


def test_a_head_alone_leaves_at_the_end_of_the_step() -> None:
    async def main() -> list[list[bytes]]:
        sock = Socket()
        t = HeadWithBody(sock, asyncio.get_running_loop())  # type: ignore[arg-type]
        t.write(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
        seen = [list(sock.writes)]
        await asyncio.sleep(0)  # the handler waits (for a stream's first event)
        seen.append(list(sock.writes))
        t.write(b"5\r\nhello\r\n")
        seen.append(list(sock.writes))
        return seen

    before, after, then = asyncio.run(main())
    assert before == []
    assert after == [b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"]
    assert then == [*after, b"5\r\nhello\r\n"]  # what is not a head goes at once


def test_close_sends_a_held_head_first_and_nothing_goes_to_a_closed_socket() -> None:
    async def main() -> tuple[list[bytes], list[bytes]]:
        loop = asyncio.get_running_loop()
        a = Socket()
        t = HeadWithBody(a, loop)  # type: ignore[arg-type]
        t.write(HEAD)
        t.close()
        b = Socket()
        u = HeadWithBody(b, loop)  # type: ignore[arg-type]
        u.write(HEAD)
        b.closing = True  # the peer went away before the step ended
        await asyncio.sleep(0)
        return a.writes, b.writes

    closed, gone = asyncio.run(main())
    assert closed == [HEAD]
    assert gone == []


def test_the_rest_of_the_transport_is_the_socket_s() -> None:
    async def main() -> Any:
        t = HeadWithBody(Socket(), asyncio.get_running_loop())  # type: ignore[arg-type]
        return t.get_extra_info("sockname"), t.is_closing()

    assert asyncio.run(main()) == (("127.0.0.1", 8787), False)


def test_answers_on_one_kept_alive_connection(gateway: RunningGateway) -> None:
    """Through the served protocol: JSON answers, an error and a stream, one connection."""
    with httpx.Client(base_url=gateway.url) as client:
        for _ in range(3):
            r = client.get("/healthz")
            assert r.status_code == 200 and r.json()["status"] == "ok"
        bad = client.post("/v1/chat/completions", content=b"{not json")
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_json"
        body = {"model": "auto", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
        with client.stream("POST", "/v1/chat/completions", json=body) as s:
            assert s.status_code == 200
            text = b"".join(s.iter_bytes()).decode()
        assert text.rstrip().endswith("data: [DONE]")
        assert client.get("/healthz").status_code == 200
