"""The one vocabulary: event types, monitoring states, PEEL grades and inspection areas."""

from __future__ import annotations

import re

ENGAGE_ENTERED = "engage_entered"
ENGAGE_EXITED = "engage_exited"
CONCERN_RAISED = "concern_raised"
CONCERN_CLOSED = "concern_closed"
PEEL_GRADED = "peel_graded"
AOI_RAISED = "aoi_raised"
AOI_CLOSED = "aoi_closed"

EVENT_TYPES = (
    ENGAGE_ENTERED,
    ENGAGE_EXITED,
    CONCERN_RAISED,
    CONCERN_CLOSED,
    PEEL_GRADED,
    AOI_RAISED,
    AOI_CLOSED,
)

# The inspectorate's two monitoring phases: Scan is routine, Engage is enhanced.
SCAN = "scan"
ENGAGE = "engage"
MONITORING_STATES = (SCAN, ENGAGE)

OUTSTANDING = "outstanding"
GOOD = "good"
ADEQUATE = "adequate"
REQUIRES_IMPROVEMENT = "requires improvement"
INADEQUATE = "inadequate"

# Best first; "adequate" only exists from PEEL 2021/22 onward.
GRADES = (OUTSTANDING, GOOD, ADEQUATE, REQUIRES_IMPROVEMENT, INADEQUATE)

SOURCE_KINDS = ("inspectorate", "force", "pcc", "press", "news")

_GRADE_RE = re.compile(
    r"\b(?:(?P<ri>requires?|requiring|required|needs?|needing)[\s-]+improvement"
    r"|(?P<ina>inadequate)|(?P<ade>adequate)|(?P<out>outstanding)|(?P<good>good))\b"
    r"|^\s*(?P<abbr>RI)\s*$",
    re.IGNORECASE,
)


def normalise_grade(text: str | None) -> str | None:
    """Map a grade as written ("'Requires Improvement'", "inadequate.", "RI") to a GRADES value."""
    if not text:
        return None
    m = _GRADE_RE.search(text)
    if m is None:
        return None
    if m.group("ri") or m.group("abbr"):
        return REQUIRES_IMPROVEMENT
    if m.group("ina"):
        return INADEQUATE
    if m.group("ade"):
        return ADEQUATE
    if m.group("out"):
        return OUTSTANDING
    return GOOD


INVESTIGATIONS = "investigations"
VULNERABLE_PEOPLE = "vulnerable people"
SEX_OFFENDER_MANAGEMENT = "sex offender management"
ONLINE_CHILD_ABUSE = "online child abuse"
CUSTODY = "custody"
CALL_HANDLING = "999 call handling"
CRIME_RECORDING = "crime recording"
LEADERSHIP = "leadership"
PUBLIC_TREATMENT = "public treatment"
NEIGHBOURHOOD_POLICING = "neighbourhood policing"
MANAGING_OFFENDERS = "managing offenders"
WORKFORCE = "workforce"
USE_OF_RESOURCES = "use of resources"
SERIOUS_ORGANISED_CRIME = "serious organised crime"
VETTING = "vetting"

AREAS = (
    INVESTIGATIONS,
    VULNERABLE_PEOPLE,
    SEX_OFFENDER_MANAGEMENT,
    ONLINE_CHILD_ABUSE,
    CUSTODY,
    CALL_HANDLING,
    CRIME_RECORDING,
    LEADERSHIP,
    PUBLIC_TREATMENT,
    NEIGHBOURHOOD_POLICING,
    MANAGING_OFFENDERS,
    WORKFORCE,
    USE_OF_RESOURCES,
    SERIOUS_ORGANISED_CRIME,
    VETTING,
)

