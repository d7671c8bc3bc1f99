"""Calling providers: one pooled HTTP transport, an egress allow-list, key rotation.

Requests go only to the origins (scheme, host, port) of configured providers; redirects are
never followed (so never to another host); no cookie is kept (a provider's cookie must not
ride along on other clients' calls); timeouts are per provider. A key counts as in flight
from the moment it is picked until its answer has been read (for a stream: until the stream
is closed), so that a key being rotated out drains before it is removed.

Requests go straight to the transport (an httpx transport, so that tests and embedders can
pass their own): an ``httpx.AsyncClient`` around it would only add cookie, redirect and auth
handling the gateway does not want, at a tenth of a millisecond per request.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import httpx

from tiergate import jsonc
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


USER_AGENT = f"tiergate/{version('tiergate')}"


@dataclass(frozen=True)
class _Endpoint:
    """What every call to one provider shares: where, which headers, which timeouts."""

    url: httpx.URL
    headers: tuple[tuple[str, str], ...]
    timeouts: dict[str, float | None]
    key_header: str  # the header that carries the API key
    key_prefix: str

    @classmethod
    def of(cls, provider: Provider) -> _Endpoint:
        anthropic = provider.wire == "anthropic"
        path = "/messages" if anthropic else "/chat/completions"
        headers = {
            "user-agent": USER_AGENT,
            "accept": "application/json, text/event-stream",
            "content-type": "application/json",
            **{k.lower(): v for k, v in provider.headers.items()},
        }
        if anthropic:
            headers.setdefault("anthropic-version", ANTHROPIC_VERSION)
        timeout = httpx.Timeout(provider.timeout, connect=min(5.0, provider.timeout))
        return cls(
            httpx.URL(provider.base_url + path),
            tuple(headers.items()),
            timeout.as_dict(),
            "x-api-key" if anthropic else "authorization",
            "" if anthropic else "Bearer ",
        )


class Upstream:
    """The one HTTP transport every provider call goes through."""

    def __init__(
        self, providers: Sequence[Provider], transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        inner = transport or LeanHTTPTransport(max_connections=256, max_keepalive=64)
        self.transport = AllowListTransport(inner, {p.origin for p in providers})
        self._endpoints = {p.name: _Endpoint.of(p) for p in providers}

    async def aclose(self) -> None:
        await self.transport.aclose()

    def build(self, provider: Provider, body: dict[str, Any], key: Key | None) -> httpx.Request:
        ep = self._endpoints[provider.name]
        headers = list(ep.headers)
        if key is not None:
            headers.append((ep.key_header, ep.key_prefix + key.value))
        return httpx.Request(
            "POST",
            ep.url,
            headers=headers,
            content=jsonc.dumps(body),
            extensions={"timeout": ep.timeouts},
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
            response = await self.transport.handle_async_request(request)
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


def body_chunks(response: httpx.Response) -> AsyncIterator[bytes]:
    """An open response's body as it arrives: straight from the transport's stream when
    there is nothing to decode (the gateway does not ask for compression), else decoded."""
    stream = response.stream
    if "content-encoding" in response.headers or not isinstance(stream, httpx.AsyncByteStream):
        return response.aiter_bytes()
    return stream.__aiter__()


def now_ms() -> float:
    return time.perf_counter() * 1000
