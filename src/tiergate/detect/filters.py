"""False-positive filters: named pure predicates over a candidate value.

A filter answers "is this value something that only looks sensitive?"; ``True`` drops the
candidate. Each finding records which filters ran (detect-secrets' ``filters_used``), so a
missed secret can be traced to the filter that dropped it.

:data:`SECRET_FILTERS` suit values that a specific pattern found (a provider prefix, a PEM
header). :data:`GENERIC_SECRET_FILTERS` add the checks that keyword assignments and entropy
rules need, where the value can be anything: ids, hashes, code, paths, words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

Filter = Callable[[str], bool]


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for word lists written as prose)."""
    return frozenset(text.split())


_PLACEHOLDER_WORDS = (
    "example",
    "your_",
    "your-",
    "yourkey",
    "your_api",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "replace_me",
    "replaceme",
    "replace-me",
    "redacted",
    "dummy",
    "insert_",
    "insert-",
    "<your",
    "<insert",
    "<put",
    "xxxxxx",
    "******",
    "......",
)

# Whole values that are a reference to something else, not a literal: ${VAR}, {{ var }},
# $VAR, %VAR%, <name>, [NAME], {name}, __NAME__, @NAME@, $(command), #{ruby}, <%= erb %>.
_TEMPLATE = re.compile(
    r"""\$\{[^{}\n]{0,120}\}+
    |\$\{\{[^{}\n]{0,120}\}\}
    |\{\{[^\n]{0,160}\}\}
    |\{%[^\n]{0,160}%\}
    |<%=?[^\n]{0,160}%>
    |\#\{[^{}\n]{0,120}\}
    |\$\([^\n]{0,160}\)
    |\$[A-Za-z_][A-Za-z0-9_]*
    |\$[0-9]
    |%[A-Za-z_][A-Za-z0-9_.]*%
    |%\([A-Za-z_]\w*\)[sdr]
    |%[sd]
    |<[^<>\n]{1,60}>
    |\[[A-Za-z][A-Za-z _.-]{0,40}\]
    |\{[A-Za-z_][A-Za-z _.-]{0,40}\}
    |__[A-Za-z][A-Za-z0-9_]*__
    |@[A-Za-z][A-Za-z0-9_]*@""",
    re.X,
)
# Well-formed template references anywhere in a value: "${DB_PASS}", "{{ .Values.x }}".
_TEMPLATE_INSIDE = re.compile(
    r"\$\{\{?\s*[A-Za-z_][\w.-]*(?::-?[^{}\n]{0,40})?\s*\}|\{\{\s*[-.$A-Za-z_][^{}\n]{0,80}\}\}"
)
_TEMPLATE_START = ("${", "{{", "$(", "%(", "#{", "<%", "@{", "{%")

_ENV_MARKERS = (
    "os.environ",
    "os.getenv",
    "process.env",
    "getenv(",
    "getenv",
    "env[",
    "env(",
    "env.",
    "environ[",
    "environ.get",
    "secrets.",
    "vault:",
    "secretkeyref",
    "valuefrom",
    "configuration[",
    "config.get",
    "settings.",
    "credentials(",
    "keyring.",
)

