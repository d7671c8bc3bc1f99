"""National identity and tax numbers of European countries, validated with python-stdnum.

Bare digit strings need a word naming the document near them; the formats that carry a
checksum and a distinctive layout (FR NIR, IT codice fiscale, ES DNI/NIE, FI HETU, the
dotted CH AHV and BE national number) are also found without one, at a lower score, by the
bare scan in :mod:`tiergate.rules.ungated_values`.
"""

from __future__ import annotations

from stdnum.at import vnr as at_vnr
from stdnum.be import nn as be_nn
from stdnum.ch import ssn as ch_ssn
from stdnum.de import idnr as de_idnr
from stdnum.dk import cpr as dk_cpr
from stdnum.es import dni as es_dni
from stdnum.es import nie as es_nie
from stdnum.fi import hetu as fi_hetu
from stdnum.fr import nif as fr_nif
from stdnum.fr import nir as fr_nir
from stdnum.gb import nhs as gb_nhs
from stdnum.ie import pps as ie_pps
from stdnum.it import codicefiscale as it_cf
from stdnum.nl import bsn as nl_bsn
from stdnum.no import fodselsnummer as no_fnr
from stdnum.pl import pesel as pl_pesel
from stdnum.pt import nif as pt_nif
from stdnum.se import personnummer as se_pnr

from tiergate.findings import Category
from tiergate.rules._idrule import (
    NATIONAL_ID_WORDS,
    SOCIAL_WORDS,
    TAX_WORDS,
    IdRule,
    compact,
    distinctive,
    has_separators,
    icao_check,
    id_rule,
    known,
    national_id,
    stdnum_check,
    words,
)


def de_ausweis_check(value: str) -> bool:
    """German identity card serial (since 2010): 9 characters and a 7-3-1 check digit."""
    v = compact(value)
    return len(v) == 10 and icao_check(v[:9], v[9])


