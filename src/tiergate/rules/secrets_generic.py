"""Secrets assigned to a telling name, in any language or configuration format.

``password = "…"``, ``"client_secret": "…"``, ``API_KEY=…``, ``db_pass: …``,
``<authToken>…</authToken>``, ``<add key="Password" value="…"/>``,
``setProperty("GENERIC_TOKEN", "…")``, ``--password …``, ``if (secret == "…")``: the gitleaks
``generic-api-key`` rule and the detect-secrets ``keyword`` plugin.

The pattern finds a name holding a keyword, an operator and a value; the name and the value
then decide. The name: its words must hold a secret word (``password``, ``secret``,
``token``, ``api key``, ``credentials``, ``auth``), not followed by one that makes it
something else (``token_url``, ``secret_name``, ``password_length``, ``key_id``) nor preceded
by one such as ``public`` or ``csrf``. The value: a literal (not an expression, a reference
to the environment, a template or a stand-in such as ``changeme``), and for tokens and keys
random enough to be one.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.filters import (
    GENERIC_SECRET_FILTERS,
    VALUE_FILTERS,
    is_code_reference,
    is_identifier,
    is_placeholder,
    is_plain_word,
    is_sequential,
    word_set,
)
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules.secrets_connections import is_stand_in_password, keyword_windows
from tiergate.rules.secrets_tokens import b64decode_lenient

# ---- names -------------------------------------------------------------------------------

_PASSWORD_WORDS = word_set(
    """password passwords passwd passwrd pass passphrase passcode passkey pwd pword pw
    contraseña contrasena passwort kennwort senha wachtwoord motdepasse mdp haslo heslo
    salasana losenord parola"""
)
_NOT_PASSWORD = word_set("compass bypass surpass trespass overpass underpass encompass impass")
_KEY_QUALIFIERS = word_set(
    """api access secret private priv auth client master signing sign encryption enc encrypt
    app application account service db database license licence session consumer shared
    hmac webhook storage subscription admin root deploy integration personal merchant
    partner live prod production management mgmt write sas sendgrid mailgun stripe"""
)
_JOINED_KEYS = frozenset(q + "key" for q in _KEY_QUALIFIERS) | {"privkey", "apikeys"}
_CREDENTIAL_WORDS = word_set("credential credentials creds cred")
_AFTER_NEG = word_set(
    """id ids uid guid name names type types kind file files filename path paths dir folder
    url uri urls endpoint host length len size count num max min limit timeout ttl expiry
    expires expiration expire format fmt mode version ver field fields prefix suffix regex
    pattern hash hashed digest checksum sha md5 crc label description desc help hint
    placeholder message msg error err title prompt policy provider algorithm algo alg
    enabled enable disabled required env var variable variables ref reference arn location
    store storage vault manager mgr mapping index idx event events chars charset class hook
    hooks fds through thru rate filter end start begin sep separator delim delimiter column
    col attr attribute param parameter selector strategy rotation template schema widget
    input form button dialog validator validation strength changed updated created date
    time timestamp attempts retries cache handler info hdr callback method source status
    state lifetime duration age scope scopes audience issuer usage command cmd script list
    header headers cookie key keys sequence seq pair bits encoding encoded reset forgot
    expired valid invalid rule rules view"""
)
_BEFORE_NEG = word_set(
    """public pub publishable csrf xsrf is has use show hide validate check verify num max
    min sample example dummy fake mock no authenticity incorrect wrong invalid bad"""
)
_ANY_NEG = word_set("vault keyvault secretsmanager secretmanager kms ssm secretref keyref")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-zñ]+|[A-Z]+|\d+")


def name_words(name: str) -> list[str]:
    """``aws_secret_access_key`` → ``aws secret access key``; ``genericToken`` → ``generic
    token``."""
    return [w.lower() for w in _WORD.findall(name)]


def _word_class(word: str, prev: str) -> str | None:
    if word in _PASSWORD_WORDS or (
        word.endswith(("password", "passwd", "pass", "pwd")) and word not in _NOT_PASSWORD
    ):
        return "password"
    if word.startswith("secret") and not word.startswith(("secretar", "secretion")):
        return "secret"
    if word.endswith("secret"):
        return "secret"
    if word.endswith("token"):
        return "token"
    if word in ("privatekey", "privkey") or (word == "key" and prev in ("private", "priv")):
        return "private"
    if word in _JOINED_KEYS or (word == "key" and prev in _KEY_QUALIFIERS):
        return "key"
    if word in _CREDENTIAL_WORDS:
        return "credential"
    if word == "auth":
        return "auth"
    return None


_FILE_NAME = re.compile(
    r".*\.(?:pem|crt|cer|der|key|p12|pfx|jks|txt|json|ya?ml|cfg|conf|ini|env|xml|properties|gpg|asc)",
    re.I,
)


@functools.lru_cache(maxsize=4096)
def classify_name(name: str) -> str | None:
    """The kind of secret a name announces (``password``, ``secret``, ``token``, ``key``,
    ``private``, ``credential``, ``auth``), or ``None``."""
    if "@" in name[1:] or "/" in name or _FILE_NAME.fullmatch(name):
        return None  # an e-mail address, a host, a path or a file name
    words = name_words(name)
    if any(w in _ANY_NEG for w in words):
        return None
    for i in range(len(words) - 1, -1, -1):
        kind = _word_class(words[i], words[i - 1] if i else "")
        if kind is None:
            continue
        after = [w for w in words[i + 1 :] if not w.isdigit()]
        if any(w in _AFTER_NEG for w in after) or any(w in _BEFORE_NEG for w in words[:i]):
            return None
        return kind
    return None


# ---- values ------------------------------------------------------------------------------

_FAKE = ("fake", "dummy", "sample", "mock", "notreal", "not_real", "not-real", "foobar")
_ESCAPES = re.compile(r"\\[nrt]")


def entropy(value: str) -> float:
    """Shannon bits per character (as :func:`~tiergate.detect.validators.shannon_entropy`,
    counted with ``str.count``: several times faster on short values)."""
    n = len(value)
    if not n:
        return 0.0
    return math.log2(n) - sum(c * math.log2(c) for c in map(value.count, set(value))) / n


def judge_value(value: str, kind: str, quoted: bool, strict: bool = False) -> float | None:
    """The score of ``value`` as a secret of ``kind``; ``None`` drops it. ``strict`` asks
    for a random-looking value whatever the kind (a weak syntax such as ``("NAME", "v")``)."""
    v = _ESCAPES.split(value, 1)[0].strip()
    if not quoted:
        v = v.rstrip(",;:)]}")
    min_len = 6 if kind == "password" else 8
    if len(v) < min_len or len(v) > 400:
        return None
    low = v.lower()
    if any(f in low for f in _FAKE) or any(f(v) for f in VALUE_FILTERS):
        return None
    if (not quoted or strict) and (is_code_reference(v) or is_plain_word(v) or is_identifier(v)):
        return None
    if v.startswith(("<", "#")):
        return None  # markup or a comment, not a value
    spaced = " " in v
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


_TYPES = {
    "password": "PASSWORD",
    "token": "TOKEN",
    "auth": "TOKEN",
    "private": "PRIVATE_KEY",
}

# ---- patterns ----------------------------------------------------------------------------

_NAME_CHARS = r"[\pL\pN_.$@-]"
_VALUE = (
    r"""(?:(?:@|[rbuRBU]{1,2})?(?:"(?P<dq>(?:[^"\\\n]|\\.)*)"|'(?P<sq>[^'\n]*)')"""
    r"|`(?P<bq>[^`\n]*)`|(?P<uq>[^\s\"'`]+))"
)
_OP = r"(?P<op>=>|===?|!==?|:{1,3}=|\?=|\.=|\+=|\|\|=|->|<-|=|:|,)"
# a declared type between name and operator: Go "x string =", TypeScript "x: string ="
_TYPE = (
    r"(?:[ \t]*:[ \t]*|[ \t]+)(?:string|str|String|char ?\*|\[\]byte|bytes|SecureString|"
    r"Optional\[str\]|str \| None)"
)


