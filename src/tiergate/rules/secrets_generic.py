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

import re
from collections.abc import Iterator
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.filters import is_code_reference, is_plain_word
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._scan import keyword_windows, match_spans
from tiergate.rules._secret_judge import clean_value, holds_own_name, is_request_id, judge_value
from tiergate.rules._secret_names import (
    KEY_QUALIFIERS,
    NAME_BYTES,
    classify_name,
    name_start,
    secret_word_last,
)
from tiergate.rules._value_shapes import reads_like_change

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


_XML_NAME_BYTES = NAME_BYTES | {ord(":")}


def _is_call_pair(data: bytes, name_start: int, value_end: int, close: str, group: str) -> bool:
    """``setProperty("NAME", "value")``: a quoted name opening a call, a quoted value
    closing it."""
    if not close or group == "uq":
        return False
    before = data[max(0, name_start - 8) : name_start - len(close)].rstrip()
    after = data[value_end + 1 : value_end + 8].lstrip()
    return before.endswith(b"(") and after.startswith(b")")


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
        name = doc.value(ns, ne)
        kind = classify_name(name)
        if kind is None or kind not in self.kinds:
            return None
        if form != "xml" and data[ns - 1 : ns] in (b"/", b"\\"):
            return None  # a file in a path ("agent/preset-passphrase.c: Ditto.")
        strict = False
        op = ""
        if "op" in gi:
            op = doc.value(*sp[gi["op"]]) if sp[gi["op"]][0] >= 0 else ""
            if op == ":" and (data[s : s + 1] == b":" or data[ns - 2 : ns] == b"::"):
                return None  # a scope, not an assignment: "AWS::Auth::Mode", "pass::check"
            if op == ":" and name in _TEST_RESULTS and _at_line_start(data, ns):
                return None  # "PASS: gdb.base/sigstep.exp", a line of a test log
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
        if group == "uq" and data[e - 1 : e + 1] in (b'="', b"='"):
            return None  # a list of settings: --auth Description="…",SecretArn="…"
        value = doc.value(s, e)
        score = judge_value(value, kind, quoted, strict)
        if score is None:
            return None
        if " " in value.strip() and not self._spaced_value_named(
            doc, name, ns, quoted, value, kind
        ):
            return None
        if score < 0.6 and not quoted and not secret_word_last(name):
            return None  # the subject of "p11_token_load: Treat parse error as failure"
        if kind == "token" and is_request_id(name, clean_value(value, quoted)):
            return None
        if (
            kind == "password"
            and is_plain_word(clean_value(value, quoted))
            and (not secret_word_last(name) or holds_own_name(name, value))
        ):
            return None  # "password_last_used": "no_information", 'pass': 'bandpass'
        clean = clean_value(value, quoted)
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

    @staticmethod
    def _spaced_value_named(
        doc: Document, name: str, ns: int, quoted: bool, value: str, kind: str
    ) -> bool:
        """A passphrase is the value of a setting named for it (``password: correct horse
        battery staple``), not the subject of a change log line (``lpass-cpu: Fix pop
        noise``, ``cert auth: simplify selection code``), a description (``TOKEN_DATA:
        "template data / text"``) or prose in a comment."""
        lo, hi = doc.line_bounds(ns, 200)
        if _COMMENT.match(doc.value(lo, hi)):
            return False
        if quoted:
            return kind == "password" or secret_word_last(name)
        if not secret_word_last(name) or doc.data[lo:ns].strip(b" \t-*"):
            return False
        return not reads_like_change(value)


_COMMENT = re.compile(r"\s*(?:#|//|/\*|\*|--|;|<!--|rem\b)", re.I)
_TEST_RESULTS = frozenset(("PASS", "XPASS", "KPASS", "UPASS"))  # DejaGnu, Automake, TAP logs


def _at_line_start(data: bytes, pos: int) -> bool:
    return not data[data.rfind(b"\n", 0, pos) + 1 : pos].strip()


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
_SECRET_KW = "secret|token|cred|auth|(?:" + "|".join(sorted(KEY_QUALIFIERS)) + ")[_.-]?key"
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
    *(q + sep + "key" for q in sorted(KEY_QUALIFIERS) for sep in ("", "_", "-", ".")),
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
]
