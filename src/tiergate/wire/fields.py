"""Reading wire JSON field by field, with errors that name the path, never the value."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from tiergate.errors import InputError
from tiergate.wire.model import JSON, ConversionError


def obj(value: object, where: str) -> JSON:
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a JSON object, got {_kind(value)}")
    return value


def array(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"{where}: expected an array, got {_kind(value)}")
    return value


def opt_str(d: JSON, key: str, where: str) -> str | None:
    v = d.get(key)
    if v is None or isinstance(v, str):
        return v
    raise InputError(f"{where}.{key}: expected a string, got {_kind(v)}")


def req_str(d: JSON, key: str, where: str) -> str:
    v = opt_str(d, key, where)
    if v is None:
        raise InputError(f"{where}.{key}: required string is missing")
    return v


def opt_int(d: JSON, key: str, where: str) -> int | None:
    v = d.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(f"{where}.{key}: expected an integer, got {_kind(v)}")
    return v


def opt_num(d: JSON, key: str, where: str) -> float | None:
    v = d.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        raise InputError(f"{where}.{key}: expected a number, got {_kind(v)}")
    return v


def opt_bool(d: JSON, key: str, where: str) -> bool | None:
    v = d.get(key)
    if v is None or isinstance(v, bool):
        return v
    raise InputError(f"{where}.{key}: expected true or false, got {_kind(v)}")


def rest(d: JSON, known: Iterable[str]) -> JSON:
    """The fields of ``d`` not in ``known``, in their order."""
    skip = set(known)
    return {k: v for k, v in d.items() if k not in skip}


def arguments_to_input(arguments: str, where: str, *, strict: bool = True) -> JSON:
    """Tool-call arguments (JSON text) as the object Anthropic's ``input`` wants. Empty text
    is ``{}``. Malformed text raises ``ConversionError`` when ``strict``, else gives ``{}``."""
    if not arguments.strip():
        return {}
    try:
        value = json.loads(arguments)
    except ValueError:
        value = None
    if isinstance(value, dict):
        return value
    if strict:
        raise ConversionError(f"{where}: tool-call arguments are not a JSON object")
    return {}


def input_to_arguments(value: object, where: str) -> str:
    """Anthropic ``input`` as the JSON text OpenAI's ``arguments`` carries."""
    return json.dumps(obj(value, where), ensure_ascii=False)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)
