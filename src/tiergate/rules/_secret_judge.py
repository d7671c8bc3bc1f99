"""How a value assigned to a secret's name is judged (:mod:`tiergate.rules.secrets_generic`):
a literal, not an expression, a name, a list of settings, code or a stand-in; for tokens and
keys random enough to be one; for passphrases a setting's value, not a sentence.
"""

from __future__ import annotations

import re

from tiergate.detect.filters import (
    VALUE_FILTERS,
    is_code_reference,
    is_identifier,
    is_plain_word,
    is_uuid,
)
from tiergate.detect.validators import shannon_entropy as entropy
from tiergate.rules._secret_names import name_words
from tiergate.rules._secret_values import b64decode_lenient, is_stand_in_password
from tiergate.rules._value_shapes import (
    encodes_prose,
    has_roff_escape,
    is_camel_or_word,
    is_code_or_markup,
    is_dotted_name,
    is_ipv6_like,
    is_namespaced_name,
    is_resource_name,
    is_setting_list,
    is_timestamp,
    is_version_range,
    names_itself,
)

_FAKE = ("fake", "dummy", "sample", "mock", "notreal", "not_real", "not-real", "foobar")
# string escapes end a value ("abc\n"); so does manual-page markup ("secr3t\fR\&.")
_ESCAPES = re.compile(r"\\(?:[nrt&]|f[BIRP(0-9])")
_UNQUOTED_TAIL = ",;:)]}{"


def clean_value(value: str, quoted: bool) -> str:
    """The value without what follows it in a string or a line (escapes, punctuation)."""
    v = _ESCAPES.split(value, 1)[0].strip()
    return v if quoted else v.rstrip(_UNQUOTED_TAIL)


def _not_a_literal(v: str, quoted: bool) -> bool:
    """Names, lists, code and markup that a secret's name can hold (:mod:`._value_shapes`)."""
    if is_dotted_name(v) or is_resource_name(v) or is_version_range(v) or is_timestamp(v):
        return True
    if has_roff_escape(v):
        return True
    if not quoted:
        if is_setting_list(v) or is_code_or_markup(v):
            return True
        if v.endswith(".") and (is_plain_word(v[:-1]) or is_identifier(v[:-1])):
            return True  # "option." ends a sentence
    return False


def _names_something(v: str) -> bool:
    """A name rather than a key or token (whose characters are random)."""
    if names_itself(v) or is_camel_or_word(v.strip("-_")) or is_namespaced_name(v):
        return True
    return v.startswith("$") and v[1:2].isalpha() and "." in v  # $request.header.x-api-key


def judge_value(value: str, kind: str, quoted: bool, strict: bool = False) -> float | None:
    """The score of ``value`` as a secret of ``kind``; ``None`` drops it. ``strict`` asks
    for a random-looking value whatever the kind (a weak syntax such as ``("NAME", "v")``)."""
    if is_ipv6_like(value):
        return None
    v = clean_value(value, quoted).replace("\\-", "-")  # \- is a hyphen in manual pages
    min_len = 6 if kind == "password" else 8
    if len(v) < min_len or len(v) > 400:
        return None
    low = v.lower()
    if any(f in low for f in _FAKE) or any(f(v) for f in VALUE_FILTERS):
        return None
    if (not quoted or strict) and (is_code_reference(v) or is_plain_word(v) or is_identifier(v)):
        return None
    if v.startswith(("<", "#")) or _not_a_literal(v, quoted):
        return None  # markup or a comment, not a value
    if kind != "password" and _names_something(v):
        return None  # "MYTOKEN1", "AWSAccessKeyId", "serverlessrepo:applicationId"
    if kind in ("password", "auth", "credential") and encodes_prose(v):
        return None  # base64 of "not my real password"
    spaced = " " in v or "%20" in v
    if spaced and len(v.split()) < 4:
        return None  # a phrase; passphrases have four words or more
    if (kind != "password" or strict) and not spaced:
        if is_plain_word(v) or is_identifier(v) or len(set(v)) < 6:
            return None
        if entropy(v) < (3.0 if len(v) < 20 else 2.7):
            return None
        if kind in ("auth", "credential") and _encodes_stand_in(v):
            return None
    if spaced:
        return None if strict else 0.55
    if kind == "password" and is_stand_in_password(v):
        return None
    if kind == "password" and is_plain_word(v):
        return 0.55 if len(v) >= 8 else None
    return 0.75


def _encodes_stand_in(value: str) -> bool:
    """Base64 of ``user:password`` with a stand-in password (``username:password``)."""
    raw = b64decode_lenient(value) if len(value) % 4 == 0 else None
    text = raw.decode("latin-1") if raw else ""
    if ":" not in text or not text.isprintable():
        return False
    user, _, password = text.partition(":")
    return is_stand_in_password(password, user)


_REQUEST_WORDS = frozenset(("client", "action", "lifecycle", "confirmation", "transaction"))


def is_request_id(name: str, value: str) -> bool:
    """A UUID that names a request for idempotency (``ClientToken``,
    ``--lifecycle-action-token``), not an API token that happens to be a UUID."""
    return is_uuid(value) and any(w in _REQUEST_WORDS for w in name_words(name))


def holds_own_name(name: str, value: str) -> bool:
    """A constant mapped to its own name (``CHALLENGE_PASSWORD: "challengePassword"``) or a
    word made of the name (``'pass': 'bandpass'``)."""
    key = _NON_ALNUM.sub("", name.rsplit(".", 1)[-1].lower())
    return bool(key) and key in _NON_ALNUM.sub("", value.lower())


_NON_ALNUM = re.compile(r"[^a-z0-9]")
