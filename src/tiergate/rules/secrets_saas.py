"""Business SaaS and data APIs (I–Z): Intercom, 42 Intra, Linear, LinkedIn, Looker, Mapbox,
MaxMind, Notion, NYTimes, Okta, Postman, PostHog, Private AI, RapidAPI, ReadMe, Render,
SettleMint, Squarespace, Typeform, Yandex Cloud, Zapier, Zendesk, Spotify, Klaviyo,
Salesforce and Zoho.

Mapbox public tokens (``pk.…``) are meant for browsers and are not reported; secret
(``sk.…``) ones are.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._keyed_secrets import UUID, has_digit, keyed, mixed_case, prefixed

# a name that says what kind of value follows: linearClientSecret, LINEAR_API_KEY
_CREDENTIAL_NAME = r"(?i:[\w.\- ]{0,16}(?:secret|token|key|client|auth))"
_YANDEX = ("yandex",)


def _settlemint(kind: str, what: str) -> Rule:
    return prefixed(
        f"settlemint-{what}-access-token",
        rf"sm_{kind}_[A-Za-z0-9]{{16}}",
        (f"sm_{kind}_",),
        type_="TOKEN",
        score=0.9,
        validators=(has_digit,),
        note=f"SettleMint {what} access token",
    )


RULES: list[Rule] = [
    keyed(
        "intercom-api-key",
        ("intercom",),
        "[A-Za-z0-9=_-]{60}",
        type_="TOKEN",
        note="Intercom access token",
    ),
    prefixed(
        "intra42-client-secret",
        r"s-s4t2(?:ud|af)-[a-f0-9]{64}",
        ("s-s4t2ud-", "s-s4t2af-"),
        score=0.95,
        note="42 Intra OAuth client secret",
    ),
    prefixed(
        "linear-api-key",
        r"lin_(?:api|oauth)_[A-Za-z0-9]{40}",
        ("lin_api_", "lin_oauth_"),
        score=0.95,
        note="Linear API key or OAuth token",
    ),
    keyed(
        "linear-client-secret",
        ("linear",),
        "[a-f0-9]{32}",
        name_suffix=_CREDENTIAL_NAME,
        min_entropy=3.0,
        note="Linear OAuth client secret",
    ),
    keyed(
        "linkedin-client-id",
        ("linkedin", "linked_in", "linked-in"),
        "[A-Za-z0-9]{14}",
        score=0.65,
        note="LinkedIn OAuth client id",
    ),
    keyed(
        "linkedin-client-secret",
        ("linkedin", "linked_in", "linked-in"),
        "[A-Za-z0-9]{16}",
        note="LinkedIn OAuth client secret",
    ),
    keyed(
        "looker-client-id",
        ("looker",),
        "[A-Za-z0-9]{20}",
        score=0.65,
        note="Looker API client id",
    ),
    keyed("looker-client-secret", ("looker",), "[A-Za-z0-9]{24}", note="Looker API secret"),
    prefixed(
        "mapbox-secret-token",
        r"sk\.eyJ[A-Za-z0-9_-]{20,300}\.[A-Za-z0-9_-]{20,30}",
        ("sk.eyj",),
        type_="TOKEN",
        score=0.95,
        note="Mapbox secret access token",
    ),
    prefixed(
        "maxmind-license-key",
        r"[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
        ("_mmk",),
        score=0.95,
        note="MaxMind license key",
    ),
    prefixed(
        "notion-api-token",
        r"ntn_[0-9]{11}[A-Za-z0-9]{35}",
        ("ntn_",),
        type_="TOKEN",
        score=0.95,
        validators=(mixed_case,),
        note="Notion integration token",
    ),
    prefixed(
        "notion-legacy-token",
        r"secret_[A-Za-z0-9]{43}",
        ("secret_",),
        type_="TOKEN",
        score=0.7,
        validators=(has_digit, mixed_case),
        min_entropy=4.0,
        note="Notion integration token (secret_ format, before 2024)",
    ),
    keyed(
        "nytimes-access-token",
        ("nytimes", "new-york-times", "new_york_times", "newyorktimes"),
        "[A-Za-z0-9=_-]{32}",
        type_="TOKEN",
        note="New York Times API key",
    ),
    keyed(
        "okta-access-token", ("okta",), "00[A-Za-z0-9=_-]{40}", type_="TOKEN", note="Okta API token"
    ),
    prefixed(
        "postman-api-token",
        r"PMAK-[a-fA-F0-9]{24}-[a-fA-F0-9]{34}",
        ("pmak-",),
        score=0.95,
        note="Postman API key",
    ),
    prefixed(
        "posthog-personal-api-key",
        r"phx_[A-Za-z0-9]{43}",
        ("phx_",),
        score=0.9,
        validators=(has_digit,),
        note="PostHog personal API key (the project key phc_ is public)",
    ),
    keyed(
        "privateai-api-token",
        ("privateai", "private_ai", "private-ai"),
        "[A-Za-z0-9]{32}",
        type_="TOKEN",
        note="Private AI API key",
    ),
    keyed(
        "rapidapi-access-token",
        ("rapidapi", "rapid_api", "rapid-api"),
        "[A-Za-z0-9_-]{50}",
        type_="TOKEN",
        note="RapidAPI key",
    ),
    prefixed(
        "readme-api-token",
        r"rdme_[A-Za-z0-9]{70}",
        ("rdme_",),
        score=0.95,
        note="ReadMe API key",
    ),
    prefixed(
        "render-api-key",
        r"rnd_[A-Za-z0-9]{32}",
        ("rnd_",),
        score=0.85,
        validators=(has_digit, mixed_case),
        note="Render API key",
    ),
    _settlemint("pat", "personal"),
    _settlemint("aat", "application"),
    _settlemint("sat", "service"),
    keyed(
        "squarespace-access-token",
        ("squarespace",),
        UUID,
        type_="TOKEN",
        note="Squarespace API key",
    ),
    prefixed(
        "typeform-api-token",
        r"tfp_[A-Za-z0-9_.=-]{59}",
        ("tfp_",),
        type_="TOKEN",
        score=0.9,
        validators=(has_digit,),
        note="Typeform personal access token",
    ),
    keyed(
        "yandex-access-token",
        _YANDEX,
        r"t1\.[A-Za-z0-9_-]{1,200}={0,2}\.[A-Za-z0-9_-]{86}={0,2}",
        type_="TOKEN",
        note="Yandex Cloud IAM token",
    ),
    prefixed(
        "yandex-api-key",
        r"AQVN[A-Za-z0-9_-]{35,38}",
        ("aqvn",),
        score=0.85,
        validators=(has_digit,),
        note="Yandex Cloud API key",
    ),
    keyed(
        "yandex-aws-access-token",
        _YANDEX,
        r"YC[A-Za-z0-9_-]{38}",
        note="Yandex Cloud static access key (S3-compatible)",
    ),
    prefixed(
        "zapier-webhook-url",
        r"https://hooks\.zapier\.com/hooks/catch/[0-9]{3,12}/[A-Za-z0-9]{5,12}/?",
        ("hooks.zapier.com",),
        type_="TOKEN",
        score=0.85,
        note="Zapier catch-hook URL (the path is the credential)",
    ),
    keyed("zendesk-secret-key", ("zendesk",), "[A-Za-z0-9]{40}", note="Zendesk API token"),
    keyed(
        "spotify-client-secret",
        ("spotify",),
        "[a-f0-9]{32}",
        name_suffix=r"(?i:[\w.\- ]{0,16}secret)",
        min_entropy=3.0,
        note="Spotify client secret",
    ),
    prefixed(
        "klaviyo-private-api-key",
        r"pk_[a-f0-9]{34}",
        ("pk_",),
        score=0.75,
        validators=(has_digit,),
        min_entropy=3.0,
        note="Klaviyo private API key (pk_ + 34 hex; the 6-character site id is public)",
    ),
    prefixed(
        "salesforce-access-token",
        r"00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,120}",
        ("00d",),
        type_="TOKEN",
        score=0.9,
        note="Salesforce session id / OAuth access token (org id ! token)",
    ),
    prefixed(
        "zoho-oauth-token",
        r"1000\.[a-f0-9]{32}\.[a-f0-9]{32}",
        ("1000.",),
        type_="TOKEN",
        score=0.9,
        note="Zoho OAuth access or refresh token",
    ),
]
