"""The transform stage: minimise what leaves (redact secrets, pseudonymise personal data).

Placeholders are derived from the value with a keyed hash, so the same value gets the same
placeholder in every turn of a conversation and on every replica that shares the key, and
the map to restore an answer can be rebuilt from the request itself.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from tiergate.classify import Classification, Decision
from tiergate.policy import Action

PLACEHOLDER_RE = re.compile(r"\[([A-Z][A-Z0-9_]{0,40})_([0-9a-f]{6,16})\]")
"""What a pseudonym looks like: ``[PERSON_3f9a1c]``."""


def redaction_marker(type_: str) -> str:
    return f"[REDACTED:{type_}]"


def normalise(value: str) -> str:
    """The form of a value that decides its placeholder: case and spacing do not matter."""
    return " ".join(value.split()).casefold()


class Pseudonymiser:
    """Derives placeholders: ``[TYPE_<hmac(key, type, value)>]``, 6 hex digits, longer only
    when two values of one text would collide."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key if key is not None else secrets.token_bytes(32)

    def digest(self, type_: str, value: str) -> str:
        msg = f"{type_}\x00{normalise(value)}".encode("utf-8", "surrogatepass")
        return hmac.new(self.key, msg, hashlib.sha256).hexdigest()

    def fingerprint(self, type_: str, value: str) -> str:
        """A keyed fingerprint safe to store in an audit record."""
        return self.digest(type_, value)[:16]


@dataclass
class Minimised:
    """The minimised text, and the placeholders that can be restored in an answer."""

    text: str
    restore_map: dict[str, str] = field(default_factory=dict)
    redacted: int = 0
    pseudonymised: int = 0


def minimise(text: str, decisions: Iterable[Decision], pseudonymiser: Pseudonymiser) -> Minimised:
    """Apply each decision's action to its span (signals and ``send`` are left alone)."""
    chosen = sorted(
        (d for d in decisions if d.action is not Action.SEND and not d.finding.is_signal),
        key=lambda d: d.finding.start,
    )
    out: list[str] = []
    restore: dict[str, str] = {}
    taken: dict[str, str] = {}  # placeholder -> normalised value, to detect collisions
    pos = redacted = pseudonymised = 0
    for d in chosen:
        f = d.finding
        if f.start < pos:  # overlapping spans: the earlier replacement already covers it
            continue
        out.append(text[pos : f.start])
        value = f.value(text)
        if d.action is Action.REDACT:
            out.append(redaction_marker(f.type))
            redacted += 1
        else:
            digest = pseudonymiser.digest(f.type, value)
            norm = normalise(value)
            for width in range(6, 17, 2):
                placeholder = f"[{f.type}_{digest[:width]}]"
                if taken.setdefault(placeholder, norm) == norm:
                    break
            out.append(placeholder)
            restore.setdefault(placeholder, value)
            pseudonymised += 1
        pos = f.end
    out.append(text[pos:])
    return Minimised("".join(out), restore, redacted, pseudonymised)


def redact_text(classification: Classification, text: str, pseudonymiser: Pseudonymiser) -> str:
    return minimise(text, classification.decisions, pseudonymiser).text


def restore(text: str, restore_map: dict[str, str]) -> str:
    """Put the original values back for every placeholder in ``text``."""
    if not restore_map:
        return text
    return PLACEHOLDER_RE.sub(lambda m: restore_map.get(m.group(0), m.group(0)), text)
