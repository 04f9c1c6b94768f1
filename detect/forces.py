"""The police forces of England and Wales under their canonical names, and the press's names for them."""

from __future__ import annotations

import re

from .text import normalise

# canonical name, place names (as written before "Police"/"Constabulary"), short forms that stand
# alone, and whether the bare place name already means the force in running text.
_FORCE_DATA: tuple[tuple[str, tuple[str, ...], tuple[str, ...], bool], ...] = (
    ("Avon and Somerset Constabulary", ("Avon and Somerset",), (), True),
    ("Bedfordshire Police", ("Bedfordshire", "Beds"), (), False),
    ("Cambridgeshire Constabulary", ("Cambridgeshire", "Cambs"), (), False),
    ("Cheshire Constabulary", ("Cheshire",), (), False),
    ("City of London Police", ("City of London",), (), False),
    ("Cleveland Police", ("Cleveland",), (), False),
    ("Cumbria Constabulary", ("Cumbria",), (), False),
    ("Derbyshire Constabulary", ("Derbyshire",), (), False),
    ("Devon and Cornwall Police", ("Devon and Cornwall",), (), True),
    ("Dorset Police", ("Dorset",), (), False),
    ("Durham Constabulary", ("Durham",), (), False),
    ("Dyfed-Powys Police", ("Dyfed-Powys", "Dyfed Powys"), ("Heddlu Dyfed-Powys",), True),
    ("Essex Police", ("Essex",), (), False),
    ("Gloucestershire Constabulary", ("Gloucestershire", "Glos"), (), False),
    ("Greater Manchester Police", ("Greater Manchester",), ("GMP",), True),
    ("Gwent Police", ("Gwent",), ("Heddlu Gwent",), False),
    (
        "Hampshire and Isle of Wight Constabulary",
        (
            "Hampshire and Isle of Wight",
            "Hampshire and the Isle of Wight",
            "Hampshire and IoW",
            "Hampshire and IOW",
            "Hampshire",
        ),
        (),
        False,
    ),
    ("Hertfordshire Constabulary", ("Hertfordshire", "Herts"), (), False),
    ("Humberside Police", ("Humberside",), (), False),
    ("Kent Police", ("Kent",), (), False),
    ("Lancashire Constabulary", ("Lancashire", "Lancs"), (), False),
    ("Leicestershire Police", ("Leicestershire", "Leics"), (), False),
    ("Lincolnshire Police", ("Lincolnshire", "Lincs"), (), False),
    ("Merseyside Police", ("Merseyside",), (), False),
    (
        "Metropolitan Police Service",
        ("Metropolitan", "Met", "London Metropolitan"),
        ("the Met", "Scotland Yard", "MPS"),
        False,
    ),
    ("Norfolk Constabulary", ("Norfolk",), (), False),
    ("North Wales Police", ("North Wales",), ("Heddlu Gogledd Cymru",), False),
    ("North Yorkshire Police", ("North Yorkshire", "North Yorks"), ("NYP",), False),
    ("Northamptonshire Police", ("Northamptonshire", "Northants"), (), False),
    ("Northumbria Police", ("Northumbria",), (), False),
    ("Nottinghamshire Police", ("Nottinghamshire", "Notts"), (), False),
    ("South Wales Police", ("South Wales",), ("Heddlu De Cymru",), False),
    ("South Yorkshire Police", ("South Yorkshire", "South Yorks"), ("SYP",), False),
    ("Staffordshire Police", ("Staffordshire", "Staffs"), (), False),
    ("Suffolk Constabulary", ("Suffolk",), (), False),
    ("Surrey Police", ("Surrey",), (), False),
    ("Sussex Police", ("Sussex",), (), False),
    ("Thames Valley Police", ("Thames Valley",), ("TVP",), True),
    ("Warwickshire Police", ("Warwickshire", "Warks"), (), False),
    ("West Mercia Police", ("West Mercia",), (), True),
    ("West Midlands Police", ("West Midlands",), ("WMP",), False),
    ("West Yorkshire Police", ("West Yorkshire", "West Yorks"), ("WYP",), False),
    ("Wiltshire Police", ("Wiltshire", "Wilts"), (), False),
    ("British Transport Police", ("British Transport", "Transport"), ("BTP",), False),
)

FORCES: tuple[str, ...] = tuple(row[0] for row in _FORCE_DATA)
TERRITORIAL_FORCES: tuple[str, ...] = tuple(f for f in FORCES if f != "British Transport Police")


