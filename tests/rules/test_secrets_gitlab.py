import pytest
from _provider_fakes import ALNUM, HEX, LOWER, URLSAFE, Fakes

from _util import found
from tiergate.rules import secrets_gitlab

fake = Fakes("gitlab")

MINE = {r.id for r in secrets_gitlab.RULES}

POSITIVES = [
    ("gitlab-pat", "glpat-" + fake(URLSAFE, 20)),
    ("gitlab-pat-routable", "glpat-" + fake(URLSAFE, 40) + "." + fake(LOWER, 9)),
    ("gitlab-runner-authentication-token", "glrt-" + fake(URLSAFE, 20)),
    (
        "gitlab-runner-authentication-token-routable",
        "glrt-t1_" + fake(URLSAFE, 27) + "." + fake(LOWER, 9),
    ),
    ("gitlab-runner-registration-token", "GR1348941" + fake(URLSAFE, 20)),
    ("gitlab-cicd-job-token", "glcbt-" + fake(ALNUM, 5) + "_" + fake(URLSAFE, 20)),
    ("gitlab-cicd-job-token", "glcbt-" + fake(URLSAFE, 20)),
    ("gitlab-deploy-token", "gldt-" + fake(URLSAFE, 20)),
    ("gitlab-feature-flag-client-token", "glffct-" + fake(URLSAFE, 20)),
    ("gitlab-feed-token", "glft-" + fake(URLSAFE, 20)),
    ("gitlab-incoming-mail-token", "glimt-" + fake(URLSAFE, 25)),
    ("gitlab-kubernetes-agent-token", "glagent-" + fake(URLSAFE, 50)),
    ("gitlab-oauth-app-secret", "gloas-" + fake(URLSAFE, 64)),
    ("gitlab-pipeline-trigger-token", "glptt-" + fake(HEX, 40)),
    ("gitlab-scim-token", "glsoat-" + fake(URLSAFE, 20)),
]


@pytest.mark.parametrize(("detector", "value"), POSITIVES)
def test_finds(detector: str, value: str) -> None:
    assert found(f'GITLAB_TOKEN="{value}"\n', "SECRET") == [(detector, value)]


def test_session_cookie() -> None:
    value = fake(LOWER, 32)
    text = f"Cookie: _gitlab_session={value}; path=/"
    assert ("gitlab-session-cookie", value) in found(text, "SECRET")


@pytest.mark.parametrize(
    "text",
    [
        "glpat-XXXXXXXXXXX-XXXXXXXX",  # placeholder
        "glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx",
        "glpat-hellOWorld380 testin",  # a space inside
        "glpat_" + fake(URLSAFE, 20),  # wrong separator
        "gldt-" + fake(URLSAFE, 19),  # too short
        "glimt-" + fake(URLSAFE, 23),
        "glptt-" + fake(URLSAFE, 44),  # too long
        "GR134894112312312312312312312",  # repeated unit
        "GR1348941" + fake(URLSAFE, 10),
        "glrt-tx_xxxxxxxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxx",
        "xglpat-" + fake(URLSAFE, 20),  # glued to a word
        "glagent-" + "X" * 300,
    ],
)
def test_ignores(text: str) -> None:
    assert [d for d, _ in found(text, "SECRET") if d in MINE] == []