# Every pattern starts at the keyword, so that RE2 skips ahead to it; the rest of the name
# (``db_`` in ``db_password``) is found by walking back from the match in Python.
def _assignment(kw: str) -> str:
    return (
        rf"(?P<name>(?i:{kw}){_NAME_CHARS}*)(?:\[\d*\])?(?P<close>[\"'\]]?[\"'\]]?)(?:{_TYPE})?"
        rf"(?:[ \t]*{_OP}[ \t]*{_VALUE}"
        r"|[ \t]+(?:@?\"(?P<dq2>[^\"\n]+)\"|'(?P<sq2>[^'\n]+)')[ \t]*;?[ \t]*(?:\r?\n|$))"
    )


def _xml(kw: str) -> str:
    # <dbPassword>…</dbPassword>, and <add key="Password" value="…"/>
    return (
        rf"(?P<name>(?i:{kw})[A-Za-z0-9_:.-]*)(?:"
        r"(?P<tag>(?:\s[^<>]*)?>)\s*(?P<uq>[^<\s][^<\n]*?)\s*</"
        r"|(?P<attr>[^\"\n]*\"\s+(?i:value)\s*=\s*)\"(?P<dq>[^\"\n]+)\")"
    )


def _flag(kw: str) -> str:
    # --password secret, -db-pass 'secret'
    return (
        rf"(?P<name>(?i:{kw})[A-Za-z0-9_-]*)[ \t]+"
        r"(?:\"(?P<dq>[^\"\n]+)\"|'(?P<sq>[^'\n]+)'|(?P<uq>[^\s\"'`-][^\s\"'`]*))"
    )


