"""The same value gets the same placeholder: in every turn of a conversation, in every later
request, and in every gateway — in-process or a separate ``tiergate serve`` process — that
shares ``TIERGATE_PSEUDONYM_KEY``. Without the key each gateway draws its own."""

from __future__ import annotations

import base64
import json
import re
import secrets
from pathlib import Path
from typing import Any

import openai
from gwutil import KEY, make_config, serving
from served import clean_env, serving_process, write_config

from tiergate.testing import FakeProvider, provider_config

EMAIL = "quentin.zylberstein@acme-robotics.io"
OTHER = "mia.okonkwo-hart@brightfield-labs.co.uk"
PLACEHOLDER = re.compile(r"\[EMAIL_[0-9a-f]+\]")
TRUSTED = {"jurisdiction": "US", "trains_on_api_data": False}

CONVERSATION: list[Any] = [
    {"role": "system", "content": f"You answer mail for {EMAIL}."},
    {"role": "user", "content": f"Draft a reply to {EMAIL} about the refund."},
    {"role": "assistant", "content": f"Dear customer ({EMAIL}), your refund is on its way."},
    {"role": "user", "content": f"Good. Copy {OTHER}, and sign it for {EMAIL}."},
]


def placeholders_in(body: dict[str, Any]) -> list[str]:
    return PLACEHOLDER.findall(json.dumps(body))


def ask(client: openai.OpenAI, messages: list[Any]) -> str:
    completion = client.chat.completions.create(model="auto", messages=messages)
    return completion.choices[0].message.content or ""


def test_same_value_same_placeholder_in_every_turn(tmp_path: Path, trusted: FakeProvider) -> None:
    config = make_config(tmp_path, provider_config(trusted, "trusted", facts=TRUSTED))
    with serving(config, {"TIERGATE_PSEUDONYM_KEY": KEY}) as (_, client):
        answer = ask(client, CONVERSATION)
        later = [
            *CONVERSATION,
            {"role": "assistant", "content": answer},
            {"role": "user", "content": f"Now a short note to {EMAIL} only."},
        ]
        ask(client, later)
    first, second = trusted.received
    assert EMAIL not in json.dumps(trusted.received) and OTHER not in json.dumps(first)
    found = placeholders_in(first)
    assert len(found) == 5  # four times EMAIL, once OTHER
    email_ph = found[0]
    assert found.count(email_ph) == 4
    (other_ph,) = set(found) - {email_ph}
    assert set(placeholders_in(second)) == {email_ph, other_ph}
    assert placeholders_in(second).count(email_ph) == 6
    assert answer == "ECHO: " + CONVERSATION[-1]["content"]  # restored for the client


def first_placeholder(
    tmp_path: Path, trusted: FakeProvider, environ: dict[str, str], name: str
) -> str:
    """The placeholder EMAIL gets from a gateway of its own (audit database ``name``)."""
    folder = tmp_path / name
    folder.mkdir()
    config = make_config(folder, provider_config(trusted, "trusted", facts=TRUSTED))
    with serving(config, environ) as (_, client):
        ask(client, CONVERSATION[1:2])
    return placeholders_in(trusted.received.pop())[0]


def test_gateways_sharing_the_key_agree(tmp_path: Path, trusted: FakeProvider) -> None:
    shared = {"TIERGATE_PSEUDONYM_KEY": KEY}
    a = first_placeholder(tmp_path, trusted, shared, "a")
    b = first_placeholder(tmp_path, trusted, shared, "b")
    other_key = base64.b64encode(secrets.token_bytes(32)).decode()
    c = first_placeholder(tmp_path, trusted, {"TIERGATE_PSEUDONYM_KEY": other_key}, "c")
    d = first_placeholder(tmp_path, trusted, {}, "d")  # no key: a random one of its own
    assert a == b
    assert len({a, c, d}) == 3


def test_a_separate_serve_process_agrees(tmp_path: Path, trusted: FakeProvider) -> None:
    in_process = first_placeholder(tmp_path, trusted, {"TIERGATE_PSEUDONYM_KEY": KEY}, "a")
    config = write_config(
        tmp_path / "gateway.yaml", provider_config(trusted, "trusted", facts=TRUSTED)
    )
    env = clean_env(tmp_path, TIERGATE_PSEUDONYM_KEY=KEY)
    with (
        serving_process(tmp_path, env, "--config", str(config)) as served,
        openai.OpenAI(base_url=served.openai_base_url, api_key="x", max_retries=0) as client,
    ):
        answer = ask(client, CONVERSATION[1:2])
    assert placeholders_in(trusted.received.pop()) == [in_process]
    assert answer == "ECHO: " + CONVERSATION[1]["content"]
