"""A provider's cookies are not kept: one client's call must not carry state that a provider
set while answering another client (nor tell the provider which calls come from one place)."""

from __future__ import annotations

import openai

from tiergate.testing import FakeProvider, Reply


def test_a_cookie_set_by_a_provider_is_never_sent_back(
    oai: openai.OpenAI, cheap: FakeProvider
) -> None:
    cheap.script(Reply(headers={"set-cookie": "session=from-the-provider; Path=/"}))
    for _ in range(2):
        oai.chat.completions.create(model="auto", messages=[{"role": "user", "content": "hi"}])
    assert len(cheap.headers) == 2
    assert "cookie" not in cheap.headers[1]