def _reverse(kw: str) -> str:
    # if ("secret" == password)
    return (
        r"\"(?P<dq>[^\"\n]+)\"[ \t]*(?:===?|!==?)[ \t]*"
        rf"(?P<name>{_NAME_CHARS}*(?i:{kw}){_NAME_CHARS}*)"
    )


_NAME_BYTES = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.$@-"
) | frozenset(range(0x80, 0x100))  # the bytes of non-ASCII letters (contraseña)
_XML_NAME_BYTES = _NAME_BYTES | {ord(":")}


def _is_call_pair(data: bytes, name_start: int, value_end: int, close: str, group: str) -> bool:
    """``setProperty("NAME", "value")``: a quoted name opening a call, a quoted value
    closing it."""
    if not close or group == "uq":
        return False
    before = data[max(0, name_start - 8) : name_start - len(close)].rstrip()
    after = data[value_end + 1 : value_end + 8].lstrip()
    return before.endswith(b"(") and after.startswith(b")")


def match_spans(m: Any) -> tuple[tuple[int, int], ...]:
    """All group spans of a google-re2 match at once (its ``span()`` asks the C++ side for
    the group count on every call, which dominates on match-dense input)."""
    spans = getattr(m, "_spans", None)
    if spans is None:
        spans = tuple(m.span(i) for i in range(m.re.NumberOfCapturingGroups() + 1))
    return spans


def name_start(data: bytes, pos: int, allowed: frozenset[int] = _NAME_BYTES) -> int:
    """Where the name holding the keyword at ``pos`` begins (at most 80 bytes back)."""
    lo = max(0, pos - 80)
    while pos > lo and data[pos - 1] in allowed:
        pos -= 1
    return pos


