"""Quoted random strings, whatever they are assigned to (the detect-secrets
``high_entropy_strings`` plugin): 40 or more base64 characters with the entropy of random
bytes, unless the name they are assigned to says they are public (``public_key``,
``signature``, ``csrf_token``). Hex strings are left out: bare, they are hashes far more
often than secrets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tiergate.detect.document import Document
from tiergate.detect.filters import GENERIC_SECRET_FILTERS, is_placeholder, is_sequential, word_set
from tiergate.detect.rule import compile_re2
from tiergate.detect.validators import shannon_entropy
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._scan import match_spans
from tiergate.rules._secret_names import name_start, name_words
from tiergate.rules._secret_values import b64decode_lenient

_QUOTED_RANDOM = compile_re2(r"[\"'`](?P<v>[A-Za-z0-9+/_=-]{40,1000})[\"'`]")
_DIGIT = re.compile(r"\d")
_SECRETISH = re.compile(r"pass|secret|token|key|auth|cred")
_UUID_INSIDE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_HASH_PREFIX = re.compile(r"(?:sha(?:1|224|256|384|512)|md5|h1)[-_:]", re.I)
_WORDS_IN_TEXT = re.compile(r"(?:^|\s)[A-Za-z']{2,}(?=[\s.,!?]|$)")
_WORDS = re.compile(r"[A-Z][a-z]{4,}|[a-z]{6,}")
_WORD_SEGMENTS = re.compile(r"(?:^|[-_/+])[A-Za-z]{4,}(?=[-_/+])")


def is_random_string(value: str) -> bool:
    """Base64-like text with the entropy of random bytes (4.5 bits per character, as
    detect-secrets), all three character classes, and not a hash, image or joined words."""
    if value.lower() == value or value.upper() == value or _DIGIT.search(value) is None:
        return False  # needs upper case, lower case and digits
    if shannon_entropy(value) < 4.5:
        return False
    if _HASH_PREFIX.match(value) or len(_WORD_SEGMENTS.findall(value)) >= 2:
        return False
    if sum(len(w) for w in _WORDS.findall(value)) * 2 >= len(value):
        return False  # mostly words: SponsoredProductsRemoteSearchPagination
    if any(f(value) for f in GENERIC_SECRET_FILTERS) or _UUID_INSIDE.search(value):
        return False  # ECSManagedAutoScalingPolicy-3048e262-…: a name with an id
    if "=" in value.rstrip("="):
        return False  # Name=value: base64 has "=" only at the end
    decoded = b64decode_lenient(value)  # base64 of "abcdefgh…", of "xxxx" or of a sentence
    if decoded and is_der_public_key(decoded):
        return False
    text = decoded.decode("latin-1") if decoded else ""
    if not text.isprintable():
        return True
    if text[:1] in "{[" and text[-1:] in "}]" and _SECRETISH.search(text.lower()) is None:
        return False  # base64 of JSON without credentials: a pagination cursor
    return not (
        is_sequential(text) or is_placeholder(text) or len(_WORDS_IN_TEXT.findall(text)) >= 4
    )


def is_der_public_key(der: bytes) -> bool:
    """DER of a public key: a SubjectPublicKeyInfo (``MIIBIjANBgkqhkiG9w0BAQEFAAOC…``, a
    SEQUENCE that opens with the algorithm SEQUENCE) or a PKCS#1 RSAPublicKey (a SEQUENCE
    that opens with the long modulus). Private keys open with a one-byte version (0)."""
    if len(der) < 24 or der[0] != 0x30:
        return False
    i = 2 + (der[1] & 0x7F if der[1] & 0x80 else 0)  # skip the outer length
    if i + 2 > len(der):
        return False
    tag, length = der[i], der[i + 1]
    if tag == 0x30:
        return True  # AlgorithmIdentifier: SubjectPublicKeyInfo
    return tag == 0x02 and length & 0x80 != 0  # a multi-byte INTEGER: an RSA modulus


_NOT_SECRET_WORDS = word_set(
    """public pub pubkey publishable csrf xsrf authenticity signature sig signed hash hashed
    digest checksum etag integrity nonce fingerprint thumbprint id ids uuid guid name url
    uri path file version revision commit sha md5 sha1 sha256 example sample n e x y
    modulus exponent kid x5t x5c marker next page cursor pagination continuation starting
    ciphertext sentinel"""
)
_ATTR_NAME = re.compile(rb"""(?:name|key|id)\s*=\s*["']([^"'<>]{1,80})["'][^<>]{0,200}$""")


def assigned_name(data: bytes, quote: int) -> str:
    """The name a quoted value at ``quote`` is assigned to (``x = "…"``, ``"x": "…"``), or
    the ``name=`` of the tag for ``<input name="x" value="…">``; empty when there is none."""
    lo = max(0, quote - 100)
    i = quote
    while i > lo and data[i - 1] in b" \t":
        i -= 1
    j = i
    while j > lo and data[j - 1] in b" \t\r\n":
        j -= 1
    if data[j - 1 : j] == b"(":  # X = (\n    "…"\n)
        i = j - 1
        while i > lo and data[i - 1] in b" \t":
            i -= 1
    if data[i - 2 : i] in (b"=>", b":="):
        i -= 2
    elif data[i - 1 : i] in (b"=", b":"):
        i -= 1
    elif i < quote:  # a command-line flag: --next-page-token "…"
        start = name_start(data, i)
        flag = data[start:i]
        return flag.lstrip(b"-").decode("utf-8", "replace") if flag.startswith(b"-") else ""
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


DETECTORS = [HighEntropyString()]
