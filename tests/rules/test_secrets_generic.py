import base64
import hashlib
import random
import string
import time
import uuid

import pytest

import tiergate
from _util import found
from tiergate.rules._secret_names import classify_name

rng = random.Random(47)


def rand(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    out = "".join(rng.choice(alphabet) for _ in range(n - 1))
    return out + rng.choice(string.digits)


TOKEN = rand(32)
PW = rand(10, string.ascii_letters + string.digits + "!#%+") + "!"
SHA1 = hashlib.sha1(b"tiergate").hexdigest()
SHA256 = hashlib.sha256(b"tiergate").hexdigest()


@pytest.mark.parametrize(
    ("text", "detector", "value"),
    [
        (f'password = "{PW}"', "generic-password", PW),
        (f"DB_PASSWORD={PW}\nDB_HOST=db", "generic-password", PW),
        (f"export MYSQL_ROOT_PASSWORD='{PW}'", "generic-password", PW),
        (f'  "password": "{PW}",', "generic-password", PW),
        (f"smtp:\n  password: {PW}\n", "generic-password", PW),
        (f"<Password>{PW}</Password>", "generic-password", PW),
        (f'<add key="ClearTextPassword" value="{PW}" />', "generic-password", PW),
        (f'<property name="db.password" value="{PW}"/>', "generic-password", PW),
        (f"spring.datasource.password={PW}", "generic-password", PW),
        (f'db_pass := "{PW}"', "generic-password", PW),
        (f'var dbPassword string = "{PW}"', "generic-password", PW),
        (f'const password: string = "{PW}";', "generic-password", PW),
        (f'$config["db_pass"] = "{PW}";', "generic-password", PW),
        (f"mysqldump --password {PW} shop", "generic-password", PW),
        (f'if (password == "{PW}") {{', "generic-password", PW),
        (f'if ("{PW}" === password) {{', "generic-password", PW),
        (f'contraseña = "{PW}"', "generic-password", PW),
        (f'api_key = "{TOKEN}"', "generic-api-key", TOKEN),
        (f'"client_secret": "{TOKEN}"', "generic-api-key", TOKEN),
        (f"AWS_SECRET_ACCESS_KEY={TOKEN}", "generic-api-key", TOKEN),
        (f"  access_token: {TOKEN}", "generic-api-key", TOKEN),
        (f'System.setProperty("SERVICE_TOKEN", "{TOKEN}")', "generic-api-key", TOKEN),
        (f'  "authToken" => "{TOKEN}"', "generic-api-key", TOKEN),
        (f"<apiKey>\n    {TOKEN}\n</apiKey>", "generic-api-key", TOKEN),
        (f"credentials = {TOKEN}", "generic-api-key", TOKEN),
        (f'SECRET_KEY = "{TOKEN}"', "generic-api-key", TOKEN),
        (f'client_secret = "{SHA256}"', "generic-api-key", SHA256),
        (
            f'GetEnvOrDefault("api_token", "{uuid.UUID(int=rng.getrandbits(128), version=4)}")',
            "generic-api-key",
            None,
        ),
        (f'print("{TOKEN}{TOKEN[:12]}")', "high-entropy-string", f"{TOKEN}{TOKEN[:12]}"),
    ],
)
def test_finds(text: str, detector: str, value: str | None) -> None:
    hits = found(text, "SECRET")
    assert any(d == detector and (value is None or v == value) for d, v in hits), hits


def test_spaced_passphrase_scores_low() -> None:
    (f,) = tiergate.classify('password = "correct horse battery staple"').findings
    assert f.detector == "generic-password" and 0.5 <= f.score < 0.6


@pytest.mark.parametrize(
    "text",
    [
        'password = os.environ["DB_PASSWORD"]',
        "password = os.getenv('DB_PASSWORD')",
        "const apiKey = process.env.API_KEY;",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "password: {{ .Values.password }}",
        "DB_PASSWORD=${DB_PASSWORD}",
        'api_key = "<your-api-key>"',
        'password = "changeme"',
        'password = "xxxxxxxxxx"',
        'secret = "********"',
        'api_key = "sk-...Qx7F"',
        "password = self.password",
        "password = get_password(user)",
        "token = tokens[0]",
        "administrator_login_password = var.db_password",
        'password = "${aws_db_instance.default.password}"',
        "password: str = field(default=None)",
        "def connect(host, password=None, timeout=10):",
        "password = true",
        "api_key = 12345678901234",
        "token = None",
        "secret: yes",
        f'commit_sha = "{SHA1}"',
        f'password_hash = "{SHA256}"',
        f"integrity: sha512-{base64.b64encode(rng.randbytes(64)).decode()}",
        f'client_id = "{uuid.uuid1(node=1, clock_seq=2)}"',
        f'api_key = "{uuid.uuid1(node=1, clock_seq=2)}"',
        f'kms_key_id = "{uuid.UUID(int=rng.getrandbits(128), version=4)}"',
        f'secret_icon = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ{rand(20)}"',
        f'public_key = "{TOKEN}"',
        f'csrf_token = "{TOKEN}"',
        "access_token_url = 'https://github.com/login/oauth/access_token'",
        "app.keystore.file=env/cert.p12",
        "IceSSL.KeyFile=s_rsa1024_priv.pem",
        'LLM_SECRET_NAME = "NEXUS-GPT4-API-KEY"',
        "secret_length = X25519.secret_length",
        'notes = "Maven - io.jsonwebtoken:jjwt-jackson-0.11.2"',
        'const validKeyChars = "0123456789abcdefghijklmnopqrstuvwxyz_-."',
        "GITHUB_API_KEY=\nDYNATRACE_API_KEY=",
        'password = "value"',
        'password: "doesnt start right"',
        "Enter your password: please use at least 8 characters.",
        "-e SUMO_ACCESS_KEY=`etcdctl get /sumologic_secret`",
        'fields = ("password", "password_confirmation")',
        '<input type="hidden" name="authenticity_token" value="' + rand(60) + '" />',
        'print("pass", file=f)',
    ],
)
def test_ignores(text: str) -> None:
    assert found(text, "SECRET") == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("password", "password"),
        ("DB_PASS", "password"),
        ("dbPassword", "password"),
        ("my_password_super_secure", "password"),
        ("client_secret", "secret"),
        ("SECRET_KEY", "key"),
        ("secret", "secret"),
        ("aws_secret_access_key", "key"),
        ("x-api-key", "key"),
        ("apiKey", "key"),
        ("private-key", "private"),
        ("refreshToken", "token"),
        ("user_auth", "auth"),
        ("creds", "credential"),
        ("password_length", None),
        ("secretName", None),
        ("token_url", None),
        ("kms_key_id", None),
        ("public_key", None),
        ("csrf_token", None),
        ("compass", None),
        ("author", None),
        ("tokenizer", None),
        ("keyVaultToStoreSecrets", None),
        ("server.pem", None),
    ],
)
def test_name_classes(name: str, kind: str | None) -> None:
    assert classify_name(name) == kind


