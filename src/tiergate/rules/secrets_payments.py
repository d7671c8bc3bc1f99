"""Payments, commerce and crypto exchanges: Stripe, Square, Plaid, Shopify, Shippo, Razorpay,
Kraken and KuCoin.

Publishable keys (Stripe ``pk_live_``/``pk_test_``, Razorpay key ids, Square application ids)
are meant to be shipped to browsers and are not reported.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._provider_kit import UUID, has_digit, keyed, prefixed

RULES: list[Rule] = [
    # ---- Stripe --------------------------------------------------------------------------
    prefixed(
        "stripe-access-token",
        "API_KEY",
        ("sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"),
        r"(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}",
        "Stripe secret (sk_) or restricted (rk_) API key",
        score=0.95,
        validators=(has_digit,),
    ),
    prefixed(
        "stripe-webhook-secret",
        "TOKEN",
        ("whsec_",),
        r"whsec_[A-Za-z0-9]{32,64}",
        "Stripe webhook signing secret",
        score=0.9,
        validators=(has_digit,),
    ),
    # ---- Square --------------------------------------------------------------------------
    prefixed(
        "square-access-token",
        "TOKEN",
        ("eaaa", "sq0atp-"),
        r"(?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}",
        "Square access token",
        score=0.9,
        validators=(has_digit,),
    ),
    prefixed(
        "square-oauth-secret",
        "API_KEY",
        ("sq0csp-",),
        r"sq0csp-[A-Za-z0-9_-]{22,60}",
        "Square OAuth application secret",
        score=0.9,
    ),
    # ---- Plaid ---------------------------------------------------------------------------
    prefixed(
        "plaid-api-token",
        "TOKEN",
        ("access-sandbox-", "access-development-", "access-production-"),
        r"access-(?:sandbox|development|production)-" + UUID,
        "Plaid item access token",
        score=0.9,
    ),
    keyed(
        "plaid-client-id",
        "API_KEY",
        ("plaid",),
        "[A-Za-z0-9]{24}",
        "Plaid client id",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "plaid-secret-key",
        "API_KEY",
        ("plaid",),
        "[A-Za-z0-9]{30}",
        "Plaid secret key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    # ---- Shopify -------------------------------------------------------------------------
    prefixed(
        "shopify-access-token",
        "TOKEN",
        ("shpat_",),
        r"shpat_[a-fA-F0-9]{32}",
        "Shopify Admin API access token",
        score=0.95,
    ),
    prefixed(
        "shopify-custom-access-token",
        "TOKEN",
        ("shpca_",),
        r"shpca_[a-fA-F0-9]{32}",
        "Shopify custom app access token",
        score=0.95,
    ),
    prefixed(
        "shopify-private-app-access-token",
        "TOKEN",
        ("shppa_",),
        r"shppa_[a-fA-F0-9]{32}",
        "Shopify private app access token",
        score=0.95,
    ),
    prefixed(
        "shopify-shared-secret",
        "API_KEY",
        ("shpss_",),
        r"shpss_[a-fA-F0-9]{32}",
        "Shopify app shared secret",
        score=0.95,
    ),
    # ---- Shipping, Razorpay --------------------------------------------------------------
    prefixed(
        "shippo-api-token",
        "API_KEY",
        ("shippo_live_", "shippo_test_"),
        r"shippo_(?:live|test)_[a-fA-F0-9]{40}",
        "Shippo API token",
        score=0.95,
    ),
    keyed(
        "razorpay-key-secret",
        "API_KEY",
        ("razorpay", "rzp"),
        "[A-Za-z0-9]{24}",
        "Razorpay key secret (the key id rzp_live_… is public)",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
        name_suffix=r"(?i:[\w.\- ]{0,12}secret)",
    ),
    # ---- Crypto exchanges ----------------------------------------------------------------
    keyed(
        "kraken-access-token",
        "TOKEN",
        ("kraken",),
        r"[A-Za-z0-9/=_+\-]{80,90}",
        "Kraken API key or private key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "kucoin-access-token",
        "API_KEY",
        ("kucoin",),
        "[a-fA-F0-9]{24}",
        "KuCoin API key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "kucoin-secret-key",
        "API_KEY",
        ("kucoin",),
        UUID,
        "KuCoin API secret",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
]
