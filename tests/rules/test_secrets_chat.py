import pytest
from _provider_tokens import RuleScanner, fake, flagged_as_secret

from tiergate.rules.secrets_chat import RULES

scan = RuleScanner(RULES)

POSITIVES = [
    ("slack-bot-token", fake("xoxb-{d12}-{d13}-{a24}"), 'SLACK_BOT_TOKEN="{}"'),
    ("slack-legacy-bot-token", fake("xoxb-{d12}-{a24}"), "bot_token: {}"),
    ("slack-user-token", fake("xoxp-{d11}-{d12}-{d12}-{h32}"), '"user_token": "{}"'),
    ("slack-user-token", fake("xoxe-{d13}-{d13}-{d13}-{h32}"), "url?t={}&x=1"),
    ("slack-app-token", fake("xapp-1-A{u10}-{d13}-{h64}"), "SLACK_APP_TOKEN={}"),
    ("slack-config-access-token", fake("xoxe.xoxp-1-{a164}"), "token = '{}'"),
    ("slack-config-refresh-token", fake("xoxe-1-{a146}"), "refresh: {}"),
    ("slack-legacy-token", fake("xoxs-{d10}-{d10}-{d10}-{h40}"), "{}"),
    ("slack-legacy-workspace-token", fake("xoxa-2-{d9}-{d11}-{d13}-{h18}"), "{}"),
    ("slack-legacy-workspace-token", fake("xoxr-{l14}"), "refresh_token={}"),
    (
        "slack-webhook-url",
        fake("https://hooks.slack.com/services/T{u8}/B{u10}/{a24}"),
        "curl -X POST {} -d @msg.json",
    ),
    (
        "microsoft-teams-webhook",
        fake(
            "https://acme.webhook.office.com/webhookb2/{h8}-{h4}-{h4}-{h4}-{h12}@{h8}-{h4}-{h4}"
            "-{h4}-{h12}/IncomingWebhook/{h32}/{h8}-{h4}-{h4}-{h4}-{h12}"
        ),
        "TEAMS_URL={}",
    ),
    ("telegram-bot-api-token", fake("{d10}:AA{b33}"), "bot = Bot('{}')"),
    ("telegram-bot-api-token", fake("{d8}:A{l34}"), "TELEGRAM_TOKEN={}"),
    ("mattermost-access-token", fake("{l26}"), 'MATTERMOST_TOKEN = "{}"'),
    ("twitch-api-token", fake("{l30}"), "twitch_oauth: {}"),
    ("twitter-api-key", fake("{a25}"), "TWITTER_CONSUMER_KEY={}"),
    ("twitter-api-secret", fake("{a50}"), "twitterConsumerSecret := `{}`"),
    ("twitter-access-token", fake("{d19}-{a30}"), '"twitter_access_token": "{}"'),
    ("twitter-access-secret", fake("{a45}"), "<twitterAccessSecret>{}</twitterAccessSecret>"),
    ("twitter-bearer-token", "A" * 22 + fake("{a90}"), "Authorization: Bearer {}"),
]


@pytest.mark.parametrize(("detector", "value", "template"), POSITIVES)
def test_finds(detector: str, value: str, template: str) -> None:
    text = template.format(value)
    assert scan(text) == [(detector, value)]
    assert flagged_as_secret(text, value)


NEGATIVES = [
    "xoxb-xxxxxxxxx-xxxxxxxxxx-xxxxxxxxxxxx",  # placeholder
    "xoxb-12345-abcd234",  # too short
    "xoxb-xoxb-my-bot-token",
    '"token": "xoxp-1234567890"',
    "xoxp-572370529330-573807301142-572331691188-####################",  # masked
    "xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere",
    "https://github.com/xoxa-nyc/xoxa-nyc.github.io",
    "https://hooks.slack.com/services/Txxxxxxxx/Bxxxxxxxx/xxxxxxxxxxxxxxxxxxxxxxxx",
    "bot110201543:AAHdqTcvCH1vGWJxfSe1ofSAs0K5PALDsaw",  # glued to a word
    "foo:AAH1bjqpKKW3maRSPAxzIU-0v6xNuq2-NjM",  # no bot id
    'type="clm67622:AgencyIdentificationCodeContentType"',
    "twitter_handle = 'someone_famous_on_twitter'",  # a word, no digit
    'twitterKey = "' + fake("{a24}") + '"',  # one character short
    "mattermost: " + fake("{l26}") + "-more",  # longer value, not a 26-character key
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(text: str) -> None:
    assert scan(text) == []