ADVERSARIAL = {
    "one character": "a",
    "assignments": "password=",
    "nested quotes": "\"'",
    "PEM headers": "-----BEGIN ",
    "private key headers": "-----BEGIN RSA PRIVATE KEY-----\n",
    "JWT prefixes": "eyJ",
    "JWT pieces": "eyJhbGciOi.",
    "URL separators": "://",
    "URL credentials": "a://b:c@",
    "token assignments": "token: xY9zQ2 ",
    "Authorization headers": "Authorization: Basic ",
    "curl users": "curl -u a:b ",
    "YAML secrets": "kind: Secret\ndata:\n  a: ",
}


@pytest.mark.parametrize("unit", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_linear_time_on_adversarial_input(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    started = time.process_time()
    tiergate.classify(text)
    assert time.process_time() - started < 5.0


# Shapes that ordinary repositories and manuals hold under a secret's name (written for
# these tests after what a scan of an installed Python, /usr/share/doc and npm turned up).
ORDINARY_FILES = [
    '    "ListWidgets": {"input_token": "Marker", "output_token": "WidgetList.NextMarker"}',
    "aws cognito-idp update-user-pool-client --token-validity-units "
    "AccessToken=minutes,IdToken=hours",
    '{"input": {"ChangeToken": "7d3f1c2a-58b4-4e0f-9a61-2c8d7e5b4f10", "Name": "rules"}}',
    f'"ClientToken": "{uuid.UUID(int=rng.getrandbits(128), version=4)}",',
    f"  --lifecycle-action-token {uuid.UUID(int=rng.getrandbits(128), version=4)}",
    '    "kmsKey": "arn:aws:kms:eu-west-1:111122223333:alias/backups",',
    "  --update-secrets=projects/acme-dev/secrets/db-login/versions/3",
    '    SERVICE_MODE = "Cloud::Auth::RegionalEndpointMode"',
    "\t* crypto/unlock-passphrase.c: Likewise.",
    "\t* tools/chpasswd.8: updated.",
    "    - [arm64] sound: soc: lpass-dma: Fix a race in the interrupt handler",
    "    - gnome-askpass: let the dialog colour follow the desktop theme",
    "      credential: avoid storing values with carriage returns",
    "    ext/session_key: make the expiry check consistent",
    "    key_store_load: Treat a truncated file as an error",
    "PASS: suite.base/step-over.exp: step over the inline call",
    "XPASS: suite.base/watch.exp: hardware watchpoint on a bitfield",
    "login_name:login_passwd:login_uid:login_gid:login_home:login_shell",
    "\tpass_inline::try_fold, pass_inline::visit_call,",
    ".B \\-\\-passphrase \\fIstring\\fR",
    "\\fB\\-\\-root\\-password=\\fR\\fIPASSWORD\\fR",
    '    "fs-minipass": "^3.0.3",\n    "minipass": "~7.1.2",',
    "    } else if (token === CLOSE_BRACKET){",
    "const MISSING_TOKEN = /^Missing token (.*)$/i",
    "Q.Minipass=Q.isDuplex=Q.isStream=void 0;",
    "//registry.example.net/team/:_authToken=MYTOKEN2",
    '    --auth Label="primary",AuthMode="SECRETS",Arn="arn:aws:secretsmanager:x"',
    "Token=prefixstable:2001:db8:17::",
    '    "AuthKeySelection": "$request.header.x-api-key",',
    '    _APP_KEY_TAG = "marketplace:applicationId"',
    "    ACCESS_KEY = 'AWSAccessKeyId'",
    "    if (isValidCIDR?.length) { tokenInfo.cidr_allowlist = isValidCIDR }",
    'const sharedSecret = dh.<span class="fn">computeSecret</span>(peerKey);',
    '"PasswordLastUsed": "2021-03-14T09:26:53Z",',
    "filters = {'lowpass': 'lowpass', 'pass': 'bandpass'}",
    '    ExtensionOID.CHALLENGE_PASSWORD: "challengePassword",',
    '        password_last_changed = "not_available"',
    "    if pass_band == 'highpass':",
    "    password: 'bm90IG15IHJlYWwgcGFzc3dvcmQ=',",  # base64 of "not my real password"
    '      "StartingToken": "eyJNYXJrZXIiOiBudWxsLCAiY291bnQiOiAzfQ==",',
    '        TOKEN_BODY: "raw block data / bytes",',  # the description of a constant
]


@pytest.mark.parametrize("text", ORDINARY_FILES)
def test_ignores_what_ordinary_files_hold(text: str) -> None:
    assert found(text, "SECRET") == []


STILL_FOUND = [
    (f"password: correct horse {PW} staple", "generic-password"),
    ("password: correct horse battery staple", "generic-password"),
    (f"  secret_key = {TOKEN}", "generic-api-key"),
    (f'"api_key": "{TOKEN}",', "generic-api-key"),
    (f"--client-secret {TOKEN}", "generic-api-key"),
    (f'"ClientSecret": "{uuid.UUID(int=rng.getrandbits(128), version=4)}",', "generic-api-key"),
    (f"DB_PASSWORD={PW}", "generic-password"),
    (f"PASSWORD: {PW}", "generic-password"),
    ("password = 'rootpasswd'", "generic-password"),
    ('  "password": "value with quotes and spaces"', "generic-password"),
    (f"    bgp_auth_key: {TOKEN}", "generic-api-key"),
]


@pytest.mark.parametrize(("text", "detector"), STILL_FOUND)
def test_still_finds_secrets_next_to_those_shapes(text: str, detector: str) -> None:
    assert detector in {d for d, _ in found(text, "SECRET")}
