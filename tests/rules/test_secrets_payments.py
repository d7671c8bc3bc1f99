import pytest
from _provider_tokens import RuleScanner, fake, flagged_as_secret

from tiergate.rules.secrets_payments import RULES

scan = RuleScanner(RULES)
UUID = "{h8}-{h4}-{h4}-{h4}-{h12}"

POSITIVES = [
    ("stripe-access-token", fake("sk_live_{a24}"), "stripe.api_key = '{}'"),
    ("stripe-access-token", fake("sk_test_51{a97}"), "STRIPE_SECRET_KEY={}"),
    ("stripe-access-token", fake("rk_live_{a24}"), "restricted: {}"),
    ("stripe-webhook-secret", fake("whsec_{a32}"), "STRIPE_WEBHOOK_SECRET={}"),
    ("square-access-token", fake("EAAA{b60}"), "SQUARE_ACCESS_TOKEN={}"),
    ("square-access-token", fake("sq0atp-{b22}"), "token={}"),
    ("square-oauth-secret", fake("sq0csp-{b43}"), "square_oauth = {}"),
    ("plaid-api-token", fake("access-sandbox-" + UUID), '"access_token": "{}"'),
    ("plaid-client-id", fake("{l24}"), "PLAID_CLIENT_ID={}"),
    ("plaid-secret-key", fake("{l30}"), "plaid_secret: {}"),
    ("shopify-access-token", fake("shpat_{h32}"), "X-Shopify-Access-Token: {}"),
    ("shopify-custom-access-token", fake("shpca_{h32}"), "{}"),
    ("shopify-private-app-access-token", fake("shppa_{h32}"), "{}"),
    ("shopify-shared-secret", fake("shpss_{h32}"), "SHOPIFY_API_SECRET={}"),
    ("shippo-api-token", fake("shippo_live_{h40}"), "Authorization: ShippoToken {}"),
    ("razorpay-key-secret", fake("{a24}"), 'RAZORPAY_KEY_SECRET = "{}"'),
    ("kraken-access-token", fake("{a86}=="), 'KRAKEN_PRIVATE_KEY="{}"'),
    ("kucoin-access-token", fake("{h24}"), "kucoin_api_key = '{}'"),
    ("kucoin-secret-key", fake(UUID), "KUCOIN_API_SECRET: {}"),
]


@pytest.mark.parametrize(("detector", "value", "template"), POSITIVES)
def test_finds(detector: str, value: str, template: str) -> None:
    text = template.format(value)
    assert scan(text) == [(detector, value)]
    assert flagged_as_secret(text, value)


NEGATIVES = [
    fake("pk_live_{a24}"),  # publishable keys belong in browsers
    fake("pk_test_{a24}"),
    "sk_live_",
    fake('nonMatchingToken := "task_test_{l30}"'),  # glued to a word
    "sk_live_" + "x" * 24,  # placeholder
    "sk_live_****************Qx7F",  # masked
    "aws-cli@sha256:eaaa7b11777babe28e6133a8b19ff71cea687e0d7f05158dee95a71f76ce3d00",
    fake("shpat_{h31}"),  # one short
    fake("RAZORPAY_KEY_ID=rzp_live_{a14}"),  # the key id is public
    fake('kucoin_key = "{h23}"'),
    fake('plaid_env = "{l24}-x"'),
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(text: str) -> None:
    assert scan(text) == []
