"""Monitoring through the public doors: ``GET /metrics`` after real traffic (parsed with
Prometheus' own parser), one access line per request, and a search of the metrics, the log
lines, the admin view and the audit rows for every personal value and secret that was sent.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import anthropic
import httpx
import openai
import pytest
from prometheus_client.parser import text_string_to_metric_families
from test_openai_sdk import EMAIL, PII_PROMPT, github_token

import tiergate
from tiergate.providers.keys import key_id
from tiergate.proxy.observe import JSONFormatter, TextFormatter
from tiergate.testing import FakeProvider, Reply, RunningGateway, wait_for

TOKEN = github_token(7)
SENSITIVE = {
    "PERSON": "John Smith",
    "DATE_OF_BIRTH": "14.03.1961",
    "EMAIL": EMAIL,
    "IBAN": "DE89 3704 0044 0532 0130 00",
    "CREDIT_CARD": "4556 7375 8689 9855",
    "TOKEN": TOKEN,
    "SSN": "536-22-1234",
}
FULL = (
    f"Patient: {SENSITIVE['PERSON']}, date of birth {SENSITIVE['DATE_OF_BIRTH']}, diagnosed "
    f"with type 2 diabetes. Reach him at {EMAIL}. Pay to IBAN {SENSITIVE['IBAN']}, card "
    f"{SENSITIVE['CREDIT_CARD']}. CI token {TOKEN}, SSN {SENSITIVE['SSN']}."
)
UPSTREAM_KEYS = ("sk-cheap-1", "sk-ant-trusted-1")  # the keys of gwutil.three_providers

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


@dataclass
class Traffic:
    ids: dict[str, str]  # what was sent -> request id


def send_everything(
    gateway: RunningGateway, oai: openai.OpenAI, ant: anthropic.Anthropic, local: FakeProvider
) -> Traffic:
    """Six requests, one of each outcome and format, most full of personal data and secrets."""
    ids = {}
    raw = oai.chat.completions.with_raw_response.create(
        model="auto", messages=[{"role": "user", "content": "What is the boiling point of water?"}]
    )
    ids["public"] = raw.headers["x-tiergate-request-id"]
    with oai.chat.completions.create(
        model="auto", messages=[{"role": "user", "content": PII_PROMPT}], stream=True
    ) as stream:
        assert EMAIL in "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    message = ant.messages.create(
        model="auto", max_tokens=50, messages=[{"role": "user", "content": FULL}]
    )
    assert message.content[0].type == "text"  # self-hosted: secrets redacted, the rest sent
    assert message.content[0].text == "ECHO: " + FULL.replace(TOKEN, "[REDACTED:TOKEN]")
    with pytest.raises(openai.PermissionDeniedError):
        oai.chat.completions.create(
            model="cheap-model", messages=[{"role": "user", "content": FULL}]
        )
    bad = httpx.post(gateway.openai_base_url + "/chat/completions", content=b"{" + FULL.encode())
    assert bad.status_code == 400
    local.script(Reply(status=500))
    with pytest.raises(openai.APIStatusError) as failed:
        oai.chat.completions.create(model="auto", messages=[{"role": "user", "content": FULL}])
    assert failed.value.status_code == 502
    return Traffic(ids)


def test_metrics_count_every_outcome(
    gateway: RunningGateway, oai: openai.OpenAI, ant: anthropic.Anthropic, local: FakeProvider
) -> None:
    send_everything(gateway, oai, ant, local)
    response = httpx.get(gateway.url + "/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    found = samples(response.text)

    def requests(
        endpoint: str, fmt: str, tier: str, egress: str, provider: str, outcome: str
    ) -> float:
        return value(
            found,
            "tiergate_requests_total",
            endpoint=endpoint,
            client_format=fmt,
            input_tier=tier,
            egress_tier=egress,
            provider=provider,
            outcome=outcome,
        )

    chat, messages = "/v1/chat/completions", "/v1/messages"
    assert requests(chat, "openai", "1", "1", "cheap", "ok") == 1
    assert requests(chat, "openai", "2", "2", "trusted", "ok") == 1
    assert requests(messages, "anthropic", "3", "3", "local", "ok") == 1
    assert requests(chat, "openai", "3", "3", "none", "refused") == 1
    assert requests(chat, "openai", "none", "none", "none", "bad_request") == 1
    assert requests(chat, "openai", "3", "3", "local", "upstream_error") == 1
    for kind in ("PERSON", "DATE_OF_BIRTH", "IBAN", "CREDIT_CARD", "TOKEN", "SSN"):
        assert value(found, "tiergate_findings_total", type=kind) == 3  # FULL, three times
    assert value(found, "tiergate_findings_total", type="EMAIL") == 4
    assert value(found, "tiergate_minimised_values_total", action="pseudonymised") >= 1
    assert value(found, "tiergate_scan_seconds_count") == 5  # the malformed one is not scanned
    assert value(found, "tiergate_request_seconds_count", outcome="ok") == 3
    assert value(found, "tiergate_request_seconds_count", outcome="refused") == 1
    for provider in ("cheap", "trusted", "local"):
        assert value(found, "tiergate_upstream_seconds_count", provider=provider) == 1
    assert value(found, "tiergate_tokens_total", provider="cheap", kind="prompt") == 10
    assert value(found, "tiergate_upstream_keys", provider="cheap", state="active") == 1
    assert value(found, "tiergate_upstream_keys", provider="cheap", state="cooling") == 0
    assert (
        value(found, "tiergate_upstream_key_uses_total", provider="cheap", key=key_id("sk-cheap-1"))
        == 1
    )


def test_one_access_line_per_request(
    gateway: RunningGateway,
    oai: openai.OpenAI,
    ant: anthropic.Anthropic,
    local: FakeProvider,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="tiergate.access")
    traffic = send_everything(gateway, oai, ant, local)

    def access_records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "tiergate.access"]

    # the line is written once the answer has gone, so the last one may still be on its way
    assert wait_for(lambda: len(access_records()) >= 6)
    records = access_records()
    lines = [getattr(r, "access") for r in records]  # noqa: B009
    assert [(x["outcome"], x["status"]) for x in lines] == [
        ("ok", 200),
        ("ok", 200),
        ("ok", 200),
        ("refused", 403),
        ("bad_request", 400),
        ("upstream_error", 502),
    ]
    first = lines[0]
    assert first["request_id"] == traffic.ids["public"]
    assert (first["input_tier"], first["egress_tier"], first["provider"]) == (1, 1, "cheap")
    assert first["endpoint"] == "/v1/chat/completions" and first["client"] == "anonymous"
    assert first["latency_ms"] > 0 and first["upstream_ms"] > 0
    assert lines[1]["stream"] is True and lines[1]["findings"]["EMAIL"] == 1
    assert lines[2]["client_format"] == "anthropic" and lines[2]["findings"]["TOKEN"] == 1
    assert lines[5]["attempts"] == ["local:500"] and lines[5]["error"] == "upstream_unavailable"
    as_json = [json.loads(JSONFormatter().format(r)) for r in records]
    assert as_json[0] == {"log": "access", "level": "info", **first}
    text = TextFormatter().format(records[2])
    assert "200 ok tier=3→3 provider=local" in text and "TOKEN:1" in text


def test_no_value_reaches_metrics_logs_admin_or_audit(
    gateway: RunningGateway,
    oai: openai.OpenAI,
    ant: anthropic.Anthropic,
    local: FakeProvider,
    caplog: pytest.LogCaptureFixture,
) -> None:
    found = {f.type for f in tiergate.classify(FULL).findings}
    assert set(SENSITIVE) <= found  # every value is one the gateway recognises
    caplog.set_level(logging.DEBUG, logger="tiergate")
    send_everything(gateway, oai, ant, local)
    records = list(caplog.records)
    outputs = {
        "metrics": httpx.get(gateway.url + "/metrics").text,
        "admin": httpx.get(gateway.url + "/admin/keys").text,
        "log records": caplog.text,
        "json lines": "\n".join(JSONFormatter().format(r) for r in records),
        "text lines": "\n".join(TextFormatter().format(r) for r in records),
        "audit": json.dumps([r.to_dict() for r in gateway.gateway.audit.tail(100)]),
    }
    assert "tiergate_requests_total" in outputs["metrics"] and len(records) >= 6
    for where, text in outputs.items():
        for kind, secret in [*SENSITIVE.items(), *(("API key", k) for k in UPSTREAM_KEYS)]:
            assert secret not in text, f"{kind} value in the {where}"
            assert secret.replace(" ", "") not in text.replace(" ", ""), f"{kind} in the {where}"
