"""GitLab tokens. Every kind has its own prefix (``glpat-``, ``glrt-``, ``GR1348941``…).

Routable tokens (GitLab 17+) carry a base64 payload, a dot, a two-character version and a
seven-character checksum: ``glpat-<payload>.01<crc>``.
"""

from __future__ import annotations

from tiergate.rules._provider_kit import prefixed

_BODY = r"[0-9A-Za-z_\-]"
_ROUTABLE = rf"{_BODY}{{27,300}}\.[0-9a-z]{{2}}[0-9a-z]{{7}}"


RULES = [
    prefixed(
        "gitlab-pat-routable",
        "TOKEN",
        ("glpat-",),
        rf"glpat-{_ROUTABLE}",
        "GitLab personal access token (routable)",
        score=0.95,
    ),
    prefixed(
        "gitlab-pat",
        "TOKEN",
        ("glpat-",),
        rf"glpat-{_BODY}{{20}}",
        "GitLab personal access token",
    ),
    prefixed(
        "gitlab-runner-authentication-token-routable",
        "TOKEN",
        ("glrt-t",),
        rf"glrt-t\d_{_ROUTABLE}",
        "GitLab runner authentication token (routable)",
        score=0.95,
    ),
    prefixed(
        "gitlab-runner-authentication-token",
        "TOKEN",
        ("glrt-",),
        rf"glrt-{_BODY}{{20}}",
        "GitLab runner authentication token",
    ),
    prefixed(
        "gitlab-runner-registration-token",
        "TOKEN",
        ("gr1348941",),
        rf"GR1348941{_BODY}{{20,50}}",
        "GitLab runner registration token",
        min_entropy=3.0,
    ),
    prefixed(
        "gitlab-cicd-job-token",
        "TOKEN",
        ("glcbt-",),
        rf"glcbt-(?:[0-9A-Za-z]{{1,5}}_)?{_BODY}{{20}}",
        "GitLab CI/CD job token",
    ),
    prefixed(
        "gitlab-deploy-token",
        "TOKEN",
        ("gldt-",),
        rf"gldt-{_BODY}{{20}}",
        "GitLab deploy token",
    ),
    prefixed(
        "gitlab-feature-flag-client-token",
        "TOKEN",
        ("glffct-",),
        rf"glffct-{_BODY}{{20}}",
        "GitLab feature flags client token",
    ),
    prefixed(
        "gitlab-feed-token",
        "TOKEN",
        ("glft-",),
        rf"glft-{_BODY}{{20}}",
        "GitLab feed token",
    ),
    prefixed(
        "gitlab-incoming-mail-token",
        "TOKEN",
        ("glimt-",),
        rf"glimt-{_BODY}{{25}}",
        "GitLab incoming e-mail token",
    ),
    prefixed(
        "gitlab-kubernetes-agent-token",
        "TOKEN",
        ("glagent-",),
        rf"glagent-{_BODY}{{50,1000}}",
        "GitLab agent for Kubernetes token",
    ),
    prefixed(
        "gitlab-oauth-app-secret",
        "API_KEY",
        ("gloas-",),
        rf"gloas-{_BODY}{{64}}",
        "GitLab OAuth application secret",
    ),
    prefixed(
        "gitlab-pipeline-trigger-token",
        "TOKEN",
        ("glptt-",),
        rf"glptt-{_BODY}{{40}}",
        "GitLab pipeline trigger token",
    ),
    prefixed(
        "gitlab-scim-token",
        "TOKEN",
        ("glsoat-",),
        rf"glsoat-{_BODY}{{20,50}}",
        "GitLab SCIM OAuth token",
    ),
    prefixed(
        "gitlab-session-cookie",
        "TOKEN",
        ("_gitlab_session=",),
        r"_gitlab_session=(?P<v>[0-9a-z]{32})",
        "GitLab session cookie",
    ),
]