class GenericAssignment:
    """Values assigned to names that announce a secret; see the module docstring."""

    context_words: tuple[str, ...] = ()
    generic = True  # runs after provider rules and skips the values they already reported

    def __init__(
        self, id_: str, keywords: tuple[str, ...], kw: str, kinds: frozenset[str], note: str
    ) -> None:
        self.id = id_
        self.keywords = keywords
        self.kinds = kinds
        self.note = note
        compiled = [compile_re2(p) for p in (_assignment(kw), _xml(kw), _flag(kw), _reverse(kw))]
        # google-re2 rebuilds groupindex on every access: look it up once
        self._patterns: tuple[tuple[str, Any, dict[str, int]], ...] = tuple(
            (form, rx, dict(rx.groupindex))
            for form, rx in zip(("assign", "xml", "flag", "reverse"), compiled, strict=True)
        )

    def detect(self, doc: Document) -> Iterator[Finding]:
        for lo, hi in keyword_windows(doc, self.keywords, 80, 520):
            found = [
                f
                for form, rx, gi in self._patterns
                for m in rx.finditer(doc.data, lo, hi)
                if (f := self._judge(doc, m, gi, form)) is not None
            ]
            found.sort(key=lambda f: f.start)
            end = -1
            for f in found:  # one finding per value, whichever form found it
                if f.start >= end:
                    end = f.end
                    yield f

    def _judge(self, doc: Document, m: Any, gi: dict[str, int], form: str) -> Finding | None:
        data = doc.data
        sp = match_spans(m)
        ns, ne = sp[gi["name"]]
        if form == "xml":
            ns = name_start(data, ns, _XML_NAME_BYTES)
            if sp[gi["tag"]][0] >= 0:
                if data[ns - 1 : ns] != b"<":
                    return None
            elif not re.search(rb"(?i)(?:key|name)\s*=\s*\"$", data[max(0, ns - 24) : ns]):
                return None
        elif form == "flag":
            ns = name_start(data, ns)
            if data[ns : ns + 1] != b"-" or (ns > 0 and data[ns - 1] not in b" \t\n"):
                return None
        elif form == "assign":
            ns = name_start(data, ns)
        for group in ("dq", "sq", "bq", "dq2", "sq2", "uq"):
            if group in gi and sp[gi[group]][0] >= 0:
                s, e = sp[gi[group]]
                break
        else:
            return None
        if e - s > 400 or (e - s < 6 and data[e : e + 1] not in b" \t"):
            return None
        kind = classify_name(doc.value(ns, ne))
        if kind is None or kind not in self.kinds:
            return None
        strict = False
        if "op" in gi:
            op = doc.value(*sp[gi["op"]]) if sp[gi["op"]][0] >= 0 else ""
            close = doc.value(*sp[gi["close"]])
            if op == "," and not _is_call_pair(data, ns, e, close, group):
                return None  # only f("NAME", "value"): not f(password, x), not lists
            strict = op in (",", "")  # ("NAME", "value"), NAME "value": random values only
            opener = "".join({"]": "["}.get(c, c) for c in reversed(close))
            if opener and doc.value(max(0, ns - len(opener)), ns) != opener:
                return None  # the quote ends a string that the name is only the tail of
        quoted = group != "uq" or form == "xml"
        if group == "bq" and b" " in data[s:e]:
            return None  # `command` in a shell, not a raw string literal
        if group == "uq" and form == "assign" and not is_code_reference(doc.value(s, e)):
            e = _extend_to_line_end(doc, e)
        if quoted and data[e + 1 : e + 8].lstrip()[:1] in (b"+", b"%", b"."):
            return None  # a piece of a string being built: " --username=" + user
        if doc.claimed(s, e):
            return None
        value = doc.value(s, e)
        score = judge_value(value, kind, quoted, strict)
        if score is None:
            return None
        if " " in value.strip() and _COMMENT.match(doc.value(*doc.line_bounds(ns, 200))):
            return None  # "# Second pass: look at …" is prose in a comment
        clean = _ESCAPES.split(value, 1)[0].strip()
        if not quoted:
            clean = clean.rstrip(",;:)]}")
        s += len(value[: value.find(clean)].encode()) if clean else 0
        return Finding(
            start=s,
            end=s + len(clean.encode()),
            type=_TYPES.get(kind, "API_KEY"),
            category=Category.SECRET,
            detector=self.id,
            score=score,
            explanation=Explanation(pattern=self.id, note=f"{self.note} ({kind})"),
        )


_COMMENT = re.compile(r"\s*(?:#|//|/\*|\*|--|;|<!--|rem\b)", re.I)
_REST_OF_LINE = re.compile(r"(?:[ \t]++[^\s\"'`=(){}\[\];,:#<>]++){1,8}+[ \t]*+(?:\r?\n|$)")


def _extend_to_line_end(doc: Document, end: int) -> int:
    """``key: several words`` (YAML, INI): the value runs to the end of the line when the
    rest of it is words, not code."""
    if doc.data[end : end + 1] not in (b" ", b"\t"):
        return end
    m = _REST_OF_LINE.match(doc.value(end, min(len(doc.data), end + 200)))
    return end + len(m.group().rstrip().encode()) if m else end


_PASSWORD_KW = (
    "pass|pwd|_pw|contrase|kennwort|senha|wachtwoord|motdepasse|mdp|haslo|heslo|salasana|"
    "losenord|parola"
)
_SECRET_KW = "secret|token|cred|auth|(?:" + "|".join(sorted(_KEY_QUALIFIERS)) + ")[_.-]?key"
_PASSWORD_GATES = (
    # "pass" alone would wake the rule at every Python ``pass`` statement
    *(f"pass{c}" for c in ("w", "_", "-", ".", "=", ":", '"', "'", " ", "\t", "]", ">", ",", ")")),
    "passphrase",
    "passcode",
    "pwd",
    "_pw",
    "contrase",
    "kennwort",
    "senha",
    "wachtwoord",
    "motdepasse",
    "mdp",
    "haslo",
    "heslo",
    "salasana",
    "losenord",
    "parola",
)
_SECRET_GATES = (
    "secret",
    "token",
    "cred",
    "auth",
    *(q + sep + "key" for q in sorted(_KEY_QUALIFIERS) for sep in ("", "_", "-", ".")),
)

# ---- high-entropy strings ---------------------------------------------------------------

