"""Text plumbing for the detector: normalising, sentences, clauses, numbers and dates."""

from __future__ import annotations

import re
from datetime import date, datetime

# Every replacement is one character for one, so offsets in the normalised text are offsets in
# the original and evidence can be cut from what the source actually said.
_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2022": "\n",
        "\u00b7": "\n",
    }
)


def normalise(text: str) -> str:
    """Straight quotes, plain dashes and spaces, bullets as line breaks; length unchanged."""
    return text.translate(_TRANSLATION)


# Words that end in a full stop without ending the sentence ("Det Supt. Jones", "St. Albans"),
# and single capitals, which are initials ("J. Smith").
_ABBREVIATION_BEFORE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|St|No|Nos|Supt|Insp|Sgt|Det|Ch|Cllr|Prof|Rev|Gen|Col|Lt|Capt|"
    r"Co|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx|vs|etc|cf|fig|para|e\.g|i\.e|"
    r"[A-Z])$"
)
_SENT_END = re.compile(r"""[.!?]+["')\]]*(?=\s+["'(\[]?[A-Z0-9])|\n+""")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; line breaks always end one (bullets, headings)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        at = m.start()
        if text[at] == "." and _ABBREVIATION_BEFORE.search(text, max(start, at - 7), at):
            continue
        end = m.end()
        if start < end:
            spans.append(_trim(text, start, end))
        start = end
    if start < len(text):
        spans.append(_trim(text, start, len(text)))
    return [(s, e) for s, e in spans if s < e]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Where one clause ends and the next begins: the words that open a subordinate or coordinate
# clause carry their own tense and time ("has been removed ... after it was placed there in 2022").
# After an auxiliary, "since" is an adverb in the same clause ("HMICFRS has since closed ...").
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s-\s|\(|\)"
    r"|,\s*(?=(?:which|who|whom|whose|that|but|although|though|while|whilst|whereas|when|after|"
    r"before|since|until|following|having|as|because|and|so|meaning|with|joining|unlike|like|"
    r"however|despite)\b)"
    r"|(?<!\bhas)(?<!\bhave)(?<!\bhad)(?<!\bhaving)(?<!'ve)"
    r"\s+(?=(?:but|although|though|whereas|while|whilst|after|before|since|until|because|when|"
    r"following|once|unless|if|despite)\b)",
    re.IGNORECASE,
)


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a sentence, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans or [(0, len(sentence))]


NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "both": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}

NUM = (
    r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)"
    r"(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
)


def number_value(token: str) -> int | None:
    """The value of "three", "3", "twenty-one", "a dozen"; None when it is not a number."""
    t = token.strip().lower()
    if t.isdigit():
        return int(t)
    if t in ("dozen", "a dozen"):
        return 12
    parts = re.split(r"[\s-]+", t)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return NUMBER_WORDS.get(t)


# Month names and their usual abbreviations, as dates are printed on UK sites.
MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_TEXT_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b")
_DMY_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def published_date(published: object) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of a published value: a date, a datetime or a common string."""
    if isinstance(published, datetime | date):
        return published.year, published.month, published.day
    if not isinstance(published, str) or not published:
        return None
    m = _ISO_DATE.search(published)
    if m and 1 <= int(m.group(2)) <= 12:
        day = int(m.group(3)) if m.group(3) else None
        return int(m.group(1)), int(m.group(2)), day
    m = _TEXT_DATE.search(published)
    if m and m.group(2).lower() in MONTHS:
        return int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))
    m = _DMY_DATE.search(published)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(3)), int(m.group(2)), int(m.group(1))
    return None


MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)


def month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))
