"""Configured providers, ready to call: facts resolved, keys loaded."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from tiergate.config import Config, Prices, ProviderConfig, Wire
from tiergate.errors import ConfigError
from tiergate.providers.facts import Facts
from tiergate.providers.keys import Key, KeyPool


@dataclass
class Provider:
    name: str
    wire: Wire
    base_url: str
    models: tuple[str, ...]
    facts: Facts
    keys: KeyPool
    prices: Prices | None = None
    timeout: float = 120.0
    headers: dict[str, str] = field(default_factory=dict)
    catalog_id: str | None = None

    @property
    def origin(self) -> tuple[str, str, int]:
        """(scheme, host, port): what the egress allow-list admits for this provider."""
        parts = urlsplit(self.base_url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return parts.scheme, (parts.hostname or "").lower(), port


def provider_keys(cfg: ProviderConfig, environ: Mapping[str, str]) -> KeyPool:
    keys = [Key(v, "config") for v in cfg.api_keys]
    for name in cfg.api_key_env:
        value = environ.get(name, "").strip()
        if value:
            keys.append(Key(value, name))
    return KeyPool(keys)


def build_providers(
    config: Config,
    environ: Mapping[str, str],
    catalog_facts: Callable[[str], Facts] | None = None,
) -> list[Provider]:
    """Providers from the configuration; facts from the catalog entry named in ``catalog``
    (``catalog_facts(id)``), overridden by facts stated in the configuration."""
    out = []
    for cfg in config.providers:
        facts = Facts()
        if cfg.catalog:
            if catalog_facts is None:
                raise ConfigError("no provider catalog is available", file=config.source)
            facts = catalog_facts(cfg.catalog)
        if cfg.facts is not None:
            facts = facts.merged(cfg.facts)
        out.append(
            Provider(
                name=cfg.name,
                wire=cfg.wire,
                base_url=cfg.base_url,
                models=cfg.models,
                facts=facts,
                keys=provider_keys(cfg, environ),
                prices=cfg.prices,
                timeout=cfg.timeout,
                headers=dict(cfg.headers),
                catalog_id=cfg.catalog,
            )
        )
    return out


def model_owners(providers: Sequence[Provider]) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for p in providers:
        for m in p.models:
            owners.setdefault(m, []).append(p.name)
    return owners
