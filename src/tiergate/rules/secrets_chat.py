"""Chat and social platforms: Slack tokens and webhooks, Microsoft Teams webhooks, Telegram
bot tokens, Mattermost, Twitch and Twitter/X credentials."""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._provider_kit import has_digit, keyed, prefixed


def slack_long_enough(value: str) -> bool:
    """Old workspace/refresh tokens (``xoxa-``/``xoxr-``) carry at least 12 characters."""
    return len(value) - 5 >= 12


_TWITTER = ("twitter",)

RULES: list[Rule] = [
    # ---- Slack ---------------------------------------------------------------------------
    prefixed(
        "slack-bot-token",
        "TOKEN",
        ("xoxb-",),
        r"xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{20,40}",
        "Slack bot token",
        score=0.95,
    ),
    prefixed(
        "slack-legacy-bot-token",
        "TOKEN",
        ("xoxb-",),
        r"xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26}",
        "Slack legacy bot token",
        score=0.9,
    ),
    prefixed(
        "slack-user-token",
        "TOKEN",
        ("xoxp-", "xoxe-"),
        r"xox[pe](?:-[0-9]{6,13}){3}-[A-Za-z0-9]{16,64}",
        "Slack user token (xoxp-/xoxe-)",
        score=0.95,
    ),
    prefixed(
        "slack-app-token",
        "TOKEN",
        ("xapp-",),
        r"xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[A-Za-z0-9]{40,80}",
        "Slack app-level token",
        score=0.95,
    ),
    prefixed(
        "slack-config-access-token",
        "TOKEN",
        ("xoxe.xox",),
        r"xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{150,180}",
        "Slack app configuration access token",
        score=0.95,
    ),
    prefixed(
        "slack-config-refresh-token",
        "TOKEN",
        ("xoxe-",),
        r"xoxe-[0-9]-[A-Za-z0-9]{140,160}",
        "Slack app configuration refresh token",
        score=0.95,
    ),
    prefixed(
        "slack-legacy-token",
        "TOKEN",
        ("xoxo-", "xoxs-"),
        r"xox[os]-[0-9]{3,16}-[0-9]{3,16}-[0-9]{3,16}-[a-fA-F0-9]{8,64}",
        "Slack legacy token (xoxo-/xoxs-)",
        score=0.9,
    ),
    prefixed(
        "slack-legacy-workspace-token",
        "TOKEN",
        ("xoxa-", "xoxr-"),
        r"xox[ar]-(?:[0-9]-)?[A-Za-z0-9]{6,48}(?:-[A-Za-z0-9]{6,48}){0,4}",
        "Slack legacy workspace access or refresh token (xoxa-/xoxr-)",
        score=0.9,
        validators=(slack_long_enough, has_digit),
    ),
    prefixed(
        "slack-webhook-url",
        "TOKEN",
        ("hooks.slack.com",),
        r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{40,120}",
        "Slack incoming webhook or workflow trigger URL",
        score=0.95,
    ),
    # ---- Microsoft Teams -----------------------------------------------------------------
    prefixed(
        "microsoft-teams-webhook",
        "TOKEN",
        ("webhook.office.com", "outlook.office.com/webhook", "outlook.office365.com/webhook"),
        r"https://(?:[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)"
        r"/[A-Za-z0-9-]{36}@[A-Za-z0-9-]{36}/IncomingWebhook/[A-Za-z0-9]{32}/[A-Za-z0-9-]{36}"
        r"(?:/[A-Za-z0-9_-]{10,80})?",
        "Microsoft Teams incoming webhook URL",
        score=0.95,
    ),
    # ---- Telegram ------------------------------------------------------------------------
    # <bot id>:<35 characters starting with A>; ":AA" is the usual start of the secret part.
    prefixed(
        "telegram-bot-api-token",
        "TOKEN",
        ("telegram", ":aa"),
        r"[0-9]{5,16}:A[A-Za-z0-9_-]{34}",
        "Telegram Bot API token",
        score=0.9,
        validators=(has_digit,),
        end=True,
    ),
    # ---- Mattermost, Twitch --------------------------------------------------------------
    keyed(
        "mattermost-access-token",
        "TOKEN",
        ("mattermost",),
        "[A-Za-z0-9]{26}",
        "Mattermost personal access or bot token",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "twitch-api-token",
        "TOKEN",
        ("twitch",),
        "[A-Za-z0-9]{30}",
        "Twitch API (OAuth) token",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    # ---- Twitter / X ---------------------------------------------------------------------
    keyed(
        "twitter-api-key",
        "API_KEY",
        _TWITTER,
        "[A-Za-z0-9]{25}",
        "Twitter/X API (consumer) key",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "twitter-api-secret",
        "API_KEY",
        _TWITTER,
        "[A-Za-z0-9]{50}",
        "Twitter/X API (consumer) secret",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "twitter-access-token",
        "TOKEN",
        _TWITTER,
        "[0-9]{15,25}-[A-Za-z0-9]{20,40}",
        "Twitter/X user access token",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    keyed(
        "twitter-access-secret",
        "API_KEY",
        _TWITTER,
        "[A-Za-z0-9]{45}",
        "Twitter/X user access token secret",
        score=0.75,
        min_entropy=None,
        validators=(has_digit,),
    ),
    prefixed(
        "twitter-bearer-token",
        "TOKEN",
        ("twitter", "bearer"),
        r"A{22}[A-Za-z0-9%]{80,100}",
        "Twitter/X app-only bearer token",
        score=0.9,
        validators=(has_digit,),
    ),
]
