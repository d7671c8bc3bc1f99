"""What a person name looks like: the RE2 shape of a name, and the bundled name lists
(given names and surnames from the US SSA and Census files, public domain, with common
English words; ``data/person_names.txt.xz``), read once on first use. Shared by
:mod:`tiergate.rules.pii_names` and :mod:`tiergate.rules.pii_names_announced`.
"""

from __future__ import annotations

import functools
import lzma
import unicodedata
from dataclasses import dataclass
from importlib import resources

_UP = r"[A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}\x{100}-\x{17F}\x{391}-\x{3A9}\x{410}-\x{42F}]"
_LOW = r"[a-z\x{DF}-\x{F6}\x{F8}-\x{FF}\x{100}-\x{17F}\x{3AC}-\x{3CE}\x{430}-\x{45F}]"
NAME_WORD = rf"(?:Mc|Mac|O['’]|D['’])?{_UP}{_LOW}+(?:-{_UP}{_LOW}+)?"
_INITIAL = rf"{_UP}\.?"
_PARTICLE = r"(?:van|von|der|den|de|da|das|dos|del|della|di|du|le|la|ter|ten|bin|ibn|al|el|y)"
# a name of one to four words, with initials and particles (van, de, bin) between them
NAME_RUN = rf"{NAME_WORD}(?:[ ]+(?:{_INITIAL}[ ]+|{_PARTICLE}[ ]+)?{NAME_WORD}){{0,3}}"
# a run of two to seven capitalised words, which the name detector splits into names
NAME_SEQ = rf"{NAME_WORD}(?:[ ]+(?:{_INITIAL}[ ]+|{_PARTICLE}[ ]+)?{NAME_WORD}){{1,6}}"
NAME_SUFFIX = r"(?:,?[ ](?:Jr\.?|Sr\.?|II|III|IV))?"


@dataclass(frozen=True)
class Gazetteer:
    common_first: frozenset[str]  # very common given names: names even when also words
    first: frozenset[str]
    last: frozenset[str]
    words: frozenset[str]  # common lowercase English words


@functools.cache
def gazetteer() -> Gazetteer:
    """The bundled name lists (read once, on first use)."""
    raw = resources.files("tiergate.data").joinpath("person_names.txt.xz").read_bytes()
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in lzma.decompress(raw).decode("utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            current.append(line)
    common = frozenset(sections["first+"])
    return Gazetteer(
        common_first=common,
        first=common | frozenset(sections["first"]),
        last=frozenset(sections["last"]),
        words=frozenset(sections["word"]),
    )


@functools.lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """Lowercase ASCII form for look-ups: ``Sörös`` → ``soros``, ``O'Brien`` → ``obrien``."""
    decomposed = unicodedata.normalize("NFKD", token.lower())
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Capitalised words that are not names, or that end a name (a street, a company, a place).
STOP_WORDS = _set(
    """
    the a an and or but of in on at to for from by with as is it its this that these
    those i you he she we they my your his her our their me him us them not no yes if so
    do does monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december today tomorrow
    yesterday mr mrs ms miss dr prof sir madam dear hi hello hey thanks thank regards
    best cheers god jesus christ allah lord santa saint st north south east west
    northern southern eastern western central new old great upper lower street avenue
    road lane drive court place square boulevard way close terrace parkway highway park
    hill bridge river lake mount mountain island bay beach valley city county state
    province region district airport station port harbour harbor centre center inc ltd
    llc plc gmbh ag sa corp corporation company co group holdings bank university
    college school institute hospital clinic foundation association society club team
    party church ministry department agency council committee airlines records studios
    games press news times post journal magazine weekly daily tv radio media network
    labs software systems solutions services technologies international global national
    federal royal america american americas europe european africa african asia asian
    australia canada england english britain british france french germany german spain
    spanish italy italian china chinese japan japanese india indian russia russian
    mexico brazil ireland irish scotland scottish wales welsh sweden swedish norway
    danish denmark finland finnish iceland greece greek cyprus turkey poland polish
    dutch netherlands belgium austria switzerland portugal hungary czech israel egypt
    korea korean vietnam texas california florida york london paris berlin rome madrid
    washington chicago boston python java linux windows unix apple google microsoft
    amazon facebook twitter github unicode ascii utf http https html json xml api sql
    true false none null self cls hallo liebe lieber bonjour salut hola ciao caro cara
    gentile beste geachte herr frau mme mlle sra srta uruguay argentina chile peru
    colombia venezuela tunisia morocco algeria nigeria kenya ghana ethiopia pakistan
    bangladesh indonesia philippines thailand malaysia singapore ukraine romania
    bulgaria serbia croatia slovenia slovakia estonia latvia lithuania luxembourg monaco
    greenland zealand africa caribbean arabia emirates qatar kuwait iran iraq syria
    lebanon jordan saudi rica angeles los las san são sao
    mon tue tues wed thu thur thurs fri sat feb mar apr aug sep sept oct nov dec
    cloud manual perl git debian ubuntu posix gnu gnome emacs mesa mozilla gitlab texinfo
    """
)
ORG_OR_PLACE_AFTER = _set(
    """
    street st avenue ave road rd lane ln drive dr court ct place pl square sq boulevard
    blvd way close terrace parkway highway hwy park hill bridge river lake mountain
    island bay beach valley city county airport station inc ltd llc plc gmbh ag corp
    corporation company co group holdings bank university college school institute
    hospital foundation association society club church ministry department agency
    council committee airlines records studios press news times post journal magazine
    apt apartment suite unit floor box rue via calle avenida strasse straße gasse platz
    weg orchestra band technologies associates partners investments capital ventures
    consulting industries international union pass parks gateway extensions extension
    crossing heights gardens estates plaza trail route crescent grove mews row walk
    wharf quay rica angeles license licence licensed licenses licences root authority service
    services
    microsystems commons
    """
)


def plain_word(g: Gazetteer, folded: str) -> bool:
    """An English word that is not also a name."""
    return folded in g.words and folded not in g.first and folded not in g.last


def wordy(g: Gazetteer, folded: str) -> bool:
    """An English word that is also a (less common) name: Will, May, Love, Rip."""
    return folded in g.words and folded not in g.common_first
