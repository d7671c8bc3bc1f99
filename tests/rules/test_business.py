from collections.abc import Iterator

import pytest

import tiergate
from _util import assert_linear
from tiergate.detect import Scanner
from tiergate.detect.document import Document
from tiergate.rules.business import CUES, BusinessContext


def cues(text: str) -> set[str]:
    """The cue names behind the business-context findings of ``text``."""
    out: set[str] = set()
    for f in tiergate.classify(text).findings:
        if f.detector == "business-context":
            out.update(f.explanation.context)
    return out


POSITIVES = [
    (
        "Weekly product sync\n\nAttendees: product, design, data\n\nNotes\n- Checkout redesign "
        "is two weeks late.\n\nAction items:\n- Draft the Q3 roadmap by Friday",
        {"meeting-attendees", "meeting-actions", "plan"},
    ),
    (
        "Q3 roadmap\n\n- Launch the self-serve tier in August\n- Pipeline is $4.2M with 38 open "
        "deals; forecast for Q3 bookings is $1.1M",
        {"plan", "revenue-figure"},
    ),
    (
        "Dear customer,\n\nThank you for contacting support. Your ticket #482913 has been "
        "escalated to the billing team.\n\nKind regards,\nSupport",
        {"customer-greeting", "customer-reference"},
    ),
    (
        "Status update: ARR reached $12.4M this quarter, churn is flat.\nThe build server "
        "ci01.build.acme.internal is back online.",
        {"revenue-figure", "internal-host"},
    ),
    (
        "Ops notes\nThe runbook is at https://confluence.acme.com/display/OPS/Failover and the "
        "replica lives on db-replica.prod.corp; both were updated after the outage.",
        {"internal-host", "internal-host+"},
    ),
    (
        "Protokoll der Teamsitzung\n\nTeilnehmer: Vertrieb, Technik\nNächste Schritte:\n- "
        "Angebot bis Freitag verschicken",
        {"meeting-title", "meeting-attendees", "meeting-actions"},
    ),
    (
        "Compte rendu de réunion\nParticipants : équipe produit\nProchaines étapes :\n- envoyer "
        "le devis",
        {"meeting-title", "meeting-attendees", "meeting-actions"},
    ),
    (
        "Acta de la reunión\nAsistentes: equipo comercial\nPróximos pasos:\n- revisar el pedido "
        "#20931",
        {"meeting-title", "meeting-attendees", "meeting-actions"},
    ),
    (
        "会议纪要\n参会人员：产品部、市场部\n待办事项：\n1. 完成三季度路线图",
        {"meeting-title", "plan"},
    ),
    (
        "Hi Maria,\n\nThanks for reaching out. The refund for order #58213 was issued "
        "yesterday and should reach your card within a week.\n\nBest,\nCustomer Support",
        {"named-greeting", "customer-reference", "support-signature"},
    ),
    (
        "尊敬的客户：\n您的订单号：20240611 已发货，请注意查收。",
        {"customer-greeting", "customer-reference"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_agreeing_cues_make_business_context(text: str, expected: set[str]) -> None:
    got = cues(text)
    assert expected <= got
    assert len(got) >= 2
    assert tiergate.classify(text).tier == 2


NEGATIVES = [
    "What is ARR? Annual recurring revenue is a metric used by subscription companies.",
    "The pipeline in the build server failed because of a missing dependency.",
    "How to write meeting minutes: list the attendees, record the decisions and note the "
    "action items for each owner.",
    "Here is a template:\nAttendees:\nAgenda:\nAction items:",
    "Our Q3 goals are ambitious.",
    "The roadmap of the open-source project is public on the forum.",
    "Revenue is the income a company earns from selling goods, for example $100 of sales.",
    "import threading\nlocal = threading.local()\nvalue = self.internal.value",
    "Dear diary, today was a long day at the beach.",
    "Explain the difference between bookings and revenue in SaaS.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_single_cues_and_explainers_do_not_fire(text: str) -> None:
    assert cues(text) == set()
    assert tiergate.classify(text).tier == 1


@pytest.mark.parametrize(
    "text",
    [
        "Sensitivity: Internal\nNotes from the planning session.",
        "Classification: General\nTeam offsite logistics.",
        "Klassifizierung: Intern\nProtokoll der Abteilungsrunde.",
        "密级：内部\n工作安排",
    ],
)
def test_an_internal_label_is_tier_two(text: str) -> None:
    detectors = {f.detector for f in tiergate.classify(text).findings}
    assert "internal-classification-label" in detectors
    assert tiergate.classify(text).tier == 2


def test_cues_far_apart_are_not_one_context() -> None:
    filler = "\n".join(f"def f{i}(x):\n    return x + {i}" for i in range(600))
    text = "Attendees: data team\n" + filler + "\nAction items:\n- ship it"
    assert cues(text) == set()


def test_score_grows_with_agreeing_cues() -> None:
    two = "Attendees: data team\nAction items:\n- ship it"
    three = "Meeting minutes\nAttendees: data team\nAction items:\n- ship it"

    def score(text: str) -> float:
        return max(f.score for f in tiergate.classify(text).findings if f.category == "BUSINESS")

    assert 0.5 <= score(two) < score(three)


class ModelCue:
    """A stand-in for a learned classifier: no keywords, one probability for the text."""

    name = "model"
    keywords: tuple[str, ...] = ()

    def find(self, doc: Document) -> Iterator[tuple[int, int, float]]:
        yield 0, len(doc.data), 0.45


def test_a_model_plugs_in_as_one_more_cue() -> None:
    detector = BusinessContext(id="business-context-model", cues=(*CUES, ModelCue()))
    assert detector.keywords == ()  # a keyword-less source runs on every text
    scanner = Scanner([detector])
    text = "Attendees: data team, and the rest is ordinary prose."
    assert {f.detector for f in scanner.scan(text)} == {"business-context-model"}
    assert Scanner([BusinessContext()]).scan(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Attendees:\n" * 90_000,
        "ticket #12345 " * 70_000,
        "ARR $1M " * 120_000,
        "From: x\nTo: y\n" * 70_000,
        "a.b.corp " * 110_000,
        "Dear customer,\n" * 60_000,
    ],
)
def test_linear_on_pathological_input(text: str) -> None:
    detector = BusinessContext()
    scanner = Scanner([detector])
    assert_linear(lambda t: list(detector.detect(scanner.document(t))), text)
