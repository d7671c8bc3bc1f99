"""Build, deploy and code-quality services: HashiCorp Vault, Octopus Deploy, Infracost,
OpenShift, Scalingo, Travis CI, Snyk, SonarQube, Sourcegraph, Prefect, Netlify, PlanetScale,
LaunchDarkly, Tailscale, Vercel, ngrok, Supabase and IBM SoftLayer."""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.findings import Category
from tiergate.rules._keyed_secrets import (
    END,
    UUID,
    ProviderRule,
    has_digit,
    has_letter,
    keyed,
    mixed_case,
    not_hex_only,
    prefixed,
)

# softlayer_api_key, SOFTLAYER-KEY, sl_apikey, slapikey, sl_pass, --softlayer-api-key
_SOFTLAYER_NAME = (
    r"(?i:(?:^|[^a-z0-9])(?:softlayer|sl)[_-]?(?:api)?[_-]?(?:key|pass(?:word)?|pwd|token))"
)

RULES: list[Rule] = [
    # ---- HashiCorp Vault -----------------------------------------------------------------
    prefixed(
        "vault-service-token",
        r"hvs\.[A-Za-z0-9_-]{90,120}",
        ("hvs.",),
        type_="TOKEN",
        score=0.95,
        note="HashiCorp Vault service token",
    ),
    # Vault before 1.10: "s." + 24 base62 characters. "s." is everywhere in code, so the rule
    # runs only near the words vault or token, and wants digits and both cases.
    prefixed(
        "vault-legacy-service-token",
        r"s\.[A-Za-z0-9]{24}",
        ("vault", "token"),
        type_="TOKEN",
        score=0.8,
        validators=(has_digit, mixed_case),
        end=True,
        note="HashiCorp Vault service token (legacy s. format)",
    ),
    prefixed(
        "vault-batch-token",
        r"hvb\.[A-Za-z0-9_-]{138,300}",
        ("hvb.",),
        type_="TOKEN",
        score=0.95,
        note="HashiCorp Vault batch token",
    ),
    prefixed(
        "vault-recovery-token",
        r"hvr\.[A-Za-z0-9_-]{90,120}",
        ("hvr.",),
        type_="TOKEN",
        score=0.9,
        note="HashiCorp Vault recovery token",
    ),
    # ---- Deploy and infrastructure -------------------------------------------------------
    prefixed(
        "octopus-deploy-api-key",
        r"API-[A-Z0-9]{26}",
        ("api-",),
        score=0.85,
        validators=(has_digit, has_letter),
        note="Octopus Deploy API key",
    ),
    prefixed(
        "infracost-api-token",
        r"ico-[A-Za-z0-9]{32}",
        ("ico-",),
        score=0.9,
        validators=(not_hex_only,),
        end=True,
        note="Infracost API token",
    ),
    prefixed(
        "openshift-user-token",
        r"sha256~[A-Za-z0-9_-]{43}",
        ("sha256~",),
        type_="TOKEN",
        score=0.9,
        validators=(has_digit,),
        note="OpenShift user (OAuth access) token",
    ),
    prefixed(
        "scalingo-api-token",
        r"tk-us-[A-Za-z0-9_-]{48}",
        ("tk-us-",),
        type_="TOKEN",
        score=0.9,
        note="Scalingo API token",
    ),
    keyed(
        "travisci-access-token",
        ("travis",),
        "[A-Za-z0-9]{22}",
        type_="TOKEN",
        note="Travis CI access token",
    ),
    prefixed(
        "tailscale-key",
        r"tskey-(?:api|auth|client|scim|webhook)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,64}",
        ("tskey-",),
        score=0.95,
        note="Tailscale API, auth, OAuth client or webhook key",
    ),
    # ---- Code quality and search ---------------------------------------------------------
    keyed("snyk-api-token", ("snyk",), UUID, type_="TOKEN", note="Snyk API token"),
    keyed(
        "sonar-api-token",
        ("sonar",),
        r"(?:sq[upa]_)?[A-Za-z0-9=_-]{40}",
        type_="TOKEN",
        note="SonarQube / SonarCloud token",
    ),
    prefixed(
        "sonarqube-token",
        r"sq[upa]_[A-Za-z0-9]{40}",
        ("squ_", "sqp_", "sqa_"),
        type_="TOKEN",
        validators=(has_digit,),
        note="SonarQube user (squ_), project (sqp_) or analysis (sqa_) token",
    ),
    prefixed(
        "sourcegraph-access-token",
        r"sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}",
        ("sgp_",),
        type_="TOKEN",
        score=0.9,
        min_entropy=3.0,
        note="Sourcegraph access token",
    ),
    keyed(
        "sourcegraph-legacy-token",
        ("sourcegraph",),
        "[a-fA-F0-9]{40}",
        type_="TOKEN",
        min_entropy=3.0,
        note="Sourcegraph access token (40 hex, before the sgp_ prefix)",
    ),
    # ---- Platforms -----------------------------------------------------------------------
    prefixed(
        "prefect-api-token",
        r"pn[ub]_[A-Za-z0-9]{36}",
        ("pnu_", "pnb_"),
        score=0.9,
        validators=(has_digit,),
        note="Prefect Cloud API key (user pnu_ or service account pnb_)",
    ),
    keyed(
        "netlify-access-token",
        ("netlify",),
        "[A-Za-z0-9=_-]{40,46}",
        type_="TOKEN",
        note="Netlify personal access token",
    ),
    prefixed(
        "planetscale-api-token",
        r"pscale_tkn_[A-Za-z0-9=._-]{32,64}",
        ("pscale_tkn_",),
        type_="TOKEN",
        score=0.95,
        note="PlanetScale service token",
    ),
    prefixed(
        "planetscale-oauth-token",
        r"pscale_oauth_[A-Za-z0-9=._-]{32,64}",
        ("pscale_oauth_",),
        type_="TOKEN",
        score=0.95,
        note="PlanetScale OAuth token",
    ),
    keyed(
        "launchdarkly-access-token",
        ("launchdarkly", "launch_darkly", "launch-darkly"),
        "[A-Za-z0-9=_-]{40}",
        type_="TOKEN",
        note="LaunchDarkly access token",
    ),
    # ---- IBM SoftLayer (IBM Cloud classic infrastructure) --------------------------------
    ProviderRule(
        id="softlayer-api-key",
        type="API_KEY",
        category=Category.SECRET,
        pattern=_SOFTLAYER_NAME
        + r"[\s'\"]{0,3}(?:=>|:=|[=:]|[ \t])[\x60'\"\s=]{0,5}(?P<v>[A-Za-z0-9]{64})"
        + END,
        keywords=(
            "softlayer",
            *(f"sl{sep}{word}" for sep in ("_", "-", "") for word in ("api", "key", "pass", "pwd")),
        ),
        score=0.8,
        validators=(has_digit,),
        note="IBM SoftLayer API key",
    ),
    prefixed(
        "softlayer-api-url",
        r"api\.softlayer\.com/(?:soap|rest|xmlrpc)/v3(?:\.1)?/[A-Za-z0-9]{64}",
        ("api.softlayer.com",),
        score=0.9,
        note="IBM SoftLayer API URL with the API key in its path",
    ),
    # ---- Vercel, ngrok, Supabase ---------------------------------------------------------
    keyed(
        "vercel-api-token",
        ("vercel",),
        "[A-Za-z0-9]{24}",
        type_="TOKEN",
        note="Vercel access token",
    ),
    keyed(
        "ngrok-auth-token",
        ("ngrok",),
        "[A-Za-z0-9]{20,32}_[A-Za-z0-9]{16,32}",
        type_="TOKEN",
        note="ngrok authtoken or API key",
    ),
    prefixed(
        "supabase-personal-access-token",
        r"sbp_[a-f0-9]{40}",
        ("sbp_",),
        type_="TOKEN",
        score=0.9,
        note="Supabase personal access token",
    ),
    prefixed(
        "supabase-secret-key",
        r"sb_secret_[A-Za-z0-9_-]{20,64}",
        ("sb_secret_",),
        score=0.9,
        validators=(has_digit,),
        note="Supabase secret API key (sb_publishable_ keys are public)",
    ),
]
