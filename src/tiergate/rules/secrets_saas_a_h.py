"""Credentials of SaaS providers A–H (payments, commerce, messaging, data APIs).

Values with their own prefix are matched anywhere; plain random values only where they are
assigned to a name that contains the provider's name (see :mod:`._provider_kit`).
Publishable keys that are meant to be public (Flutterwave ``FLWPUBK_``) are not reported.
"""

from __future__ import annotations

import base64

from tiergate.detect.filters import is_masked, is_placeholder
from tiergate.rules._provider_kit import ID_NAMES, PUBLIC_NAMES, UUID, has_digit, keyed, prefixed

_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def age_bech32(value: str) -> bool:
    """The BIP-173 checksum of an ``AGE-SECRET-KEY-1…`` string (bech32, case-insensitive)."""
    low = value.lower()
    hrp, _, data = low.rpartition("1")
    if not hrp or any(ch not in _BECH32 for ch in data):
        return False
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    values += [_BECH32.index(c) for c in data]
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk == 1


def discord_user_id(value: str) -> bool:
    """The first part of a Discord bot token is the bot's user ID (a snowflake) in base64."""
    head = value.split(".", 1)[0]
    try:
        raw = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
    except ValueError:
        return False
    return 15 <= len(raw) <= 20 and raw.isdigit()


_ALNUM = "[A-Za-z0-9]"
_HEX = "[a-fA-F0-9]"