# Order matters only for ties at the same position: the more specific area comes first, so
# "online child abuse offenders" is not read as offender management.
_AREA_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        ONLINE_CHILD_ABUSE,
        r"online\s+child\s+(?:sexual\s+)?(?:abuse|exploitation)|child\s+sexual\s+(?:abuse\s+and\s+)?"
        r"exploitation\s+online|\bOCSEA?\b|\bOCSET\b|indecent\s+images(?:\s+of\s+children)?"
        r"|online\s+(?:child\s+)?(?:sexual\s+)?offend\w*|(?:child\s+abuse|CSAM)\s+offenders?\s+online",
    ),
    (
        SEX_OFFENDER_MANAGEMENT,
        r"(?:registered\s+)?sex(?:ual)?\s+offenders?|\bRSOs?\b|sex\s+offender\s+management",
    ),
    (
        CRIME_RECORDING,
        r"crime\s+(?:data\s+integrity|recording)|record(?:s|ed|ing)?\s+(?:of\s+)?crimes?"
        r"|recording\s+(?:data\s+about\s+)?crime|crime\s+data",
    ),
    (
        CUSTODY,
        r"\bcustody\b|detainees?",
    ),
    (
        CALL_HANDLING,
        r"\b999\b|\b101\b|emergency\s+(?:and\s+non-emergency\s+)?calls?|call[\s-]+handling"
        r"|answer(?:s|ed|ing)?\s+(?:\w+\s+)?calls|respon(?:d|ds|ded|ding|se|ses)\s+to\s+"
        r"(?:the\s+)?(?:public|calls|emergenc\w+)|contact\s+(?:management|centre)|control\s+room",
    ),
    (
        INVESTIGATIONS,
        r"investigat(?:e|es|ed|ing|ions?|ive)\b|outcomes?\s+for\s+victims|results\s+for\s+victims",
    ),
    (
        VULNERABLE_PEOPLE,
        r"vulnerab(?:le|ility)|safeguard\w*|domestic\s+abuse|MARACs?|multi[\s-]agency\s+risk"
        r"|missing\s+(?:children|people|persons)|child\s+protection|protect(?:s|ed|ing)?\s+children",
    ),
    (
        SERIOUS_ORGANISED_CRIME,
        r"serious\s+(?:and\s+)?organised\s+crime|organised\s+crime|county\s+lines",
    ),
    (
        MANAGING_OFFENDERS,
        r"manag(?:e|es|ed|ing|ement\s+of)\s+(?:\w+\s+)?offenders|offender\s+management"
        r"|offenders\s+and\s+suspects|wanted\s+(?:people|persons|suspects)",
    ),
    (
        VETTING,
        r"vetting|counter[\s-]corruption|\bcorruption\b|professional\s+standards|misconduct",
    ),
    (
        PUBLIC_TREATMENT,
        r"treat(?:s|ed|ing|ment\s+of)?\s+(?:the\s+)?(?:public|people)|public\s+treatment"
        r"|legitimacy|stop\s+and\s+search|use\s+of\s+force|police\s+powers|fair(?:ly|ness)\b",
    ),
    (
        NEIGHBOURHOOD_POLICING,
        r"neighbourhood\s+policing|prevent(?:s|ed|ing)?\s+(?:crime|anti-?social)|crime\s+prevention"
        r"|anti-?social\s+behaviour|community\s+policing",
    ),
    (
        LEADERSHIP,
        r"leadership|force\s+management|strategic\s+planning|governance",
    ),
    (
        WORKFORCE,
        r"workforce|positive\s+workplace|wellbeing|well-being|recruit\w*|workplace",
    ),
    (
        USE_OF_RESOURCES,
        r"use\s+of\s+resources|value\s+for\s+money|efficien(?:cy|t(?:ly)?)\b|financ\w+|budget",
    ),
)

# Areas are matched on lower-cased text without IGNORECASE, which is several times faster.
_AREA_RES = tuple((area, re.compile(pat.lower())) for area, pat in _AREA_PATTERNS)
_AREA_ANY = re.compile("|".join(f"(?:{pat.lower()})" for _, pat in _AREA_PATTERNS))


def find_areas(text: str) -> list[str]:
    """Every area named in the text, in order of first mention, each once."""
    low = text.lower()
    if not low or _AREA_ANY.search(low) is None:
        return []
    hits: list[tuple[int, int, int, str]] = []
    for rank, (area, rx) in enumerate(_AREA_RES):
        m = rx.search(low)
        if m is not None:
            hits.append((m.start(), m.end(), rank, area))
    # A broad area whose words overlap a more specific one ("managing sex offenders") yields.
    kept = [
        h
        for h in hits
        if not any(o[2] < h[2] and o[0] < h[1] and h[0] < o[1] for o in hits if o is not h)
    ]
    kept.sort()
    return [area for _, _, _, area in kept]


def classify_area(sentence: str) -> str | None:
    """The first inspection area the sentence speaks of, or None."""
    found = find_areas(sentence)
    return found[0] if found else None