_QUOTED_RANDOM = compile_re2(r"[\"'`](?P<v>[A-Za-z0-9+/_=-]{40,1000})[\"'`]")
_DIGIT = re.compile(r"\d")
_HASH_PREFIX = re.compile(r"(?:sha(?:1|224|256|384|512)|md5|h1)[-_:]", re.I)
_WORDS_IN_TEXT = re.compile(r"(?:^|\s)[A-Za-z']{2,}(?=[\s.,!?]|$)")
_WORDS = re.compile(r"[A-Z][a-z]{4,}|[a-z]{6,}")
_WORD_SEGMENTS = re.compile(r"(?:^|[-_/+])[A-Za-z]{4,}(?=[-_/+])")


def is_random_string(value: str) -> bool:
    """Base64-like text with the entropy of random bytes (4.5 bits per character, as
    detect-secrets), all three character classes, and not a hash, image or joined words."""
    if value.lower() == value or value.upper() == value or _DIGIT.search(value) is None:
        return False  # needs upper case, lower case and digits
    if entropy(value) < 4.5:
        return False
    if _HASH_PREFIX.match(value) or len(_WORD_SEGMENTS.findall(value)) >= 2:
        return False
    if sum(len(w) for w in _WORDS.findall(value)) * 2 >= len(value):
        return False  # mostly words: SponsoredProductsRemoteSearchPagination
    if any(f(value) for f in GENERIC_SECRET_FILTERS):
        return False
    decoded = b64decode_lenient(value)  # base64 of "abcdefgh…", of "xxxx" or of a sentence
    text = decoded.decode("latin-1") if decoded else ""
    if not text.isprintable():
        return True
    return not (
        is_sequential(text) or is_placeholder(text) or len(_WORDS_IN_TEXT.findall(text)) >= 4
    )


_NOT_SECRET_WORDS = word_set(
    """public pub publishable csrf xsrf authenticity signature sig signed hash hashed digest
    checksum etag integrity nonce fingerprint id ids uuid guid name url uri path file version
    commit sha md5 sha1 sha256 example sample n e x y modulus exponent kid x5t x5c"""
)
_ATTR_NAME = re.compile(rb"""(?:name|key|id)\s*=\s*["']([^"'<>]{1,80})["'][^<>]{0,200}$""")


def assigned_name(data: bytes, quote: int) -> str:
    """The name a quoted value at ``quote`` is assigned to (``x = "…"``, ``"x": "…"``), or
    the ``name=`` of the tag for ``<input name="x" value="…">``; empty when there is none."""
    lo = max(0, quote - 100)
    i = quote
    while i > lo and data[i - 1] in b" \t":
        i -= 1
    if data[i - 2 : i] in (b"=>", b":="):
        i -= 2
    elif data[i - 1 : i] in (b"=", b":"):
        i -= 1
    else:
        return ""
    while i > lo and data[i - 1] in b" \t":
        i -= 1
    if data[i - 1 : i] in (b'"', b"'", b"]"):
        i -= 1
    start = name_start(data, i)
    name = data[start:i].decode("utf-8", "replace")
    if name.lower() == "value":
        attr = _ATTR_NAME.search(data[max(0, start - 300) : start])
        name = attr.group(1).decode("utf-8", "replace") if attr else name
    return name


class HighEntropyString:
    """A quoted string of 40+ random base64 characters, whatever it is assigned to (the
    detect-secrets ``high_entropy_strings`` plugin). Hex strings are left out: bare, they
    are hashes far more often than secrets."""

    id = "high-entropy-string"
    keywords: tuple[str, ...] = ()
    context_words: tuple[str, ...] = ()
    generic = True

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        for m in _QUOTED_RANDOM.finditer(data):
            s, e = match_spans(m)[1]
            if doc.claimed(s, e) or data[s - 1] != data[e] or not is_random_string(doc.value(s, e)):
                continue
            if any(w in _NOT_SECRET_WORDS for w in name_words(assigned_name(data, s - 1))):
                continue  # public_key = "…", "signature": "…", name="csrf_token" value="…"
            yield Finding(
                start=s,
                end=e,
                type="TOKEN",
                category=Category.SECRET,
                detector=self.id,
                score=0.6,
                explanation=Explanation(pattern=self.id, note="random string in quotes"),
            )


DETECTORS = [
    GenericAssignment(
        "generic-password",
        _PASSWORD_GATES,
        _PASSWORD_KW,
        frozenset({"password"}),
        "password assigned to a name",
    ),
    GenericAssignment(
        "generic-api-key",
        _SECRET_GATES,
        _SECRET_KW,
        frozenset({"secret", "token", "key", "private", "credential", "auth"}),
        "secret assigned to a name",
    ),
    HighEntropyString(),
]
