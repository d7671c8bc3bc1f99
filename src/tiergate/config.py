"""Gateway configuration: a typed object, loaded from YAML (or discovered from the
environment when there is no file), validated at load, and passed in — never a global.

Precedence, in one place: ``--config FILE`` > ``TIERGATE_CONFIG`` > discovery from the usual
environment variables (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``, …) and a local Ollama.
Relative paths in a file are relative to the file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tiergate.audit.store import check_url
from tiergate.errors import ConfigError
from tiergate.providers.catalog import load_catalog
from tiergate.providers.discover import discover_providers
from tiergate.providers.facts import Facts

Wire = Literal["openai", "anthropic"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prices(_Model):
    """US dollars per million tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)


class ProviderConfig(_Model):
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    wire: Wire = "openai"
    base_url: str = Field(pattern=r"^https?://[^/\s]+(/\S*)?$")
    models: tuple[str, ...] = Field(min_length=1)
    api_key_env: tuple[str, ...] = ()
    api_keys: tuple[str, ...] = ()
    api_key_files: tuple[Path, ...] = ()  # one key per line; re-read when they change
    catalog: str | None = None
    facts: Facts | None = None
    prices: Prices | None = None
    timeout: float = Field(default=120.0, gt=0)
    headers: dict[str, str] = {}

    @field_validator("api_key_env", "api_key_files", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    @field_validator("base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("catalog")
    @classmethod
    def _in_the_catalog(cls, value: str | None) -> str | None:
        ids = load_catalog().ids
        if value is not None and value not in ids:
            raise ValueError(f"unknown provider {value!r} in the catalog; known: {', '.join(ids)}")
        return value


class AuditConfig(_Model):
    url: str | None = None  # default: a SQLite file in the user's data folder
    retention_days: int | None = Field(default=None, ge=1)
    # when the database is lost while serving: refuse requests (fail closed), or keep serving
    # with the records kept in the local spool (durable on disk) and written when it is back
    on_failure: Literal["refuse", "buffer"] = "refuse"
    spool: Path | None = None  # local journal folder; default: next to the data folder's file

    @field_validator("url")
    @classmethod
    def _supported(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("postgresql://", "postgres://")):
            try:
                check_url(value)
            except ConfigError as exc:
                raise ValueError(exc.reason) from None
        return value


class StateConfig(_Model):
    url: str | None = None  # redis://…; default: in-process (one machine)
    prefix: str = Field(default="tiergate:", min_length=1)  # of every Redis key tiergate uses


class ServerConfig(_Model):
    host: str = "127.0.0.1"
    port: int = Field(default=8787, ge=1, le=65535)
    max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)


class RoutingConfig(_Model):
    prefer: Literal["order", "cheapest"] = "order"
    on_disallowed_model: Literal["refuse", "reroute"] = "refuse"


class Config(_Model):
    providers: tuple[ProviderConfig, ...] = ()
    policy: Path | None = None
    audit: AuditConfig = AuditConfig()
    state: StateConfig = StateConfig()
    server: ServerConfig = ServerConfig()
    routing: RoutingConfig = RoutingConfig()
    pseudonym_key_env: str = "TIERGATE_PSEUDONYM_KEY"
    source: Annotated[str, Field(exclude=True)] = "<environment>"

    @field_validator("policy")
    @classmethod
    def _policy_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"policy file not found: {value}")
        return value

    @field_validator("providers")
    @classmethod
    def _unique_names(cls, value: tuple[ProviderConfig, ...]) -> tuple[ProviderConfig, ...]:
        names = [p.name for p in value]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"provider names must be unique; repeated: {', '.join(dupes)}")
        return value


def _error(exc: ValidationError, source: str) -> ConfigError:
    err = exc.errors()[0]
    key = ".".join(str(p) for p in err["loc"] if p != "[key]") or "(top level)"
    more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
    return ConfigError(f"{err['msg']}{more}", file=source, key=key)


def load_config(path: str | Path) -> Config:
    """Read and validate a YAML configuration file."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text("utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError("file not found", file=str(p)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"not valid YAML{where}", file=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file ({type(exc).__name__})", file=str(p)) from None
    if not isinstance(data, dict):
        raise ConfigError("a configuration file must be a YAML mapping", file=str(p))
    _relative_to(p.parent, data)
    try:
        return Config.model_validate({**data, "source": str(p)})
    except ValidationError as exc:
        raise _error(exc, str(p)) from None


def _relative_to(folder: Path, data: dict[str, Any]) -> None:
    """Make the paths a file names relative to the file's folder."""

    def fix(value: Any) -> Any:
        return str((folder / value).resolve()) if isinstance(value, str) else value

    if "policy" in data:
        data["policy"] = fix(data["policy"])
    audit = data.get("audit")
    if isinstance(audit, dict) and "spool" in audit:
        audit["spool"] = fix(audit["spool"])
    for provider in data.get("providers") or []:
        files = provider.get("api_key_files") if isinstance(provider, dict) else None
        if isinstance(files, str):
            files = [files]
        if isinstance(files, list):
            provider["api_key_files"] = [fix(f) for f in files]


def resolve_config(path: str | Path | None, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration in effect: ``path``, else ``TIERGATE_CONFIG``, else discovery."""
    env = os.environ if environ is None else environ
    chosen = path or env.get("TIERGATE_CONFIG")
    if chosen:
        return load_config(chosen)
    return Config(providers=tuple(discover_providers(env)))
