import base64
import hashlib
import os
import random
import string
import subprocess
import sys

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


def _der(*parts: bytes) -> str:
    body = b"".join(parts) + rng.randbytes(40)
    return base64.b64encode(b"\x30\x81" + bytes([len(body)]) + body).decode()


PUBLIC_SPKI = _der(b"\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00")
PUBLIC_PKCS1 = _der(b"\x02\x81\x81\x00")  # a long INTEGER: the modulus
PRIVATE_PKCS1 = _der(b"\x02\x01\x00")  # version 0, then the key


@pytest.mark.parametrize(
    "text",
    [
        f'  "Value": "{PUBLIC_SPKI}",',  # a DER public key
        f'server_key = "{PUBLIC_PKCS1}"',
        f'  "NextMarker": "{BLOB}"',  # pagination
        f'  "Revision": "{BLOB}",',
        f'  "StartingToken": "{BLOB}",',
        f'    DEFAULT_REQUEST_ID = (\n        "{BLOB}"\n    )',
        '  "value": "ManagedScalingPolicy-6a1f0c52-93de-4b7a-8c21-5e0d4f7b9a36"',
        f'  --resource "TenantId=tn_{BLOB[:30]}"',
        f'aws list-domains --next-page-token "{BLOB}"',  # a flag that names a cursor
        f'aws list-parts --upload-id "{BLOB}"',
        # base64 of JSON without credentials: a cursor
        '"' + base64.b64encode(b'{"Marker": null, "truncate_after": 25}').decode() + '"',
    ],
)
def test_ignores_names_ids_cursors_and_public_keys(text: str) -> None:
    assert not any(d == "high-entropy-string" for d, _ in found(text, "SECRET"))


def test_private_key_der_and_json_with_credentials_are_still_found() -> None:
    assert found(f'deploy --signing-material "{BLOB}"', "SECRET") == [("high-entropy-string", BLOB)]
    assert ("high-entropy-string", PRIVATE_PKCS1) in found(f'blob = "{PRIVATE_PKCS1}"', "SECRET")
    creds = base64.b64encode(b'{"auths": {"registry.acme.io": {"auth": "' + BLOB.encode() + b'"}}}')
    assert any(d == "high-entropy-string" for d, _ in found(f'registry_cfg = "{creds.decode()}"'))


def test_entropy_is_the_same_in_every_process() -> None:
    """The same value in every process: the terms come in a set's order, which changes with
    the hash seed, and a plain sum's last digit changed with it."""
    r = random.Random(11)
    values = ["".join(r.choice(B64) for _ in range(n)) for n in (24, 40, 44, 64) for _ in range(10)]
    code = (
        "import sys; from tiergate.detect.validators import shannon_entropy as e; "
        "print([repr(e(v)) for v in sys.argv[1:]])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code, *values],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1
