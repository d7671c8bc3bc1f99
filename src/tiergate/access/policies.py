"""Engines for client keys that carry their own policy, built once per distinct policy.

A key's policy is merged over the gateway's (which is merged over the default), so a team
key can only say what differs for that team, e.g. ``destinations: {1: {jurisdictions:
[DE, EU]}, 2: {jurisdictions: [DE, EU]}}`` for a team whose data may never go abroad. The
engine shares the gateway's placeholder key, so placeholders agree across keys.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from tiergate.access.keys import ClientKey
from tiergate.pipeline import Engine
from tiergate.policy import layered_policy


class PolicyEngines:
    def __init__(self, base: Engine, base_policy: Path | None) -> None:
        self.base = base
        self.base_policy = base_policy
        self._engines: dict[str, Engine] = {}
        self._lock = asyncio.Lock()

    def _build(self, key: ClientKey, text: str) -> Engine:
        source = f"policy of client key {key.name!r} ({key.policy_name or 'stored'})"
        policy = layered_policy(self.base_policy, text, source)
        return Engine(policy, pseudonym_key=self.base.pseudonymiser.key)

    async def for_key(self, key: ClientKey | None) -> Engine:
        """The engine for requests made with ``key`` (the gateway's when it has no policy).
        Raises :class:`~tiergate.errors.PolicyError` if its policy no longer validates."""
        if key is None or not key.policy:
            return self.base
        digest = hashlib.sha256(key.policy.encode()).hexdigest()
        engine = self._engines.get(digest)
        if engine is None:
            async with self._lock:  # one build per policy, off the event loop
                engine = self._engines.get(digest)
                if engine is None:
                    engine = await asyncio.to_thread(self._build, key, key.policy)
                    self._engines[digest] = engine
        return engine
