import base64

import pytest
from _provider_fakes import ALNUM, BASE64, DIGITS, HEX, LOWER, URLSAFE, Fakes

import tiergate
from _util import found
from tiergate.rules import secrets_saas_a_h
from tiergate.rules.secrets_saas_a_h import age_bech32, discord_user_id

fake = Fakes("saas_a_h")
uuid = fake.uuid

_B32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l".upper()


def _op_token() -> str:
    return "ops_eyJ" + fake(BASE64, 400) + "=="


def _discord_bot() -> str:
    head = base64.urlsafe_b64encode(b"198622483471925248").decode().rstrip("=")
    return f"{head}.{fake(URLSAFE, 6)}.{fake(URLSAFE, 27)}"


_A3 = (
    f"A3-{fake('ABCDEFGHJKLMNPQRSTVWXYZ23456789', 6)}-{fake('ABCDEFGHJKLMNPQRSTVWXYZ23456789', 11)}-"
    + "-".join(fake("ABCDEFGHJKLMNPQRSTVWXYZ23456789", 5) for _ in range(3))
)

MINE = {r.id for r in secrets_saas_a_h.RULES}

POSITIVES = [
    ("1password-secret-key", "Secret Key: {v}", _A3),
    ("1password-service-account-token", "export OP_SERVICE_ACCOUNT_TOKEN={v}\n", _op_token()),
    ("adobe-client-secret", 'ADOBE_SECRET = "{v}"', "p8e-" + fake(ALNUM, 32)),
    ("age-secret-key", "# key\n{v}\n", "AGE-SECRET-KEY-1" + fake(_B32, 58)),
    ("airtable-personal-access-token", "Bearer {v}", "pat" + fake(ALNUM, 14) + "." + fake(HEX, 64)),
    (
        "authress-service-client-access-key",
        "key={v}",
        f"sc_{fake(LOWER, 10)}.{fake(LOWER, 4)}.acc_{fake(LOWER, 10)}.{fake(LOWER, 40)}",
    ),
    ("clickhouse-cloud-api-secret-key", "secret: {v}", "4b1d" + fake(ALNUM, 38)),
    ("discord-bot-token", "client.run('{v}')  # discord bot", _discord_bot()),
    ("duffel-api-token", "key: {v}", "duffel_live_" + fake(URLSAFE, 43)),
    ("easypost-api-token", "https://x.test/?t={v}&q=1", "EZAK" + fake(ALNUM, 54)),
    ("easypost-test-api-token", "EASYPOST={v}", "EZTK" + fake(ALNUM, 54)),
    ("facebook-page-access-token", 'token = "{v}"', "EAAM" + fake(ALNUM, 150)),
    ("facebook-access-token", "facebook {v}", fake(DIGITS, 15) + "|" + fake(URLSAFE, 27)),
    ("flutterwave-secret-key", "FLW={v}", "FLWSECK_TEST-" + fake("abcdefgh0123456789", 32) + "-X"),
    ("flutterwave-encryption-key", "enc: {v}", "FLWSECK_TEST" + fake("abcdef0123456789", 12)),
    ("freemius-secret-key", '"secret_key" => "{v}",', "sk_" + fake(ALNUM + "#&@*$", 29)),
    ("hubspot-private-app-token", "Bearer {v}", "pat-na1-" + uuid()),
    ("adafruit-api-key", 'ADAFRUIT_IO_KEY = "{v}"', fake(LOWER, 32)),
    ("adobe-client-id", "adobe_client_id: {v}", fake(HEX, 32)),
    ("airtable-api-key", "airtableKey={v}", fake(LOWER, 17)),
    ("algolia-api-key", "<algoliaAdminKey>{v}</algoliaAdminKey>", fake(ALNUM, 32)),
    ("asana-client-id", "asana_client_id = {v}", fake(DIGITS, 16)),
    ("asana-client-secret", "asana_client_secret = '{v}'", fake(LOWER, 32)),
    ("beamer-api-token", 'BEAMER_KEY="{v}"', "b_" + fake(URLSAFE, 44)),
    ("bittrex-api-key", "bittrex.secret := `{v}`", fake(ALNUM, 32)),
    ("cisco-meraki-api-key", "MERAKI_DASHBOARD_API_KEY={v}", fake(HEX, 40)),
    ("coinbase-access-token", "coinbase_token: {v}", fake(URLSAFE, 64)),
    ("confluent-api-key", "confluent.api.key={v}", fake(ALNUM, 16)),
    ("confluent-secret-key", "confluent.api.secret={v}", fake(BASE64, 64)),
    ("contentful-delivery-api-token", "CONTENTFUL_TOKEN={v}", fake(URLSAFE, 43)),
    ("discord-api-token", "discordToken = '{v}'", fake(HEX, 64)),
    ("discord-client-id", "discord_client_id={v}", fake(DIGITS, 18)),
    ("discord-client-secret", "DISCORD_CLIENT_SECRET={v}", fake(URLSAFE, 32)),
    ("dropbox-api-token", "dropbox_token = '{v}'", "sl." + fake(URLSAFE, 140)),
    ("etsy-access-token", "ETSY_KEYSTRING={v}", fake(LOWER, 24)),
    ("facebook-secret", 'facebook_app_secret = "{v}"', fake(HEX, 32)),
    ("finicity-api-token", "finicity_app_key: {v}", fake(HEX, 32)),
    ("finicity-client-secret", "finicity_secret: {v}", fake(ALNUM, 20)),
    ("finnhub-access-token", "finnhub_token={v}", fake(LOWER, 20)),
    ("flickr-access-token", "flickr_api_key={v}", fake(HEX, 32)),
    ("freshbooks-access-token", "freshbooks_token={v}", fake(LOWER, 64)),
    ("gocardless-api-token", "GOCARDLESS_ACCESS_TOKEN={v}", "live_" + fake(URLSAFE, 40)),
    ("hubspot-api-key", 'const hubspotKey = "{v}"', uuid()),
]


