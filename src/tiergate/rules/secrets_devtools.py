"""Credentials of developer platforms A–H: CI/CD, registries, observability, issue trackers.

GitHub and GitLab have modules of their own; cloud providers are in ``secrets_cloud``.
"""

from __future__ import annotations

from tiergate.rules._provider_kit import has_digit, keyed, prefixed

_ALNUM = "[A-Za-z0-9]"

RULES = [
    # ---- JFrog Artifactory ------------------------------------------------------------------
    prefixed(
        "artifactory-api-key",
        "API_KEY",
        ("akcp",),
        r"AKCp[A-Za-z0-9]{69}",
        "JFrog Artifactory API key",
        min_entropy=3.0,
    ),
    prefixed(
        "artifactory-reference-token",
        "TOKEN",
        ("cmvmd",),
        r"cmVmd[A-Za-z0-9]{59}",
        "JFrog Artifactory reference token",
        min_entropy=3.0,
    ),
    keyed(
        "artifactory-password",
        "PASSWORD",
        ("artifactory", "jfrog", "x-jfrog-art-api", "artif"),
        r"AP[0-9A-F][A-Za-z0-9]{8,}|AKC[A-Za-z0-9]{10,}",
        "JFrog Artifactory encrypted password or API key in a setting",
        score=0.8,
    ),
    # ---- Atlassian (Jira, Confluence, Bitbucket) -----------------------------------------
    prefixed(
        "atlassian-api-token",
        "TOKEN",
        ("atatt3",),
        r"ATATT3[A-Za-z0-9_\-=]{186}",
        "Atlassian API token",
        score=0.95,
    ),
    keyed(
        "atlassian-api-token-legacy",
        "TOKEN",
        ("atlassian", "confluence", "jira"),
        f"{_ALNUM}{{24}}",
        "Atlassian API token (legacy, 24 characters)",
        validators=(has_digit,),
    ),
    prefixed(
        "bitbucket-app-password",
        "PASSWORD",
        ("atbb",),
        r"ATBB[A-Za-z0-9_=.\-]{32}",
        "Bitbucket app password",
        min_entropy=3.0,
    ),
    keyed(
        "bitbucket-client-id",
        "API_KEY",
        ("bitbucket",),
        f"{_ALNUM}{{32}}",
        "Bitbucket OAuth consumer key",
        score=0.6,
    ),
    keyed(
        "bitbucket-client-secret",
        "API_KEY",
        ("bitbucket",),
        r"[A-Za-z0-9=_\-]{64}",
        "Bitbucket OAuth consumer secret",
    ),
    # ---- registries and CI -----------------------------------------------------------------
    prefixed(
        "clojars-api-token",
        "TOKEN",
        ("clojars_",),
        r"(?i:CLOJARS_)[A-Za-z0-9]{60}",
        "Clojars deploy token",
    ),
    keyed("codecov-access-token", "TOKEN", ("codecov",), f"{_ALNUM}{{32}}", "Codecov upload token"),
    prefixed(
        "docker-hub-pat",
        "TOKEN",
        ("dckr_pat_", "dckr_oat_"),
        r"dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,40}",
        "Docker Hub personal or organisation access token",
        score=0.95,
    ),
    keyed("droneci-access-token", "TOKEN", ("drone",), f"{_ALNUM}{{32}}", "Drone CI access token"),
    prefixed(
        "harness-api-key",
        "API_KEY",
        ("pat.", "sat."),
        r"(?:pat|sat)\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20}",
        "Harness personal or service account token",
        min_entropy=3.0,
    ),
    # ---- secrets managers and infrastructure ---------------------------------------------
    prefixed(
        "doppler-api-token",
        "TOKEN",
        ("dp.pt.", "dp.st.", "dp.ct.", "dp.sa.", "dp.scim.", "dp.audit."),
        r"dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,44}",
        "Doppler token",
    ),
    prefixed(
        "defined-networking-api-token",
        "TOKEN",
        ("dnkey-",),
        r"dnkey-[A-Za-z0-9=_\-]{26}-[A-Za-z0-9=_\-]{52}",
        "Defined Networking API token",
    ),
    prefixed(
        "hashicorp-tf-api-token",
        "TOKEN",
        (".atlasv1.",),
        r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9\-_=]{60,70}",
        "Terraform Cloud / Enterprise API token",
    ),
    prefixed(
        "flyio-access-token",
        "TOKEN",
        ("fo1_", "fm1a_", "fm1r_", "fm2_"),
        r"fo1_[\w\-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3}",
        "Fly.io access token",
        max_len=4000,
    ),
    # ---- observability ---------------------------------------------------------------------
    keyed(
        "datadog-access-token",
        "API_KEY",
        (
            "datadog",
            "dd_api_key",
            "dd_app_key",
            "dd_application_key",
            "dd-api-key",
            "dd-application-key",
        ),
        f"{_ALNUM}{{40}}|[a-fA-F0-9]{{32}}",
        "Datadog API or application key",
    ),
    prefixed(
        "dynatrace-api-token",
        "TOKEN",
        ("dt0c01.",),
        r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}",
        "Dynatrace API token",
        score=0.95,
    ),
    keyed("fastly-api-token", "TOKEN", ("fastly",), r"[A-Za-z0-9=_\-]{32}", "Fastly API token"),
    prefixed(
        "grafana-api-key",
        "API_KEY",
        ("eyjrijoi",),
        r"eyJrIjoi[A-Za-z0-9]{70,400}={0,3}",
        "Grafana API key",
        min_entropy=3.0,
    ),
    prefixed(
        "grafana-cloud-api-token",
        "TOKEN",
        ("glc_",),
        r"glc_[A-Za-z0-9+/]{32,400}={0,3}",
        "Grafana Cloud access policy token",
        min_entropy=3.0,
    ),
    prefixed(
        "grafana-service-account-token",
        "TOKEN",
        ("glsa_",),
        r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}",
        "Grafana service account token",
    ),
    # ---- collaboration ---------------------------------------------------------------------
    prefixed(
        "frameio-api-token",
        "TOKEN",
        ("fio-u-",),
        r"fio-u-[A-Za-z0-9\-_=]{64}",
        "Frame.io API token",
    ),
    keyed(
        "gitter-access-token", "TOKEN", ("gitter",), r"[A-Za-z0-9_\-]{40}", "Gitter access token"
    ),
]
