"""Network identifiers: IP addresses (v4 and v6) and URLs.

IP addresses have no keyword gate: one RE2 pass proposes both families and :mod:`ipaddress`
decides. A dotted quad is also what a four-part version number looks like (``1.2.3.4``):
without network context, small-numbered quads and quads next to version words are dropped.
Private, loopback and link-local addresses are kept with a lower score and a note (they
identify a machine only inside one network); documentation ranges (RFC 5737, RFC 3849) are
test data. URLs are gated by their scheme (or ``www.``); the policy sends them as tier 1.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from tiergate.detect.document import WORD_BYTES, Document
from tiergate.detect.rule import Rule, compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules.pii_contact import ContextWords, window

_V4 = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
_IP_CANDIDATE = r"(?:^|[^0-9A-Za-z_.:\-])(" + _V4 + r"|(?:[0-9A-Fa-f]{1,4}:|::)[0-9A-Fa-f:.]{2,45})"
# What every address has: three dots between digits (IPv4), or two colons with only hex
# digits and dots between them (IPv6). A text without either (times such as 02:10 have one
# colon) holds no address, and the candidate pass is skipped.
_IP_POSSIBLE = r":[0-9A-Fa-f.]*:|[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"

IP_CONTEXT = (
    "ip", "ips", "ipv4", "ipv6", "ip address", "address", "addr", "host", "hostname",
    "server", "client", "remote", "peer", "proxy", "gateway", "dns", "nameserver", "subnet",
    "netmask", "cidr", "route", "ping", "connect", "connected", "connection", "login",
    "logged", "from", "source", "src", "dst", "destination", "inet", "listen", "bind",
    "firewall", "blocked", "allowlist", "whitelist", "blacklist", "denylist", "vpn",
    "x-forwarded-for", "forwarded", "nginx", "apache", "ssh", "http", "https", "tcp", "udp",
    "port", "endpoint", "ip-adresse", "adresse ip", "dirección ip", "indirizzo ip",
)  # fmt: skip
VERSION_CONTEXT = (
    "version", "versions", "ver", "release", "released", "v", "build", "tag", "upgrade",
    "pip", "npm", "requirements", "package", "library", "sdk", "api version", "changelog",
    "__version__", "python", "oid", "mib", "snmp", "section", "sections", "chapter", "figure",
    "table", "rfc", "spec", "specs", "see",
)  # fmt: skip
_IP_WORDS = ContextWords(IP_CONTEXT)
_VERSION_WORDS = ContextWords(VERSION_CONTEXT)
_DOC_NETS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
_HEX_GROUPS = re.compile(r"[0-9A-Fa-f]+")


def ip_kind(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """``documentation``, ``loopback``, ``unspecified``, ``private``, ``link-local``,
    ``multicast``, ``reserved`` or ``public``."""
    if any(addr in net for net in _DOC_NETS):
        return "documentation"
    for kind in ("loopback", "unspecified", "link_local", "multicast", "private", "reserved"):
        if getattr(addr, "is_" + kind):
            return kind.replace("_", "-")
    return "public"


_SCORES = {
    "public": 0.85,
    "reserved": 0.6,
    "private": 0.55,
    "link-local": 0.55,
    "documentation": 0.85,
}
_NOTES = {
    "public": "public IP address",
    "private": "private-range IP address (identifies a machine inside one network)",
    "link-local": "link-local IP address (identifies a machine on one link)",
    "documentation": "documentation range (RFC 5737 / RFC 3849): test data",
    "reserved": "IP address in a reserved (unallocated) range",
}


class IpAddressDetector:
    """IPv4 and IPv6 addresses, validated with :mod:`ipaddress` (no keyword gate)."""

    id = "ip-address"
    keywords: tuple[str, ...] = ()
    context_words: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self.regex = compile_re2(_IP_CANDIDATE)
        self.possible = compile_re2(_IP_POSSIBLE)

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        if self.possible.search(data) is None:
            return
        for m in self.regex.finditer(data):
            start, end = m.span(1)
            while data[end - 1 : end] in (b".", b":") and end - start > 2:
                end -= 1
            after = data[end : end + 2]
            port = after[:1] == b":" and after[1:2].isdigit() and b":" not in data[start:end]
            if (after and after[0] in WORD_BYTES) or (
                after[:1] in (b".", b":") and after[1:2].isalnum() and not port
            ):
                continue  # glued to more: a longer version, a MAC address, an identifier
            finding = self.judge(doc, start, end)
            if finding is not None:
                yield finding

    def judge(self, doc: Document, start: int, end: int) -> Finding | None:
        value = doc.value(start, end)
        if value.count(":") == 1:
            return None  # ``02:10``, ``8080:80``: IPv6 has at least two colons, IPv4 none
        try:
            addr = ipaddress.ip_address(value)
        except ValueError:
            return None
        near = window(doc, start, end, 48, 24)
        if addr.version == 6:
            groups = _HEX_GROUPS.findall(value)
            if len(groups) < 3 and not addr.is_loopback:
                return None  # ``a::b``, ``[::2]``: C++ scopes and slices, not addresses
            if "::" not in value and all(len(g) == 2 for g in value.split(":")):
                return None  # ``cb:2d:80:99:5a:69:52:5f``: bytes of a fingerprint or serial
        context = _IP_WORDS.within(*near)
        kind = ip_kind(addr)
        if kind in ("unspecified", "multicast"):
            return None
        score = _SCORES.get(kind, 0.5)
        if addr.version == 4 and not context:
            octets = [int(o) for o in value.split(".")]
            if _VERSION_WORDS.within(*near):
                return None
            if kind not in ("loopback", "private") and sum(o >= 32 for o in octets) < 2:
                score = 0.4  # 1.2.3.4, 8.2.4.44: more often a version or a section number
        if context:
            score += 0.1
        return Finding(
            start=start,
            end=end,
            type="IP_ADDRESS",
            category=Category.PII,
            detector=self.id,
            score=min(score, 0.99),
            explanation=Explanation(
                pattern=self.id,
                validators=(("ipaddress", True),),
                context=context,
                note=_NOTES.get(kind, f"{kind} IP address (not identifying)"),
                test_data=kind in ("documentation", "loopback"),
            ),
        )


class UrlRule(Rule):
    """URLs; trailing punctuation and unbalanced closing brackets are not part of them."""

    def detect(self, doc: Document) -> Iterator[Finding]:
        for f in super().detect(doc):
            end = _trim_url(doc.data, f.start, f.end)
            if end - f.start > 10:
                yield Finding(f.start, end, f.type, f.category, f.detector, f.score, f.explanation)


def _trim_url(data: bytes, start: int, end: int) -> int:
    while end > start:
        last = data[end - 1 : end]
        if last in b".,;:!?'\"*":
            end -= 1
            continue
        for open_, close in ((b"(", b")"), (b"[", b"]"), (b"{", b"}")):
            if last == close and data.count(close, start, end) > data.count(open_, start, end):
                end -= 1
                break
        else:
            return end
    return end


RULES = [
    UrlRule(
        id="url",
        type="URL",
        category=Category.PII,
        pattern=r"(?i:(?:https?|ftps?)://|\bwww\.)[^\s<>\"'`{}|\\^]+",
        keywords=("http://", "https://", "ftp://", "ftps://", "www."),
        score=0.8,
        filters=(),
        word_boundary=False,
        window=(8, 1100),
        note="URL (tier 1 by default policy)",
    ),
]

DETECTORS = [IpAddressDetector()]