RULES = [
    # ---- values with a provider prefix ------------------------------------------------------
    prefixed(
        "1password-secret-key",
        "PASSWORD",
        ("a3-",),
        r"A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
        "1Password account Secret Key",
        min_entropy=3.0,
    ),
    prefixed(
        "1password-service-account-token",
        "TOKEN",
        ("ops_eyj",),
        r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}",
        "1Password service account token",
        score=0.95,
        max_len=6100,
    ),
    prefixed(
        "adobe-client-secret",
        "API_KEY",
        ("p8e-",),
        r"p8e-[A-Za-z0-9]{32}",
        "Adobe OAuth client secret",
        min_entropy=3.0,
    ),
    prefixed(
        "age-secret-key",
        "PRIVATE_KEY",
        ("age-secret-key-1",),
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        # the prefix alone is unambiguous: even an all-zero key is a key being pasted
        "age encryption secret key",
        score=0.95,
        confirmers=(age_bech32,),
        filters=(is_placeholder, is_masked),
    ),
    prefixed(  # ungated: "pat" is everywhere, and a literal prefix makes RE2 scan at GB/s
        "airtable-personal-access-token",
        "TOKEN",
        (),
        r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}",
        "Airtable personal access token",
    ),
    prefixed(
        "authress-service-client-access-key",
        "API_KEY",
        (".acc_", ".acc-"),
        r"(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-][a-z0-9-]{10,32}\.[a-z0-9+/_=-]{30,120}",
        "Authress service client access key",
    ),
    prefixed(
        "clickhouse-cloud-api-secret-key",
        "API_KEY",
        ("4b1d",),
        r"4b1d[A-Za-z0-9]{38}",
        "ClickHouse Cloud API secret key",
        min_entropy=3.5,
    ),
    prefixed(
        "discord-bot-token",
        "TOKEN",
        ("discord", "bot"),
        r"[MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}",
        "Discord bot token (near the word discord or bot)",
        score=0.75,
        confirmers=(discord_user_id,),
        confirmed_score=0.95,
        min_entropy=3.5,
    ),
    prefixed(
        "duffel-api-token",
        "TOKEN",
        ("duffel_test_", "duffel_live_"),
        r"duffel_(?:test|live)_[A-Za-z0-9_=\-]{43}",
        "Duffel API token",
    ),
    prefixed(
        "easypost-api-token",
        "API_KEY",
        ("ezak",),
        r"(?:^|[^A-Za-z0-9+/])(?P<v>EZAK[A-Za-z0-9]{54})(?:[^A-Za-z0-9+/]|$)",
        "EasyPost production API key",
    ),
    prefixed(
        "easypost-test-api-token",
        "API_KEY",
        ("eztk",),
        r"(?:^|[^A-Za-z0-9+/])(?P<v>EZTK[A-Za-z0-9]{54})(?:[^A-Za-z0-9+/]|$)",
        "EasyPost test API key",
    ),
    prefixed(
        "facebook-page-access-token",
        "TOKEN",
        ("eaa",),
        r"(?:^|[^A-Za-z0-9+/])(?P<v>EAA[A-Z][A-Za-z0-9]{90,1000})(?:[^A-Za-z0-9+/=]|$)",
        "Facebook / Meta Graph API access token",
        score=0.85,
        min_entropy=4.0,
        max_len=1100,
    ),
    prefixed(
        "facebook-access-token",
        "TOKEN",
        ("facebook", "access_token", "app_token", "fb_token"),
        r"\d{15,16}(?:\||%7[Cc])[A-Za-z0-9_\-]{27,40}",
        "Facebook app access token (id|secret)",
        score=0.85,
        min_entropy=3.0,
    ),
    prefixed(
        "flutterwave-secret-key",
        "API_KEY",
        ("flwseck",),
        r"FLWSECK(?:_TEST)?-[a-hA-H0-9]{32}-X",
        "Flutterwave secret key",
        min_entropy=3.0,
    ),
    prefixed(
        "flutterwave-encryption-key",
        "API_KEY",
        ("flwseck",),
        r"FLWSECK(?:_TEST)?-?[a-hA-H0-9]{12}",
        "Flutterwave encryption key",
        min_entropy=2.5,
    ),
    prefixed(
        "freemius-secret-key",
        "API_KEY",
        ("secret_key",),
        r"""(?i:["']secret_key["'])\s{0,8}=>\s{0,8}["'](?P<v>sk_[^\s'"]{29})["']""",
        "Freemius secret key (PHP configuration)",
    ),
    prefixed(
        "hubspot-private-app-token",
        "TOKEN",
        ("pat-na", "pat-eu", "pat-ap"),
        rf"pat-(?:na|eu|ap)\d-{UUID}",
        "HubSpot private app access token",
        score=0.95,
    ),
    # ---- values recognisable only by the name they are assigned to ------------------------
    keyed("adafruit-api-key", "API_KEY", ("adafruit",), r"[A-Za-z0-9_\-]{32}", "Adafruit IO key"),
    keyed(
        "adobe-client-id",
        "API_KEY",
        ("adobe",),
        f"{_HEX}{{32}}",
        "Adobe OAuth client ID",
        score=0.6,
    ),
    keyed(
        "airtable-api-key", "API_KEY", ("airtable",), f"{_ALNUM}{{17}}", "Airtable legacy API key"
    ),
    keyed(
        "algolia-api-key",
        "API_KEY",
        ("algolia",),
        f"{_ALNUM}{{32}}",
        "Algolia admin or write API key (search-only keys are public)",
        skip_names=PUBLIC_NAMES,
    ),
    keyed(
        "asana-client-id",
        "API_KEY",
        ("asana",),
        r"[0-9]{16}",
        "Asana OAuth client ID",
        score=0.6,
        min_entropy=2.0,
    ),
    keyed("asana-client-secret", "API_KEY", ("asana",), f"{_ALNUM}{{32}}", "Asana client secret"),
    keyed("beamer-api-token", "TOKEN", ("beamer",), r"b_[A-Za-z0-9=_\-]{44}", "Beamer API token"),
    keyed(
        "bittrex-api-key", "API_KEY", ("bittrex",), f"{_ALNUM}{{32}}", "Bittrex API key or secret"
    ),
    keyed("cisco-meraki-api-key", "API_KEY", ("meraki",), r"[0-9a-f]{40}", "Cisco Meraki API key"),
    keyed(
        "coinbase-access-token",
        "TOKEN",
        ("coinbase",),
        r"[A-Za-z0-9_\-]{64}",
        "Coinbase access token",
    ),
    keyed(
        "confluent-api-key", "API_KEY", ("confluent",), f"{_ALNUM}{{16}}", "Confluent Cloud API key"
    ),
    keyed(
        "confluent-secret-key",
        "API_KEY",
        ("confluent",),
        r"[A-Za-z0-9+/]{64}",
        "Confluent Cloud API secret",
    ),
    keyed(
        "contentful-delivery-api-token",
        "TOKEN",
        ("contentful",),
        r"[A-Za-z0-9=_\-]{43}",
        "Contentful delivery API token",
    ),
    keyed("discord-api-token", "TOKEN", ("discord",), r"[a-fA-F0-9]{64}", "Discord API token"),
    keyed(
        "discord-client-id",
        "API_KEY",
        ("discord",),
        r"[0-9]{17,20}",
        "Discord client ID",
        score=0.6,
        min_entropy=2.0,
    ),
    keyed(
        "discord-client-secret",
        "API_KEY",
        ("discord",),
        r"[A-Za-z0-9=_\-]{32}",
        "Discord client secret",
        min_entropy=2.0,
    ),
    keyed(
        "dropbox-api-token",
        "TOKEN",
        ("dropbox",),
        r"sl\.[A-Za-z0-9_=\-]{130,}|[A-Za-z0-9]{11}AAAAAAAAAA[A-Za-z0-9_=\-]{43}|[A-Za-z0-9]{15}",
        "Dropbox access token or app key",
        validators=(has_digit,),
    ),
    keyed("etsy-access-token", "TOKEN", ("etsy",), f"{_ALNUM}{{24}}", "Etsy API key"),
    keyed("facebook-secret", "API_KEY", ("facebook",), f"{_HEX}{{32}}", "Facebook app secret"),
    keyed("finicity-api-token", "API_KEY", ("finicity",), f"{_HEX}{{32}}", "Finicity API key"),
    keyed(
        "finicity-client-secret",
        "API_KEY",
        ("finicity",),
        f"{_ALNUM}{{20}}",
        "Finicity client secret",
    ),
    keyed("finnhub-access-token", "TOKEN", ("finnhub",), f"{_ALNUM}{{20}}", "Finnhub API token"),
    keyed("flickr-access-token", "TOKEN", ("flickr",), f"{_ALNUM}{{32}}", "Flickr API key"),
    keyed(
        "freshbooks-access-token",
        "TOKEN",
        ("freshbooks",),
        f"{_ALNUM}{{64}}",
        "FreshBooks access token",
    ),
    keyed(
        "gocardless-api-token",
        "TOKEN",
        ("gocardless",),
        r"(?:live|sandbox)_[A-Za-z0-9_=\-]{40}",
        "GoCardless access token",
    ),
    keyed(
        "hubspot-api-key",
        "API_KEY",
        ("hubspot",),
        UUID,
        "HubSpot API key (legacy)",
        skip_names=ID_NAMES,
    ),
]
