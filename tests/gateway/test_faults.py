"""Bad input and broken upstreams: a clear error in the client's format, an audit record,
and nothing forwarded unscanned."""

from __future__ import annotations

import anthropic
import httpx
import openai
import pytest
from test_openai_sdk import EMAIL, PII_PROMPT

from tiergate.testing import FakeProvider, Reply, RunningGateway, wait_for

OPENAI_HEADERS = {"content-type": "application/json"}
ANTHROPIC_HEADERS = {"content-type": "application/json", "anthropic-version": "2023-06-01"}


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"[1, 2]", 400, "invalid_request"),
        (b'{"messages": []}', 400, "missing_model"),
        (b'{"model": "auto", "messages": "x"}', 400, None),
        (
            b'{"model": "auto", "messages": [{"role": "user", "content": "caf\xe9"}]}',
            400,
            "invalid_utf8",
        ),
    ],
)
def test_malformed_openai_requests(
    gateway: RunningGateway, cheap: FakeProvider, content: bytes, status: int, code: str | None
) -> None:
    r = httpx.post(
        f"{gateway.openai_base_url}/chat/completions", content=content, headers=OPENAI_HEADERS
    )
    assert r.status_code == status
    err = r.json()["error"]
    assert err["type"] == "invalid_request_error" and err["message"]
    if code:
        assert err["code"] == code
    assert r.headers["x-tiergate-request-id"]
    assert cheap.received == []
    record = gateway.gateway.audit.tail(1)[0]
    assert record.outcome == "bad_request" and record.status == status


def test_malformed_anthropic_request(gateway: RunningGateway) -> None:
    r = httpx.post(f"{gateway.url}/v1/messages", content=b"{oops", headers=ANTHROPIC_HEADERS)
    assert r.status_code == 400
    assert r.json() == {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": r.json()["error"]["message"]},
    }


def test_body_over_the_limit(gateway: RunningGateway, cheap: FakeProvider) -> None:
    big = (
        b'{"model": "auto", "messages": [{"role": "user", "content": "' + b"a" * (5 << 20) + b'"}]}'
    )
    r = httpx.post(
        f"{gateway.openai_base_url}/chat/completions", content=big, headers=OPENAI_HEADERS
    )
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "request_too_large"
    assert cheap.received == []


def test_sdk_sees_bad_request(oai: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError):
        oai.chat.completions.create(model="auto", messages=[{"role": "user", "content": 5}])  # type: ignore[typeddict-item]


def test_upstream_cut_mid_stream_gives_an_error_event(
    oai: openai.OpenAI, gateway: RunningGateway, trusted: FakeProvider
) -> None:
    trusted.script(Reply(chunks=10, cut_after=3))
    stream = oai.chat.completions.create(
        model="auto", stream=True, messages=[{"role": "user", "content": PII_PROMPT}]
    )
    got = []
    with pytest.raises(openai.APIError, match="interrupted"):
        for chunk in stream:
            if chunk.choices:
                got.append(chunk.choices[0].delta.content or "")
    assert EMAIL not in "".join(got) or "".join(got).startswith("ECHO")
    # the record is written when the relay ends, just after the client saw the error event
    assert wait_for(
        lambda: [r.outcome for r in gateway.gateway.audit.tail(1)] == ["upstream_error"]
    )
    record = gateway.gateway.audit.tail(1)[0]
    assert record.outcome == "upstream_error" and record.error == "stream_interrupted"


def test_anthropic_stream_cut(ant: anthropic.Anthropic, trusted: FakeProvider) -> None:
    trusted.script(Reply(chunks=10, cut_after=2))
    with (
        pytest.raises(anthropic.APIError),
        ant.messages.stream(
            model="auto", max_tokens=100, messages=[{"role": "user", "content": PII_PROMPT}]
        ) as stream,
    ):
        for _ in stream.text_stream:
            pass


def test_every_failure_is_audited(gateway: RunningGateway, oai: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        oai.chat.completions.create(
            model="nope", messages=[{"role": "user", "content": PII_PROMPT}]
        )
    record = gateway.gateway.audit.tail(1)[0]
    assert record.outcome == "bad_request" and record.status == 404
    assert record.finding_counts.get("EMAIL") == 1
    assert EMAIL not in repr(record)
