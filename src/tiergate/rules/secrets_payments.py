"""Payments, commerce and crypto exchanges: Stripe, Square, Plaid, Shopify, Shippo, Razorpay,
Kraken and KuCoin.

Publishable keys (Stripe ``pk_live_``/``pk_test_``, Razorpay key ids, Square application ids)
are meant to be shipped to browsers and are not reported.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._keyed_secrets import UUID, has_digit, keyed, prefixed

RULES: list[Rule] = [
    # ---- Stripe --------------------------------------------------------------------------
    prefixed(
        "stripe-access-token",
        r"(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,247}",
        ("sk_live_", "sk_test_", "sk_prod_", "rk_live_", "rk_test_", "rk_prod_"),
        score=0.95,
        validators=(has_digit,),
        note="Stripe secret (sk_) or restricted (rk_) API key",
    ),
    prefixed(
        "stripe-webhook-secret",
        r"whsec_[A-Za-z0-9]{32,64}",
        ("whsec_",),
        type_="TOKEN",
        validators=(has_digit,),
        note="Stripe webhook signing secret",
    ),
    # ---- Square --------------------------------------------------------------------------
    prefixed(
        "square-access-token",
        r"(?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}",
        ("eaaa", "sq0atp-"),
        type_="TOKEN",
        validators=(has_digit,),
        note="Square access token",
    ),
    prefixed(
        "square-oauth-secret",
        r"sq0csp-[A-Za-z0-9_-]{22,60}",
        ("sq0csp-",),
        note="Square OAuth application secret",
    ),
    # ---- Plaid ---------------------------------------------------------------------------
    prefixed(
        "plaid-api-token",
        r"access-(?:sandbox|development|production)-" + UUID,
        ("access-sandbox-", "access-development-", "access-production-"),
        type_="TOKEN",
        note="Plaid item access token",
    ),
    keyed("plaid-client-id", ("plaid",), "[A-Za-z0-9]{24}", note="Plaid client id"),
    keyed("plaid-secret-key", ("plaid",), "[A-Za-z0-9]{30}", note="Plaid secret key"),
    # ---- Shopify -------------------------------------------------------------------------
    prefixed(
        "shopify-access-token",
        r"shpat_[a-fA-F0-9]{32}",
        ("shpat_",),
        type_="TOKEN",
        score=0.95,
        note="Shopify Admin API access token",
    ),
    prefixed(
        "shopify-custom-access-token",
        r"shpca_[a-fA-F0-9]{32}",
        ("shpca_",),
        type_="TOKEN",
        score=0.95,
        note="Shopify custom app access token",
    ),
    prefixed(
        "shopify-private-app-access-token",
        r"shppa_[a-fA-F0-9]{32}",
        ("shppa_",),
        type_="TOKEN",
        score=0.95,
        note="Shopify private app access token",
    ),
    prefixed(
        "shopify-shared-secret",
        r"shpss_[a-fA-F0-9]{32}",
        ("shpss_",),
        score=0.95,
        note="Shopify app shared secret",
    ),
    # ---- Shipping, Razorpay --------------------------------------------------------------
    prefixed(
        "shippo-api-token",
        r"shippo_(?:live|test)_[a-fA-F0-9]{40}",
        ("shippo_live_", "shippo_test_"),
        score=0.95,
        note="Shippo API token",
    ),
    keyed(
        "razorpay-key-secret",
        ("razorpay", "rzp"),
        "[A-Za-z0-9]{24}",
        name_suffix=r"(?i:[\w.\- ]{0,12}secret)",
        note="Razorpay key secret (the key id rzp_live_… is public)",
    ),
    # ---- Crypto exchanges ----------------------------------------------------------------
    keyed(
        "kraken-access-token",
        ("kraken",),
        r"[A-Za-z0-9/=_+\-]{80,90}",
        type_="TOKEN",
        note="Kraken API key or private key",
    ),
    keyed("kucoin-access-token", ("kucoin",), "[a-fA-F0-9]{24}", note="KuCoin API key"),
    keyed("kucoin-secret-key", ("kucoin",), UUID, note="KuCoin API secret"),
]
