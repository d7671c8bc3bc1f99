"""Messages made of content parts: personal data is pseudonymised in every text part, and a
part that is not text (an image, audio, a file, a video, a type tiergate does not know)
cannot be scanned, so it is tier 3: it goes to the self-hosted model or is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import httpx
import openai
import pytest
from gwutil import KEY, make_config, three_providers

from tiergate.testing import FakeProvider, RunningGateway, provider_config, run_gateway

EMAILS = ("quentin.zylberstein@acme-robotics.io", "mia.okonkwo-hart@brightfield-labs.co.uk")
PHONE = "+44 20 7946 0958"
PARTS = (
    f"Reply to {EMAILS[0]} first.",
    f"Then to {EMAILS[1]}, who asked about the invoice.",
    f"Both can be called on {PHONE} during office hours.",
)
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

OPENAI_OPAQUE = {
    "image": {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
    "image-link": {"type": "image_url", "image_url": {"url": "https://example.com/scan.png"}},
    "audio": {"type": "input_audio", "input_audio": {"data": "UklGRiQAAABXQVZF", "format": "wav"}},
    "file": {"type": "file", "file": {"file_data": "JVBERi0xLjQK", "filename": "a.pdf"}},
    "video": {"type": "video_url", "video_url": {"url": "data:video/mp4;base64,AAAAIGZ0eXA="}},
    "unknown": {"type": "x_hologram", "x_hologram": {"data": "AAAA"}},
}
ANTHROPIC_OPAQUE = {
    "image": {
        "type": "image",
        "source": {"type": "base64", "media_type": "image/png", "data": PNG},
    },
    "pdf": {
        "type": "document",
        "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0xLjQK"},
    },
}
ANTHROPIC_UNKNOWN = {"type": "x_hologram", "data": "AAAA"}


@pytest.fixture(scope="module")
def gateway(
    tmp_path_factory: pytest.TempPathFactory,
    cheap: FakeProvider,
    trusted: FakeProvider,
    local: FakeProvider,
) -> Iterator[RunningGateway]:
    """The three providers of the other gateway tests, one gateway for this module."""
    config = make_config(tmp_path_factory.mktemp("three"), *three_providers(cheap, trusted, local))
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        yield gw


@pytest.fixture(scope="module", params=["openai", "anthropic"])
def clouds_only(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    cheap: FakeProvider,
    trusted: FakeProvider,
) -> Iterator[RunningGateway]:
    """Two trusted cloud providers, no self-hosted model; the one of the wire format named by
    the parameter is tried first (nothing to convert: a part would go as it is)."""
    facts = {"jurisdiction": "US", "trains_on_api_data": False}
    providers = [
        provider_config(cheap, "cloud-openai", facts=facts),
        provider_config(trusted, "cloud-anthropic", facts=facts),
    ]
    if request.param == "anthropic":
        providers.reverse()
    config = make_config(tmp_path_factory.mktemp("clouds"), *providers)
    with run_gateway(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as gw:
        yield gw


def user(*parts: dict[str, Any]) -> list[Any]:
    return [{"role": "user", "content": [{"type": "text", "text": "What is this?"}, *parts]}]


def upstream_texts(body: dict[str, Any]) -> list[str]:
    content = body["messages"][-1]["content"]
    return [p["text"] for p in content if p.get("type") == "text"]


def test_every_text_part_is_pseudonymised_openai_client(
    oai: openai.OpenAI, trusted: FakeProvider, cheap: FakeProvider
) -> None:
    messages: list[Any] = [
        {"role": "user", "content": [{"type": "text", "text": t} for t in PARTS]}
    ]
    raw = oai.chat.completions.with_raw_response.create(model="auto", messages=messages)
    assert raw.headers["x-tiergate-provider"] == "trusted"
    assert cheap.received == []
    sent = upstream_texts(trusted.received[0])  # converted to Anthropic text blocks
    assert len(sent) == 3
    for text, original in zip(sent, PARTS, strict=True):
        assert text != original
        assert "[EMAIL_" in text or "[PHONE" in text
    assert not any(v in json.dumps(trusted.received) for v in (*EMAILS, PHONE))
    # the fake echoes the parts joined; the answer comes back with the values
    assert raw.parse().choices[0].message.content == "ECHO: " + "".join(PARTS)


def test_every_text_block_is_pseudonymised_anthropic_client(
    ant: anthropic.Anthropic, trusted: FakeProvider
) -> None:
    message = ant.messages.create(
        model="auto",
        max_tokens=50,
        messages=[{"role": "user", "content": [{"type": "text", "text": t} for t in PARTS]}],
    )
    sent = upstream_texts(trusted.received[0])
    assert len(sent) == 3 and all("[" in t for t in sent)
    assert not any(v in json.dumps(trusted.received) for v in (*EMAILS, PHONE))
    block = message.content[0]
    assert block.type == "text" and block.text == "ECHO: " + "".join(PARTS)


@pytest.mark.parametrize("part", OPENAI_OPAQUE.values(), ids=OPENAI_OPAQUE.keys())
def test_opaque_openai_part_goes_to_the_self_hosted_model(
    oai: openai.OpenAI,
    cheap: FakeProvider,
    trusted: FakeProvider,
    local: FakeProvider,
    part: dict[str, Any],
) -> None:
    raw = oai.chat.completions.with_raw_response.create(model="auto", messages=user(part))
    assert raw.headers["x-tiergate-egress-tier"] == "3"
    assert raw.headers["x-tiergate-provider"] == "local"
    assert cheap.received == [] and trusted.received == []
    assert local.received[0]["messages"][-1]["content"][1] == part  # as it was sent


@pytest.mark.parametrize("part", ANTHROPIC_OPAQUE.values(), ids=ANTHROPIC_OPAQUE.keys())
def test_opaque_anthropic_block_goes_to_the_self_hosted_model(
    ant: anthropic.Anthropic,
    cheap: FakeProvider,
    trusted: FakeProvider,
    local: FakeProvider,
    part: dict[str, Any],
) -> None:
    raw = ant.messages.with_raw_response.create(model="auto", max_tokens=50, messages=user(part))
    assert raw.headers["x-tiergate-egress-tier"] == "3"
    assert raw.headers["x-tiergate-provider"] == "local"
    assert cheap.received == [] and trusted.received == []
    assert len(local.received) == 1


@pytest.mark.parametrize("part", OPENAI_OPAQUE.values(), ids=OPENAI_OPAQUE.keys())
def test_opaque_openai_part_without_a_self_hosted_model_is_refused(
    clouds_only: RunningGateway, cheap: FakeProvider, trusted: FakeProvider, part: dict[str, Any]
) -> None:
    with (
        openai.OpenAI(base_url=clouds_only.openai_base_url, api_key="x", max_retries=0) as oai,
        pytest.raises(openai.PermissionDeniedError, match="cannot be scanned") as exc,
    ):
        oai.chat.completions.create(model="auto", messages=user(part))
    assert exc.value.response.headers["x-tiergate-egress-tier"] == "3"
    assert cheap.received == [] and trusted.received == []


@pytest.mark.parametrize(
    "part",
    [*ANTHROPIC_OPAQUE.values(), ANTHROPIC_UNKNOWN],
    ids=[*ANTHROPIC_OPAQUE.keys(), "unknown"],
)
def test_opaque_anthropic_block_without_a_self_hosted_model_is_refused(
    clouds_only: RunningGateway, cheap: FakeProvider, trusted: FakeProvider, part: dict[str, Any]
) -> None:
    r = httpx.post(
        f"{clouds_only.url}/v1/messages",
        headers={"anthropic-version": "2023-06-01"},
        json={"model": "auto", "max_tokens": 50, "messages": user(part)},
    )
    assert r.status_code == 403, r.text
    assert r.json()["error"]["type"] == "permission_error"
    assert "cannot be scanned" in r.json()["error"]["message"]
    assert cheap.received == [] and trusted.received == []


def test_objects_in_tool_input_are_not_content_parts(
    ant: anthropic.Anthropic, cheap: FakeProvider
) -> None:
    """Only lists of content parts are checked: a tool's own "content" list is data."""
    raw = ant.messages.with_raw_response.create(
        model="auto",
        max_tokens=50,
        messages=[
            {"role": "user", "content": "Save the list."},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": "t1",
                        "name": "save",
                        "input": {"content": [{"kind": "row", "value": "rivers"}]},
                    }
                ],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "saved"}],
            },
        ],
    )
    assert raw.headers["x-tiergate-egress-tier"] == "1"
    assert raw.headers["x-tiergate-provider"] == "cheap"
    assert len(cheap.received) == 1
