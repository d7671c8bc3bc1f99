"""Private keys: PEM and OpenSSH blocks, PGP private key blocks, PuTTY PPK files, JWK and
.NET XML private keys.

A PEM header alone decides little: code mentions ``-----BEGIN RSA PRIVATE KEY-----`` to parse
it. What follows decides: base64 key material (a key, 0.99), a short phrase (a stand-in such as
``…key here…``, 0.7), nothing, or a placeholder (dropped). Public keys and certificates never
match. Blocks run to their ``-----END`` line or, when it is missing (a pasted fragment), to the
end of the key material.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.detect.filters import is_placeholder
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding

_MAX_BLOCK = 64 * 1024  # larger than any real key block (8192-bit RSA, PGP with subkeys)

_HEADER = compile_re2(r"-{4,5} ?BEGIN ((?:[A-Z0-9]+ ){0,4})PRIVATE KEY( BLOCK)? ?-{4,5}")
_END = compile_re2(r"-{4,5} ?END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)? ?-{4,5}")
# What may sit between lines of a key pasted into source code or JSON.
_JUNK = re.compile(r"""\\[nr]|["'`,;+]|^\s*(?:#|//|\*|>)""", re.M)
_ARMOR_HEADER = re.compile(r"^[A-Za-z-]{2,40}: .*$", re.M)
_B64 = re.compile(r"[A-Za-z0-9+/=_-]")
_B64_LINE = re.compile(r"[ \t]*[A-Za-z0-9+/=]{16,}[ \t]*")
_MATERIAL = re.compile(r"(?:[A-Za-z0-9+/=]+|\\[nr]|[ \t]*\r?\n[ \t]*)+")
_ESCAPED_NL = re.compile(r"\\[nr]|\r?\n")


def _finding(
    detector: str, start: int, end: int, score: float, note: str, checks: tuple[str, ...] = ()
) -> Finding:
    return Finding(
        start=start,
        end=end,
        type="PRIVATE_KEY",
        category=Category.SECRET,
        detector=detector,
        score=score,
        explanation=Explanation(
            pattern=detector, validators=tuple((c, True) for c in checks), note=note
        ),
    )


def _clean(body: str) -> str:
    """The key material of a block body: no armor headers, quotes, ``\\n`` escapes, comment
    marks or whitespace."""
    body = _ARMOR_HEADER.sub("", _JUNK.sub(" ", body))
    return "".join(body.split())


def _is_der(material: str) -> bool:
    """Base64 of DER (a SEQUENCE: 0x30), an OpenSSH key (``openssh-key-v1``) or PGP packets."""
    if material.startswith(("b3BlbnNzaC1rZXktdjE", "lQ", "lF", "xc", "xV")):
        return True
    try:
        head = base64.b64decode(material[:8] + "=" * (-len(material[:8]) % 4))
    except (binascii.Error, ValueError):
        return False
    return head[:1] == b"\x30"


