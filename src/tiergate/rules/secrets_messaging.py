"""E-mail, SMS and in-app messaging APIs: Mailchimp, Mailgun, MessageBird, SendGrid,
Brevo (Sendinblue), Sendbird, Twilio, Lob, Mailjet, Postmark, SparkPost and Zulip.

Keys that a provider documents as public (Mailgun's ``pubkey-`` e-mail validation key, Lob's
``live_pub_``/``test_pub_`` publishable key) are shipped to browsers and are not reported.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._provider_kit import MULTIPART_FILTERS, UUID, has_digit, keyed, prefixed


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
        "API_KEY",
        ("-us",),
        r"[0-9a-f]{32}-us[0-9]{1,2}",
        "Mailchimp API key (<32 hex>-us<datacenter>)",
        score=0.85,
    ),
    keyed(
        "mailgun-private-api-token",
        "TOKEN",
        ("mailgun",),
        r"key-[a-f0-9]{32}",
        "Mailgun private API key (legacy key- format)",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "mailgun-signing-key",
        "API_KEY",
        ("mailgun",),
        r"[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}",
        "Mailgun webhook signing key or private API key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
        filters=MULTIPART_FILTERS,
    ),
    # ---- MessageBird ---------------------------------------------------------------------
    keyed(
        "messagebird-api-token",
        "TOKEN",
        ("messagebird", "message-bird", "message_bird"),
        "[A-Za-z0-9]{25}",
        "MessageBird API access key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "messagebird-client-id",
        "API_KEY",
        ("messagebird", "message-bird", "message_bird"),
        UUID,
        "MessageBird client id",
        score=0.65,
        min_entropy=None,
        validators=(has_digit,),
    ),
    # ---- SendGrid, Brevo -----------------------------------------------------------------
    prefixed(
        "sendgrid-api-token",
        "API_KEY",
        ("sg.",),
        r"SG\.(?:[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,64}|[A-Za-z0-9_=-]{66})",
        "SendGrid API key",
        score=0.85,
        min_entropy=3.0,
        validators=(no_empty_part,),
        confirmers=(sendgrid_layout,),
    ),
    prefixed(
        "sendinblue-api-token",
        "API_KEY",
        ("xkeysib-",),
        r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        "Brevo (Sendinblue) API key",
        score=0.95,
    ),
    prefixed(
        "sendinblue-smtp-key",
        "PASSWORD",
        ("xsmtpsib-",),
        r"xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        "Brevo (Sendinblue) SMTP key",
        score=0.95,
    ),
    # ---- Sendbird ------------------------------------------------------------------------
    keyed(
        "sendbird-access-token",
        "TOKEN",
        ("sendbird",),
        "[a-fA-F0-9]{40}",
        "Sendbird API token",
        score=0.75,
        min_entropy=3.0,
        validators=(has_digit,),
    ),
    keyed(
        "sendbird-access-id",
        "API_KEY",
        ("sendbird",),
        UUID,
        "Sendbird application id",
        score=0.65,
        min_entropy=None,
        validators=(has_digit,),
    ),
    # ---- Twilio --------------------------------------------------------------------------
    # API key SIDs: "SK" + 32 lowercase hex. "sk" is no usable keyword, so the rule runs over
    # the whole text; RE2 skips to each "SK" literal.
    prefixed(
        "twilio-api-key",
        "API_KEY",
        (),
        r"SK[0-9a-f]{32}",
        "Twilio API key SID (SK…)",
        score=0.8,
        validators=(has_digit,),
    ),
    keyed(
        "twilio-auth-token",
        "TOKEN",
        ("twilio",),
        "[a-f0-9]{32}",
        "Twilio auth token",
        score=0.75,
        min_entropy=3.0,
        validators=(has_digit,),
        name_suffix=r"(?i:[\w.\- ]{0,16}(?:auth|token|secret))",
    ),
    prefixed(
        "twilio-credentials",
        "PASSWORD",
        ("twilio",),
        r"AC[0-9a-f]{32}:[0-9a-f]{32}",
        "Twilio account SID and auth token pair (basic auth)",
        score=0.95,
    ),
    # ---- Lob -----------------------------------------------------------------------------
    keyed(
        "lob-api-key",
        "API_KEY",
        ("lob",),
        r"(?:live|test)_[a-fA-F0-9]{35}",
        "Lob secret API key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    # ---- Mailjet, Postmark, SparkPost, Zulip --------------------------------------------
    keyed(
        "mailjet-api-key",
        "API_KEY",
        ("mailjet", "mj_apikey"),
        "[a-f0-9]{32}",
        "Mailjet API key or secret key",
        score=0.75,
        min_entropy=3.0,
        validators=(has_digit,),
    ),
    keyed(
        "postmark-server-token",
        "TOKEN",
        ("postmark",),
        UUID,
        "Postmark server or account API token",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "sparkpost-api-key",
        "API_KEY",
        ("sparkpost", "spark_post"),
        "[a-f0-9]{40}",
        "SparkPost API key",
        score=0.75,
        min_entropy=3.0,
        validators=(has_digit,),
    ),
    keyed(
        "zulip-api-key",
        "API_KEY",
        ("zulip",),
        "[A-Za-z0-9]{32}",
        "Zulip bot or user API key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
]
