"""Reloading upstream keys without a restart.

Two triggers: a key file (``api_key_files``) that changes is noticed within a second (its
modification time, size and inode are polled: no dependency, and an atomic rename counts);
``SIGHUP`` (or :meth:`KeyReloader.trigger`) re-reads everything: the configuration file, if
the gateway was started with one, the environment and the key files.

A reload changes keys only, in place, through each provider's
:meth:`~tiergate.providers.keys.KeyPool.update` (new keys at once, removed keys drain).
Other changes to the configuration (providers, policy, audit) need a restart and are
reported as such. A reload that fails (invalid configuration, unreadable key file) changes
nothing and logs why, naming the file and key, never a value.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from tiergate.config import Config, ProviderConfig, load_config
from tiergate.errors import ConfigError
from tiergate.providers.runtime import Provider, key_sources

log = logging.getLogger("tiergate.keys")

POLL_SECONDS = 1.0
KEY_FIELDS = frozenset({"api_keys", "api_key_env", "api_key_files"})

Signature = tuple[int, int, int] | None


def signature(path: Path) -> Signature:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def _without_keys(cfg: ProviderConfig) -> dict[str, object]:
    return cfg.model_dump(exclude=set(KEY_FIELDS))


class KeyReloader:
    """Keeps every provider's key pool in step with the key sources."""

    def __init__(
        self,
        config: Config,
        providers: Sequence[Provider],
        environ: Mapping[str, str],
        *,
        interval: float = POLL_SECONDS,
    ) -> None:
        self.config = config
        self.providers = list(providers)
        self.environ = environ
        self.interval = interval
        self.reloads = 0  # successful reloads, for tests and the admin view
        self.failures = 0
        self._seen = self._signatures()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def from_file(self) -> bool:
        return self.config.source != "<environment>"

    def watched(self) -> list[Path]:
        return [Path(f) for cfg in self.config.providers for f in cfg.api_key_files]

    def _signatures(self) -> dict[Path, Signature]:
        return {p: signature(p) for p in self.watched()}

    def reload(self) -> bool:
        """Re-read the configuration file (if any), the environment and the key files and
        update the pools; False (and nothing changed) if any of it is invalid."""
        try:
            config = load_config(self.config.source) if self.from_file else self.config
            sources = {cfg.name: key_sources(cfg, self.environ) for cfg in config.providers}
        except ConfigError as exc:
            self.failures += 1
            self._seen = self._signatures()
            log.error("key reload failed; the keys in use are kept: %s", exc)
            return False
        for provider in self.providers:
            if provider.name in sources:
                changes = provider.keys.update(sources[provider.name])
                if changes:
                    log.info(
                        "keys of %s reloaded: %d new, %d draining, %d back; %d in the pool",
                        provider.name,
                        changes.added,
                        changes.draining,
                        changes.restored,
                        len(provider.keys.keys),
                    )
        self._note_restart_needed(config)
        self.config = config
        self._seen = self._signatures()
        self.reloads += 1
        return True

    def _note_restart_needed(self, new: Config) -> None:
        old = {c.name: _without_keys(c) for c in self.config.providers}
        now = {c.name: _without_keys(c) for c in new.providers}
        changed = sorted(n for n in old.keys() | now.keys() if old.get(n) != now.get(n))
        rest_old = self.config.model_dump(exclude={"providers"})
        rest_new = new.model_dump(exclude={"providers"})
        if changed or rest_old != rest_new:
            what = f"providers {', '.join(changed)}" if changed else "settings other than keys"
            log.warning(
                "the configuration changes %s: only keys were reloaded; restart to apply", what
            )

    def changed(self) -> bool:
        return self._signatures() != self._seen

    # ---- in the background ----------------------------------------------------------------

    def trigger(self) -> None:
        """Ask for a full reload; safe to call from a signal handler or another thread."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    def start(self) -> None:
        """Start polling on the running event loop (again, if it ran on a loop now gone: a
        check before serving may start the gateway once on a loop of its own)."""
        loop = asyncio.get_running_loop()
        if self._task is None or self._task.done() or self._loop is not loop:
            self._loop = loop
            self._wake = asyncio.Event()
            self._task = asyncio.create_task(self._run(self._wake), name="tiergate-key-reload")

    async def stop(self) -> None:
        task, self._task = self._task, None
        self._loop = None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self, wake: asyncio.Event) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self.interval)
            forced = wake.is_set()
            wake.clear()
            if forced or self.changed():
                try:
                    self.reload()
                except Exception as exc:  # keep watching; never log a value
                    log.error(
                        "key reload failed (%s); the keys in use are kept", type(exc).__name__
                    )
