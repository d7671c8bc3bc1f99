"""Postal addresses: a street line, then what follows it (unit, city, region, postcode,
country), as one span.

A street line is found next to a street-type word, which also gates the detector:

- number first, type last (US, UK, AU, CA): ``221B Baker Street``, ``18 McPherson Rd.``;
- number first, type first (FR, ES, IT, PT): ``12 rue de la Paix``, ``5 Calle Mayor``;
- name first, number last (DE, AT, CH, NL, Nordics, PL, HU, IT, ES): ``Hauptstraße 5``,
  ``Koepenicker Str. 74``, ``Via Roma 131``, ``ul. Jarzębinowa 5``, ``Rákóczi út 66.``;
- post boxes and military addresses: ``P.O. Box 149``, ``PSC 3294, Box 9168``.

The lines after it are taken while they look like address parts: a unit (``Apt. 4``,
``Suite 200``), capitalised place names, a state or region code, a postcode, a country.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from tiergate.detect.document import Document
from tiergate.detect.rule import compile_re2
from tiergate.findings import Category, Explanation, Finding
from tiergate.rules._scan import keyword_windows
from tiergate.rules.pii_contact import ContextWords

_UP = r"[A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}\x{100}-\x{17F}\x{386}-\x{3AB}\x{400}-\x{42F}]"
_WORD = rf"(?:{_UP}[A-Za-z\x{{C0}}-\x{{24F}}\x{{386}}-\x{{3CE}}\x{{400}}-\x{{45F}}'’\-]*\.?)"
_LOWER = r"(?:[a-z\x{DF}-\x{24F}][a-z\x{DF}-\x{24F}'’\-]*)"
_NUM = r"\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?"

_SUFFIX_TYPES = (
    "Street|St|Avenue|Ave|Av|Road|Rd|Drive|Dr|Lane|Ln|Court|Ct|Boulevard|Blvd|Place|Pl|Square"
    "|Sq|Terrace|Tce|Parkway|Pkwy|Highway|Hwy|Way|Close|Crescent|Cres|Grove|Gardens|Circle|Cir"
    "|Trail|Row|Walk|Mews|Parade|Quay|Wharf|Alley|Plaza|Loop|Pike|Turnpike|Expressway|Freeway"
    "|Motorway|Causeway|Hill|Hills|Park|Green|Rise|View|Heights|Path|Point|Ridge|Union|Bridge"
    "|Creek|Cliffs?|Forges?|Squares|Parks|Extensions?|Gateway|Crossing|Estates?|Meadows?|Mills?"
    "|Pass|Springs?|Summit|Valley|Village|Vista|Harbou?r|Haven|Junction|Landing|Manor|Orchard"
    "|Pines|Shores?|Track|Trace|Cove|Glen|Fields?|Falls|Ferry|Ford|Gate|Knolls?|Oval|Ranch"
    "|Spur|Tunnel|Viaduct|Ville|Wells?|Strasse|Straße|Str|Weg|Allee|Platz|Gasse|Ring|Damm"
    "|Straat|Laan|Gracht|Plein|Kade|Dijk|Singel|Gade|Vej|Gatan|Vägen|Veien|Vegen|Katu|Tie|Kuja"
)
_PREFIX_TYPES = (
    r"rue|avenue|av\.|avda\.?|avenida|boulevard|bd\.?|place|chemin|allée|impasse|quai|route"
    r"|cours|calle|c/|paseo|plaza|camino|carrer|via|viale|piazza|corso|vicolo|largo|rua"
    r"|travessa|praça|estrada|ul\.|al\.|aleja|plac|trg|odos|rambla|ronda|strada"
)
_GLUED_TYPES = (
    r"straße|strasse|str\.|gasse|weg|allee|platz|ring|damm|straat|laan|gracht|plein|kade|dijk"
    r"|singel|gade|vej|gatan|gata|vägen|väg|veien|vegen|vegur|stræti|straeti|stien|katu|tie"
    r"|kuja|polku|torget|utca|vænget"
)
_AFTER_NAME_TYPES = r"str\.|straße|strasse|weg|allee|platz|gasse|út|utca|u\.|tér|körút|sor|krt\."

STREET_PATTERN = (
    # 221B Baker Street / 18 McPherson Rd.
    rf"(?:{_NUM}[ ]+)?{_NUM}[ ]+(?:(?:{_WORD}|\d{{1,3}}(?:st|nd|rd|th))[ ]+){{1,5}}"
    rf"(?:{_SUFFIX_TYPES})\b\.?"
    # 12 rue de la Paix / 5 Calle Mayor
    rf"|(?:{_NUM}[ ]+)?{_NUM},?[ ]+(?i:{_PREFIX_TYPES})[ ]+(?:{_WORD}|{_LOWER}|\d{{1,4}})"
    rf"(?:[ ](?:{_WORD}|{_LOWER}|\d{{1,4}})){{0,5}}"
    # Hauptstraße 5 / Koepenicker Str. 74 / Via Roma 131 / Rákóczi út 66.
    rf"|(?:{_NUM}[ ]+)?(?:{_WORD}[ ]+){{0,2}}"
    rf"(?:{_UP}[a-z\x{{DF}}-\x{{24F}}\-]*(?i:{_GLUED_TYPES})|{_WORD}[ ]+(?i:{_AFTER_NAME_TYPES})"
    rf"|(?i:{_PREFIX_TYPES})[ ]+(?:{_WORD}|{_LOWER})(?:[ ]+(?:{_WORD}|{_LOWER})){{0,3}})"
    rf"[ ]+{_NUM}\b\.?"
    # 20789 Allika 46, Suite 501: no street word, but a unit right after the number
    rf"|(?:{_NUM}[ ]+)?(?:{_WORD}[ ]+){{1,3}}{_NUM}\.?(?:[ ]*,)?[ ]*\n?[ ]*"
    r"(?i:apt\.?|apartment|suite|ste\.?|unit|flat)[ ]?#?\d{1,5}"
    # post boxes, US military addresses
    r"|(?:\d{1,6}[ ]+)?(?i:p\.?[ ]?o\.?[ ]?box|postbox|postfach|apartado(?:[ ]de[ ]correos)?"
    r"|bo[iî]te[ ]postale|case[ ]postale)[ ]+\d{1,6}"
    r"|(?:Unit|PSC)[ ]\d{1,5},?[ ]Box[ ]\d{1,5}|(?:USNS|USNV|USS|USCGC)[ ]" + _WORD
)

ADDRESS_KEYWORDS = (
    " street", " st.", " st ", " st,", " avenue", " ave ", " ave.", " ave,", " road", " rd.",
    " rd ", " rd,", " drive", " lane", " ln.", " ln ", " court", " ct.", " ct ", " ct,",
    " boulevard", " blvd", " place", " square", " terrace", " parkway", " highway", " hwy",
    " crescent", "straße", "strasse", "str.", "gasse", "weg ", "allee", "platz", " rue ",
    "chemin", "calle ", "avda", "avenida", "via ", "viale", "piazza", "corso ", "rua ", "ul.",
    "utca", " út", " tér", " u. ", "gade ", "gatan", "vej ", "veien", "vegen", "vägen",
    "katu ", "tie ", "kuja ", "straat", "laan ", "vegur", "stræti", "straeti", "torg ",
    "trg ", "p.o. box", "po box", "p. o. box", "postbox", "postfach", "apartado", "psc ",
    "usns ", "usnv ", "uss ", "apt. ", "apt ", "apartment", " suite ", "\nsuite ", "unit ",
    "flat ", "zip:", "zip code", "zipcode", "postcode", "postal code", "plz", "code postal",
    "código postal",
)  # fmt: skip
_POSTCODE_FIELD = (
    r"(?i:zip(?:[ ]?code)?|post[ ]?code|postal[ ]code|plz|code[ ]postal|código[ ]postal)"
    r"[ ]*[:#]?[ ]*(\d{3,6}(?:[- ]\d{2,4})?|[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}"
    r"|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)\b"
)
ADDRESS_CONTEXT = ContextWords(
    (
        "address", "addresses", "lives at", "located at", "live at", "ship to", "deliver",
        "delivery", "billing", "mailing", "postal", "residence", "resides", "moved to",
        "sent to", "send to", "return to", "office is", "meet", "anschrift", "adresse",
        "wohnhaft", "dirección", "domicilio", "indirizzo", "endereço", "morada", "adres",
        "adress", "osoite", "adresa", "cím", "地址", "住所",
    )
)  # fmt: skip

_UNIT = re.compile(
    r"(?:[ ]*,)?[ ]*(?:\n[ \t>]*)?(?:apt\.?|apartment|suite|ste\.?|unit|flat|floor|fl\.|room"
    r"|rm\.?|bldg\.?|building|box|#)[ ]?#?\d{1,5}[A-Za-z]?\.?",
    re.IGNORECASE,
)
_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:\n[ \t>]*)?|\n[ \t>]*(?:,[ \t]*)?|[ \t]+)")
_POSTCODE = (
    r"\d{4,6}(?:-\d{3,4})?|[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d"
    r"|\d{2}-\d{3}|\d{4}[ ][A-Z]{2}\b"
)
_PLACE_WORD = r"(?:[^\W\d_]{1,3}\.|[^\W\d_]+(?:[-'’.][^\W\d_]+)*|\([^\W\d_]+\))"
_SEGMENT = re.compile(
    rf"(?:{_POSTCODE})(?![\w]|[-/.:]\d)"
    rf"|(?:(?:[A-ZÀ-ÞĀ-ſΑ-ΩА-Я]{_PLACE_WORD}?|(?:de|del|la|le|do|da|am|an|der|sur|upon|on|en|di|nan)\b)"
    rf"(?:[ ](?:[A-ZÀ-ÞĀ-ſΑ-ΩА-Я(]{_PLACE_WORD}?|de|del|la|le|do|da|am|an|der|sur|upon|on|en|di)){{0,4}})"
    rf"(?:[ ](?:{_POSTCODE}))?(?![\w]|[-/.:]\d)"
)
_LABELS = frozenset(
    [
        "dob",
        "ssn",
        "tel",
        "tel.",
        "phone",
        "mobile",
        "cell",
        "fax",
        "email",
        "e-mail",
        "mail",
        "web",
        "website",
        "url",
        "dob:",
        "born",
        "date",
        "name",
        "note",
        "notes",
        "ref",
        "id",
        "iban",
        "bic",
        "vat",
        "tax",
        "card",
    ]
)
_TAIL_CHARS = 240


def _tail(text: str) -> tuple[int, int]:
    """How many characters of ``text`` (what follows a street line) continue the address,
    and how many address parts (units, places, postcodes) that is."""
    pos, parts, lines = 0, 0, 0
    while parts < 8:
        m = _UNIT.match(text, pos)
        if m:
            pos, parts = m.end(), parts + 1
            continue
        sep = _SEP.match(text, pos)
        if not sep or "\n\n" in sep.group():
            break
        newline = "\n" in sep.group()
        if newline and lines >= 4:
            break
        seg = _SEGMENT.match(text, sep.end())
        if not seg or text[seg.end() : seg.end() + 1] == ":":
            break
        if seg.group().split()[0].lower().rstrip(".:") in _LABELS:
            break
        pos, parts, lines = seg.end(), parts + 1, lines + newline
    return pos, parts


class AddressDetector:
    """Postal addresses, gated by street-type words."""

    id = "postal-address"
    keywords = ADDRESS_KEYWORDS
    context_words: frozenset[str] = frozenset()

    @functools.cached_property
    def regex(self) -> Any:
        return compile_re2(STREET_PATTERN)

    @functools.cached_property
    def postcode_regex(self) -> Any:
        return compile_re2(_POSTCODE_FIELD)

    def detect(self, doc: Document) -> Iterator[Finding]:
        data = doc.data
        last_end = -1
        for lo, hi in keyword_windows(doc, self.keywords, 96, 96):
            for m in self.regex.finditer(data, max(lo, last_end, 0), hi):
                start, end = m.span()
                if doc.is_word_byte(start - 1) or doc.is_word_byte(end):
                    continue
                while data[end - 1 : end] in (b" ", b","):
                    end -= 1
                text = data[end : end + _TAIL_CHARS * 2].decode("utf-8", "ignore")[:_TAIL_CHARS]
                used, parts = _tail(text)
                tail = text[:used].rstrip(" ,.\n\t>")
                end += len(tail.encode("utf-8"))
                last_end = end
                yield self.finding(doc, start, end, parts)
            for m in self.postcode_regex.finditer(data, lo, hi):
                start, end = m.span(1)
                if end > last_end and not doc.is_word_byte(end):
                    yield self.finding(doc, start, end, 1, "postcode field")

    def finding(self, doc: Document, start: int, end: int, parts: int, note: str = "") -> Finding:
        context = ADDRESS_CONTEXT.near(doc, start, end, 48, 8)
        score = 0.6 + (0.15 if parts else 0.0) + (0.15 if context else 0.0)
        return Finding(
            start=start,
            end=end,
            type="ADDRESS",
            category=Category.PII,
            detector=self.id,
            score=min(score, 0.95),
            explanation=Explanation(
                pattern=self.id,
                context=context,
                note=note or f"street line and {parts} more address part(s)",
            ),
        )


DETECTORS = [AddressDetector()]
