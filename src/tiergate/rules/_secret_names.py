"""Names that announce a secret: ``db_password``, ``clientSecret``, ``API_TOKEN``.

The words of a name (``aws_secret_access_key`` → ``aws secret access key``) must hold a
secret word (``password``, ``secret``, ``token``, ``api key``, ``credentials``, ``auth``),
not followed by one that makes it something else (``token_url``, ``secret_name``,
``password_length``, ``key_id``) nor preceded by one such as ``public`` or ``csrf``. Used by
the generic assignment rules, the high-entropy strings and the configuration formats.
"""

from __future__ import annotations

import functools
import re

from tiergate.detect.filters import word_set

_PASSWORD_WORDS = word_set(
    """password passwords passwd passwrd pass passphrase passcode passkey pwd pword pw
    contraseña contrasena passwort kennwort senha wachtwoord motdepasse mdp haslo heslo
    salasana losenord parola"""
)
_NOT_PASSWORD = word_set(
    """compass bypass surpass trespass overpass underpass encompass impass askpass lpass
    xpass kpass upass minipass"""
)
KEY_QUALIFIERS = word_set(
    """api access secret private priv auth client master signing sign encryption enc encrypt
    app application account service db database license licence session consumer shared
    hmac webhook storage subscription admin root deploy integration personal merchant
    partner live prod production management mgmt write sas sendgrid mailgun stripe"""
)
_JOINED_KEYS = frozenset(q + "key" for q in KEY_QUALIFIERS) | {"privkey", "apikeys"}
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
    expired valid invalid rule rules view validity unit units repeat last used verifier
    salt request response cryptogram grant grants"""
)
_BEFORE_NEG = word_set(
    """public pub publishable csrf xsrf is has use show hide validate check verify num max
    min sample example dummy fake mock no authenticity incorrect wrong invalid bad next
    page pagination continuation change lock idempotency request input output update
    starting"""
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
    if word in _JOINED_KEYS or (word == "key" and prev in KEY_QUALIFIERS):
        return "key"
    if word in _CREDENTIAL_WORDS:
        return "credential"
    if word == "auth":
        return "auth"
    return None


_FILE_NAME = re.compile(
    r".*\.(?:pem|crt|cer|der|key|p12|pfx|jks|txt|json|ya?ml|cfg|conf|ini|env|xml|properties|gpg|asc"
    r"|[ch]|cc|cpp|cxx|hh|hpp|py|js|ts|go|rs|rb|java|php|pl|pm|sh|diff|patch|md|rst|html?|[1-9])",
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


def secret_word_last(name: str) -> bool:
    """Whether the secret word ends the name (``db_password``, ``api_key``), rather than
    qualifying a word after it (``lpass_cpu``, ``p11_token_load``)."""
    words = [w for w in name_words(name) if not w.isdigit()]
    return bool(words) and _word_class(words[-1], words[-2] if len(words) > 1 else "") is not None


NAME_BYTES = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.$@-"
) | frozenset(range(0x80, 0x100))  # the bytes of non-ASCII letters (contraseña)


def name_start(data: bytes, pos: int, allowed: frozenset[int] = NAME_BYTES) -> int:
    """Where the name holding the keyword at ``pos`` begins (at most 80 bytes back)."""
    lo = max(0, pos - 80)
    while pos > lo and data[pos - 1] in allowed:
        pos -= 1
    return pos