# one regex per word list: a single search instead of a Python loop of ``in`` tests
_PLACEHOLDER_RX = re.compile("|".join(map(re.escape, _PLACEHOLDER_WORDS)))
_ENV_RX = re.compile("|".join(map(re.escape, _ENV_MARKERS)))
_MASK_RX = re.compile(
    "|".join(map(re.escape, ("…", "***", "...", "•••", "###", "●●●", "xxxx", "XXXX")))
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-f]+|[0-9A-F]+")
_IDENT_EXPR = re.compile(
    r"""[A-Za-z_$@][\w$]*(?:(?:\.|::|->|\?\.)[A-Za-z_$][\w$]*)+(?:\(\S*\))?   # a.b.c, a::b, a.b()
    |[A-Za-z_$][\w$.]*\s*\(.*\)                                               # call(...)
    |[A-Za-z_$][\w$.]*\[.*\]                                                  # subscript[...]
    |!?[A-Za-z_$][\w$.]*(?:\s*(?:\|\||&&|\?\?|\+)\s*[\w$."'()]+)+              # a || b, a + b
    """,
    re.X,
)
# a call or subscript (``f(``, ``a.b[``), a bracketed expression, ``*args``, ``!flag``
_CODE_START = re.compile(
    r"[A-Za-z_$][\w$.]*[(\[]|[(\[{]|\*{1,2}[A-Za-z_]|!?[A-Za-z_]\w*\s*(?:\?|&&|\|\|)"
)
_WORDISH = re.compile(
    r"_*(?:[a-z]+(?:[_-][a-z]+)*|[A-Z]+(?:_[A-Z]+)*|[A-Z]?[a-z]+(?:[-_]?[A-Z][a-z]+)*"
    r"|(?:[A-Z]{1,5}[a-z]{2,})+[A-Z]{0,5})"  # CamelCase with acronyms: HTTPPasswordMgr
)
# snake_case names whose parts are each one case (digits allowed): pkcs8_key_info_st
_IDENTIFIER = re.compile(
    r"_*(?:[a-z]{1,24}[0-9]{0,4}[a-z]{0,24}|[A-Z]{1,24}[0-9]{0,4}[A-Z]{0,24})"
    r"(?:[_-]+(?:[a-z]{1,24}[0-9]{0,4}[a-z]{0,24}|[A-Z]{1,24}[0-9]{0,4}[A-Z]{0,24}|[0-9]{1,4}))+_*"
)
_TRIVIAL = word_set(
    """true false yes no on off null nil none undefined nan empty default required optional
    string str int integer bool boolean bytes object any text number secret password passwd
    pass pwd token key apikey api_key credentials creds value values changeit secret123
    password123 test testing tester foo bar baz qux foobar abc abc123 xyz asdf qwerty admin
    root user username login guest hunter2 letmein welcome sample mysecret mypassword
    yourpassword secretpassword supersecret topsecret notsecret"""
)
_URLISH = re.compile(
    r"""[a-z][a-z0-9+.-]*://\S*
    |(?:~|\.{1,2})?/[\w.@~+-]+(?:/[\w.@~+-]*)*
    |[A-Za-z]:\\[^\n]*
    |localhost(?::\d+)?|[\w.-]+:\d{2,5}
    |[\w.+-]+@[\w-]+(?:\.[\w-]+)+
    |[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|local|internal|corp|lan|cloud|app|edu|gov|[a-z]{2})(?::\d+)?
    |[\w-]+(?:[/\\][\w.-]+)*\.(?:pem|key|crt|cer|p12|pfx|jks|keystore|keytab|json|ya?ml|txt|env|ini|conf|cfg|xml|properties|pub|der|gpg|asc)""",
    re.X,
)
_VERSION = re.compile(
    r"v?\d+(?:\.\d+){1,3}(?:[-_.+][\w.-]*)?"
    r"|[a-z]{1,4}\d+(?:\.\d+){1,3}[\w.-]*"
    r"|[A-Za-z][\w.-]*[-_:@]v?\d+(?:\.\d+){1,3}(?:[-_.+][\w.-]*)?"  # artifact-1.2.3
)
_PROSE_STOPWORDS = word_set(
    """the a an your my our their is are was were be been must should will would can could
    may might please enter type provide for of to from this that these those not if when
    which who what how here there used use required invalid incorrect wrong missing"""
)


def is_template(value: str) -> bool:
    """A reference to be filled in, not a literal: ``${DB_PASS}``, ``{{ .Values.pw }}``,
    ``$TOKEN``, ``%API_KEY%``, ``<token>``, ``[PASSWORD]``, ``{password}``, ``$(cat f)``."""
    v = value.strip().strip("\"'`")
    if not v:
        return False
    if v.startswith(_TEMPLATE_START) or _TEMPLATE.fullmatch(v) is not None:
        return True
    return _TEMPLATE_INSIDE.search(v) is not None


def is_env_reference(value: str) -> bool:
    """Read from the environment or a secret store: ``os.environ["X"]``,
    ``process.env.X``, ``${{ secrets.X }}``, ``System.getenv("X")``, ``vault:secret/x``."""
    low = value.lower()
    return _ENV_RX.search(low) is not None


def is_placeholder(value: str) -> bool:
    """Documented example values and fill-in-here markers: ``<your-api-key>``, ``xxxx``,
    ``${{ secrets.X }}``, ``os.environ["X"]``, ``AKIAIOSFODNN7EXAMPLE``."""
    low = value.lower()
    if _PLACEHOLDER_RX.search(low) is not None:
        return True
    return is_template(value) or is_env_reference(value)


def is_masked(value: str) -> bool:
    """A value shown with most of it hidden: ``sk-…Qx7F``, ``sk-****Qx7F``, ``ghp_...abcd``."""
    return _MASK_RX.search(value) is not None


def is_repetitive(value: str) -> bool:
    """Mostly one character, or a short unit repeated (in any case), after any prefix such
    as ``ghp_``: ``ghp_aaaa…``, ``abababab``, ``00000000``, ``saltSALTsaltSALT``."""
    body = value.rsplit("_", 1)[-1].rsplit("-", 1)[-1].lower()
    if len(body) < 8:
        return False
    distinct = set(body)
    # one character can fill half the string only if there are few distinct ones
    if len(distinct) * 2 <= len(body) + 2 and max(map(body.count, distinct)) * 2 >= len(body):
        return True
    for unit in range(2, 5):
        reps = len(body) // unit
        if body[:unit] * reps == body[: unit * reps]:
            return True
    return False


_RUNS = "abcdefghijklmnopqrstuvwxyz", "0123456789"
_RUN3 = re.compile("|".join(r[i : i + 3] for r in _RUNS for i in range(len(r) - 2)))


