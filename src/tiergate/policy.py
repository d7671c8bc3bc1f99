"""The policy: which tier each kind of data is, and how it is minimised before it leaves.

The packaged ``data/policy.yaml`` is the default. A user's policy file is merged over it key
by key (mappings merge, everything else replaces), then validated; errors name the key and
the file.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tiergate.errors import PolicyError
from tiergate.findings import Category

Tier = Annotated[int, Field(ge=1, le=3)]


class Action(StrEnum):
    SEND = "send"
    PSEUDONYMISE = "pseudonymise"
    REDACT = "redact"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Treatment(_Model):
    tier: Tier
    action: Action


class Linked(_Model):
    tier: Tier = 3
    anchors: tuple[str, ...]
    identifiers: tuple[str, ...]
    window: int = Field(ge=0)


class Records(_Model):
    tier: Tier = 3
    types: tuple[str, ...]
    min_people: int = Field(ge=2)


class PersonalData(_Model):
    linked: Linked
    records: Records


class Terms(_Model):
    category: Category
    type: str = Field(min_length=1, max_length=40, pattern=r"^[A-Z][A-Z0-9_]*$")
    values: tuple[str, ...] = Field(min_length=1)
    score: float = Field(default=0.9, ge=0, le=1)

    @field_validator("values")
    @classmethod
    def _non_empty(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        if any(not v.strip() for v in values):
            raise ValueError("terms must not be empty strings")
        return values


class Destination(_Model):
    self_hosted: bool | None = None
    trains_on_api_data: bool | None = None
    zero_data_retention: bool | None = None
    max_retention_days: int | None = Field(default=None, ge=0)
    jurisdictions: tuple[str, ...] | None = None


class Policy(_Model):
    version: Literal[1] = 1
    min_score: float = Field(ge=0, le=1)
    categories: dict[Category, Treatment]
    types: dict[str, Treatment] = {}
    pseudonymised_tier: Tier = 2
    minimise_self_hosted: bool = False
    test_data_tier: Tier = 1
    personal_data: PersonalData
    terms: tuple[Terms, ...] = ()
    disabled_detectors: tuple[str, ...] = ()
    destinations: dict[Tier, Destination]
    source: str = Field(default="<default>", exclude=True)

    @field_validator("categories")
    @classmethod
    def _all_categories(cls, value: dict[Category, Treatment]) -> dict[Category, Treatment]:
        missing = [c.value for c in Category if c not in value]
        if missing:
            raise ValueError(f"every category needs a treatment; missing: {', '.join(missing)}")
        return value

    def treatment(self, category: Category, type_: str) -> Treatment:
        return self.types.get(type_) or self.categories[category]


def _default_data() -> dict[str, Any]:
    text = resources.files("tiergate").joinpath("data/policy.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge ``override`` into a copy of ``base``: mappings merge, the rest replaces."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def build(data: dict[str, Any], source: str) -> Policy:
    try:
        return Policy.model_validate({**data, "source": source})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"] if p != "[key]") or "(top level)"
        more = f" (and {len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else ""
        raise PolicyError(f"{err['msg']}{more}", file=source, key=key) from None


@functools.cache
def default_policy() -> Policy:
    return build(_default_data(), "<default>")


def load_policy(path: str | Path | None = None) -> Policy:
    """The default policy, or the file at ``path`` merged over it."""
    if path is None:
        return default_policy()
    return build(merge(_default_data(), read_policy_file(path)), str(path))


def layered_policy(base: str | Path | None, text: str, source: str) -> Policy:
    """The policy ``text`` (from ``source``, e.g. a client key's own policy) merged over
    ``base`` (the gateway's policy file, itself merged over the default)."""
    data = _default_data() if base is None else merge(_default_data(), read_policy_file(base))
    return build(merge(data, parse_policy_text(text, source)), source)


def read_policy_file(path: str | Path) -> dict[str, Any]:
    """The mapping a policy file holds, not yet merged or validated."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise PolicyError("file not found", file=str(p)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"cannot read the file ({type(exc).__name__})", file=str(p)) from None
    return parse_policy_text(text, str(p))


def parse_policy_text(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"not valid YAML{where}", file=source) from None
    if not isinstance(data, dict):
        raise PolicyError("a policy file must be a YAML mapping", file=source)
    return data
