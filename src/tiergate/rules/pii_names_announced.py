"""Person names where the text announces them: after a title (``Mr``, ``Dr``, ``Herr``,
``Mme``, ``Sra.``), in a ``Name:`` field, in an introduction (``my name is``, ``je
m'appelle``, ``ich heiße``), after a salutation (``Dear``, ``Hallo``, ``Bonjour``) and under
a closing (``Best regards,``, ``Mit freundlichen Grüßen``), in several languages.

These rules are keyword-gated, so they also run on source code, where the gazetteer-based
``person-name`` detector (:mod:`tiergate.rules.pii_names`) does not.
"""

from __future__ import annotations

from tiergate.detect.rule import Rule
from tiergate.findings import Category
from tiergate.rules._person_names import (
    NAME_RUN,
    NAME_SUFFIX,
    ORG_OR_PLACE_AFTER,
    STOP_WORDS,
    fold,
    gazetteer,
    plain_word,
    wordy,
)


def name_like(value: str) -> bool:
    """Capitalised words that could be a name: not a stop word, not only English words."""
    g = gazetteer()
    folded = [fold(w) for w in value.split() if len(w.rstrip(".")) > 1]
    if not folded or any(f in STOP_WORDS or f in ORG_OR_PLACE_AFTER for f in folded):
        return False
    return not all(plain_word(g, f) or wordy(g, f) for f in folded)


def _announced(id_: str, lead: str, keywords: tuple[str, ...], score: float, note: str) -> Rule:
    return Rule(
        id=id_,
        type="PERSON",
        category=Category.PII,
        pattern=rf"(?:{lead})(?P<v>{NAME_RUN}{NAME_SUFFIX})",
        keywords=keywords,
        score=score,
        validators=(name_like,),
        filters=(),
        window=(48, 96),
        note=note,
    )


_TITLE_LEAD = (
    r"(?i:\b(?:mr|mrs|ms|mx|dr|prof|herr|frau|hr|fr|mme|mlle|sr|sra|srta|sig|sig\.ra|dott"
    r")\.?|\bmiss|\bsir|\bmadam|\bdame|\bm\.)[ ]+"
)
_FIELD_LEAD = (
    r"(?i:\b(?:full[ ]name|first[ ]name|last[ ]name|given[ ]name|family[ ]name|surname|name"
    r"|nom|prénom|nombre|apellidos?|nome|cognome|navn|naam|imię|nazwisko|vorname|nachname"
    r"|contact|customer|patient|employee|applicant|recipient|sender|author|attn))"
    r"[ \t]*(?:[:：][ \t]*|\?[ ]*(?:[A-Za-z]{2,10}:[ ]*)?)|(?:姓名|氏名|名前)[:：]?[ \t]*"
)
_INTRO_LEAD = (
    r"(?i:\b(?:my[ ]name[ ]is|my[ ]name's|i'm|i[ ]am|call[ ]me|calls[ ]me|it's[ ]under"
    r"|je[ ]m'appelle|ich[ ]heiße|ich[ ]heisse|mein[ ]name[ ]ist|me[ ]llamo|mi[ ]nombre[ ]es"
    r"|mi[ ]chiamo|meu[ ]nome[ ]é|mijn[ ]naam[ ]is))[ ]+"
)
_SALUTATION_LEAD = (
    r"(?i:\b(?:dear|hi|hello|hey|hallo|liebe|lieber|sehr[ ]geehrter?|bonjour|salut|cher|chère"
    r"|hola|estimad[oa]|querid[oa]|ciao|caro|cara|gentile|beste|geachte))[ ]+"
)
_SIGNATURE_LEAD = (
    r"(?i:(?:best|kind|warm)?[ ]?regards|cheers|thanks|thank[ ]you|sincerely|yours[ ]truly"
    r"|best[ ]wishes|mit[ ]freundlichen[ ]gr(?:ü|ue|u)(?:ß|ss)en|viele[ ]grüße|liebe[ ]grüße"
    r"|beste[ ]grüße|cordialement|bien[ ]à[ ]vous|saludos|atentamente|un[ ]saludo"
    r"|cordiali[ ]saluti|distinti[ ]saluti|met[ ]vriendelijke[ ]groet(?:en)?|groeten"
    r"|med[ ]vänliga[ ]hälsningar|vennlig[ ]hilsen|med[ ]venlig[ ]hilsen)[,.!]?[ \t]*\r?\n"
    r"[ \t>]*"
)

RULES = [
    _announced(
        "person-title",
        _TITLE_LEAD,
        ("mr. ", "mr ", "mrs. ", "mrs ", " ms.", " ms ", "\nms.", "\nms ", " mx.", "\ndr ",
         " dr.", " dr ", "\ndr.", " prof.", " prof ", "herr ", "frau ", " hr.", " fr.", "mme ",
         "mme.", "mlle", " sr.", " sra.", " sra ", "srta", " sig.", "dott.", "miss ", " sir ",
         "madam ", "dame ", " m. ", "\nm. "),
        0.85,
        "name after a title (Mr, Dr, Herr, Mme, Sra.)",
    ),
    _announced(
        "person-name-field",
        _FIELD_LEAD,
        ("name:", "name :", "name?", "nom:", "nom :", "prénom", "nombre:", "apellido", "nome:",
         "cognome", "navn:", "naam:", "imię", "nazwisko", "vorname", "nachname", "姓名", "氏名",
         "名前", "contact:", "customer:", "patient:", "employee:", "applicant:", "recipient:",
         "sender:", "author:", "attn"),
        0.85,
        "value of a name field",
    ),
    _announced(
        "person-introduction",
        _INTRO_LEAD,
        ("my name", "i'm ", "i am ", "call me", "calls me", "it's under", "m'appelle", "heiße",
         "heisse", "mein name", "me llamo", "mi nombre", "mi chiamo", "meu nome", "mijn naam"),
        0.8,
        "name in an introduction (my name is, je m'appelle, ich heiße)",
    ),
    _announced(
        "person-salutation",
        _SALUTATION_LEAD,
        ("dear ", "hi ", "hello ", "hey ", "hallo ", "liebe", "geehrte", "bonjour", "salut ",
         "cher ", "chère", "hola ", "estimad", "querid", "ciao ", "caro ", "cara ", "gentile",
         "beste ", "geachte"),
        0.75,
        "name after a salutation (Dear, Hallo, Bonjour)",
    ),
    _announced(
        "person-signature",
        _SIGNATURE_LEAD,
        ("regards", "cheers", "thanks", "thank you", "sincerely", "yours truly", "best wishes",
         "freundlichen", "grüße", "cordialement", "bien à vous", "saludos", "atentamente",
         "saluti", "groet", "hälsningar", "hilsen"),
        0.8,
        "name under a closing (Best regards, Mit freundlichen Grüßen)",
    ),
]  # fmt: skip
