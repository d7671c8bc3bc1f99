import pytest
from _provider_tokens import RuleScanner, fake, flagged_as_secret

from tiergate.rules.secrets_devops import RULES

scan = RuleScanner(RULES)
UUID = "{h8}-{h4}-{h4}-{h4}-{h12}"

POSITIVES = [
    ("vault-service-token", fake("hvs.{b95}"), "export VAULT_TOKEN={}"),
    ("vault-legacy-service-token", fake("s.{a24}"), "vault login {}"),
    ("vault-legacy-service-token", fake("s.{a24}"), "X-Vault-Token: {}"),
    ("vault-batch-token", fake("hvb.{b150}"), "token: {}"),
    ("vault-recovery-token", fake("hvr.{b95}"), "{}"),
    ("octopus-deploy-api-key", fake("API-{u26}"), "set apikey={}"),
    ("infracost-api-token", fake("ico-{a32}"), 'secret_value = "{}"'),
    ("openshift-user-token", fake("sha256~{b43}"), "oc login --token={} --server=x"),
    ("scalingo-api-token", fake("tk-us-{b48}"), "SCALINGO_API_TOKEN={}"),
    ("travisci-access-token", fake("{a22}"), "travis_token: {}"),
    ("tailscale-key", fake("tskey-auth-{a12}-{a32}"), "TS_AUTHKEY={}"),
    ("snyk-api-token", fake(UUID), "SNYK_TOKEN={}"),
    ("sonar-api-token", fake("{h40}"), "sonar.login={}"),
    ("sonarqube-token", fake("squ_{h40}"), "-Dsonar.token={}"),
    ("sonarqube-token", fake("sqa_{h40}"), "SQ_ANALYSIS={}"),
    ("sourcegraph-access-token", fake("sgp_{h16}_{h40}"), "SRC_ACCESS_TOKEN={}"),
    ("sourcegraph-access-token", fake("sgp_local_{h40}"), "{}"),
    ("sourcegraph-legacy-token", fake("{h40}"), "sourcegraph: {}"),
    ("prefect-api-token", fake("pnu_{a36}"), "PREFECT_API_KEY={}"),
    ("netlify-access-token", fake("{b43}"), "NETLIFY_AUTH_TOKEN={}"),
    ("planetscale-api-token", fake("pscale_tkn_{b43}"), "PLANETSCALE_SERVICE_TOKEN={}"),
    ("planetscale-oauth-token", fake("pscale_oauth_{b43}"), "{}"),
    ("launchdarkly-access-token", fake("{b40}"), 'LAUNCHDARKLY_ACCESS_TOKEN="{}"'),
    ("softlayer-api-key", fake("{h64}"), "--softlayer-api-key {}"),
    ("softlayer-api-key", fake("{h64}"), "SL_APIKEY: '{}'"),
    ("softlayer-api-url", fake("api.softlayer.com/soap/v3.1/{h64}"), "url = https://{}"),
    ("vercel-api-token", fake("{a24}"), "VERCEL_TOKEN={}"),
    ("ngrok-auth-token", fake("2{a26}_{a21}"), "ngrok config add-authtoken: {}"),
    ("supabase-personal-access-token", fake("sbp_{h40}"), "SUPABASE_ACCESS_TOKEN={}"),
    ("supabase-secret-key", fake("sb_secret_{b32}"), "SUPABASE_SECRET_KEY={}"),
]


@pytest.mark.parametrize(("detector", "value", "template"), POSITIVES)
def test_finds(detector: str, value: str, template: str) -> None:
    text = template.format(value)
    assert scan(text) == [(detector, value)]
    assert flagged_as_secret(text, value)


NEGATIVES = [
    "s.AcceptanceTimeoutSeconds ",  # a field, not a token
    "token = s.makeKubeConfigController",
    "vault token: s.THISSTRINGISALLUPPERCASE",
    "hvs." + "x" * 95,
    "self.assertEqual(s.tokenizeThisValue12, x)",
    'msgstr "GSSAPI-VIRHEKAPSELOINTIMERKKIJONO."',
    "https://fog-ringer-f42.notion.site/API-BD80F56CDC1441E6BF6011AB6D852875",
    fake("http://assets.example.org/video_box.ico-{h32}.png"),  # a file hash
    "ico-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    '--set token="sha256~XXXXXXXXXX_PUT_YOUR_TOKEN_HERE_XXXXXXXXXXXX"',
    "sgp_5555555dAAAAA7777777CcccCFaaaaaaaaaaaaaa",  # low entropy
    'PREFECT_API_KEY = "pnu_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"',
    'softlayer_api_key="%s" % SL_API_KEY_ENV',
    'ssl_keyfile = "' + fake("{h64}") + '"',  # ssl, not SoftLayer
    fake("SNYK_ORG={l8}"),
    fake("SUPABASE_ANON_KEY=sb_publishable_{b32}"),  # publishable
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(text: str) -> None:
    assert scan(text) == []
