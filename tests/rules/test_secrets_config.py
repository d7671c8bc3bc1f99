import base64
import json
import random
import string

import pytest

from _util import found

rng = random.Random(59)


def rand(n: int) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n - 1)) + "7"


def b64(text: str | bytes) -> str:
    return base64.b64encode(text.encode() if isinstance(text, str) else text).decode()


PW = rand(16)
PW64 = b64(PW)
PSCALE = "pscale_pw_" + rand(43)
CERT64 = b64("-----BEGIN CERTIFICATE-----\n" + rand(64) + "\n-----END CERTIFICATE-----\n")
DOCKER64 = b64(json.dumps({"auths": {"registry.example": {"auth": b64("ci:" + PW)}}}))
KEY64 = b64(
    "-----BEGIN RSA PRIVATE KEY-----\n"
    + b64(rng.randbytes(200))
    + "\n-----END RSA PRIVATE KEY-----\n"
)


def secret(body: str, kind: str = "Secret") -> str:
    return f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: db\ntype: Opaque\n{body}"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (secret(f"data:\n  password: {PW64}\n  username: {b64('admin')}\n"), PW64),
        (secret(f"data:\n\tpassword: '{PW64}'\n"), PW64),
        (f'apiVersion: v1\ndata:\n  password: "{PW64}"\nkind: Secret\n', PW64),
        (secret(f"data:\n  # base64 of the password\n  key: {PW64}\n"), PW64),
        (secret(f"stringData:\n  DB_PASSWORD: {PW}\n"), PW),
        (secret(f"data:\n  .dockerconfigjson: |\n    {DOCKER64}\n"), DOCKER64),
        (json.dumps({"apiVersion": "v1", "kind": "Secret", "data": {"token": PW64}}), PW64),
        ("kind: ConfigMap\ndata:\n  a: b\n---\n" + secret(f"data:\n  token: {PW64}"), PW64),
    ],
)
def test_kubernetes_secret_values(text: str, value: str) -> None:
    assert ("kubernetes-secret-yaml", value) in found(text, "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        secret("data:\n  htpasswd: ''\n"),
        secret('data:\n  csrf: ""\n'),
        secret("data:\n  password: {{ .Values.password | b64enc }}\n"),
        secret(f"data:\n  extra: {b64('bar')}\n"),
        secret(f"data:\n  ca.crt: {CERT64}\n"),
        secret("stringData:\n  db-password: ENC[AES256_GCM,data:O+5l4g==,iv:c/dS,type:str]\n"),
        f"kind: ExternalSecret\nspec:\n  data:\n    - secretKey: api-key\n      remoteRef:\n        key: {rand(20)}\n",
        f"kind: SopsSecret\nspec:\n  secretTemplates:\n    - name: x\n      data:\n        a: {b64('data-value1')}\n",
        f"kind: ConfigMap\ndata:\n  settings: {PW64}\n",
    ],
)
def test_kubernetes_ignores(text: str) -> None:
    assert found(text, "SECRET") == []


@pytest.mark.parametrize(
    ("text", "detector", "value"),
    [
        (
            f"users:\n- name: admin\n  user:\n    client-certificate-data: {CERT64}\n    client-key-data: {KEY64}\n",
            "kubeconfig-client-key",
            KEY64,
        ),
        (f"machine api.example.com\n  login bot\n  password {PW}\n", "netrc-password", PW),
        (f"machine git.example.org login bot password {PW}", "netrc-password", PW),
        (
            f"//registry.example.org/npm/:_auth={b64('ci:' + PW)}\nalways-auth=true",
            "npmrc-basic-auth",
            b64("ci:" + PW),
        ),
        (f"//registry.example.org/:_password={PW64}", "npmrc-basic-auth", PW64),
        (
            json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": b64("ci:" + PW)}}}),
            "docker-config-auth",
            b64("ci:" + PW),
        ),
        (
            'BUNDLE_GEMS__CONTRIBSYS__COM: "cafe1234:beef5678"',
            "sidekiq-secret",
            "cafe1234:beef5678",
        ),
        (
            "export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=0a1b2c3d:4e5f6a7b",
            "sidekiq-secret",
            "0a1b2c3d:4e5f6a7b",
        ),
        (
            "source 'https://0a1b2c3d:4e5f6a7b@gems.contribsys.com/'",
            "sidekiq-sensitive-url",
            "0a1b2c3d:4e5f6a7b",
        ),
        (f"PLANETSCALE_DB_PASSWORD={PSCALE}", "planetscale-password", PSCALE),
        # whole configuration files whose assignments the generic rules read
        (
            f"DB_HOST=db.internal\nDB_PORT=5432\nDB_PASSWORD={PW}\nDB_SSL=true\n",
            "generic-password",
            PW,
        ),
        (f"[pypi]\nusername = __token__\npassword = {PW}\n", "generic-password", PW),
        (
            f'resource "x" "y" {{\n  administrator_login_password = "{PW}"\n}}',
            "generic-password",
            PW,
        ),
        (
            f'<packageSourceCredentials><feed><add key="ClearTextPassword" value="{PW}" /></feed></packageSourceCredentials>',
            "generic-password",
            PW,
        ),
        (f"https://bot:{PW}@github.com\n", "url-credentials", PW),
    ],
)
def test_config_formats(text: str, detector: str, value: str) -> None:
    assert (detector, value) in found(text, "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "machine api.example.com login bot password changeme",
        "//registry.example.org/:_auth=${NPM_AUTH}",
        json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": b64("username:password")}}}),
        "administrator_login_password = var.db_password",
        '<add key="ClearTextPassword" value="%NUGET_PASSWORD%" />',
        'package main\n\nfunc main() {\n\ttoken := os.Getenv("AWS_TOKEN")\n\tfmt.Println(token)\n}\n',
    ],
)
def test_config_ignores(text: str) -> None:
    assert found(text, "SECRET") == []