@pytest.mark.parametrize(("detector", "template", "value"), POSITIVES)
def test_finds(detector: str, template: str, value: str) -> None:
    assert (detector, value) in found(template.format(v=value), "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX",  # placeholder
        "token: ops_eyJzaWduSW5BZGRyZXNzIjoiaHR0cHM6...",  # masked and short
        "flutterwave public key FLWPUBK_TEST-" + fake(HEX, 32) + "-X",  # publishable
        "discord=000000000000000000",  # repeated digit
        "meraki: aaaaaaaaaa1111111111bbbbbbbbbb2222222222",  # low entropy
        "ReactNativeCameraKit: " + fake(HEX, 40),  # 'meraki' inside a word
        'SetSysctl = "' + fake(LOWER, 24) + '"',  # 'etsy' inside a word
        "adafruit_key = " + fake(LOWER, 31),  # one character short
        "adafruit_key = " + fake(LOWER, 33),  # one character long
        "EZAK" + fake(ALNUM, 53),  # EasyPost key one character short
        "QhGqQ+EZAK" + fake(ALNUM, 54) + "/x",  # inside a base64 blob
        "checksum: eaac4cf978b6fbd480f1092cab8b233c9b949bcabfc9b598dd79a758f7243c28765e"
        "f7639c876fa72940dac687181b35486ea01ff7df3e65ce3848c64822c581",  # lowercase hex
        '"other_key" => "sk_' + fake(ALNUM, 29) + '",',  # freemius: wrong name
        "hubspot_key = <your-hubspot-key>",  # placeholder
        "client.run('" + "MZ1yGvKTj0rY0cV8i47CjAa.uHQPq.Xb1Mk2nEhe-4icrGOuegj57zMC" + "') bot",
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text, "SECRET") if d in MINE] == []


def _bech32_age_key(data: bytes) -> str:
    """An age secret key: BIP-173 bech32 of ``data`` under the HRP ``age-secret-key-``."""
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    hrp = "age-secret-key-"
    bits, acc, nbits = [], 0, 0
    for byte in data:
        acc, nbits = acc << 8 | byte, nbits + 8
        while nbits >= 5:
            nbits -= 5
            bits.append(acc >> nbits & 31)
    if nbits:
        bits.append(acc << (5 - nbits) & 31)

    def polymod(values: list[int]) -> int:
        gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
        chk = 1
        for v in values:
            top = chk >> 25
            chk = (chk & 0x1FFFFFF) << 5 ^ v
            for i in range(5):
                chk ^= gen[i] if (top >> i) & 1 else 0
        return chk

    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    mod = polymod([*expanded, *bits, 0, 0, 0, 0, 0, 0]) ^ 1
    check = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return (hrp + "1" + "".join(charset[d] for d in bits + check)).upper()


def test_age_checksum_raises_the_score() -> None:
    key = _bech32_age_key(bytes(range(32)))
    bad = key[:-1] + ("Q" if key[-1] != "Q" else "P")
    assert age_bech32(key) and not age_bech32(bad)
    assert not age_bech32("AGE-SECRET-KEY-1" + "Q" * 58)
    ((_, good),) = found(key, "SECRET")
    assert good == key
    scores = {f.score for f in tiergate.classify(key).findings}
    bad_scores = {f.score for f in tiergate.classify(bad).findings}
    assert max(scores) > max(bad_scores)


def test_discord_user_id() -> None:
    assert discord_user_id(_discord_bot())
    assert not discord_user_id("MZ1yGvKTjE0rY0cV8i47CjAa.uRHQPq.Xb1Mk2nEhe-4iUcrGOuegj57zMC")
