"""Configured providers, ready to call: facts resolved, keys loaded from their sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tiergate.config import Config, Prices, ProviderConfig, Wire
from tiergate.errors import ConfigError
from tiergate.providers.catalog import load_catalog
from tiergate.providers.facts import Facts
from tiergate.providers.keys import KeyPool
from tiergate.state import SharedState


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


def read_key_file(path: Path) -> list[str]:
    """The keys in a key file: one per line; blank lines and ``#`` comments are skipped."""
    try:
        text = Path(path).read_text("utf-8")
    except FileNotFoundError:
        raise ConfigError("key file not found", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read the key file ({type(exc).__name__})", file=str(path)
        ) from None
    keys = []
    for line in text.splitlines():
        value = line.strip()
        if value and not value.startswith("#"):
            keys.append(value)
    return keys


def key_sources(cfg: ProviderConfig, environ: Mapping[str, str]) -> list[tuple[str, str]]:
    """A provider's keys as ``(value, source)``: the config's ``api_keys``, then the variables
    of ``api_key_env`` that are set, then the lines of ``api_key_files``. Raises
    :class:`ConfigError` (naming the file, never a key) when a key file cannot be read."""
    out = [(v, "config") for v in cfg.api_keys]
    for name in cfg.api_key_env:
        value = environ.get(name, "").strip()
        if value:
            out.append((value, f"env {name}"))
    for path in cfg.api_key_files:
        out.extend((value, f"file {path}") for value in read_key_file(path))
    return out


def provider_keys(
    cfg: ProviderConfig, environ: Mapping[str, str], state: SharedState | None = None
) -> KeyPool:
    pool = KeyPool([], provider=cfg.name, state=state)
    pool.update(key_sources(cfg, environ))
    return pool


def build_providers(
    config: Config, environ: Mapping[str, str], state: SharedState | None = None
) -> list[Provider]:
    """Providers from the configuration; facts from the bundled catalog's entry named in
    ``catalog``, overridden by facts stated in the configuration."""
    out = []
    for cfg in config.providers:
        facts = load_catalog().facts(cfg.catalog) if cfg.catalog else Facts()
        if cfg.facts is not None:
            facts = facts.merged(cfg.facts)
        out.append(
            Provider(
                name=cfg.name,
                wire=cfg.wire,
                base_url=cfg.base_url,
                models=cfg.models,
                facts=facts,
                keys=provider_keys(cfg, environ, state),
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
