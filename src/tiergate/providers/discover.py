"""Providers found without a configuration file: the usual API-key environment variables of
catalog providers (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``, ``MINIMAX_API_KEY``, …) and an
Ollama answering on 127.0.0.1:11434 (``OLLAMA_HOST`` to move it, ``TIERGATE_DISCOVER_OLLAMA=0``
to skip the probe)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from tiergate.providers.catalog import CatalogEntry, load_catalog

if TYPE_CHECKING:
    from tiergate.config import ProviderConfig


def discover_providers(environ: Mapping[str, str]) -> list[ProviderConfig]:
    from tiergate.config import ProviderConfig  # noqa: PLC0415  (config imports this module)

    found: list[ProviderConfig] = []
    for entry in _cautious(load_catalog().providers):
        names = tuple(entry.api_key_env)
        if any(environ.get(n, "").strip() for n in names):
            found.append(
                ProviderConfig(
                    name=entry.id,
                    wire=entry.wire,
                    base_url=entry.base_url,
                    models=tuple(entry.example_models),
                    api_key_env=names,
                    catalog=entry.id,
                )
            )
    if environ.get("TIERGATE_DISCOVER_OLLAMA", "1") != "0":
        host = environ.get("OLLAMA_HOST", "127.0.0.1:11434")
        base = host if host.startswith("http") else f"http://{host}"
        models = ollama_models(base)
        if models:
            found.append(
                ProviderConfig(
                    name="ollama", base_url=f"{base}/v1", models=tuple(models), catalog="ollama"
                )
            )
    return found


def _cautious(entries: Sequence[CatalogEntry]) -> list[CatalogEntry]:
    """Cloud entries, one per API endpoint and key variable: where a provider has several
    plans behind one key (a paid plan that does not train on API data, a free one that does),
    the key alone cannot tell which applies, so the least favourable facts are assumed. A
    configuration file that names the catalog entry states the plan."""
    from tiergate.policy import default_policy  # noqa: PLC0415  (import cycle via config)
    from tiergate.route import capacity  # noqa: PLC0415

    policy = default_policy()

    def trust(e: CatalogEntry) -> tuple[int, bool]:
        return capacity(e.facts, policy), e.facts.trains_on_api_data is False

    chosen: dict[tuple[str, tuple[str, ...]], CatalogEntry] = {}
    for entry in entries:
        if entry.facts.self_hosted or not entry.example_models:
            continue
        key = (entry.base_url, tuple(entry.api_key_env))
        held = chosen.get(key)
        if held is None or trust(entry) < trust(held):
            chosen[key] = entry
    return list(chosen.values())


def ollama_models(base: str, timeout: float = 0.3) -> list[str]:
    """The models a local Ollama serves, or [] if none answers."""
    try:
        with urllib.request.urlopen(f"{base}/api/tags", timeout=timeout) as resp:
            data = json.loads(resp.read())
    except (OSError, ValueError, urllib.error.URLError):
        return []
    return [m["name"] for m in data.get("models", []) if isinstance(m, dict) and m.get("name")]
