"""Calling providers: one pooled HTTP client, an egress allow-list, key rotation.

Requests go only to the origins (scheme, host, port) of configured providers; redirects are
never followed (so never to another host); timeouts are per provider. A key counts as in
flight from the moment it is picked until its answer has been read (for a stream: until the
stream is closed), so that a key being rotated out drains before it is removed.
"""

from __future__ import annotations

import http.cookiejar
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from tiergate.providers.keys import Key, KeyPool
from tiergate.providers.runtime import Provider
from tiergate.providers.transport import LeanHTTPTransport

ANTHROPIC_VERSION = "2023-06-01"
RETRYABLE_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504, 529})
KEY_STATUS = frozenset({401, 403, 429})


class EgressDenied(httpx.TransportError):
    """A request to a host that no configured provider lives on."""


class AllowListTransport(httpx.AsyncBaseTransport):
    """Refuses every request whose origin is not in the allow-list."""

    def __init__(self, inner: httpx.AsyncBaseTransport, allowed: set[tuple[str, str, int]]) -> None:
        self.inner = inner
        self.allowed = allowed

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        port = url.port or (443 if url.scheme == "https" else 80)
        if (url.scheme, url.host.lower(), port) not in self.allowed:
            raise EgressDenied(f"egress to {url.scheme}://{url.host}:{port} is not allowed")
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class ReleasingStream(httpx.AsyncByteStream):
    """A response body that gives its key back to the pool when it is closed."""

    def __init__(self, inner: httpx.AsyncByteStream, release: Callable[[], None]) -> None:
        self.inner = inner
        self._release: Callable[[], None] | None = release

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            yield chunk

    async def aclose(self) -> None:
        try:
            await self.inner.aclose()
        finally:
            release, self._release = self._release, None
            if release is not None:
                release()


@dataclass
class UpstreamFailure:
    """Why one attempt at one provider did not give an answer."""

    provider: str
    status: int | None  # None: no HTTP answer (timeout, connection error)
    kind: str  # "http", "timeout", "connect", "no_key", "egress"
    retryable: bool

    def label(self) -> str:
        return f"{self.provider}:{self.status if self.status is not None else self.kind}"


class _RefuseCookies(http.cookiejar.DefaultCookiePolicy):
    def set_ok(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return False


NO_COOKIES = http.cookiejar.CookieJar(policy=_RefuseCookies())


class Upstream:
    """The one HTTP client every provider call goes through."""

    def __init__(
        self, providers: Sequence[Provider], transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        # httpx ignores `limits` when it is given a transport: the pool takes them itself
        inner = transport or LeanHTTPTransport(max_connections=256, max_keepalive=64)
        allowed = {p.origin for p in providers}
        self.client = httpx.AsyncClient(
            transport=AllowListTransport(inner, allowed),
            cookies=NO_COOKIES,  # a provider's cookie must not ride along on other clients' calls
            follow_redirects=False,
            timeout=httpx.Timeout(120.0, connect=5.0),
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    def build(self, provider: Provider, body: dict[str, Any], key: Key | None) -> httpx.Request:
        path = "/messages" if provider.wire == "anthropic" else "/chat/completions"
        headers = {"content-type": "application/json", **provider.headers}
        if provider.wire == "anthropic":
            headers.setdefault("anthropic-version", ANTHROPIC_VERSION)
            if key is not None:
                headers["x-api-key"] = key.value
        elif key is not None:
            headers["authorization"] = f"Bearer {key.value}"
        timeout = httpx.Timeout(provider.timeout, connect=min(5.0, provider.timeout))
        return self.client.build_request(
            "POST", provider.base_url + path, json=body, headers=headers, timeout=timeout
        )

    async def call(
        self, provider: Provider, body: dict[str, Any], *, stream: bool
    ) -> httpx.Response | UpstreamFailure:
        """One provider, every usable key in turn until one answers 2xx or a non-key error.

        A 2xx response is returned open when ``stream`` (the caller reads and closes it);
        anything else comes back as an :class:`UpstreamFailure`.
        """
        pool = provider.keys
        tried = 0
        while True:
            key = await pool.acquire() if pool else None
            if pool and key is None:
                return UpstreamFailure(provider.name, None, "no_key", retryable=True)
            try:
                result = await self._send(provider, pool, key, body, stream=stream)
            except BaseException:
                if key is not None:
                    pool.release(key)
                raise
            if key is not None and not (stream and isinstance(result, httpx.Response)):
                pool.release(key)
            if isinstance(result, httpx.Response) or result.status is None:
                return result
            status = result.status
            if key is not None and status in KEY_STATUS:
                tried += 1
                if tried < len(pool.keys):
                    continue
            return result

    async def _send(
        self,
        provider: Provider,
        pool: KeyPool,
        key: Key | None,
        body: dict[str, Any],
        *,
        stream: bool,
    ) -> httpx.Response | UpstreamFailure:
        """One attempt with one key; a stream's key is released when the stream closes."""
        request = self.build(provider, body, key)
        try:
            response = await self.client.send(request, stream=True)
        except EgressDenied:
            return UpstreamFailure(provider.name, None, "egress", retryable=False)
        except httpx.TimeoutException:
            if key is not None:
                pool.failed(key, "timeout")
            return UpstreamFailure(provider.name, None, "timeout", retryable=True)
        except httpx.TransportError:
            if key is not None:
                pool.failed(key, "connect")
            return UpstreamFailure(provider.name, None, "connect", retryable=True)
        status = response.status_code
        if status >= 300:
            await response.aclose()
            if key is not None:
                await pool.report(key, status, response.headers.get("retry-after"))
            return UpstreamFailure(
                provider.name,
                status,
                "http",
                retryable=status in RETRYABLE_STATUS or status in KEY_STATUS,
            )
        if key is not None:
            await pool.report(key, status)
        if stream:
            if key is not None and isinstance(response.stream, httpx.AsyncByteStream):
                used = key
                response.stream = ReleasingStream(response.stream, lambda: pool.release(used))
            elif key is not None:  # never with the async client; release rather than leak
                pool.release(key)
            return response
        try:
            await response.aread()
        except (httpx.TimeoutException, httpx.TransportError):
            if key is not None:
                pool.failed(key, "timeout")
            return UpstreamFailure(provider.name, None, "timeout", retryable=True)
        finally:
            await response.aclose()
        return response


def now_ms() -> float:
    return time.perf_counter() * 1000
