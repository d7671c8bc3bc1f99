import base64
import hashlib
import random
import string

import pytest

from _util import found
from tiergate.detect.validators import shannon_entropy as entropy
from tiergate.rules.secrets_entropy import assigned_name, is_random_string

rng = random.Random(53)
B64 = string.ascii_letters + string.digits + "+/"


def rand(n: int) -> str:
    """Random base64 text with upper case, lower case and a digit."""
    return "".join(rng.choice(B64) for _ in range(n - 3)) + "Aa7"


BLOB = rand(48)
HEX64 = hashlib.sha256(b"tiergate").hexdigest()


@pytest.mark.parametrize(
    "text",
    [
        f'print("{BLOB}")',
        f"headers = {{'Payload': '{BLOB}'}}",
        f"const v = `{BLOB}`;",
        f'  "blob": "{BLOB}",',
    ],
)
def test_finds_quoted_random_strings(text: str) -> None:
    assert ("high-entropy-string", BLOB) in found(text, "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        f'checksum = "{HEX64}"',  # hex: a hash far more often than a secret
        f'public_key = "{BLOB}"',
        f'"signature": "{BLOB}"',
        f'<input name="csrf_token" value="{BLOB}">',
        f"print({BLOB})",  # not quoted
        f"print(\"{BLOB}')",  # quotes that do not pair
        f'print("{BLOB[:39]}")',  # too short
        '"SponsoredProductsRemoteSearchPaginationTokenValue1"',  # joined words
        '"' + base64.b64encode(b"the quick brown fox jumps over the lazy dog").decode() + '"',
        '"' + "Ab1" * 16 + '"',  # low entropy
    ],
)
def test_ignores(text: str) -> None:
    assert not any(d == "high-entropy-string" for d, _ in found(text, "SECRET"))


def test_entropy() -> None:
    assert entropy("") == 0.0
    assert entropy("aaaa") == 0.0
    assert entropy("abcd") == pytest.approx(2.0)
    assert entropy(BLOB) > 4.5


def test_is_random_string() -> None:
    assert is_random_string(BLOB)
    assert not is_random_string(BLOB.lower())
    assert not is_random_string("sha256-" + BLOB)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('api_token = "', "api_token"),
        ('"publicKey": "', "publicKey"),
        ("$x := '", "$x"),
        ('<input name="csrf_token" value="', "csrf_token"),
        ('print("', ""),
    ],
)
def test_assigned_name(text: str, name: str) -> None:
    data = text.encode()
    assert assigned_name(data, len(data) - 1) == name