def _key(name: str) -> str:
    """Lookup key: case, "&", hyphens, apostrophes and "the" do not matter."""
    s = name.replace("\u2019", "'").replace("&", " and ").lower()
    s = re.sub("[-\u2013\u2014]", " ", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    s = re.sub(r"^\s*the\s+", "", s)
    return " ".join(s.split())


_SUFFIXES = (
    "police",
    "constabulary",
    "police service",
    "police force",
    "force",
    "constabulary force",
)

_ALIASES: dict[str, str] = {}
_PLACE_TO_FORCE: dict[str, str] = {}
for _canon, _places, _shorts, _bare in _FORCE_DATA:
    _ALIASES[_key(_canon)] = _canon
    for _place in _places:
        _PLACE_TO_FORCE[_key(_place)] = _canon
        if _place not in ("Met", "Transport"):
            _ALIASES[_key(_place)] = _canon
        for _suffix in _SUFFIXES:
            _ALIASES[_key(f"{_place} {_suffix}")] = _canon
    for _short in _shorts:
        _ALIASES[_key(_short)] = _canon
_ALIASES[_key("Met")] = "Metropolitan Police Service"
_ALIASES[_key("Metropolitan Police")] = "Metropolitan Police Service"
_ALIASES[_key("Met Police")] = "Metropolitan Police Service"


def _place_pattern(place: str) -> str:
    """A place name as a regex that accepts "and"/"&" and a hyphen or space where it varies."""
    parts = []
    for word in place.split(" "):
        if word == "and":
            parts.append(r"(?:and|&)")
        else:
            parts.append(re.escape(word).replace(r"\-", r"[-\s]"))
    return r"\s+".join(parts)


def _alternation(names: list[str]) -> str:
    return "|".join(_place_pattern(n) for n in sorted(set(names), key=len, reverse=True))


_ALL_PLACES = [p for _, places, _, _ in _FORCE_DATA for p in places if p not in ("Transport",)]
_BARE_PLACES = [p for _, places, _, bare in _FORCE_DATA if bare for p in places]

# Words after a place name that make it some other body (a fire service, a council, a mayor).
_NOT_A_FORCE_AFTER = (
    r"(?!\s+(?:Fire|Combined|County|Council|Mayor|Ambulance|Air\s+Ambulance|Integrated|NHS|"
    r"Probation|Women|Local|Metro|Trains?|Railway|Health|Police\s+and\s+Crime\s+Panel|FRS|"
    r"Chamber|Housing|University|Wildlife|Partnership))"
)

# "Lincolnshire's chief constable" stands for the force as much as "Lincolnshire Police" does.
_SUFFIX_RE = (
    "(?:['\u2019]s)?"
    r"\s+(?i:police\s+force|police\s+service|police|constabulary|force"
    r"|(?:deputy\s+|assistant\s+)?chief\s+constable)"
    r"(?!\s+(?i:and\s+crime\s+panel))\b"
)

_FORCE_RE = re.compile(
    r"\b(?:"
    rf"(?P<suffixed>{_alternation([*_ALL_PLACES, 'Transport'])}){_SUFFIX_RE}"
    rf"|(?P<bare>{_alternation(_BARE_PLACES)})\b{_NOT_A_FORCE_AFTER}"
    r"|(?P<short>WMP|GMP|BTP|TVP|SYP|WYP|NYP|MPS|Scotland\s+Yard|Heddlu\s+Dyfed[-\s]Powys"
    r"|Heddlu\s+Gwent|Heddlu\s+Gogledd\s+Cymru|Heddlu\s+De\s+Cymru)\b"
    r"|(?P<met>[Tt]he\s+Met)\b(?!\s+(?:Office|Opera|Gala|Museum|Éireann|Ball))"
    "|(?P<metword>Met)(?=['\u2019]s\\b|"
    r"\s+(?:[Cc]ommissioner|officers?|[Cc]hief|[Pp]olice|force|"
    r"detectives?|leaders?|bosses)\b)"
    r"|(?i:police|the\s+force)\s+(?i:in|for|covering)\s+(?:the\s+)?"
    rf"(?P<policein>{_alternation(_ALL_PLACES)})\b{_NOT_A_FORCE_AFTER}"
    r")"
)

# Bodies that are not police forces of England and Wales; a mention of one is never resolved to
# a force, and a sentence whose subject is one of them says nothing about a force.
_FOREIGN_RE = re.compile(
    r"\b(?:"
    r"(?:(?!(?:Police|Constabulary)\b)[A-Z][\w'\u2019&.-]*\s+"
    r"(?:(?:of|the|(?!(?:Police|Constabulary)\b)[A-Z][\w'\u2019&.-]*)\s+){0,4})?"
    r"(?:[Ff]ire\s+(?:and|&)\s+[Rr]escue(?:\s+(?:[Ss]ervices?|[Aa]uthority|[Aa]uthorities))?"
    r"|[Ff]ire\s+[Ss]ervices?|[Ff]ire\s+[Bb]rigade|FRSs?|[Ff]ire\s+[Aa]uthority)"
    r"|Police\s+Scotland|Police\s+Service\s+(?:of\s+)?Northern\s+Ireland|PSNI|Royal\s+Ulster"
    r"\s+Constabulary|Scottish\s+Police\s+Authority|Ministry\s+of\s+Defence\s+Police"
    r"|Civil\s+Nuclear\s+Constabulary|National\s+Crime\s+Agency|Isle\s+of\s+Man\s+Constabulary"
    r"|States\s+of\s+Jersey\s+Police|Guernsey\s+Police|An\s+Garda\s+Síochána|Garda\s+Síochána"
    r")"
)


def _canonical_for(m: re.Match[str]) -> str | None:
    group = m.lastgroup
    if group in ("met", "metword"):
        return "Metropolitan Police Service"
    text = m.group(group) if group else m.group(0)
    if group == "short":
        return _ALIASES.get(_key(text))
    return _PLACE_TO_FORCE.get(_key(text))


# The inspectorate's own name and the titles of police, fire and crime commissioners contain
# "Fire and Rescue" without naming a fire service.
_NOT_FOREIGN_BEFORE = re.compile(
    r"(?:Constabulary\s+(?:and|&)|Police,|Police\s+(?:and|&))\s*$", re.I
)
_NOT_FOREIGN_AFTER = re.compile(r"\s*(?:,|and|&)?\s*(?:Crime\b|Rescue\s+and\s+Crime\b)", re.I)


_FOREIGN_WORDS = (
    "fire", "frs", "scotland", "northern ireland", "psni", "ulster", "defence", "nuclear",
    "crime agency", "isle of man", "jersey", "guernsey", "garda",
)  # fmt: skip


def find_foreign(text: str) -> list[tuple[int, int]]:
    """Spans naming fire and rescue services or police bodies outside England and Wales."""
    low = text.lower()
    if not any(w in low for w in _FOREIGN_WORDS):
        return []
    text = normalise(text)
    out = []
    for m in _FOREIGN_RE.finditer(text):
        if _NOT_FOREIGN_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if _NOT_FOREIGN_AFTER.match(text, m.end()):
            continue
        out.append((m.start(), m.end()))
    return out


def find_forces(text: str) -> list[tuple[int, int, str]]:
    """Every mention of a force in the text as (start, end, canonical name), in order."""
    text = normalise(text)
    out: list[tuple[int, int, str]] = []
    foreign: list[tuple[int, int]] | None = None
    for m in _FORCE_RE.finditer(text):
        canon = _canonical_for(m)
        if canon is None:
            continue
        if foreign is None:
            foreign = find_foreign(text)
        if any(fs < m.end() and m.start() < fe for fs, fe in foreign):
            continue
        out.append((m.start(), m.end(), canon))
    return out


_PLACE_SUBJECT_RE = re.compile(
    rf"\b(?P<place>{_alternation(_ALL_PLACES)})\b{_NOT_A_FORCE_AFTER}"
    r"(?=\s+(?:was|is|has|had|were|have|are|remains|remained|became|becomes|received|receives|"
    r"got|scored|itself|now|also)\b)"
)
_LOCATIVE = frozenset(
    (
        "in", "across", "of", "for", "to", "from", "around", "near", "at", "the", "and", "or",
        "between", "throughout", "into", "within", "over", "under", "by", "through", "outside",
        "beyond",
        # "County Durham" names the place, as "in Durham" does.
        "county",
    )
)  # fmt: skip


def find_place_subjects(text: str) -> list[tuple[int, int, str]]:
    """Bare county names used as a clause's subject ("Norfolk was rated good"), read as the force.

    A bare place name is only a force when it does something; after a preposition ("in Kent")
    it is the place.
    """
    return _places(_PLACE_SUBJECT_RE, text)


_PLACE_RE = re.compile(rf"\b(?P<place>{_alternation(_ALL_PLACES)})\b{_NOT_A_FORCE_AFTER}")


def find_places(text: str) -> list[tuple[int, int, str]]:
    """County and force-area names standing as a noun, not after a preposition ("in Kent").

    A headline may name a force by its county alone ("Dorset moved into special measures").
    """
    return _places(_PLACE_RE, text)


def _places(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    """Matches of `pattern`'s place group read as forces, skipping those after a preposition."""
    text = normalise(text)
    out = []
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 20) : m.start()].split()
        if before and before[-1].lower() in _LOCATIVE:
            continue
        canon = _PLACE_TO_FORCE.get(_key(m.group("place")))
        if canon is not None:
            out.append((m.start(), m.end(), canon))
    return out


def resolve_force(name: str | None) -> str | None:
    """The canonical name for any name the press or the force itself uses, or None."""
    if not name:
        return None
    hit = _ALIASES.get(_key(name))
    if hit is not None:
        return hit
    if find_foreign(name):
        return None
    found = {canon for _, _, canon in find_forces(name)}
    return found.pop() if len(found) == 1 else None
