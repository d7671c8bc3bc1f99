"""Shapes of values that a secret's name can hold without being a secret: names of other
things (``InvalidationList.NextMarker``, ``arn:aws:kms:…``, ``projects/p/secrets/s``),
lists of settings (``AccessToken=minutes,IdToken=hours``), code and markup
(``RIGHT_BRACE){``, ``alice.<span``, ``\\fIstring\\fR``), version ranges (``^7.0.3``),
stand-ins that name themselves (``MYTOKEN1``, ``secret99``), and prose.

Named pure predicates, as in :mod:`tiergate.detect.filters`; the generic secret rules
(:mod:`tiergate.rules.secrets_generic`) and the random-string rule use them.
"""

from __future__ import annotations

import re

from tiergate.detect.filters import (
    is_identifier,
    is_placeholder,
    is_plain_word,
    is_prose,
    is_version,
    word_set,
)
from tiergate.rules._secret_values import b64decode_lenient

_DOTTED = re.compile(r"[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+")
_SPLIT_DOTTED = re.compile(r"\.|::|->")
_RESOURCE = re.compile(r"(?:arn|urn):[A-Za-z0-9-]+:", re.I)
_SEGMENT = re.compile(r"[A-Za-z0-9][\w.+-]*")
_PIECES = re.compile(r"[._+-]+")
_SETTING = re.compile(r"[A-Za-z_$][\w$.-]*=[^=]")
_LIST_SEP = re.compile(r"[,;:&]")
_CODE = re.compile(r"[)\]}]\s*[;{)\]}]|^/[\^\\(\[]|\)\s*=>|</|<[A-Za-z!]")
_ROFF = re.compile(r"\\f[BIRP(0-9]|\\\(|\\&|\\e")
_RANGE = re.compile(
    r"(?:[\^~]|[<>]=?)\s*v?\d+(?:\.(?:\d+|x|\*)){0,3}(?:-[\w.]+)?"
    r"(?:\s*(?:\|\||\s)\s*(?:[\^~]|[<>]=?)?\s*v?\d+(?:\.(?:\d+|x|\*)){0,3}(?:-[\w.]+)?)*"
)
_SELF_NAMED = re.compile(r"[A-Za-z][A-Za-z_.-]*\d{0,4}")
_SECRET_WORDS = ("password", "passwd", "passphrase", "secret", "token", "apikey", "api_key")
_CHANGE_VERBS = word_set(
    """add adjust allow apply avoid bump clarify cleanup combine convert create define
    delete deprecate detect disable document drop eliminate enable ensure expose extend
    fix handle honor honour ignore implement improve include increase introduce make
    merge move optimize optimise perform prefer prevent properly refactor refresh reject
    remove rename reorder replace report require reset restore return revert rework
    rewrite simplify skip suppress support treat tweak undo update upgrade use validate
    immediately"""
)
_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_NAMESPACED = re.compile(r"[a-z][a-z0-9-]*:[A-Za-z][A-Za-z0-9]*")
_ABBREVIATIONS = frozenset(("Id", "Ip", "Db", "Io", "Ui", "Os", "Ok"))
_CAMEL_PIECE = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+")


def _wordish(part: str) -> bool:
    return is_plain_word(part) or is_identifier(part) or part.isdigit() or is_version(part)


def _plain_segment(segment: str) -> bool:
    """A path segment of names: ``my-project``, ``versions``, ``us-west-2``, ``sigstep.exp``;
    not a random one (``Ab3dEf9xQz``: mixed case and digits)."""
    for piece in _PIECES.split(segment):
        if not piece or piece.isdigit() or is_plain_word(piece):
            continue
        if not (piece.islower() or piece.isupper()) or len(piece) > 12:
            return False
    return True


def is_dotted_name(value: str) -> bool:
    """A qualified name of words: ``InvalidationList.NextMarker``, ``pass_waccess::check``,
    ``cred->get_cert_callback2``. A token with dots (a JWT) has random parts."""
    if _DOTTED.fullmatch(value) is None:
        return False
    return all(_wordish(p) for p in _SPLIT_DOTTED.split(value))


def is_resource_name(value: str) -> bool:
    """An ARN or URN, or a path of plain names: ``arn:aws:kms:us-east-1:…:alias/s3``,
    ``projects/my-project/secrets/db/versions/2``, ``gdb.base/sigstep.exp``."""
    if _RESOURCE.match(value):
        return True
    parts = value.strip("/").split("/")
    if len(parts) < 2:
        return False
    return all(_SEGMENT.fullmatch(p) and _plain_segment(p) for p in parts)


