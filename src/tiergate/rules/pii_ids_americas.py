"""Identity and tax numbers of the Americas: US SSN and ITIN, CA SIN, BR CPF, MX CURP, ….

The US SSN has no checksum, so it needs context and the ranges that are never issued are
dropped (area 000, 666 or 900–999, group 00, serial 0000). Values published as examples
(078-05-1120 from the Woolworth wallet insert, 219-09-9999 from an SSA leaflet, 123-45-6789)
are reported as test data. The dotted CPF and the CURP are found without context too.
"""

from __future__ import annotations

from stdnum.ar import cuit as ar_cuit
from stdnum.br import cnpj as br_cnpj
from stdnum.br import cpf as br_cpf
from stdnum.ca import sin as ca_sin
from stdnum.cl import rut as cl_rut
from stdnum.mx import curp as mx_curp
from stdnum.mx import rfc as mx_rfc
from stdnum.us import itin as us_itin

from tiergate.findings import Category
from tiergate.rules._idrule import (
    NATIONAL_ID_WORDS,
    SOCIAL_WORDS,
    TAX_WORDS,
    IdRule,
    compact,
    distinctive,
    has_separators,
    id_rule,
    known,
    national_id,
    stdnum_check,
    words,
)


def us_ssn_ranges(value: str) -> bool:
    """Issued SSN ranges (since 2011 assigned at random): area not 000, 666 or 9xx, group
    not 00, serial not 0000; a separator, if any, used the same way twice."""
    parts = value.replace(" ", "-").split("-")
    if len(parts) not in (1, 3) or (len(parts) == 1 and len(value) != 9):
        return False
    d = compact(value)
    area, group, serial = d[:3], d[3:5], d[5:]
    if len(parts) == 3 and value[3] != value[6]:
        return False
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def mx_rfc_check(value: str) -> bool:
    """Mexican RFC of a person, with its check digit."""
    return bool(mx_rfc.is_valid(value, validate_check_digits=True))


_SSN_FAKES = known("078-05-1120", "219-09-9999", "457-55-5462", "123-45-6789")


def _us_ssn_test_data(value: str) -> bool:
    """Published fakes, the numbers reserved for advertising (987-65-4320 to 4329), and
    groups of one repeated digit each (``111-22-3333``, as in documentation)."""
    digits = compact(value)
    if _SSN_FAKES(value) or len(set(digits)) == 1 or digits.startswith("98765432"):
        return True
    groups = (digits[:3], digits[3:5], digits[5:])
    return all(len(set(g)) == 1 for g in groups)


RULES: list[IdRule] = [
    id_rule(
        id="us-ssn",
        type="SSN",
        category=Category.PII,
        pattern=r"\b[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4}\b",
        validators=(us_ssn_ranges,),
        context=words(
            "ssn|ssn#|ss#|ss #|ssns|social security|social security number|soc sec|soc. sec."
            "|social sec|social security no|número de seguro social|seguro social"
            "|numéro de sécurité sociale américain|us-sozialversicherungsnummer"
            "|社会安全号码|社会安全号|社安号|社會安全號碼"
        ),
        weak_context=tuple(w for w in SOCIAL_WORDS + TAX_WORDS if w != "social insurance"),
        test_data=_us_ssn_test_data,
        note="US Social Security number (issued ranges)",
    ),
    national_id(
        "us-itin",
        pattern=(r"\b9[0-9]{2}[- ]?(?:5[0-9]|6[0-5]|7[0-9]|8[0-8]|9[0-24-9])[- ]?[0-9]{4}\b"),
        validators=(stdnum_check("us_itin", us_itin.is_valid),),
        context=words(
            "itin:|itin no|itin number|itin#|individual taxpayer identification number"
            "|taxpayer identification number"
            "|número de identificación personal del contribuyente"
        ),
        weak_context=TAX_WORDS,
        note="US Individual Taxpayer Identification Number",
    ),
    national_id(
        "ca-sin",
        pattern=r"\b[1-79][0-9]{2}[- ]?[0-9]{3}[- ]?[0-9]{3}\b",
        validators=(stdnum_check("ca_sin", ca_sin.is_valid),),
        context=words(
            "social insurance number|sin number|sin no|sin#|sin:|sin #"
            "|numéro d'assurance sociale|numero d'assurance sociale|nas:|n.a.s."
            "|assurance sociale|canadian sin"
        ),
        weak_context=SOCIAL_WORDS,
        note="Canadian Social Insurance Number (Luhn)",
    ),
    national_id(
        "mx-rfc",
        pattern=r"\b(?:[A-Z&]|Ñ){4}[0-9]{6}[A-Z0-9]{3}\b",
        validators=(mx_rfc_check,),
        context=words("r.f.c.|rfc:|rfc no|registro federal de contribuyentes|clave rfc"),
        weak_context=TAX_WORDS,
        note="Mexican tax number of a person (RFC, check digit)",
    ),
    national_id(
        "cl-rut",
        pattern=r"\b[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}-?[0-9Kk]\b",
        validators=(stdnum_check("cl_rut", cl_rut.is_valid),),
        context=words(
            "rut|r.u.t.|rol único tributario|rol unico tributario|r.u.n.|rol único nacional"
        ),
        weak_context=TAX_WORDS + NATIONAL_ID_WORDS,
        note="Chilean RUT/RUN (mod 11)",
    ),
    national_id(
        "ar-cuit",
        pattern=r"\b[0-9]{2}-?[0-9]{8}-?[0-9]\b",
        validators=(stdnum_check("ar_cuit", ar_cuit.is_valid),),
        context=words("cuit|cuil|c.u.i.t.|clave única de identificación tributaria"),
        weak_context=TAX_WORDS,
        note="Argentinian CUIT/CUIL (mod 11)",
    ),
    id_rule(
        id="br-cnpj",
        type="ORGANIZATION",
        category=Category.BUSINESS,
        pattern=r"\b[0-9]{2}\.?[0-9]{3}\.?[0-9]{3}/?[0-9]{4}-?[0-9]{2}\b",
        validators=(stdnum_check("br_cnpj", br_cnpj.is_valid),),
        context=words("cnpj|c.n.p.j.|cadastro nacional da pessoa jurídica"),
        note="Brazilian company registration number (CNPJ): a company, not a person",
    ),
]

BARE: list[IdRule] = [
    national_id(
        "br-cpf",
        pattern=r"\b[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}\b",
        validators=(stdnum_check("br_cpf", br_cpf.is_valid),),
        bare=has_separators,
        context=words(
            "cpf|c.p.f.|cadastro de pessoas físicas|cadastro de pessoa física"
            "|cadastro de pessoas fisicas"
        ),
        weak_context=TAX_WORDS + NATIONAL_ID_WORDS,
        test_data=known("111.444.777-35", "123.456.789-09"),
        note="Brazilian individual taxpayer number (CPF, two check digits)",
    ),
    national_id(
        "mx-curp",
        pattern=r"\b[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]\b",
        validators=(stdnum_check("mx_curp", mx_curp.is_valid),),
        bare=distinctive,
        context=words(
            "curp|clave única de registro de población|clave unica de registro de poblacion"
        ),
        weak_context=NATIONAL_ID_WORDS,
        note="Mexican population registry key (CURP, birth date and check digit)",
    ),
]
