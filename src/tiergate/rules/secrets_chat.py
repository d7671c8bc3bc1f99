"""Chat and social platforms: Slack tokens and webhooks, Microsoft Teams webhooks, Telegram
bot tokens, Mattermost, Twitch and Twitter/X credentials."""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.rules._keyed_secrets import has_digit, keyed, prefixed


def slack_long_enough(value: str) -> bool:
    """Old workspace/refresh tokens (``xoxa-``/``xoxr-``) carry at least 12 characters."""
    return len(value) - 5 >= 12


_TWITTER = ("twitter",)

RULES: list[Rule] = [
    # ---- Slack ---------------------------------------------------------------------------
    prefixed(
        "slack-bot-token",
        r"xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{20,40}",
        ("xoxb-",),
        type_="TOKEN",
        score=0.95,
        note="Slack bot token",
    ),
    prefixed(
        "slack-legacy-bot-token",
        r"xoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26}",
        ("xoxb-",),
        type_="TOKEN",
        note="Slack legacy bot token",
    ),
    prefixed(
        "slack-user-token",
        r"xox[pe](?:-[0-9]{6,13}){3}-[A-Za-z0-9]{16,64}",
        ("xoxp-", "xoxe-"),
        type_="TOKEN",
        score=0.95,
        note="Slack user token (xoxp-/xoxe-)",
    ),
    prefixed(
        "slack-app-token",
        r"xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,13}-[A-Za-z0-9]{40,80}",
        ("xapp-",),
        type_="TOKEN",
        score=0.95,
        note="Slack app-level token",
    ),
    prefixed(
        "slack-config-access-token",
        r"xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{150,180}",
        ("xoxe.xox",),
        type_="TOKEN",
        score=0.95,
        note="Slack app configuration access token",
    ),
    prefixed(
        "slack-config-refresh-token",
        r"xoxe-[0-9]-[A-Za-z0-9]{140,160}",
        ("xoxe-",),
        type_="TOKEN",
        score=0.95,
        note="Slack app configuration refresh token",
    ),
    prefixed(
        "slack-legacy-token",
        r"xox[os]-[0-9]{3,16}-[0-9]{3,16}-[0-9]{3,16}-[a-fA-F0-9]{8,64}",
        ("xoxo-", "xoxs-"),
        type_="TOKEN",
        note="Slack legacy token (xoxo-/xoxs-)",
    ),
    prefixed(
        "slack-legacy-workspace-token",
        r"xox[ar]-(?:[0-9]-)?[A-Za-z0-9]{6,48}(?:-[A-Za-z0-9]{6,48}){0,4}",
        ("xoxa-", "xoxr-"),
        type_="TOKEN",
        validators=(slack_long_enough, has_digit),
        note="Slack legacy workspace access or refresh token (xoxa-/xoxr-)",
    ),
    prefixed(
        "slack-webhook-url",
        r"(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{40,120}",
        ("hooks.slack.com",),
        type_="TOKEN",
        score=0.95,
        note="Slack incoming webhook or workflow trigger URL",
    ),
    # ---- Microsoft Teams -----------------------------------------------------------------
    prefixed(
        "microsoft-teams-webhook",
        r"https://(?:[A-Za-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)"
        r"/[A-Za-z0-9-]{36}@[A-Za-z0-9-]{36}/IncomingWebhook/[A-Za-z0-9]{32}/[A-Za-z0-9-]{36}"
        r"(?:/[A-Za-z0-9_-]{10,80})?",
        ("webhook.office.com", "outlook.office.com/webhook", "outlook.office365.com/webhook"),
        type_="TOKEN",
        score=0.95,
        note="Microsoft Teams incoming webhook URL",
    ),
    # ---- Telegram ------------------------------------------------------------------------
    # <bot id>:<35 characters starting with A>; ":AA" is the usual start of the secret part.
    prefixed(
        "telegram-bot-api-token",
        r"[0-9]{5,16}:A[A-Za-z0-9_-]{34}",
        ("telegram", ":aa"),
        type_="TOKEN",
        end=True,
        validators=(has_digit,),
        note="Telegram Bot API token",
    ),
    # ---- Mattermost, Twitch --------------------------------------------------------------
    keyed(
        "mattermost-access-token",
        ("mattermost",),
        "[A-Za-z0-9]{26}",
        type_="TOKEN",
        note="Mattermost personal access or bot token",
    ),
    keyed(
        "twitch-api-token",
        ("twitch",),
        "[A-Za-z0-9]{30}",
        type_="TOKEN",
        note="Twitch API (OAuth) token",
    ),
    # ---- Twitter / X ---------------------------------------------------------------------
    keyed("twitter-api-key", _TWITTER, "[A-Za-z0-9]{25}", note="Twitter/X API (consumer) key"),
    keyed(
        "twitter-api-secret", _TWITTER, "[A-Za-z0-9]{50}", note="Twitter/X API (consumer) secret"
    ),
    keyed(
        "twitter-access-token",
        _TWITTER,
        "[0-9]{15,25}-[A-Za-z0-9]{20,40}",
        type_="TOKEN",
        note="Twitter/X user access token",
    ),
    keyed(
        "twitter-access-secret",
        _TWITTER,
        "[A-Za-z0-9]{45}",
        note="Twitter/X user access token secret",
    ),
    prefixed(
        "twitter-bearer-token",
        r"A{22}[A-Za-z0-9%]{80,100}",
        ("twitter", "bearer"),
        type_="TOKEN",
        validators=(has_digit,),
        note="Twitter/X app-only bearer token",
    ),
]
