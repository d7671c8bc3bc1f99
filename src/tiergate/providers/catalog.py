"""The bundled provider catalog: known providers and their policy facts, each with a source.

``data/catalog.yaml`` is read once, on first use (never at import), and validated; errors
name the key and the file. An entry's ``facts`` are a :class:`~tiergate.providers.facts.Facts`
in which unknown facts are ``None``; ``sources`` says where each stated fact comes from.
"""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tiergate.errors import ConfigError
from tiergate.providers.facts import Facts

FactName = Literal[
    "self_hosted", "jurisdiction", "trains_on_api_data", "retention_days", "zero_data_retention"
]
FACT_NAMES: tuple[FactName, ...] = (
    "self_hosted",
    "jurisdiction",
    "trains_on_api_data",
    "retention_days",
    "zero_data_retention",
)
PACKAGED = "tiergate/data/catalog.yaml"

EnvName = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    """Where a fact comes from: the provider's page, when it was read, what it says."""

    url: str = Field(pattern=r"^https://[^/\s]+(/\S*)?$")
    reviewed: dt.date
    note: str = Field(min_length=1, max_length=240)


class CatalogEntry(_Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    wire: Literal["openai", "anthropic"]
    base_url: str = Field(pattern=r"^https?://[^/\s]+(/\S*)?$")
    api_key_env: tuple[EnvName, ...] = ()
    example_models: tuple[str, ...] = ()
    facts: Facts = Facts()
    sources: dict[FactName, Source] = {}

    @model_validator(mode="after")
    def _sourced(self) -> CatalogEntry:
        missing = [name for name in stated_facts(self.facts) if name not in self.sources]
        if missing:
            raise ValueError(f"every stated fact needs a source; missing: {', '.join(missing)}")
        if not self.facts.self_hosted and not self.api_key_env:
            raise ValueError("a provider that is not self-hosted needs at least one api_key_env")
        return self

    def source(self, fact: FactName) -> Source | None:
        return self.sources.get(fact)


class Catalog(_Model):
    version: int = Field(ge=1)
    reviewed: dt.date
    providers: tuple[CatalogEntry, ...]
    source: str = Field(default=PACKAGED, exclude=True)

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        if not self.providers:
            raise ValueError("a catalog lists at least one provider")
        ids = [p.id for p in self.providers]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"provider ids must be unique; repeated: {', '.join(dupes)}")
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.providers)

    def get(self, provider_id: str) -> CatalogEntry:
        for entry in self.providers:
            if entry.id == provider_id:
                return entry
        raise ConfigError(
            f"unknown provider '{provider_id}' in the catalog; known: {', '.join(self.ids)}"
        )

    def facts(self, provider_id: str) -> Facts:
        """The facts of one entry (for a configured provider that names ``catalog: ID``)."""
        return self.get(provider_id).facts


def stated_facts(facts: Facts) -> list[FactName]:
    """The facts that need a source: every known one except the default ``self_hosted: false``."""
    values = facts.model_dump()
    return [
        name
        for name in FACT_NAMES
        if values[name] is not None and not (name == "self_hosted" and values[name] is False)
    ]


def _key(loc: tuple[int | str, ...], data: dict[str, Any]) -> str:
    """A readable key: ``providers[deepseek].sources.jurisdiction.url``."""
    parts = [str(p) for p in loc if p != "[key]"]
    providers = data.get("providers")
    if len(loc) >= 2 and loc[0] == "providers" and isinstance(loc[1], int):
        entry = providers[loc[1]] if isinstance(providers, list) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        parts[:2] = [f"providers[{ident if isinstance(ident, str) else loc[1]}]"]
    return ".".join(parts) or "(top level)"


def parse_catalog(text: str, source: str) -> Catalog:
    """Validate catalog YAML ``text``; ``source`` names the file in errors."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{where}", file=source) from None
    if not isinstance(data, dict):
        raise ConfigError("a provider catalog must be a YAML mapping", file=source)
    try:
        return Catalog.model_validate({**data, "source": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
        raise ConfigError(f"{err['msg']}{more}", file=source, key=_key(err["loc"], data)) from None


@functools.cache
def load_catalog() -> Catalog:
    """The bundled catalog (read and validated once)."""
    text = resources.files("tiergate").joinpath("data/catalog.yaml").read_text("utf-8")
    return parse_catalog(text, PACKAGED)
