import base64
import json
import random

import pytest

from _util import found

rng = random.Random(11)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def lines(body: str, width: int = 64) -> str:
    return "\n".join(body[i : i + width] for i in range(0, len(body), width))


def der(n: int = 600) -> str:
    """Base64 of a DER SEQUENCE with random content: shaped like a key, holds none."""
    return b64(b"\x30\x82" + rng.randbytes(n))


def pem(label: str, body: str, headers: str = "") -> str:
    return f"-----BEGIN {label}-----\n{headers}{lines(body)}\n-----END {label}-----"


OPENSSH = b64(b"openssh-key-v1\x00" + rng.randbytes(400))
PGP = "lQWGBG" + b64(rng.randbytes(300))

BLOCKS = [
    pem("RSA PRIVATE KEY", der()),
    pem("PRIVATE KEY", der()),
    pem("EC PRIVATE KEY", der(120)),
    pem("DSA PRIVATE KEY", der(400)),
    pem("ENCRYPTED PRIVATE KEY", der()),
    pem("RSA PRIVATE KEY", der(), "Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n"),
    pem("OPENSSH PRIVATE KEY", OPENSSH),
    pem("PGP PRIVATE KEY BLOCK", PGP, "Version: GnuPG v2\n\n"),
]


@pytest.mark.parametrize("block", BLOCKS)
def test_finds_private_key_blocks(block: str) -> None:
    text = f"here is the key:\n{block}\nthanks"
    assert ("private-key", block) in found(text, "SECRET")


def test_key_inside_json_with_escaped_newlines() -> None:
    body = der()
    key = (
        f"-----BEGIN PRIVATE KEY-----\\n{body[:64]}\\n{body[64:128]}\\n-----END PRIVATE KEY-----\\n"
    )
    text = json.dumps({"type": "service_account"})[:-1] + f', "private_key": "{key}"}}'
    (value,) = [v for d, v in found(text, "SECRET") if d == "private-key"]
    assert value.startswith("-----BEGIN PRIVATE KEY-----") and value.endswith("KEY-----")


def test_truncated_block_without_end_line() -> None:
    body = lines(der())
    text = f"-----BEGIN RSA PRIVATE KEY-----\n{body}"
    assert found(text, "SECRET") == [("private-key", text)]


def test_ssh2_format() -> None:
    block = (
        "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: x\n"
        + lines(der())
        + "\n---- END SSH2 ENCRYPTED PRIVATE KEY ----"
    )
    assert found(block, "SECRET") == [("private-key", block)]


def test_short_stand_in_body_scores_lower() -> None:
    text = "-----BEGIN RSA PRIVATE KEY-----\nsuper secret private key here\n-----END RSA PRIVATE KEY-----"
    assert [d for d, _ in found(text, "SECRET")] == ["private-key"]


def test_putty_key_file() -> None:
    ppk = (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: laptop\n"
        f"Public-Lines: 2\n{lines(b64(rng.randbytes(60)))}\nPrivate-Lines: 1\n"
        f"{b64(rng.randbytes(48))}\nPrivate-MAC: {rng.randbytes(32).hex()}"
    )
    assert found(ppk, "SECRET") == [("putty-private-key", ppk)]


def test_jwk_private_part() -> None:
    d = base64.urlsafe_b64encode(rng.randbytes(48)).decode().rstrip("=")
    jwk = json.dumps(
        {"kty": "EC", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "d": d}
    )
    assert ("jwk-private-key", d) in found(jwk, "SECRET")


def test_xml_rsa_private_key() -> None:
    xml = f"<RSAKeyValue><Modulus>{b64(rng.randbytes(64))}</Modulus><Exponent>AQAB</Exponent><D>{b64(rng.randbytes(64))}</D></RSAKeyValue>"
    assert found(xml, "SECRET") == [("xml-rsa-private-key", xml)]


@pytest.mark.parametrize(
    "text",
    [
        pem("PUBLIC KEY", der()),
        pem("RSA PUBLIC KEY", der()),
        pem("CERTIFICATE", der()),
        pem("PGP PUBLIC KEY BLOCK", PGP),
        "ssh-rsa " + b64(b"\x00\x00\x00\x07ssh-rsa" + rng.randbytes(200)) + " alice@laptop",
        "ssh-ed25519-cert-v01@openssh.com " + b64(rng.randbytes(200)) + " host",
        'if line == "-----BEGIN RSA PRIVATE KEY-----":\n    kind = "rsa"',
        "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "-----BEGIN RSA PRIVATE KEY-----\n<your private key here>\n-----END RSA PRIVATE KEY-----",
        '{"kty": "RSA", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4", "e": "AQAB"}',
        "<RSAKeyValue><Modulus>AQAB</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>",
    ],
)
def test_ignores(text: str) -> None:
    assert found(text, "SECRET") == []


def test_a_test_fixture_note_in_place_of_a_key_is_not_a_key() -> None:
    text = (
        "-----BEGIN RSA PRIVATE KEY-----\nMalformed key, but the certificate below is valid\n"
        "-----END RSA PRIVATE KEY-----"
    )
    assert found(text, "SECRET") == []
