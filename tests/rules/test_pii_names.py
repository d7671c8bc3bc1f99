import pytest

import tiergate
from _util import found
from tiergate.rules._person_names import fold, gazetteer
from tiergate.rules.pii_names import is_prose
from tiergate.rules.pii_names_announced import name_like


def people(text: str) -> list[tuple[str, str]]:
    result = tiergate.classify(text)
    return [(f.detector, f.value(text)) for f in result.findings if f.type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "detector", "value"),
    [
        # gazetteer and capitalisation
        ("I had lunch with Margaret Thompson yesterday.", "person-name", "Margaret Thompson"),
        ("Hanne I. Kreutzmann will give the keynote", "person-name", "Hanne I. Kreutzmann"),
        ("Producer James Sparks explained it.", "person-name", "James Sparks"),
        ("Jimmy Fallon Makes Blake Shelton Try Sushi", "person-name", "Jimmy Fallon"),
        ("Kevin Veitonen II was there", "person-name", "Kevin Veitonen II"),
        ("Amy: Remember me?\nBob: No.", "person-name", "Amy"),
        # e-mail local part matching a name in the same text
        ("Einojuhani Pyysalo\nEinojuhaniPyysalo@mail.fi", "person-name", "Einojuhani Pyysalo"),
        # titles
        ("Mr. Leiva flew to Oslo.", "person-title", "Leiva"),
        ("Sehr geehrter Herr Müller,", "person-title", "Müller"),
        ("Mme Dupont est arrivée", "person-title", "Dupont"),
        ("La Sra. García llegó", "person-title", "García"),
        # name fields
        ("Name: Toshimi Arata\nPhone: 0490 75 40 81", "person-name-field", "Toshimi Arata"),
        ("Nachname: Oberhuber", "person-name-field", "Oberhuber"),
        ("What's your last name? Magnusson", "person-name-field", "Magnusson"),
        # introductions
        ("My name is Rubija", "person-introduction", "Rubija"),
        ("Je m'appelle Amélie Poulain", "person-introduction", "Amélie Poulain"),
        ("Ich heiße Jürgen", "person-introduction", "Jürgen"),
        ("Me llamo Itziar Ituño", "person-introduction", "Itziar Ituño"),
        # salutations and signatures
        ("Hallo Svenja,\nwie geht's?", "person-salutation", "Svenja"),
        ("Best regards,\nQuilla Brandvoort", "person-signature", "Quilla Brandvoort"),
        ("Mit freundlichen Grüßen\nWaltraud Oberhuber", "person-signature", "Waltraud Oberhuber"),
        ("Cordialement,\nAzénor Kerbrat", "person-signature", "Azénor Kerbrat"),
    ],
)
def test_finds_people(text: str, detector: str, value: str) -> None:
    assert (detector, value) in people(text)


def test_lists_of_names() -> None:
    text = "They had 6: Gaetane, Hannah, Anthony, Derek, Anna and Andrew."
    values = {v for _, v in people(text)}
    assert {"Gaetane", "Hannah", "Anthony", "Derek", "Anna", "Andrew"} <= values


@pytest.mark.parametrize(
    "text",
    [
        "The Scott Street bridge is closed.",
        "We flew to Costa Rica and Los Angeles.",
        "Don't judge a book by its cover.",
        "Rose Hill Road is long",
        "Supposed To Hate",
        "name: Optional[str] = None",
        "Dear Team,",
        "I am Happy to help",
        "Reed Associates LLC",
        "Return Value",
        "Python, Java and Ruby",
        "221 Baker Street",
        # header fields, compounds, a licence's name across a comment, dates, products
        "Metadata-Version: 2.1\nLicense-File: COPYING\nClassifier: Topic :: Utilities\n"
        "Classifier: Operating System :: POSIX\n",
        "6.3,2.9,5.6,1.8,Iris-virginica\n5.8,2.7,5.1,1.9,Iris-virginica",
        "# under the terms of the GNU Lesser General Public\n# License as published by",
        '.\\" a copy of the GNU General Public\n.\\" License along with this manual',
        "By contrast, the GNU General Public\nLicenses are meant to keep software free.",
        "Released on Mon Mar 4 2024 by the build farm.",
        "Use Cloud Deploy to roll the release out.",
        "Built with Perl and Git on Debian.",
    ],
)
def test_ignores(text: str) -> None:
    assert people(text) == []


def test_source_code_yields_few_names() -> None:
    code = (
        "class ValueError(Exception):\n    pass\n\n"
        "def parse(self, name: str, value: int = None) -> Dict[str, Any]:\n"
        "    # Return True if the Value Error was raised\n"
        "    if value is None:\n        raise ValueError(name)\n"
        "    return {'Content-Type': 'text/plain', 'Max-Age': 10}\n"
    ) * 400
    assert len(code) > 4096 and not is_prose(code.encode())
    assert [f for f in tiergate.classify(code).findings if f.type == "PERSON"] == []


def test_in_code_only_announced_names_are_found() -> None:
    code = "# Author: Raymond Hettinger\n# thanks to Guido van Rossum\nx = {'a': [1, 2]}\n" * 200
    assert {v for _, v in people(code)} == {"Raymond Hettinger"}


def test_gazetteer_and_folding() -> None:
    g = gazetteer()
    assert {"john", "mary"} <= g.common_first
    assert {"smith", "garcia"} <= g.last
    assert "table" in g.words
    assert fold("Sörös") == "soros" and fold("O'Brien") == "obrien"


@pytest.mark.parametrize(
    ("value", "ok"),
    [("Jane Doe", True), ("Optional", False), ("Dear Team", False), ("Xiomara", True)],
)
def test_name_like(value: str, ok: bool) -> None:
    assert name_like(value) is ok


def test_name_with_date_of_birth_is_tier_3() -> None:
    result = tiergate.classify("Patient: Jane Doe, DOB: 1985-02-10")
    assert result.tier == 3
    assert {d for d, _ in found("Patient: Jane Doe, DOB: 1985-02-10")} >= {"date-of-birth"}


def test_speakers_and_names_next_to_those_shapes_are_found() -> None:
    speakers = {v for _, v in people("Halvard: Where were you?\nGreta: At home.")}
    assert {"Halvard", "Greta"} <= speakers
    assert ("person-name", "Iris Lindqvist") in people("Iris Lindqvist said it is ready.")


def test_tables_of_numbers_and_base64_are_not_prose() -> None:
    table = "\n".join(f"{i}.1,{i}.5,0.{i},Iris-setosa" for i in range(400)).encode()
    blocks = ("MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEw\n" * 120).encode()
    letter = ("Dear Ada, the meeting with Grace moved to Friday. " * 100).encode()
    assert not is_prose(table) and not is_prose(blocks) and is_prose(letter)
