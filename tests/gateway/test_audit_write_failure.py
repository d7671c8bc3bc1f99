"""When a request's audit record cannot be written, its answer is withheld: the client gets a
503 in its own format (never an unaudited answer, never a bare server error)."""

from __future__ import annotations

import anthropic
import openai
import pytest

from tiergate.audit.record import AuditRecord
from tiergate.audit.store import AuditError
from tiergate.testing import RunningGateway


@pytest.fixture
def broken_audit(gateway: RunningGateway, monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot_write(record: AuditRecord) -> int:  # what a full disk under the spool does
        raise AuditError("the audit spool cannot be written: No space left on device")

    monkeypatch.setattr(gateway.gateway.audit, "write", cannot_write)


@pytest.mark.usefixtures("broken_audit")
def test_openai_client_gets_503_and_no_answer(oai: openai.OpenAI) -> None:
    with pytest.raises(openai.APIStatusError) as exc:
        oai.chat.completions.create(model="auto", messages=[{"role": "user", "content": "hi"}])
    assert exc.value.status_code == 503
    body = exc.value.body
    assert isinstance(body, dict) and body["code"] == "audit_unavailable"
    assert "audit trail" in body["message"]


@pytest.mark.usefixtures("broken_audit")
def test_anthropic_client_gets_503_in_its_format(ant: anthropic.Anthropic) -> None:
    with pytest.raises(anthropic.APIStatusError) as exc:
        ant.messages.create(
            model="auto", max_tokens=50, messages=[{"role": "user", "content": "hi"}]
        )
    assert exc.value.status_code == 503
    body = exc.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    assert "audit trail" in body["error"]["message"]
