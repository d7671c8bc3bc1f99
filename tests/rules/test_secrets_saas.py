import pytest
from _provider_tokens import RuleScanner, fake, flagged_as_secret

from tiergate.rules.secrets_saas import RULES

scan = RuleScanner(RULES)
UUID = "{h8}-{h4}-{h4}-{h4}-{h12}"

POSITIVES = [
    ("intercom-api-key", fake("dG9rOj{b54}"), "INTERCOM_ACCESS_TOKEN={}"),
    ("intra42-client-secret", fake("s-s4t2ud-{h64}"), "{}"),
    ("linear-api-key", fake("lin_api_{a40}"), "LINEAR_API_KEY={}"),
    ("linear-client-secret", fake("{h32}"), "linearClientSecret: '{}'"),
    ("linkedin-client-id", fake("{l14}"), "LINKEDIN_CLIENT_ID={}"),
    ("linkedin-client-secret", fake("{a16}"), 'linkedin_secret = "{}"'),
    ("looker-client-id", fake("{a20}"), "looker_client_id: {}"),
    ("looker-client-secret", fake("{a24}"), "LOOKERSDK_CLIENT_SECRET={}"),
    ("mapbox-secret-token", fake("sk.eyJ1{b60}.{b22}"), "MAPBOX_DOWNLOADS_TOKEN={}"),
    ("maxmind-license-key", fake("{a6}_{a29}_mmk"), "LicenseKey {}"),
    ("notion-api-token", fake("ntn_{d11}{a35}"), "NOTION_TOKEN={}"),
    ("notion-legacy-token", fake("secret_{a43}"), "Authorization: Bearer {}"),
    ("nytimes-access-token", fake("{a32}"), "NYTIMES_API_KEY={}"),
    ("okta-access-token", fake("00{b40}"), '"oktaApiToken": "{}",'),
    ("postman-api-token", fake("PMAK-{h24}-{h34}"), "X-Api-Key: {}"),
    ("posthog-personal-api-key", fake("phx_{a43}"), "POSTHOG_PERSONAL_API_KEY={}"),
    ("privateai-api-token", fake("{l32}"), "privateai_api_token = '{}'"),
    ("rapidapi-access-token", fake("{b50}"), "X-RapidAPI-Key: {}"),
    ("readme-api-token", fake("rdme_{l70}"), "README_API_KEY={}"),
    ("render-api-key", fake("rnd_{a32}"), "RENDER_API_KEY={}"),
    ("settlemint-personal-access-token", fake("sm_pat_{a16}"), "{}"),
    ("settlemint-application-access-token", fake("sm_aat_{a16}"), "{}"),
    ("settlemint-service-access-token", fake("sm_sat_{a16}"), "{}"),
    ("squarespace-access-token", fake(UUID), "SQUARESPACE_API_KEY={}"),
    ("typeform-api-token", fake("tfp_{b59}"), "TYPEFORM_TOKEN={}"),
    ("yandex-access-token", fake("t1.{b40}.{b86}"), "yandex_iam_token: {}"),
    ("yandex-api-key", fake("AQVN{b36}"), "Api-Key {}"),
    ("yandex-aws-access-token", fake("YC{b38}"), "YANDEX_SECRET_KEY={}"),
    ("zapier-webhook-url", fake("https://hooks.zapier.com/hooks/catch/{d7}/{l6}/"), "POST {}"),
    ("zendesk-secret-key", fake("{a40}"), "ZENDESK_API_TOKEN={}"),
    ("spotify-client-secret", fake("{h32}"), "SPOTIFY_CLIENT_SECRET={}"),
    ("klaviyo-private-api-key", fake("pk_{h34}"), "KLAVIYO_API_KEY={}"),
    ("salesforce-access-token", fake("00D{a15}!{a96}"), "Authorization: Bearer {}"),
    ("zoho-oauth-token", fake("1000.{h32}.{h32}"), '"access_token": "{}"'),
]


@pytest.mark.parametrize(("detector", "value", "template"), POSITIVES)
def test_finds(detector: str, value: str, template: str) -> None:
    text = template.format(value)
    assert scan(text) == [(detector, value)]
    assert flagged_as_secret(text, value)


NEGATIVES = [
    fake("mapboxgl.accessToken = 'pk.eyJ1{b60}.{b22}'"),  # public token
    "ntn_12345678901",
    "ntn_123456789012345678901234567890123456789012345678901234567890",
    "oktaKey = 00000000000000000000000000000000000TUVWXYZ",
    fake("rookTable = 00{b40}"),  # "okta" inside another word
    "const privateaiToken = " + '"' + "a" * 32 + '";',
    "const API_KEY = 'rdme_" + "X" * 70 + "';",
    fake('nonMatchingToken := "sm_pat_{a10}"'),
    fake("POSTHOG_PROJECT_KEY=phc_{a43}"),  # public project key
    fake('linear_model = "{h32}"'),  # no credential word
    fake("secret_{l43}"),  # one case only, a name rather than a key
    fake("linkedin_profile = 'johnsmithprofile'"),
    fake("spotify_playlist_id = '{h32}'"),  # no secret word
    "x = 1000.0 * ratio",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(text: str) -> None:
    assert scan(text) == []