class PemPrivateKey:
    """``-----BEGIN … PRIVATE KEY-----`` blocks: PKCS#1/#8 (RSA, EC, DSA), encrypted PKCS#8,
    OpenSSH, PGP, SSH2 (``---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----``)."""

    id = "private-key"
    keywords = ("private key",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        headers: list[tuple[int, int]] = []
        for pos in doc.positions(self.keywords):
            lo = max(0, pos - 48)
            m = _HEADER.search(data, lo, min(len(data), pos + 24))
            if m is not None and (not headers or m.start() >= headers[-1][1]):
                headers.append(m.span())
        if not headers:
            return
        ends = _END.finditer(data, headers[0][1])
        end = next(ends, None)
        for i, (start, body_start) in enumerate(headers):
            while end is not None and end.start() < body_start:
                end = next(ends, None)
            limit = min(len(data), body_start + _MAX_BLOCK)
            if i + 1 < len(headers):
                limit = min(limit, headers[i + 1][0])
            if end is not None and end.end() <= limit:
                found = self._judge_block(doc, start, body_start, end.start(), end.end())
            else:
                found = self._judge_fragment(doc, start, body_start, limit)
            if found is not None:
                yield found

    def _judge_block(
        self, doc: Document, start: int, body_start: int, body_end: int, end: int
    ) -> Finding | None:
        body = doc.value(body_start, body_end)
        material = _clean(body)
        b64 = len(_B64.findall(material))
        if b64 >= 64 and b64 * 10 >= len(material) * 9:
            checks = ("der_or_openssh",) if _is_der(material) else ()
            return _finding(self.id, start, end, 0.99, "private key block", checks)
        words = " ".join(_JUNK.sub(" ", body).split())
        if len(words) < 16 or is_placeholder(words) or set(words) <= set(".…x* <>-"):
            return None
        if _NOT_A_KEY.search(words.lower()):
            return None  # "Bad key, though the certificate is fine": a test fixture's note
        return _finding(self.id, start, end, 0.7, "private key block with a short body")

    def _judge_fragment(
        self, doc: Document, start: int, body_start: int, limit: int
    ) -> Finding | None:
        """A header without its END line: the key material that follows, if any."""
        data = doc.data
        pos = body_start
        # the header's own line break: a real one, or "\n" escaped in a string
        while pos < limit and data[pos : pos + 1] in (b" ", b"\t", b"\r"):
            pos += 1
        if data[pos : pos + 2] in (b"\\n", b"\\r"):
            pos += 2
        elif data[pos : pos + 1] == b"\n":
            pos += 1
        else:
            return None
        text_end = data.find(b"\n\n", pos, limit)
        body = doc.value(pos, limit if text_end < 0 else text_end)
        m = _MATERIAL.match(body)
        run = m.group().rstrip() if m else ""
        if len(_clean(run)) >= 64 or _B64_LINE.fullmatch(_ESCAPED_NL.split(run, 1)[0]):
            return _finding(
                self.id, start, pos + len(run.encode()), 0.95, "private key (truncated block)"
            )
        lines = body.splitlines() or [""]
        first = " ".join(lines[0].split())
        if len(first) < 4 or is_placeholder(first) or not any(c.isalnum() for c in first):
            return None
        return _finding(self.id, start, pos + len(lines[0].encode()), 0.6, "private key header")


_NOT_A_KEY = re.compile(r"\b(?:bad|invalid|broken|corrupt(?:ed)?|bogus|garbage|malformed)\b")
_PPK = compile_re2(r"PuTTY-User-Key-File-[1-3]: ?[\w@.-]{3,40}")
_PPK_PRIVATE = re.compile(
    r"Private-Lines: ?(\d{1,3})\r?\n((?:[A-Za-z0-9+/=]{1,80}(?:\r?\n|\Z)){1,200})"
)
_PPK_MAC = re.compile(r"Private-(?:MAC|Hash): ?[0-9a-fA-F]{20,128}")


class PuttyPrivateKey:
    """PuTTY ``.ppk`` files: the private lines (and the MAC that follows them)."""

    id = "putty-private-key"
    keywords = ("putty-user-key-file",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        last = 0
        for pos in doc.positions(self.keywords):
            if pos < last:
                continue
            m = _PPK.match(data, pos)
            if m is None:
                continue
            region = doc.value(pos, min(len(data), pos + 16 * 1024))
            priv = _PPK_PRIVATE.search(region)
            if priv is None or len(_clean(priv.group(2))) < 32:
                continue
            stop = priv.end()
            mac = _PPK_MAC.match(region, stop)
            if mac is not None:
                stop = mac.end()
            last = pos + len(region[:stop].encode())
            yield _finding(self.id, pos, last, 0.99, "PuTTY private key file")


_JWK_PRIVATE = re.compile(r'"(?:d|p|q|dp|dq|qi|k)"\s*:\s*"([A-Za-z0-9_-]{16,})"')


class JwkPrivateKey:
    """JSON Web Keys that hold a private part: ``"d"`` (RSA, EC, OKP) or ``"k"`` (oct)."""

    id = "jwk-private-key"
    keywords = ('"kty"',)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        done = -1
        for pos in doc.positions(self.keywords):
            lo = data.rfind(b"{", max(0, pos - 4096), pos)
            hi = data.find(b"}", pos, pos + 8192)
            if lo < 0 or hi < 0 or lo <= done:
                continue
            done = hi
            obj = doc.value(lo, hi)
            for m in _JWK_PRIVATE.finditer(obj):
                s = lo + len(obj[: m.start(1)].encode())
                yield _finding(self.id, s, s + len(m.group(1)), 0.9, "JSON Web Key private part")


_XML_KEY = re.compile(r"<(D|P|Q|DP|DQ|InverseQ)>\s*([A-Za-z0-9+/=\s]{16,})\s*</\1>")


class XmlRsaPrivateKey:
    """.NET ``<RSAKeyValue>`` elements with private parameters (``<D>``, ``<P>``, …)."""

    id = "xml-rsa-private-key"
    keywords = ("<rsakeyvalue>",)
    context_words: tuple[str, ...] = ()

    def detect(self, doc: Document) -> Iterator[Finding]:
        done = -1
        for pos in doc.positions(self.keywords):
            if pos <= done:
                continue
            close = doc.low.find("</rsakeyvalue>", pos, pos + 32 * 1024)
            if close < 0:
                continue
            done = close
            if _XML_KEY.search(doc.value(pos, close)) is not None:
                yield _finding(self.id, pos, close + 14, 0.95, "RSA private key in XML")


DETECTORS = [PemPrivateKey(), PuttyPrivateKey(), JwkPrivateKey(), XmlRsaPrivateKey()]