def is_setting_list(value: str) -> bool:
    """Settings rather than one value: ``AccessToken=minutes,IdToken=hours``,
    ``actionType=CONNECT,resources=…``, ``P.isWritable=P.isReadable=void``, and lists of
    field names (``pw_uid:pw_gid:pw_dir``). Base64 has ``=`` only as padding at the end."""
    core = value.rstrip("=")
    if "=" in core:
        if _SETTING.match(core) is not None:
            return True
        parts = _LIST_SEP.split(core)
        return len(parts) > 1 and all(_SETTING.match(p) or _wordish(p) for p in parts)
    parts = _LIST_SEP.split(core)
    return len(parts) > 2 and all(_wordish(p) for p in parts)


def is_code_or_markup(value: str) -> bool:
    """A piece of code or markup caught as an unquoted value: ``RIGHT_BRACE){``,
    ``Zt});var``, ``/^Unexpected``, ``bobSecret);</code>``, ``alice.<span``."""
    return _CODE.search(value) is not None


def has_roff_escape(value: str) -> bool:
    """Manual-page markup: ``\\fIstring\\fR`` (a placeholder in italics), ``\\(em``."""
    return _ROFF.search(value) is not None


def is_version_range(value: str) -> bool:
    """A dependency's version range: ``^7.0.3``, ``~1.2``, ``>=2.0 <3``, ``^1 || ^2``."""
    return _RANGE.fullmatch(value.strip()) is not None


def names_itself(value: str) -> bool:
    """A stand-in made of the word it stands for: ``MYTOKEN1``, ``secret99``,
    ``generatedwebdavpassword1``, ``my-secret-token``. Real ones have random parts."""
    if _SELF_NAMED.fullmatch(value) is None:
        return False
    low = value.lower()
    return any(w in low for w in _SECRET_WORDS)


def reads_like_change(text: str) -> bool:
    """The subject of a change log or commit line: a verb first (``Fix pop noise``,
    ``avoid use-after-free around realloc``, ``increased key size``)."""
    words = text.split(None, 1)
    if not words:
        return False
    w = words[0].strip(".,:;!?()'\"").lower()
    stems = (w, w[:-1], w[:-2], w[:-3]) if w.endswith(("s", "d", "ing")) else (w,)
    return any(stem in _CHANGE_VERBS or stem + "e" in _CHANGE_VERBS for stem in stems)


def is_camel_name(value: str) -> bool:
    """An identifier of whole words: ``validCIDR``, ``Socks5Auth``, ``userPassword``. A
    random token splits into letters and digits (``aB3xK9pQ``: a, B, 3, x, K, 9, p, Q)."""
    if not value.isalnum() or not value[:1].isalpha():
        return False
    pieces = _CAMEL_PIECE.findall(value)
    if "".join(pieces) != value or len(pieces) > 6 or sum(p.isalpha() for p in pieces) < 2:
        return False
    return all(
        len(p) >= 3 or (p.isupper() and len(p) == 2) or p.isdigit() or p in _ABBREVIATIONS
        for p in pieces
    )


def is_timestamp(value: str) -> bool:
    """A date or an ISO 8601 time: ``2016-09-24T16:18:07Z``."""
    return _TIMESTAMP.fullmatch(value) is not None


def is_namespaced_name(value: str) -> bool:
    """A tag or setting key with its namespace: ``serverlessrepo:applicationId``."""
    return _NAMESPACED.fullmatch(value) is not None and is_camel_or_word(value.split(":")[1])


def is_camel_or_word(value: str) -> bool:
    return is_plain_word(value) or is_identifier(value) or is_camel_name(value)


def encodes_prose(value: str) -> bool:
    """Base64 of words rather than of a secret: ``bm90IG15IHJlYWwgcGFzc3dvcmQ=`` is "not my
    real password"."""
    if len(value) < 12 or " " in value:
        return False
    raw = b64decode_lenient(value)
    text = raw.decode("latin-1") if raw else ""
    if " " not in text or not text.isprintable():
        return False
    return is_prose(text) or is_placeholder(text)


def is_ipv6_like(value: str) -> bool:
    """An IPv6 address or interface token (``::1a:2b``, ``prefixstable:2002:da8:1::``)."""
    return "::" in value
