import base64
import json
import random
import string
import uuid

import pytest

import tiergate
from _util import found

rng = random.Random(23)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def part(obj: dict[str, object]) -> str:
    return b64url(json.dumps(obj, separators=(",", ":")).encode())


def rand(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


HEADER = part({"alg": "HS256", "typ": "JWT"})
PAYLOAD = part({"sub": "1234567890", "name": "Test User", "iat": 1516239022})
JWT = f"{HEADER}.{PAYLOAD}.{b64url(rng.randbytes(32))}"
UNSIGNED = f"{part({'alg': 'none'})}.{PAYLOAD}."
TWO_PARTS = f"{HEADER}.{PAYLOAD}"
JWE = ".".join(
    [
        part({"alg": "RSA-OAEP", "enc": "A256GCM"}),
        *(b64url(rng.randbytes(n)) for n in (64, 12, 80, 16)),
    ]
)
USERPASS = base64.b64encode(f"deploy:{rand(16)}".encode()).decode()
BEARER = rand(40)
UUID4 = str(uuid.UUID(int=rng.getrandbits(128), version=4))
PASSWORD = rand(14) + "!"


@pytest.mark.parametrize(
    ("text", "detector", "value"),
    [
        (JWT, "jwt", JWT),
        (f'{{"access_token": "{JWT}", "expires_in": 3600}}', "jwt", JWT),
        (f"https://app.example/cb?id_token={JWT}&state=1", "jwt", JWT),
        (UNSIGNED, "jwt", UNSIGNED),
        (TWO_PARTS, "jwt", TWO_PARTS),
        (JWE, "jwt", JWE),
        (
            base64.b64encode(JWT.encode()).decode(),
            "jwt-base64",
            base64.b64encode(JWT.encode()).decode(),
        ),
        (f"Authorization: Basic {USERPASS}", "basic-auth-credential", USERPASS),
        (
            f"curl -H 'Authorization: Bearer {BEARER}' https://api.example",
            "authorization-header",
            BEARER,
        ),
        (f'headers = {{"Authorization": "token {BEARER}"}}', "authorization-header", BEARER),
        (f"Authorization: {UUID4}", "authorization-header", UUID4),
        (f'req.set("X-Trace", "Bearer {BEARER}")', "bearer-token", BEARER),
        (f'curl -X GET -H "X-Api-Key: {UUID4}" https://api.example', "curl-credentials", UUID4),
        (f"curl -u deploy:{PASSWORD} https://ci.example", "curl-credentials", PASSWORD),
        (f"curl --user ':{PASSWORD}' https://ci.example", "curl-credentials", PASSWORD),
        (f"curl -u {BEARER}: https://api.stripe.example", "curl-credentials", BEARER),
        (
            f"git clone https://ci-bot:{PASSWORD}@git.example.org/team/repo.git",
            "url-credentials",
            PASSWORD,
        ),
    ],
)
def test_finds(text: str, detector: str, value: str) -> None:
    assert (detector, value) in found(text, "SECRET")


def test_jwt_without_json_needs_a_telling_name() -> None:
    shaped = f"ey{rand(20)}.ey{rand(20)}.{rand(20)}"
    assert found(shaped, "SECRET") == []
    assert ("jwt", shaped) in found(f"jwt_token = {shaped}", "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        HEADER,  # a header alone
        f"{HEADER[:-1]}.{PAYLOAD}.{b64url(rng.randbytes(32))}",  # damaged header, no context
        "eyJAAAA.eyJBBB",
        '{"alg":"HS256","typ":"JWT"}.{"name":"Jon"}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
        'curl -H "Authorization: Bearer $API_KEY" https://api.example',
        'curl -H "Authorization: Bearer <your API token>" https://api.example',
        'curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://api.example',
        'curl -H "Authorization: Token **********" https://api.example',
        'curl -H "Authorization: basic {base64(email:password)}" https://api.example',
        "Authorization: Bearer XXXXXXXXXXXXXXXX",
        f"Authorization: {uuid.uuid1(node=0x0242AC120002, clock_seq=1)}",  # time-based: no secret
        "Basic authentication is configured in the admin panel.",
        f"Authorization: Basic {base64.b64encode(b'username:password').decode()}",
        'curl -u "$USER:$PASS" https://ci.example',
        "curl -u user:password https://ci.example",
        'curl -u "${{ secrets.USER }}:${{ secrets.PASS }}" https://ci.example',
        "curl --user neo4j:[PASSWORD] http://localhost:7474/db/data/",
        'curl --user "src@example.com" --upload-file out.txt smtps://smtp.example',
        "https://user:password@example.com/",
        "https://url:8000 @something else",
        "http://localhost:5000/<%= @variable %>",
        # an HTML manual's placeholders
        "<dt><code>proxy-authorization=&lt;user&gt;:&lt;secret&gt;</code></dt>",
    ],
)
def test_ignores(text: str) -> None:
    assert found(text, "SECRET") == []


def test_password_in_a_url_to_a_reserved_domain_is_test_data() -> None:
    pw = b64url(rng.randbytes(12))
    c = tiergate.classify(f"const u = new URL('https://ann:{pw}@example.com/');")
    assert [(f.detector, f.explanation.test_data) for f in c.findings] == [
        ("url-credentials", True)
    ]
    assert c.tier == 1
    c = tiergate.classify(f"git remote add ci https://ann:{pw}@git.acme.io/app.git")
    assert [(f.detector, f.explanation.test_data) for f in c.findings] == [
        ("url-credentials", False)
    ]
