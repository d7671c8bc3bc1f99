"""E-mail, SMS and in-app messaging APIs: Mailchimp, Mailgun, MessageBird, SendGrid,
Brevo (Sendinblue), Sendbird, Twilio, Lob, Mailjet, Postmark, SparkPost and Zulip.

Keys that a provider documents as public (Mailgun's ``pubkey-`` e-mail validation key, Lob's
``live_pub_``/``test_pub_`` publishable key) are shipped to browsers and are not reported.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._keyed_secrets import MULTIPART_FILTERS, UUID, has_digit, keyed, prefixed


def sendgrid_layout(value: str) -> bool:
    """SendGrid keys are ``SG.`` + a 22-character key id + ``.`` + a 43-character secret."""
    parts = value.split(".")
    return len(parts) == 3 and len(parts[1]) == 22 and len(parts[2]) == 43


def no_empty_part(value: str) -> bool:
    return ".." not in value


RULES: list[Rule] = [
    # ---- Mailchimp, Mailgun --------------------------------------------------------------
    prefixed(
        "mailchimp-api-key",
        r"[0-9a-f]{32}-us[0-9]{1,2}",
        ("-us",),
        score=0.85,
        note="Mailchimp API key (<32 hex>-us<datacenter>)",
    ),
    keyed(
        "mailgun-private-api-token",
        ("mailgun",),
        r"key-[a-f0-9]{32}",
        type_="TOKEN",
        note="Mailgun private API key (legacy key- format)",
    ),
    keyed(
        "mailgun-signing-key",
        ("mailgun",),
        r"[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}",
        filters=MULTIPART_FILTERS,
        note="Mailgun webhook signing key or private API key",
    ),
    # ---- MessageBird ---------------------------------------------------------------------
    keyed(
        "messagebird-api-token",
        ("messagebird", "message-bird", "message_bird"),
        "[A-Za-z0-9]{25}",
        type_="TOKEN",
        note="MessageBird API access key",
    ),
    keyed(
        "messagebird-client-id",
        ("messagebird", "message-bird", "message_bird"),
        UUID,
        score=0.65,
        note="MessageBird client id",
    ),
    # ---- SendGrid, Brevo -----------------------------------------------------------------
    prefixed(
        "sendgrid-api-token",
        r"SG\.(?:[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}|[A-Za-z0-9_=-]{66})",
        ("sg.",),
        score=0.85,
        validators=(no_empty_part,),
        confirmers=(sendgrid_layout,),
        min_entropy=3.0,
        note="SendGrid API key",
    ),
    prefixed(
        "sendinblue-api-token",
        r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        ("xkeysib-",),
        score=0.95,
        note="Brevo (Sendinblue) API key",
    ),
    prefixed(
        "sendinblue-smtp-key",
        r"xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        ("xsmtpsib-",),
        type_="PASSWORD",
        score=0.95,
        note="Brevo (Sendinblue) SMTP key",
    ),
    # ---- Sendbird ------------------------------------------------------------------------
    keyed(
        "sendbird-access-token",
        ("sendbird",),
        "[a-fA-F0-9]{40}",
        type_="TOKEN",
        min_entropy=3.0,
        note="Sendbird API token",
    ),
    keyed(
        "sendbird-access-id",
        ("sendbird",),
        UUID,
        score=0.65,
        note="Sendbird application id",
    ),
    # ---- Twilio --------------------------------------------------------------------------
    # API key SIDs: "SK" + 32 lowercase hex. "sk" is no usable keyword, so the rule runs over
    # the whole text; RE2 skips to each "SK" literal.
    prefixed(
        "twilio-api-key",
        r"SK[0-9a-f]{32}",
        (),
        score=0.8,
        validators=(has_digit,),
        note="Twilio API key SID (SK…)",
    ),
    keyed(
        "twilio-auth-token",
        ("twilio",),
        "[a-f0-9]{32}",
        name_suffix=r"(?i:[\w.\- ]{0,16}(?:auth|token|secret))",
        type_="TOKEN",
        min_entropy=3.0,
        note="Twilio auth token",
    ),
    prefixed(
        "twilio-credentials",
        r"AC[0-9a-f]{32}:[0-9a-f]{32}",
        ("twilio",),
        type_="PASSWORD",
        score=0.95,
        note="Twilio account SID and auth token pair (basic auth)",
    ),
    # ---- Lob -----------------------------------------------------------------------------
    keyed(
        "lob-api-key",
        ("lob",),
        r"(?:live|test)_[a-fA-F0-9]{35}",
        note="Lob secret API key",
    ),
    # ---- Mailjet, Postmark, SparkPost, Zulip --------------------------------------------
    keyed(
        "mailjet-api-key",
        ("mailjet", "mj_apikey"),
        "[a-f0-9]{32}",
        min_entropy=3.0,
        note="Mailjet API key or secret key",
    ),
    keyed(
        "postmark-server-token",
        ("postmark",),
        UUID,
        type_="TOKEN",
        note="Postmark server or account API token",
    ),
    keyed(
        "sparkpost-api-key",
        ("sparkpost", "spark_post"),
        "[a-f0-9]{40}",
        min_entropy=3.0,
        note="SparkPost API key",
    ),
    keyed("zulip-api-key", ("zulip",), "[A-Za-z0-9]{32}", note="Zulip bot or user API key"),
]
