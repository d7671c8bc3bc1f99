"""The gateway's state, built once at start-up: engine, providers, HTTP client, audit,
client keys, shared state, monitoring and the key reloader."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from tiergate.access.gate import AuthMode, Gate
from tiergate.access.policies import PolicyEngines
from tiergate.access.store import open_key_store
from tiergate.audit.chain import audit_key
from tiergate.audit.record import AuditRecord
from tiergate.audit.store import AuditStore, default_audit_url
from tiergate.audit.writer import SpooledAudit, spool_folder
from tiergate.config import Config
from tiergate.extract import Extracted
from tiergate.pipeline import Engine, RequestScan
from tiergate.policy import load_policy
from tiergate.providers.client import Upstream
from tiergate.providers.reload import KeyReloader
from tiergate.providers.runtime import Provider, build_providers
from tiergate.proxy.errors import GatewayError
from tiergate.proxy.observe import Observer
from tiergate.route import capacity
from tiergate.state import SharedState, open_state


def pseudonym_key(config: Config, environ: Mapping[str, str]) -> bytes | None:
    """The key placeholders are derived with: from the environment (so that every replica
    and every restart agree), else a fresh random key for this process."""
    raw = environ.get(config.pseudonym_key_env, "")
    if not raw:
        return None
    try:
        return base64.b64decode(raw, validate=True)
    except ValueError:
        return hashlib.sha256(raw.encode()).digest()


def open_audit(config: Config, environ: Mapping[str, str]) -> SpooledAudit:
    """The audit the config names, behind its spool; records a crashed run left in the spool
    are written first. BackendError/ConfigError when the database cannot be used."""
    url = config.audit.url or default_audit_url()
    store = AuditStore.open(url, key=audit_key(environ))
    try:
        return SpooledAudit(
            store,
            config.audit.spool or spool_folder(url),
            on_failure=config.audit.on_failure,
            retention_days=config.audit.retention_days,
        )
    except BaseException:
        store.close()
        raise


@dataclass
class Gateway:
    config: Config
    engine: Engine
    providers: list[Provider]
    upstream: Upstream
    audit: SpooledAudit
    gate: Gate  # client keys: who a request comes from
    engines: PolicyEngines  # the engine of each client key's own policy
    state: SharedState  # rate limits and cool-downs: in process, or Redis for replicas
    observer: Observer  # metrics and the access log
    reloader: KeyReloader  # upstream keys, reloaded on SIGHUP and when a key file changes

    @classmethod
    def build(
        cls,
        config: Config,
        environ: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        *,
        auth: AuthMode = "auto",
    ) -> Gateway:
        """Build everything once. ``auth``: when client keys are required (see
        :mod:`tiergate.access.gate`). Opening the shared state does not connect to it:
        :meth:`start` does."""
        env = os.environ if environ is None else environ
        engine = Engine(load_policy(config.policy), pseudonym_key=pseudonym_key(config, env))
        state = open_state(config.state.url, prefix=config.state.prefix)
        providers = build_providers(config, env, state)
        audit = open_audit(config, env)
        try:
            keys = open_key_store(config.audit.url or default_audit_url())
        except BaseException:
            audit.close()
            raise
        return cls(
            config,
            engine,
            providers,
            Upstream(providers, transport),
            audit,
            Gate(keys, auth),
            PolicyEngines(engine, config.policy),
            state,
            Observer(providers),
            KeyReloader(config, providers, env),
        )

    async def start(self) -> None:
        """Check the shared backends answer (StateError if not): a gateway that cannot
        enforce its limits does not start. Then start watching the key files."""
        await self.state.ping()
        self.reloader.start()

    def scan_request(self, engine: Engine, extracted: Extracted) -> RequestScan:
        """``engine``'s scan of a chat request (the client's own policy may choose the
        engine), timed for the metrics."""
        started = time.perf_counter()
        scan = engine.scan_request(extracted)
        self.observer.observe_scan(time.perf_counter() - started)
        return scan

    def tiers_served(self) -> dict[int, list[str]]:
        """For each tier, the providers that may receive it."""
        caps = {p.name: capacity(p.facts, self.engine.policy) for p in self.providers}
        return {t: [n for n, c in caps.items() if c >= t] for t in (1, 2, 3)}

    def check_audit(self) -> None:
        """Refuse (503) a request that could not be audited: the database is lost and
        ``audit.on_failure`` is ``refuse``, or the local spool cannot be written."""
        why = self.audit.refusal()
        if why is not None:
            raise GatewayError(503, why, "audit_unavailable", outcome="audit_unavailable")

    async def record(self, rec: AuditRecord) -> None:
        """Write one audit record: one append to the local spool (a few µs, durable across a
        crash of the process); the database gets it from the writer thread. The metrics and
        the access line follow once the caller has let the event loop run, which is after
        the answer was sent: they are not on the request's path."""
        try:
            self.audit.write(rec)
        finally:
            asyncio.get_running_loop().call_soon(self.observer.observe, rec)

    async def aclose(self) -> None:
        await self.reloader.stop()
        await self.upstream.aclose()
        await self.state.aclose()
        self.gate.store.close()
        self.audit.close()