def is_sequential(value: str) -> bool:
    """Runs of the alphabet or of digits: ``0123456789abcdef…``, ``ABCDEFGH``, ``qwertyuiop``."""
    if len(value) < 8:
        return False
    low = value.lower()
    if "qwerty" in low or "asdfgh" in low:
        return True
    if _RUN3.search(low) is None:  # no run of three: far from half the string
        return False
    steps = sum(1 for a, b in itertools.pairwise(low) if ord(b) - ord(a) == 1)
    return steps * 2 >= len(value)


def is_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None


def is_nonrandom_uuid(value: str) -> bool:
    """A UUID that holds no secret: time-based (v1, v2: a timestamp and a MAC address),
    name-based (v3, v5: a hash of a name) or nil. Random ones (v4) can be API keys."""
    v = value.strip("{}")
    return is_uuid(v) and v[14] in "01235"


def is_hex_digest(value: str) -> bool:
    """A git SHA or content hash: 32, 40, 56, 64 or 128 hex digits of one case."""
    return len(value) in (32, 40, 56, 64, 96, 128) and _HEX.fullmatch(value) is not None


def is_base64_image(value: str) -> bool:
    return value.startswith(("data:image/", "iVBORw0KGgo", "/9j/", "R0lGOD", "PHN2Zy", "Qk0"))


def is_code_reference(value: str) -> bool:
    """An expression, not a literal: ``var.db_password``, ``self.token``, ``get_key()``,
    ``args["pw"]``, ``cfg.password || ''``, ``(a + b)``, ``**kwargs``. Only meaningful for
    unquoted values."""
    v = value.strip().rstrip(";,")
    if not any(c in v for c in ".([|&?+:>*!{"):
        return False  # no operator, call, member access or bracket: a plain token
    if _CODE_START.match(v) is not None:
        return True
    return (
        _IDENT_EXPR.fullmatch(v) is not None or _IDENT_EXPR.fullmatch(v.rstrip(")]}")) is not None
    )


def is_plain_word(value: str) -> bool:
    """One identifier-like word without digits: ``real_key``, ``SECRET_NAME``, ``myService``.
    In code an unquoted word is a variable; quoted, it is a name more often than a secret."""
    return _WORDISH.fullmatch(value) is not None


def is_identifier(value: str) -> bool:
    """A ``snake_case`` or ``SNAKE_CASE`` name, digits allowed: ``pkcs8_priv_key_info_st``,
    ``PBE2PARAM_st``, ``CRYPTO_dynlock``. Random tokens mix cases within a part."""
    return _IDENTIFIER.fullmatch(value) is not None


def is_trivial(value: str) -> bool:
    """Booleans, null, numbers, type names, and the usual stand-in passwords
    (``true``, ``None``, ``8080``, ``string``, ``password``, ``changeit``, ``admin``)."""
    v = value.strip().strip("\"'`").lower()
    if v in _TRIVIAL or v.replace(".", "").replace("-", "").isdigit():
        return True
    return not any(ch.isalnum() for ch in v)


def is_url_or_path(value: str) -> bool:
    """URLs, file paths, e-mail addresses, host names and key-file names: what a setting such
    as ``key_file`` or ``auth_server`` holds instead of a secret."""
    if not any(c in value for c in "/\\.@:") and not value.startswith("localhost"):
        return False
    if _URLISH.fullmatch(value) is None:
        return False
    # "/Ab3dEf9xQ/z1K2LmN7pq" is base64, not a path: no random-looking segment allowed
    return not any(_is_random_segment(s) for s in re.split(r"[/\\.@:]", value))


def _is_random_segment(segment: str) -> bool:
    return (
        len(segment) >= 12
        and any(c.isupper() for c in segment)
        and any(c.islower() for c in segment)
        and any(c.isdigit() for c in segment)
    )


def is_version(value: str) -> bool:
    """Version strings: ``1.7.8``, ``v2.0.1-rc1``, ``rc0.15.0_20231217-SNAPSHOT``."""
    return _VERSION.fullmatch(value) is not None


def is_prose(value: str) -> bool:
    """A phrase rather than a secret: several words with spaces, among them words such as
    ``the``, ``your``, ``must``, or ending like a sentence (``Enter your password.``)."""
    words = value.split()
    if len(words) < 2:
        return False
    if len(words) > 8 or value.rstrip().endswith((".", "?", "!", ":")):
        return True
    return any(w.lower().strip(".,:;!?()") in _PROSE_STOPWORDS for w in words)


SECRET_FILTERS: tuple[Filter, ...] = (is_placeholder, is_masked, is_repetitive)
"""Filters every secret rule runs by default."""

GENERIC_SECRET_FILTERS: tuple[Filter, ...] = (
    *SECRET_FILTERS,
    is_sequential,
    is_uuid,
    is_hex_digest,
    is_base64_image,
)
"""Filters for generic rules (keyword assignments, entropy): also drop ids and hashes."""

VALUE_FILTERS: tuple[Filter, ...] = (
    *SECRET_FILTERS,
    is_nonrandom_uuid,
    is_sequential,
    is_trivial,
    is_base64_image,
    is_url_or_path,
    is_version,
    is_prose,
)
"""For values named by a keyword (``password = …``): the name already says "secret", so ids
and hashes may be secrets here; what drops a value is that it is not a literal secret."""