def gb_nino_prefix(value: str) -> bool:
    """National Insurance number prefixes that are never issued."""
    return compact(value)[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


RULES: list[IdRule] = [
    national_id(
        "de-steuer-id",
        pattern=r"\b[1-9][0-9](?: ?[0-9]{3}){3}\b",
        validators=(stdnum_check("de_idnr", de_idnr.is_valid),),
        context=words(
            "steuer-id|steuerid|steuer id|steuer-idnr|steuerliche identifikationsnummer"
            "|steueridentifikationsnummer|identifikationsnummer|idnr|id-nr"
        ),
        weak_context=TAX_WORDS,
        test_data=known("36574261809", "86095742719"),
        note="German tax identification number (Steuer-IdNr)",
    ),
    national_id(
        "de-personalausweis",
        pattern=r"\b[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}[0-9]\b",
        validators=(de_ausweis_check,),
        context=words(
            "personalausweis|personalausweisnummer|ausweisnummer|ausweis-nr|ausweisnr"
            "|ausweis nr|ausweis|german id card|carte d'identité allemande"
        ),
        weak_context=NATIONAL_ID_WORDS,
        test_data=known("T220001293", "L01X00T471"),
        note="German identity card number (Personalausweis)",
    ),
    national_id(
        "fr-nif",
        pattern=r"\b[0-3][0-9](?: ?[0-9]){11}\b",
        validators=(stdnum_check("fr_nif", fr_nif.is_valid),),
        context=words(
            "numéro fiscal|numero fiscal|nif|numéro spi|identifiant fiscal"
            "|numéro fiscal de référence|avis d'imposition"
        ),
        weak_context=TAX_WORDS,
        note="French tax number (numéro fiscal, SPI)",
    ),
    national_id(
        "gb-nino",
        pattern=(
            r"\b(?:QQ|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b"
        ),
        validators=(gb_nino_prefix,),
        context=words(
            "national insurance|nino|ni number|ni no|ni#|nat ins|n.i. number"
            "|versicherungsnummer|numéro d'assurance nationale"
        ),
        weak_context=SOCIAL_WORDS,
        test_data=lambda v: compact(v).startswith("QQ") or compact(v) == "AB123456C",
        note="UK National Insurance number",
    ),
    id_rule(
        id="gb-nhs-number",
        type="MEDICAL_ID",
        category=Category.HEALTH,
        pattern=r"\b[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}\b",
        validators=(stdnum_check("gb_nhs", gb_nhs.is_valid),),
        context=words("nhs|nhs number|nhs no|nhs#|nhs-nummer|numéro nhs"),
        weak_context=words("patient|health service|medical record|hospital number|病历号"),
        test_data=lambda v: compact(v).startswith("999"),
        note="UK NHS number (mod 11)",
    ),
    national_id(
        "nl-bsn",
        pattern=r"\b[0-9]{4}\.?[0-9]{2}\.?[0-9]{3}\b",
        validators=(stdnum_check("nl_bsn", nl_bsn.is_valid),),
        context=words(
            "bsn|burgerservicenummer|sofinummer|sofi-nummer|sofi nummer|citizen service number"
        ),
        weak_context=NATIONAL_ID_WORDS + TAX_WORDS,
        test_data=known("111222333", "123456782"),
        note="Dutch citizen service number (BSN, 11-proof)",
    ),
    national_id(
        "pl-pesel",
        pattern=r"\b[0-9]{11}\b",
        validators=(stdnum_check("pl_pesel", pl_pesel.is_valid),),
        context=words("pesel|numer pesel|nr pesel|número pesel"),
        weak_context=NATIONAL_ID_WORDS,
        note="Polish PESEL (birth date and checksum)",
    ),
    national_id(
        "se-personnummer",
        pattern=r"\b(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}\b",
        validators=(stdnum_check("se_personnummer", se_pnr.is_valid),),
        context=words(
            "personnummer|personnr|person-nr|samordningsnummer|swedish personal identity number"
        ),
        weak_context=NATIONAL_ID_WORDS,
        note="Swedish personal identity number (birth date, Luhn)",
    ),
    national_id(
        "no-fodselsnummer",
        pattern=r"\b[0-9]{6} ?[0-9]{5}\b",
        validators=(stdnum_check("no_fodselsnummer", no_fnr.is_valid),),
        context=words("fødselsnummer|fodselsnummer|personnummer|d-nummer|f.nr|fnr"),
        weak_context=NATIONAL_ID_WORDS,
        note="Norwegian national identity number (two check digits)",
    ),
    national_id(
        "dk-cpr",
        pattern=r"\b[0-3][0-9][01][0-9]{3}-?[0-9]{4}\b",
        validators=(stdnum_check("dk_cpr", dk_cpr.is_valid),),
        context=words("cpr|cpr-nr|cpr nr|cpr-nummer|cpr number|personnummer"),
        weak_context=NATIONAL_ID_WORDS,
        note="Danish CPR number (birth date)",
    ),
    national_id(
        "at-svnr",
        pattern=r"\b[0-9]{4} ?[0-9]{6}\b",
        validators=(stdnum_check("at_vnr", at_vnr.is_valid),),
        context=words("sozialversicherungsnummer|svnr|sv-nr|sv-nummer|versicherungsnummer|e-card"),
        weak_context=SOCIAL_WORDS,
        note="Austrian social insurance number (Versicherungsnummer)",
    ),
    national_id(
        "pt-nif",
        pattern=r"\b[1-35-9][0-9]{2} ?[0-9]{3} ?[0-9]{3}\b",
        validators=(stdnum_check("pt_nif", pt_nif.is_valid),),
        context=words(
            "nif|número de contribuinte|numero de contribuinte|contribuinte"
            "|número de identificação fiscal"
        ),
        weak_context=TAX_WORDS,
        note="Portuguese tax number (NIF)",
    ),
    national_id(
        "ie-ppsn",
        pattern=r"\b[0-9]{7}[A-W][A-IW]?\b",
        validators=(stdnum_check("ie_pps", ie_pps.is_valid),),
        context=words("pps|ppsn|pps number|pps no|personal public service"),
        weak_context=SOCIAL_WORDS + TAX_WORDS,
        note="Irish Personal Public Service Number",
    ),
]

BARE: list[IdRule] = [
    national_id(
        "fr-nir",
        pattern=(
            r"\b[1-478] ?[0-9]{2} ?(?:0[1-9]|1[0-2]|[2-9][0-9]) ?(?:[0-9]{2}|2[AB])"
            r" ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}\b"
        ),
        validators=(stdnum_check("fr_nir", fr_nir.is_valid),),
        bare=distinctive,
        context=words(
            "nir|numéro de sécurité sociale|numero de securite sociale|n° de sécurité sociale"
            "|numéro insee|insee|carte vitale|numéro ss|n° ss|sécu"
        ),
        weak_context=SOCIAL_WORDS,
        note="French social security number (NIR, key mod 97)",
    ),
    national_id(
        "it-codice-fiscale",
        pattern=(
            r"\b(?i:[A-Z]{6}[0-9LMNP-V]{2}[ABCDEHLMPRST][0-9LMNP-V]{2}[A-Z][0-9LMNP-V]{3}[A-Z])\b"
        ),
        validators=(stdnum_check("it_codicefiscale", it_cf.is_valid),),
        bare=distinctive,
        context=words("codice fiscale|c.f.|cod. fisc.|cod.fisc."),
        weak_context=TAX_WORDS + NATIONAL_ID_WORDS,
        test_data=known("RSSMRA85T10A562S"),
        note="Italian fiscal code (birth date, place and check letter)",
    ),
    national_id(
        "es-dni",
        pattern=r"\b[0-9]{8}-?[A-HJ-NP-TV-Z]\b",
        validators=(stdnum_check("es_dni", es_dni.is_valid),),
        bare=distinctive,
        context=words("dni|d.n.i.|documento nacional de identidad|nif|n.i.f."),
        weak_context=NATIONAL_ID_WORDS + TAX_WORDS,
        test_data=known("12345678Z"),
        note="Spanish national identity number (DNI, check letter)",
    ),
    national_id(
        "es-nie",
        pattern=r"\b[XYZ]-?[0-9]{7}-?[A-HJ-NP-TV-Z]\b",
        validators=(stdnum_check("es_nie", es_nie.is_valid),),
        bare=distinctive,
        context=words("nie|n.i.e.|número de identidad de extranjero"),
        weak_context=NATIONAL_ID_WORDS + TAX_WORDS,
        note="Spanish foreigner identity number (NIE, check letter)",
    ),
    national_id(
        "fi-hetu",
        pattern=r"\b[0-3][0-9][01][0-9]{3}[-+A-FU-Y][0-9]{3}[0-9A-FHJ-NPR-Y]\b",
        validators=(stdnum_check("fi_hetu", fi_hetu.is_valid),),
        bare=distinctive,
        context=words(
            "henkilötunnus|hetu|personbeteckning|sosiaaliturvatunnus|finnish personal identity code"
        ),
        weak_context=NATIONAL_ID_WORDS,
        note="Finnish personal identity code (HETU, mod 31)",
    ),
    national_id(
        "ch-ahv",
        pattern=r"\b756\.?[0-9]{4}\.?[0-9]{4}\.?[0-9]{2}\b",
        validators=(stdnum_check("ch_ssn", ch_ssn.is_valid),),
        bare=has_separators,
        context=words(
            "ahv|avs|ahv-nummer|ahv-nr|avs-nr|numéro avs|numero avs|ahvn13|avs13"
            "|sozialversicherungsnummer|versichertennummer"
        ),
        weak_context=SOCIAL_WORDS,
        test_data=known("7561234567897"),
        note="Swiss social security number (AHV/AVS, EAN-13)",
    ),
    national_id(
        "be-national-number",
        pattern=r"\b[0-9]{2}\.?[0-9]{2}\.?[0-9]{2}-?[0-9]{3}\.?[0-9]{2}\b",
        validators=(stdnum_check("be_nn", be_nn.is_valid),),
        bare=has_separators,
        context=words(
            "rijksregisternummer|rijksregister|registre national|numéro national"
            "|numéro de registre national|insz|niss|national register number"
            "|nationaal nummer|nationalregisternummer"
        ),
        weak_context=NATIONAL_ID_WORDS + SOCIAL_WORDS,
        note="Belgian national register number (mod 97)",
    ),
]
