"""Credentials in transit: HTTP Authorization headers (Basic, Bearer, Token, raw),
``Bearer …`` and ``Basic …`` elsewhere, credential headers and ``-u user:password`` on curl
command lines, and ``https://user:password@host`` URLs. (JSON Web Tokens:
:mod:`tiergate.rules.secrets_jwt`.)

A Basic value must decode to ``user:password``; other values must look like tokens, not
stand-ins, templates or words such as ``ACCESS_TOKEN``.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator

from tiergate.detect.document import Document
from tiergate.detect.filters import (
    is_code_reference,
    is_masked,
    is_nonrandom_uuid,
    is_placeholder,
    is_plain_word,
    is_repetitive,
    is_sequential,
    is_template,
)
from tiergate.detect.rule import compile_re2
from tiergate.findings import Finding
from tiergate.rules._scan import keyword_windows
from tiergate.rules._secret_values import (
    b64decode_lenient,
    context_before,
    finding,
    is_stand_in_password,
)
from tiergate.rules.secrets_connections import UrlCredentials


def token_value_ok(value: str, min_len: int = 8) -> bool:
    """A value that can be a token: long enough, not a stand-in, a template, masked, one
    repeated character, a time- or name-based UUID or a plain word such as ``ACCESS_TOKEN``."""
    return not (
        len(value) < min_len
        or is_nonrandom_uuid(value)
        or is_placeholder(value)
        or all(is_template(part) for part in value.split(":"))  # <user>:<password>
        or is_masked(value)
        or is_repetitive(value)
        or is_sequential(value)
        or is_plain_word(value)
        or not any(c.isalnum() for c in value)
    )


# ---- HTTP Authorization ----------------------------------------------------------------

_AUTH_HEADER = compile_re2(
    r"(?i)\bauthorization[\"']?\s*[:=,]\s*[\"']?(?:(?P<scheme>[A-Za-z][A-Za-z0-9_-]{1,20})\s+)?(?P<v>[^\s\"'<>`]{6,})"
)
_BEARER = compile_re2(r"(?i)\bbearer\s+(?P<v>[A-Za-z0-9._~+/=-]{12,})")
_BASIC = compile_re2(r"(?i)\bbasic\s+(?P<v>[A-Za-z0-9+/]{6,}={0,2})")


def judge_basic(value: str, in_header: bool | Callable[[], bool]) -> bool:
    """A Basic credential decodes to ``user:password``; in an Authorization header (a flag,
    or a check that is only run when needed) the password may be empty (a client id)."""
    raw = b64decode_lenient(value)
    if raw is None or b":" not in raw:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if not text.isprintable() and sum(c.isprintable() for c in text) * 10 < len(text) * 9:
        return False
    user, _, password = text.partition(":")
    if not password:
        header = in_header() if callable(in_header) else in_header
        return header and len(user) >= 3 and not is_placeholder(user)
    return not is_stand_in_password(password, user)


class AuthorizationHeader:
    """``Authorization: <scheme> <credential>`` in requests, code and configuration."""

    id = "authorization-header"
    keywords = ("authorization",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        gi = _AUTH_HEADER.groupindex
        for lo, hi in keyword_windows(doc, self.keywords, 16, 2048):
            for m in _AUTH_HEADER.finditer(doc.data, lo, hi):
                s, e = m.span(gi["v"])
                value = doc.value(s, e).rstrip(",;)}]\\")
                if "&" in value:
                    value = html.unescape(value)  # &lt;username&gt; in an HTML manual
                scheme_span = m.span(gi["scheme"])
                scheme = doc.value(*scheme_span).lower() if scheme_span[0] >= 0 else ""
                if scheme == "basic":
                    continue  # BasicCredential decodes those
                if scheme in (
                    "",
                    "bearer",
                    "token",
                    "api-token",
                    "apikey",
                    "api-key",
                    "key",
                    "sso-key",
                    "jwt",
                    "session",
                    "oauth",
                    "splunk",
                    "ssws",
                    "dsn",
                    "hmac",
                    "signature",
                    "credential",
                ):
                    # a raw value must look like a token: "AUTO-COMP" in a keyword list is not
                    ok = (
                        token_value_ok(value, 6)
                        and not is_code_reference(value)
                        and (bool(scheme) or any(c.isdigit() for c in value) or len(value) >= 20)
                    )
                else:
                    continue
                if ok:
                    yield finding(
                        self.id,
                        "TOKEN",
                        s,
                        s + len(value.encode()),
                        0.9,
                        f"Authorization {scheme or 'header'}",
                    )


class BearerToken:
    """``Bearer <token>`` outside an Authorization header (a header built in code, a log)."""

    id = "bearer-token"
    keywords = ("bearer",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        gi = _BEARER.groupindex
        for lo, hi in keyword_windows(doc, self.keywords, 8, 4096):
            for m in _BEARER.finditer(doc.data, lo, hi):
                s, e = m.span(gi["v"])
                value = doc.value(s, e).rstrip(".")
                if token_value_ok(value, 12) and (
                    any(c.isdigit() for c in value) or not value.isalpha()
                ):
                    yield finding(
                        self.id, "TOKEN", s, s + len(value.encode()), 0.85, "bearer token"
                    )


class BasicCredential:
    """``Basic <base64 of user:password>`` wherever it appears."""

    id = "basic-auth-credential"
    keywords = ("basic ",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        gi = _BASIC.groupindex
        for lo, hi in keyword_windows(doc, self.keywords, 8, 1024):
            for m in _BASIC.finditer(doc.data, lo, hi):
                s, e = m.span(gi["v"])
                if not doc.is_word_byte(e) and judge_basic(
                    doc.value(s, e),
                    functools.partial(context_before, doc, s, ("authorization",), 48),
                ):
                    yield finding(self.id, "PASSWORD", s, e, 0.9, "HTTP Basic credential")


# ---- curl ------------------------------------------------------------------------------

_CURL_HEADER = compile_re2(
    r"(?i)(?:\s-H|--header)\s*=?\s*[\"']?(?P<name>[A-Za-z0-9_-]{0,40}(?:key|token|auth|secret|pass|session|signature|credential)[A-Za-z0-9_-]{0,40})\s*:\s*(?:(?:bearer|token|basic|api-token)\s+)?(?P<v>[^\s\"']{6,})"
)
_CURL_USER = compile_re2(r"(?:\s-u|\s--user)(?:\s+|=)(?P<arg>[^\s]{1,300})")


def split_user_arg(arg: str) -> tuple[str, str, int] | None:
    """``user:password`` of a curl ``-u`` argument, quotes and braces taken off; also the
    offset of the password (or of the user, when the password is empty) in ``arg``."""
    plain = re.sub(r"[\"']", "", arg)
    if ":" not in plain:
        return None
    user, _, password = plain.partition(":")
    target = password or user
    if not target:
        return None
    at = arg.find(target) if password else arg.find(user)
    return user, password, max(at, 0)


class CurlCredentials:
    """``curl -u user:password`` and ``curl -H "X-Api-Key: …"`` (also across ``\\`` lines)."""

    id = "curl-credentials"
    keywords = ("curl",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        gi = _CURL_HEADER.groupindex
        ui = _CURL_USER.groupindex
        for lo, hi in keyword_windows(doc, self.keywords, 0, 2048):
            for m in _CURL_USER.finditer(doc.data, lo, hi):
                s, e = m.span(ui["arg"])
                found = self._judge_user(doc, s, e)
                if found is not None:
                    yield found
            for m in _CURL_HEADER.finditer(doc.data, lo, hi):
                s, e = m.span(gi["v"])
                value = doc.value(s, e).rstrip(",;)\\")
                name = doc.value(*m.span(gi["name"])).lower()
                if name == "authorization" or value.startswith(("<", "{", "[")):
                    continue  # AuthorizationHeader judges those
                if token_value_ok(value, 6) and not is_stand_in_password(value):
                    yield finding(
                        self.id,
                        "TOKEN",
                        s,
                        s + len(value.encode()),
                        0.85,
                        "credential header on a curl command line",
                    )

    def _judge_user(self, doc: Document, s: int, e: int) -> Finding | None:
        arg = doc.value(s, e)
        split = split_user_arg(arg)
        if split is None:
            return None
        user, password, at = split
        if password:
            if is_stand_in_password(password, user) or (
                is_placeholder(user) and is_template(password)
            ):
                return None
            value = (
                password.strip("{}")
                if password.startswith("{") and password.endswith("}")
                else password
            )
            at = arg.find(value, at)
        else:
            value = user
            if not (token_value_ok(user, 8) and re.search(r"\d", user)):
                return None
        start = s + len(arg[:at].encode())
        return finding(
            self.id, "PASSWORD", start, start + len(value.encode()), 0.9, "curl user:password"
        )


DETECTORS = [
    AuthorizationHeader(),
    BearerToken(),
    BasicCredential(),
    CurlCredentials(),
    UrlCredentials("url-credentials", databases=False),
]
