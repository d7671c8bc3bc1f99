"""Credentials in whole configuration formats: Kubernetes Secret manifests and kubeconfig
files, ``.netrc``, ``.npmrc`` basic auth, Docker ``config.json`` and Sidekiq's gem server.

Kubernetes Secrets hold base64 in ``data:``; the decoded value is judged (long enough, not a
template, not a certificate, which is public). ``stringData:`` values are judged as they are.
The gitleaks rules ``kubernetes-secret-yaml``, ``sidekiq-secret``, ``sidekiq-sensitive-url``
and ``planetscale-password`` live here; assignments in ``.env``, ``.pypirc``, Terraform and
NuGet files are generic assignments (:mod:`tiergate.rules.secrets_generic`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.filters import is_masked, is_placeholder, is_template
from tiergate.detect.rule import Rule, compile_re2
from tiergate.findings import Category, Finding
from tiergate.rules._secret_names import classify_name
from tiergate.rules._secret_values import b64decode_lenient, finding, is_stand_in_password
from tiergate.rules.secrets_tokens import judge_basic

# ---- Kubernetes Secret manifests -----------------------------------------------------------

_KIND_SECRET = re.compile(r"""^[ \t]*kind:[ \t]*["']?secret["']?[ \t]*$""", re.I | re.M)
_KIND_SECRET_JSON = re.compile(r"""["']kind["']\s*:\s*["']secret["']""", re.I)
_SECTION = re.compile(r"^([ \t]*)(data|stringData):[ \t]*(?:#.*)?$", re.M)
_ENTRY = re.compile(r"""^([ \t]*)([\w.\-]+)[ \t]*:[ \t]*(.*?)[ \t]*$""")
_JSON_SECTION = re.compile(r"""["'](data|stringData)["']\s*:\s*\{([^{}]{0,65536})\}""")
_JSON_ENTRY = re.compile(r""""([\w.\-]+)"\s*:\s*"([^"\n]*)\"""")
_BLOCK = ("|", ">", "|-", ">-", "|+", ">+")
_PUBLIC_PEM = ("-----BEGIN CERTIFICATE", "-----BEGIN PUBLIC KEY", "-----BEGIN X509 CRL")


def _yaml_document(data: bytes, pos: int, limit: int = 65536) -> tuple[int, int]:
    """Byte range of the ``---``-separated YAML document around ``pos`` (at most ``limit``
    each side)."""
    lo = data.rfind(b"\n---", max(0, pos - limit), pos)
    lo = max(0, pos - limit) if lo < 0 else lo + 4
    hi = data.find(b"\n---", pos, pos + limit)
    return lo, (min(len(data), pos + limit) if hi < 0 else hi)


def _secret_value_ok(raw: str, encoded: bool) -> bool:
    value = raw.strip().strip("\"'")
    if not value or is_template(value) or value.startswith("ENC["):
        return False
    if encoded:
        decoded = b64decode_lenient(value)
        if decoded is None:
            return False
        text = decoded.decode("utf-8", "replace").strip()
        if text.startswith(_PUBLIC_PEM):
            return False
    else:
        text = value
    if len(text) < 6:
        return False
    # a short value is judged whole; a document (a .dockercfg JSON) only by its form
    if len(text) > 64 or text[:1] in ("{", "["):
        return True
    return not (is_placeholder(text) or is_masked(text))


def _type_for(key: str) -> str:
    kind = classify_name(key.lstrip("."))
    return {"password": "PASSWORD", "token": "TOKEN", "private": "PRIVATE_KEY"}.get(
        kind or "", "API_KEY"
    )


class KubernetesSecret:
    """The values of ``data:`` (base64) and ``stringData:`` in ``kind: Secret`` manifests."""

    id = "kubernetes-secret-yaml"
    keywords = (
        "kind: secret",
        "kind: 'secret'",
        'kind: "secret"',
        "kind:secret",
        '"kind": "secret"',
        '"kind":"secret"',
    )
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        done = -1
        for pos in doc.positions(self.keywords):
            if pos < done:
                continue
            lo, hi = _yaml_document(doc.data, pos)
            done = hi
            part = doc.value(lo, hi)
            if _KIND_SECRET.search(part):
                found = self._yaml(part)
            elif _KIND_SECRET_JSON.search(part):
                found = self._json(part)
            else:
                continue
            ascii_part = part.isascii()
            for at, value, key in found:
                s = lo + (at if ascii_part else len(part[:at].encode()))
                yield finding(
                    self.id,
                    _type_for(key),
                    s,
                    s + len(value.encode()),
                    0.9,
                    "Kubernetes Secret value",
                )

    def _yaml(self, part: str) -> Iterator[tuple[int, str, str]]:
        """(offset in ``part``, value, key) of each secret value of the YAML document."""
        for sec in _SECTION.finditer(part):
            indent = len(sec.group(1).expandtabs(1))
            encoded = sec.group(2) == "data"
            lines = part[sec.end() + 1 :].split("\n")
            line_at = sec.end() + 1
            i = 0
            while i < len(lines):
                line = lines[i]
                at, i = line_at, i + 1
                line_at += len(line) + 1
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                m = _ENTRY.match(line)
                if m is None or len(m.group(1).expandtabs(1)) <= indent:
                    break
                key, value, v_at = m.group(2), m.group(3), at + m.start(3)
                if value in _BLOCK:  # the value is on the following, deeper lines
                    own = len(m.group(1).expandtabs(1))
                    v_at = line_at
                    parts = []
                    while i < len(lines) and (
                        not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > own
                    ):
                        parts.append(lines[i])
                        line_at += len(lines[i]) + 1
                        i += 1
                    block = "\n".join(parts)
                    value = block.strip()
                    if not value:
                        continue
                    v_at += block.find(value)
                value = value.split(" #", 1)[0].rstrip()
                if _secret_value_ok(value, encoded):
                    core = value.strip().strip("\"'")
                    yield v_at + value.find(core), core, key

    def _json(self, part: str) -> Iterator[tuple[int, str, str]]:
        for sec in _JSON_SECTION.finditer(part):
            encoded = sec.group(1) == "data"
            for m in _JSON_ENTRY.finditer(sec.group(2)):
                if _secret_value_ok(m.group(2), encoded):
                    yield sec.start(2) + m.start(2), m.group(2), m.group(1)


# ---- kubeconfig ------------------------------------------------------------------------

_CLIENT_KEY = compile_re2(r"client-key-data[\"']?\s*:\s*[\"']?(?P<v>[A-Za-z0-9+/]{64,}={0,2})")


class KubeconfigClientKey:
    """``client-key-data:`` in a kubeconfig: a base64 PEM private key."""

    id = "kubeconfig-client-key"
    keywords = ("client-key-data",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        v = _CLIENT_KEY.groupindex["v"]
        for pos in doc.positions(self.keywords):
            m = _CLIENT_KEY.match(doc.data, pos)
            if m is None:
                continue
            s, e = m.span(v)
            decoded = b64decode_lenient(doc.value(s, e)) or b""
            if b"PRIVATE KEY" in decoded[:64]:
                yield finding(self.id, "PRIVATE_KEY", s, e, 0.99, "kubeconfig client key")


# ---- .netrc, .npmrc, Docker config.json ------------------------------------------------

_NETRC = compile_re2(
    r"(?i)\b(?:machine\s+\S{1,253}|default)(?:\s+(?:login|account)\s+\S{1,200}){0,2}\s+password\s+(?P<v>[^\s\"']{1,256})"
)
_NPMRC = compile_re2(
    r"(?im)(?:^|:)_(?P<k>auth|password)[ \t]*=[ \t]*[\"']?(?P<v>[A-Za-z0-9+/=._~-]{4,400})"
)
_DOCKER_AUTH = compile_re2(r"\"(?:auth|identitytoken)\"\s*:\s*\"(?P<v>[A-Za-z0-9+/=._-]{8,1000})\"")


class Netrc:
    """``machine host login user password secret`` (``.netrc``, ``_netrc``)."""

    id = "netrc-password"
    keywords = ("machine",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        v = _NETRC.groupindex["v"]
        for pos in doc.positions(self.keywords):
            m = _NETRC.match(doc.data, pos)
            if m is None:
                continue
            s, e = m.span(v)
            if not is_stand_in_password(doc.value(s, e)):
                yield finding(self.id, "PASSWORD", s, e, 0.9, ".netrc password")


class NpmrcBasicAuth:
    """``_auth=`` (base64 ``user:password``) and ``_password=`` (base64) in ``.npmrc``."""

    id = "npmrc-basic-auth"
    keywords = ("_auth", "_password")
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        gi = _NPMRC.groupindex
        for pos in doc.positions(self.keywords):
            m = _NPMRC.match(doc.data, max(0, pos - 1))
            if m is None:
                continue
            s, e = m.span(gi["v"])
            value = doc.value(s, e)
            kind = doc.value(*m.span(gi["k"]))
            if is_placeholder(value) or is_masked(value):
                continue
            if kind == "auth":
                ok = judge_basic(value, in_header=False)
            else:
                decoded = b64decode_lenient(value)
                ok = decoded is not None and not is_stand_in_password(decoded.decode("latin-1"))
            if ok:
                yield finding(self.id, "PASSWORD", s, e, 0.9, ".npmrc registry credential")


class DockerConfigAuth:
    """``"auths": {"registry": {"auth": "<base64 user:password>"}}`` in Docker's
    ``config.json`` (and ``.dockercfg``), and ``"identitytoken"``."""

    id = "docker-config-auth"
    keywords = ('"auths"', '"identitytoken"')
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        v = _DOCKER_AUTH.groupindex["v"]
        hits = doc.positions(self.keywords)
        if not hits:
            return
        lo = hits[0]
        for m in _DOCKER_AUTH.finditer(doc.data, lo, min(len(doc.data), lo + 65536)):
            s, e = m.span(v)
            value = doc.value(s, e)
            if doc.data[m.start() + 1 : m.start() + 5] == b"auth":
                ok = judge_basic(value, in_header=True)
            else:
                ok = len(value) >= 20 and not is_placeholder(value)
            if ok:
                yield finding(self.id, "PASSWORD", s, e, 0.9, "Docker registry credential")


# ---- Sidekiq (Contribsys gem server) -----------------------------------------------------

_SIDEKIQ_ENV = compile_re2(
    r"(?i)BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM[\w.-]{0,24}[\"']?[ \t]*(?:=>|:{1,3}=|\?=|[=:,>])[ \t]*[\"'`]?[ \t\n]*(?P<v>[a-f0-9]{8}:[a-f0-9]{8})\b"
)
_SIDEKIQ_URL = compile_re2(
    r"(?i)\bhttps?://(?P<v>[a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\.contribsys\.com\b"
)


class Sidekiq:
    """Sidekiq Pro/Enterprise gem server credentials (``BUNDLE_GEMS__CONTRIBSYS__COM``)."""

    context_words: tuple[str, ...] = ()

    def __init__(self, id_: str, rx: Any, keywords: tuple[str, ...]) -> None:
        self.id = id_
        self.rx = rx
        self.keywords = keywords

    def detect(self, doc: Document) -> Iterator[Finding]:
        rx = self.rx
        v = rx.groupindex["v"]
        for pos in sorted(set(doc.positions(self.keywords))):
            lo = max(0, pos - 60)
            for m in rx.finditer(doc.data, lo, min(len(doc.data), pos + 120)):
                s, e = m.span(v)
                yield finding(self.id, "PASSWORD", s, e, 0.95, "Sidekiq gem server credential")
                break


RULES = [
    Rule(
        id="planetscale-password",
        type="PASSWORD",
        category=Category.SECRET,
        pattern=r"pscale_pw_[A-Za-z0-9_=.-]{32,64}",
        keywords=("pscale_pw_",),
        score=0.9,
        note="PlanetScale database password",
    ),
]

DETECTORS = [
    KubernetesSecret(),
    KubeconfigClientKey(),
    Netrc(),
    NpmrcBasicAuth(),
    DockerConfigAuth(),
    Sidekiq("sidekiq-secret", _SIDEKIQ_ENV, ("contribsys__com",)),
    Sidekiq("sidekiq-sensitive-url", _SIDEKIQ_URL, ("contribsys.com",)),
]
