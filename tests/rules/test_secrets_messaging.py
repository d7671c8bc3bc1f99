import pytest
from _provider_tokens import RuleScanner, fake, flagged_as_secret

from tiergate.detect.engine import Scanner
from tiergate.rules.secrets_messaging import RULES

scan = RuleScanner(RULES)
UUID = "{h8}-{h4}-{h4}-{h4}-{h12}"

POSITIVES = [
    ("mailchimp-api-key", fake("{h32}-us20"), "mailchimp_api_key: {}"),
    ("mailchimp-api-key", fake("{h32}-us2"), "client.set_config({{'api_key': '{}'}})"),
    ("mailgun-private-api-token", fake("key-{h32}"), 'MAILGUN_API_KEY = "{}"'),
    ("mailgun-signing-key", fake("{h32}-{h8}-{h8}"), "mailgun_signing_key={}"),
    ("messagebird-api-token", fake("{a25}"), "MESSAGEBIRD_ACCESS_KEY={}"),
    ("messagebird-client-id", fake(UUID), 'const MessageBirdClientID = "{}"'),
    ("sendgrid-api-token", fake("SG.{b22}.{b43}"), "SENDGRID_API_KEY={}"),
    ("sendinblue-api-token", fake("xkeysib-{h64}-{a16}"), "api-key: {}"),
    ("sendinblue-smtp-key", fake("xsmtpsib-{h64}-{a16}"), "smtp_password={}"),
    ("sendbird-access-token", fake("{h40}"), "SENDBIRD_API_TOKEN={}"),
    ("sendbird-access-id", fake(UUID), "sendbirdAppId: '{}'"),
    ("twilio-api-key", fake("SK{h32}"), "TWILIO_API_KEY={}"),
    ("twilio-api-key", fake("SK{h32}"), "api_key_sid = '{}'"),
    ("twilio-auth-token", fake("{h32}"), "TWILIO_AUTH_TOKEN={}"),
    (
        "twilio-credentials",
        fake("AC{h32}:{h32}"),
        "curl https://api.twilio.com/2010-04-01/Accounts.json -u {}",
    ),
    ("lob-api-key", fake("live_{h35}"), "LOB_API_KEY={}"),
    ("mailjet-api-key", fake("{h32}"), "MJ_APIKEY_PRIVATE={}"),
    ("postmark-server-token", fake(UUID), "X-Postmark-Server-Token: {}"),
    ("sparkpost-api-key", fake("{h40}"), "SPARKPOST_API_KEY={}"),
    ("zulip-api-key", fake("{a32}"), "zulip_api_key = {}"),
]


@pytest.mark.parametrize(("detector", "value", "template"), POSITIVES)
def test_finds(detector: str, value: str, template: str) -> None:
    text = template.format(value)
    assert scan(text) == [(detector, value)]
    assert flagged_as_secret(text, value)


def test_sendgrid_layout_raises_the_score() -> None:
    real, odd = fake("SG.{b22}.{b43}"), fake("SG.{b66}")
    (f_real,) = Scanner(RULES).scan(real)
    (f_odd,) = Scanner(RULES).scan(odd)
    assert f_real.score > f_odd.score


NEGATIVES = [
    fake("{h32}-2"),  # no datacenter
    fake("{h32}-al32"),
    fake("{H32}-us2"),  # upper-case hex
    fake("{h15}-us2"),
    fake("SG.{b22}..{b43}"),  # empty part
    fake("AG.{b22}.{b43}"),
    fake('mailgunToken = "pubkey-{h32}"'),  # the public validation key
    fake('lobToken = "test_pub_{h31}"'),  # Lob's publishable key
    "SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    fake("TASK{h32}"),  # glued to a word
    fake("twilio_account_sid = AC{h32}"),  # an account id alone is no secret
    fake('blob_key = "test_{h35}"'),  # blob, not Lob
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_ignores(text: str) -> None:
    assert scan(text) == []
