"""The extractor: from one article to the events it reports as news.

Each cue of the grammar is a verb phrase with a named verb group `v`. Whether a match is an
event is decided by its frame, not by the match: the auxiliaries before the verb (tense,
negation, modality, infinitive), the clause it sits in (relative, "since", "if") and the time
words there ("last year", a date well before the article's own). The force is the object of the
verb when one is named there, else the force the noun belongs to ("a cause of concern about
Essex Police"), else the nearest force named before the verb, else the force the article is
about. Last, the article as a whole decides what is history: a weakly worded raise in a story
about closures is the background to them.
"""

from __future__ import annotations

import itertools
import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date

from . import grammar as g
from . import vocab
from .forces import find_forces, find_foreign, find_place_subjects, find_places, resolve_force
from .model import Article, Event
from .text import (
    clause_spans,
    month_number,
    normalise,
    number_value,
    published_date,
    sentence_spans,
)

MIN_CONFIDENCE = 0.5
# A fortnight: news is reported within days, so anything dated earlier is history.
NEWS_DAYS = 14

_RAISE_TYPES = frozenset((vocab.CONCERN_RAISED, vocab.AOI_RAISED))
_CLOSE_TYPES = frozenset((vocab.CONCERN_CLOSED, vocab.AOI_CLOSED, vocab.ENGAGE_EXITED))
_AREA_TYPES = frozenset(
    (vocab.CONCERN_RAISED, vocab.CONCERN_CLOSED, vocab.AOI_RAISED, vocab.AOI_CLOSED)
)
# A plain past-tense sentence keeps the time of the sentence before it when that one opens by
# dating its story ("Inspectors visited in early 2025, ... They raised a cause of concern").
_CARRY_OVER_TYPES = frozenset(
    (vocab.CONCERN_RAISED, vocab.AOI_RAISED, vocab.ENGAGE_ENTERED, vocab.PEEL_GRADED)
)
_STRONG_TENSES = frozenset(("title", "perfect", "present", "ordinal"))
_UNDATED_TENSES = frozenset(("title", "perfect", "present"))
# A story of a force's closures or exit tells of the matching earlier troubles as history: a
# weakly worded raise (simple past, no date) there is background.
_CLOSED_BY: dict[str, frozenset[str]] = {t: frozenset() for t in vocab.EVENT_TYPES}
_CLOSED_BY.update(
    {
        vocab.CONCERN_RAISED: frozenset(_CLOSE_TYPES),
        vocab.AOI_RAISED: frozenset((vocab.AOI_CLOSED,)),
        vocab.ENGAGE_ENTERED: frozenset(_CLOSE_TYPES),
    }
)
# Moves into and out of Engage are announced ahead ("will be moved into Engage from May").
_MOVE_TYPES = frozenset((vocab.ENGAGE_ENTERED, vocab.ENGAGE_EXITED))
_BASE_CONFIDENCE = {
    "title": 0.92,
    "future": 0.8,
    "perfect": 0.9,
    "present": 0.88,
    "past": 0.8,
    "ordinal": 0.85,
    "gerund_by": 0.78,
    "pastperfect": 0.72,
    "nominal": 0.72,
}
_GRADE_CUE = g.Cue("peel_grade", vocab.PEEL_GRADED, "")
_RETOLD_TENSES = frozenset(("past", "pastperfect", "nominal", "gerund_by"))
_AOI_TYPES = frozenset((vocab.AOI_RAISED, vocab.AOI_CLOSED))
_RESTATED_TYPES = frozenset((vocab.CONCERN_RAISED, vocab.AOI_RAISED, vocab.PEEL_GRADED))


@dataclass
class _Mention:
    start: int
    end: int
    force: str | None
    kind: str  # name | anaphor | foreign | generic


@dataclass
class _Candidate:
    type: str
    force: str
    count: int | None
    area: str | None
    grade: dict[str, str] | None
    evidence: str
    confidence: float
    tense: str


@dataclass
class _Doc:
    source_kind: str
    ref: tuple[int, int | None, int | None] | None
    main_force: str | None
    topical: bool
    peel_context: bool
    retrospective: bool = False
    previous: str = ""  # the sentence before the current one, lower-cased
    # The one before that: "Four were raised in 2024. Three were closed last year. The
    # remaining one has now been closed" names its noun two sentences back.
    earlier: str = ""
    label: str = ""  # the date heading the current entries ("September."), lower-cased
    # The force the paragraph has turned to: "Warwickshire Police fared less well. Inspectors
    # graded it inadequate ..." is about Warwickshire, whatever force the headline named first.
    focus: str | None = None
    label_inline: bool = False  # the date opened a paragraph rather than standing as a heading
    candidates: list[_Candidate] = field(default_factory=list)
    # (type, force) the article tells as history somewhere: told again undated, still history.
    history: set[tuple[str, str]] = field(default_factory=set)


class _Sentence:
    """One sentence: normalised text, its lower-cased twin (same offsets) and the original."""

    def __init__(self, doc: _Doc, text: str, orig: str, is_title: bool) -> None:
        self.doc = doc
        self.text = text
        self.low = _lower(text)
        self.orig = orig.strip()
        self.is_title = is_title
        self._mentions: list[_Mention] | None = None
        self._clauses: list[tuple[int, int]] | None = None
        # Event types whose verb here was judged no news (negated, supposed, dated, "if").
        self.rejected: set[str] = set()
        # Set by `_judge` when it rejects a match as history rather than as no statement.
        self.history_hit = False

    @property
    def clauses(self) -> list[tuple[int, int]]:
        if self._clauses is None:
            self._clauses = clause_spans(self.text)
        return self._clauses

    @property
    def mentions(self) -> list[_Mention]:
        if self._mentions is None:
            self._mentions = _find_mentions(self.doc, self.text, self.low)
        return self._mentions

    def clause_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.clauses:
            if s <= pos < e:
                return s, e
        return self.clauses[-1]

    def lead_word(self, clause: tuple[int, int]) -> str:
        m = g.LEAD_WORD.match(self.low, clause[0], clause[1])
        return m.group(1) if m else ""


@dataclass
class _Frame:
    """What the words before a verb say: its tense, or that it is no statement of fact."""

    tense: str  # title | perfect | present | past | pastperfect | gerund_by | nominal | ordinal
    reject: bool = False
    denied: bool = False  # rejected as a statement (negated, supposed), not as a verb form
    hedged: bool = False
    transparent: bool = False
    adverb_background: bool = False


@dataclass
class _Verdict:
    recent: bool


# ---------------------------------------------------------------------------------------------
# Article


def detect_events(article: Article) -> list[Event]:
    """All events the article reports as news, one per (type, force)."""
    title = article.title or ""
    if title.isupper():
        title = title.title()
    text = article.text or ""
    n_title, n_text = normalise(title), _without_links(normalise(text))
    whole = n_title + "\n" + n_text
    whole_low = whole.lower()
    if not _has_any(whole_low, g.TRIGGER_WORDS):
        return []
    if g.DISCLOSURE_TITLE.match(n_title) or g.DISCLOSURE_URL.search(article.url or ""):
        return []
    other = _names_other_inspectorate(whole_low)
    if other and not g.OUR_INSPECTORATE.search(whole):
        return []
    spans = sentence_spans(n_text)
    lede = " ".join(n_text[s:e] for s, e in spans[:3])
    doc = _Doc(
        source_kind=(article.source_kind or "news").lower(),
        ref=_reference(article.published, whole),
        main_force=_main_force(n_title, n_text, spans, resolve_force(article.force)),
        topical=_topical(n_title, lede, n_text),
        peel_context=bool(g.PEEL_CONTEXT.search(whole)),
        retrospective=_retrospective(n_title, lede, article.published),
    )
    sentences = [(n_title.strip(), title, True)] if n_title.strip() else []
    sentences.extend((n_text[s:e], text[s:e], False) for s, e in spans)
    starts = [0] * (len(sentences) - len(spans)) + [s for s, _ in spans]
    found: list[tuple[int, list[_Candidate]]] = []
    retracted: set[tuple[str, str]] = set()
    background = _background_spans(n_text)
    named = find_forces(n_text) + find_place_subjects(n_text)
    last_end = 0
    for i, (sent_text, orig, is_title) in enumerate(sentences):
        st = _Sentence(doc, sent_text, orig, is_title)
        is_label = False
        if not is_title:
            if _PARAGRAPH_BREAK.search(n_text, last_end, starts[i]):
                doc.focus = None
            is_label = _follow_label(doc, n_text, last_end, starts[i], st.low)
            last_end = starts[i] + len(sent_text)
        in_background = not is_title and any(s <= starts[i] < e for s, e in background)
        if (
            not is_label
            and not in_background
            and _has_any(st.low, g.TRIGGER_WORDS)
            and not (other and _other_inspectorate_only(st))
        ):
            cands = _scan(st)
            # A question asks; it reports nothing ("Is Essex Police in special measures?").
            if g.QUESTION_END.search(st.text):
                cands = []
            if g.RETRACTED_CLAIM.search(st.low):
                retracted.update(_claims(st, cands))
            elif cands:
                found.append((i, cands))
        if not is_title:
            doc.focus = _focus(n_text, starts[i], starts[i] + len(sent_text), named, doc.focus)
        doc.earlier, doc.previous = doc.previous, st.low
    for i, cands in found:
        # "... stated that the force had been moved into Engage. That was wrong."
        if i + 1 < len(sentences) and g.RETRACTION.match(sentences[i + 1][0]):
            retracted.update((c.type, c.force) for c in cands)
            continue
        doc.candidates.extend(cands)
    # A correction withdraws the headline's claim too when the headline was not changed.
    if retracted and sentences and sentences[0][2]:
        title_evidence = sentences[0][1].strip()
        doc.candidates = [
            c
            for c in doc.candidates
            if not (c.evidence == title_evidence and (c.type, c.force) in retracted)
        ]
    doc.candidates.extend(_table_events(n_text, doc))
    if _formal_response(whole):
        doc.candidates = [c for c in doc.candidates if not _restated_finding(c)]
    events = _finish([c for c in doc.candidates if not _retold(c, doc)])
    if not g.PEEL_NAMED.search(whole) and g.STANDALONE_TOPIC.search(whole):
        events = [e for e in events if not _single_topic_grade(e)]
    return events


def _focus(
    text: str, start: int, end: int, named: list[tuple[int, int, str]], focus: str | None
) -> str | None:
    """The force the paragraph is on after this sentence: its subject, when it opens on one.

    A sentence naming no force keeps the focus; one naming a force elsewhere than as its opening
    subject, or naming two, leaves it unclear.
    """
    here = [(s, f) for s, _, f in named if start <= s < end]
    if not here:
        return focus
    first, force = min(here)
    if len({f for _, f in here}) == 1 and g.FOCUS_LEAD.fullmatch(text, start, first):
        return force
    return None


def _background_spans(text: str) -> list[tuple[int, int]]:
    """Where a letter's "Background" section runs: its paragraph, or down to the next heading.

    A heading on a line of its own covers the paragraphs under it; with no later heading only
    the first of them, so a letter without headings keeps its findings.
    """
    out = []
    for m in g.BACKGROUND_HEADING.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        breaks = [b.start() for b in _PARAGRAPH_BREAK.finditer(text, m.end())]
        if text[m.end() : line_end].strip():
            out.append((m.start(), breaks[0] if breaks else len(text)))
            continue
        end = breaks[1] if len(breaks) > 1 else len(text)
        for b in breaks[1:]:
            line = text[b:].strip().split("\n", 1)[0].strip()
            if line and len(line.split()) <= g.SECTION_HEADING_WORDS and line[-1] not in ".!?\"'”":
                end = b
                break
        out.append((m.start(), end))
    return out


def _formal_response(whole: str) -> bool:
    """A statutory response to an inspection report: "section 55", or findings answered in turn."""
    if g.FORMAL_RESPONSE.search(whole):
        return True
    return len(g.RESPONSE_ITEM.findall(whole)) >= 2


def _restated_finding(c: _Candidate) -> bool:
    """A concern, area for improvement or grade a response restates from the report it answers."""
    return c.type in _RESTATED_TYPES and c.tense != "title"


def _single_topic_grade(event: Event) -> bool:
    """One grade, in a report that never says PEEL and is about crime recording, custody or
    vetting, is that standalone inspection's: PEEL grades a force across its areas."""
    # One phrase can name two areas ("'requires improvement' at treating detainees fairly").
    return event.type == vocab.PEEL_GRADED and len(set((event.grade or {}).values())) <= 1


def _retold(c: _Candidate, doc: _Doc) -> bool:
    """An event the article dates as history elsewhere, told again in a past without a date.

    "When the inspectorate moved the force into Engage in October 2022 ..." then "the force
    that went into Engage": one event, told twice, neither time as news.
    """
    return (
        (c.type, c.force) in doc.history
        and c.tense in _RETOLD_TENSES
        and not g.RECENT.search(_lower(normalise(c.evidence)))
    )


def _claims(st: _Sentence, cands: list[_Candidate]) -> set[tuple[str, str]]:
    """What a withdrawn claim said: its events, found or judged history, for the forces named."""
    types = {c.type for c in cands} | st.rejected
    forces = {c.force for c in cands} | {f for _, _, f in find_forces(st.text)}
    if not forces and st.doc.main_force:
        forces.add(st.doc.main_force)
    return {(t, f) for t in types for f in forces}


def _follow_label(doc: _Doc, text: str, last_end: int, start: int, low: str) -> bool:
    """Keep the date heading the current entries up to date; True if this sentence is one.

    A heading on a line of its own ("March 2026") dates every entry down to the next heading;
    a date opening a paragraph ("September. The force ...") dates that paragraph only.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start + len(low))
    alone = not text[line_start:start].strip() and (
        line_end < 0 or not text[start + len(low) : line_end].strip()
    )
    if doc.label_inline and _PARAGRAPH_BREAK.search(text, last_end, start):
        doc.label = ""
    label = g.DATE_ONLY.match(low)
    if label is not None:
        doc.label, doc.label_inline = label.group("date"), not alone
        return True
    if alone and len(low.split()) <= g.HEADING_WORDS:
        doc.label = ""  # another heading ("This week") closes the dated section
    return False


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def _without_links(text: str) -> str:
    """The text with its link lists blanked out, offsets unchanged.

    Pages end with "Related:" or "Read more:" lists of other stories' headlines, which name other
    forces' Engage moves of years before; none of them is news of this article.
    """
    out = []
    in_list = False
    for line in text.splitlines(keepends=True):
        low = line.lower().strip()
        if not low:
            out.append(line)
            continue
        if g.LINK_HEADING.match(low):
            in_list = True
            out.append(_blank(line))
            continue
        headline = low[-1] not in ".!?" and len(low.split()) <= g.HEADLINE_LINE_WORDS
        if g.LINK_LINE.match(low) and len(low.split()) <= g.HEADLINE_LINE_WORDS:
            out.append(_blank(line))
            continue
        if in_list and headline:
            out.append(_blank(line))
            continue
        in_list = False
        out.append(line)
    return "".join(out)


def _blank(line: str) -> str:
    return " " * len(line.rstrip("\r\n")) + line[len(line.rstrip("\r\n")) :]


def _topical(title: str, lede: str, text: str) -> bool:
    """Whether inspection is what the article is about, not a passing mention.

    Minutes, agendas and live pages open on other business, so a body that keeps returning to
    the inspectorate's words counts as well as a title or opening that names them.
    """
    if g.TOPIC.search(title) or g.TOPIC.search(lede):
        return True
    mentions = g.TOPIC.finditer(text)
    return sum(1 for _ in itertools.islice(mentions, g.TOPICAL_MENTIONS)) >= g.TOPICAL_MENTIONS


def _retrospective(title: str, lede: str, published: object) -> bool:
    """A look back ("2025 in review", a title dated to an earlier year): its past is history."""
    if g.RETROSPECTIVE.search(title.lower()) or g.RETROSPECTIVE.search(lede.lower()):
        return True
    ymd = published_date(published)
    if ymd is None:
        return False
    return any(int(m.group(1)) < ymd[0] for m in g.TITLE_YEAR.finditer(title))


def _other_inspectorate_only(st: _Sentence) -> bool:
    """A sentence about Ofsted, HMICS or the prisons inspectorate, and not about ours."""
    return _names_other_inspectorate(st.low) and g.OUR_INSPECTORATE.search(st.text) is None


def _names_other_inspectorate(low: str) -> bool:
    """Whether the lower-cased text names another inspectorate (read only near its key words)."""
    for word in g.OTHER_INSPECTORATE_WORDS:
        at = low.find(word)
        while at >= 0:
            if g.OTHER_INSPECTORATE.search(low, max(0, at - 45), at + 60):
                return True
            at = low.find(word, at + 1)
    return False


def _lower(text: str) -> str:
    """Lower case with every offset kept (a few characters lengthen when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _has_any(low: str, needles: tuple[str, ...]) -> bool:
    return any(w in low for w in needles)


def _reference(published: object, whole: str) -> tuple[int, int | None, int | None] | None:
    """The article's own date: from its metadata, else the latest year it mentions."""
    ymd = published_date(published)
    if ymd is not None:
        return ymd
    years = [int(m.group(1)) for m in g.YEAR.finditer(whole)]
    return (max(years), None, None) if years else None


def _main_force(
    title: str, text: str, spans: list[tuple[int, int]], source_force: str | None
) -> str | None:
    """The force the article is about: named in its title, its publisher's, or first named.

    An article whose title or opening names a fire and rescue service (or a police body outside
    England and Wales) before any force is about that body: it has no force of its own.
    """
    title_forces = find_forces(title)
    if title_forces:
        return title_forces[0][2]
    if find_foreign(title):
        return None
    if source_force:
        return source_force
    if len({f for _, _, f in find_forces(text)}) >= g.ROUND_UP_FORCES:
        # A round-up of many forces with none in its title is about none of them in particular.
        return None
    head = text[: spans[min(len(spans), 6) - 1][1]] if spans else ""
    for chunk in (head, text):
        forces = find_forces(chunk)
        foreign = find_foreign(chunk)
        if forces:
            if foreign and foreign[0][0] < forces[0][0]:
                return None
            return forces[0][2]
        if foreign:
            return None
    return None


def _find_mentions(doc: _Doc, text: str, low: str) -> list[_Mention]:
    """Forces named, stood for ("the force"), generic ("forces") or other bodies, in order."""
    out = [_Mention(s, e, f, "name") for s, e, f in find_forces(text)]
    taken = [(m.start, m.end) for m in out]

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for s, e, f in find_place_subjects(text):
        if free(s, e):
            out.append(_Mention(s, e, f, "name"))
            taken.append((s, e))
    for s, e in find_foreign(text):
        out.append(_Mention(s, e, None, "foreign"))
        taken.append((s, e))
    for rx, kind, target in (
        (g.ANAPHOR, "anaphor", low),
        (g.GENERIC, "generic", low),
        (g.NON_POLICE, "foreign", text),
    ):
        for m in rx.finditer(target):
            if free(*m.span()):
                force = _anaphor_force(doc, out, m.start()) if kind == "anaphor" else None
                out.append(_Mention(m.start(), m.end(), force, kind))
                taken.append(m.span())
    out.sort(key=lambda x: x.start)
    return out


def _anaphor_force(doc: _Doc, mentions: list[_Mention], at: int) -> str | None:
    """ "The force" means the force last named before it in the sentence, else the article's.

    A round-up names many forces: "... closed Humberside Police's last cause of concern and
    has returned the force to routine monitoring" is about Humberside, whatever the lede named.
    """
    named = [x for x in mentions if x.kind == "name" and x.end <= at and x.force]
    return named[-1].force if named else doc.focus or doc.main_force


# ---------------------------------------------------------------------------------------------
# Sentence


def _scan(st: _Sentence) -> list[_Candidate]:
    """Every candidate event of one sentence: cue matches, then grade phrases, then the title."""
    doc = st.doc
    cands: list[_Candidate] = []
    passed: dict[str, bool] = {}
    for cue in g.CUES:
        if cue.gate not in passed:
            passed[cue.gate] = _gate(st, cue.gate)
        if not passed[cue.gate] or (cue.needs and not _has_any(st.low, cue.needs)):
            continue
        cands.extend(_cue_matches(cue, st))
    for c in cands:
        if c.type == vocab.PEEL_GRADED:
            c.count = None  # counts are of concerns and areas for improvement, not of grades
    if doc.peel_context and _has_any(st.low, g.GRADE_WORDS):
        grades = _grades_in(st)
        peel = [c for c in cands if c.type == vocab.PEEL_GRADED]
        for c in peel:
            c.grade = dict(grades.grades) or None
        # A grading verb already judged history ("graded ... in May") stays history.
        if not peel and vocab.PEEL_GRADED not in st.rejected:
            cands.extend(_grade_phrases(st, grades))
    if st.is_title and not cands:
        cands.extend(_title_raised(st))
    return cands


def _cue_matches(cue: g.Cue, st: _Sentence) -> list[_Candidate]:
    """Candidates of one cue, trying again inside a match its frame or object turned down.

    In "satisfied that the force has closed the cause of concern" the cue first spans from
    "satisfied" and fails on the clause in its object; the closing verb inside that clause is
    the event, so the search resumes after its "that".
    """
    out: list[_Candidate] = []
    pos = 0
    while True:
        m = cue.regex.search(st.low, pos)
        if m is None:
            return out
        found = _evaluate(cue, m, st) if _capitals_hold(m, st.text) else []
        out.extend(found)
        clause = None if found else g.THAT_CLAUSE.search(st.low, m.end("v"), m.end())
        pos = m.end() if clause is None else clause.end()


def _gate(st: _Sentence, gate: str) -> bool:
    """Whether a family of cues can match here at all: cheap tests before the costly regexes."""
    if gate == "pronoun":
        # The noun itself is looked up only when the verb matches ("three of them were closed").
        return _has_any(st.low, g.CLOSE_WORDS) and (
            _has_any(st.low, g.ANTECEDENT_WORDS)
            or _has_any(st.doc.previous, g.ANTECEDENT_WORDS)
            or _has_any(st.doc.earlier, g.ANTECEDENT_WORDS)
        )
    return _has_any(st.low, g.GATE_WORDS[gate]) and g.GATES[gate].search(st.low) is not None


def _capitals_hold(m: re.Match[str], text: str) -> bool:
    """ "Engage" and "Scan" name the phases only when written with a capital (or in quotes)."""
    for group in ("eng", "scan"):
        if group in m.re.groupindex and m.group(group) is not None:
            at = m.start(group)
            if not text[at].isupper() and text[at - 1 : at] not in ("'", '"'):
                return False
    return True


def _evaluate(cue: g.Cue, m: re.Match[str], st: _Sentence) -> list[_Candidate]:
    """One cue match judged in its frame: a candidate per force, or nothing."""
    doc = st.doc
    v_start, v_end = m.span("v")
    event_type = cue.type
    if cue.kind == "pronoun":
        # "5 of the 11 areas for improvement have been closed" names its noun itself.
        noun = _antecedent(m.group(0)) or _antecedent(
            " ".join((doc.earlier, doc.previous, st.low[: m.start()]))
        )
        if noun is None:
            return []
        event_type = vocab.AOI_CLOSED if noun == "aoi" else vocab.CONCERN_CLOSED
    if event_type in _AOI_TYPES and not doc.peel_context:
        # Regulators, unions and companies have "areas for improvement" too.
        return []
    q_text = ""
    if cue.noun:
        quantifier = _quantifier_text(cue, m, st.text)
        if quantifier is None:
            return []
        q_text = quantifier
    if cue.type in _RAISE_TYPES and g.STILL_OPEN_AFTER.match(st.low, m.end()):
        return []
    aside = _aside_before(st.low, v_start)
    framed = st.low
    if aside is not None:
        # The aside's last word is no auxiliary of the verb ("..., who visited in May, closed").
        framed = framed[: aside[0]] + " " * (aside[1] - aside[0]) + framed[aside[1] :]
    frame = _frame(framed, v_start, m.group("v"), st.is_title, cue.kind)
    if g.NEGATED_COMPLEMENT.search(st.low, max(0, v_start - 200), v_start):
        frame = _Frame(tense="", reject=True, denied=True)
    if frame.reject:
        if frame.denied:
            st.rejected.add(cue.type)
        return []
    if frame.tense == "future" and not (
        cue.type in _MOVE_TYPES and _decided_future(st, v_start, v_end)
    ):
        st.rejected.add(cue.type)
        return []
    if cue.kind == "verb" and _imperative(st, v_start, m.group("v")):
        return []
    if cue.name == "exit_out_of" and not _out_of_stands_alone(st, v_start):
        return []
    if cue.name == "peel_active_grade" and not (
        _names_a_force(st, m) and g.GRADE_TAIL.match(st.low, m.end())
    ):
        return []
    skip = m.span("ins") if "ins" in m.re.groupindex and m.group("ins") else None
    if skip is None:
        skip = aside
    verdict = _judge(st, frame, cue, v_start, m.end(), skip)
    nominal_report = cue.kind == "nominal" and cue.type == vocab.PEEL_GRADED
    if verdict is None:
        st.rejected.add(cue.type)
        if st.history_hit:
            for f in _subjects(st, v_start, v_end, m.end(), nominal_report):
                doc.history.add((event_type, f))
        return []
    if cue.type in _MOVE_TYPES and _other_subject(st, v_start, v_end, m.end()):
        return []
    forces = _subjects(st, v_start, v_end, m.end(), nominal_report)
    if not forces and cue.type in _MOVE_TYPES:
        forces = _title_place(st, v_start)
    if not forces:
        return []
    count: int | None = None
    number = next(
        (m.group(k) for k in ("n", "all", "both") if k in m.re.groupindex and m.group(k)), None
    )
    if number:
        count = number_value(number)
    elif cue.noun:
        count = _count(q_text, m.group("noun"))
        if count == 0:
            return []
    area = None
    if event_type in _AREA_TYPES:
        area = vocab.classify_area(st.text[m.start() :]) or vocab.classify_area(st.text)
    conf = _confidence(st, cue.strength, frame, verdict)
    return [
        _Candidate(event_type, f, count, area, None, st.orig, conf, frame.tense) for f in forces
    ]


def _aside_before(low: str, v_start: int) -> tuple[int, int] | None:
    """The span of a relative aside between a subject and its verb group, commas included."""
    end = v_start
    while True:
        word = re.search(r"([a-z']+)\s*$", low[max(0, end - 30) : end])
        if word is None or word.group(1) not in g.CHAIN_WORDS:
            break
        end -= len(low[max(0, end - 30) : end]) - word.start()
    aside = g.ASIDE_BEFORE_VERB.search(low, max(0, end - 160), end)
    if aside is None:
        return None
    return low.rindex(",", 0, aside.start("ins")), aside.end()


def _antecedent(low: str) -> str | None:
    """Which noun ("coc" or "aoi") a pronoun like "three of them" most recently points back to."""
    last = None
    for m in g.ANTECEDENT.finditer(low):
        last = "coc" if m.group("coc") else "aoi"
    return last


def _names_a_force(st: _Sentence, m: re.Match[str]) -> bool:
    s, e = m.span("obj")
    if st.low[s:e] in ("it", "them"):
        return True
    return any(x.kind in ("name", "anaphor") and s <= x.start and x.end <= e for x in st.mentions)


def _decided_future(st: _Sentence, v_start: int, v_end: int) -> bool:
    """A move announced ahead ("will be placed into Engage, it was confirmed"), not a forecast.

    A headline's "to be placed" or a passive "will be moved" states a decision; an active "will
    return" does when the sentence or the one before reports a decision. A condition after the
    verb ("only once it has improved") or a speaker's own aim ("we will get out of") is no news.
    """
    low = st.low
    if g.FUTURE_CONDITION.search(low, v_end):
        return False
    tokens = re.findall(r"[a-z']+", low[max(0, v_start - 60) : v_start])
    chain_start = len(tokens)
    while chain_start > 0 and tokens[chain_start - 1] in g.CHAIN_WORDS:
        chain_start -= 1
    chain, subject = tokens[chain_start:], tokens[chain_start - 1 : chain_start]
    if subject and subject[0] in g.FIRST_PERSON:
        return False
    if st.is_title or "be" in chain:
        return True
    return bool(g.DECISION_REPORTED.search(low) or g.DECISION_REPORTED.search(st.doc.previous))


def _imperative(st: _Sentence, v_start: int, v_text: str) -> bool:
    """ "So here is my plea: put the force back into special measures" asks; it reports nothing."""
    if st.is_title:
        return False
    cs, _ = st.clause_of(v_start)
    head = re.findall(r"[a-z']+", st.low[cs:v_start])
    if any(w not in g.IMPERATIVE_LEAD for w in head):
        return False
    first = v_text.split()[0] if v_text.split() else ""
    return first in g.BARE_VERBS


def _out_of_stands_alone(st: _Sentence, v_start: int) -> bool:
    """ "<Force> out of special measures", "is now out of": not "taken out of" (its own cue)."""
    if g.GOVERNED_OUT.search(st.low, max(0, v_start - 80), v_start):
        return False
    prev = re.search(r"([\w']+)\W*$", st.low[:v_start])
    word = prev.group(1) if prev else ""
    if word in g.CHAIN_WORDS or word in ("police", "force", "constabulary", "service"):
        return True
    return bool(_title_place(st, v_start)) or any(
        x.kind in ("name", "anaphor") and v_start - 3 <= x.end <= v_start for x in st.mentions
    )


def _title_place(st: _Sentence, v_start: int) -> list[str]:
    """A headline's bare county as the subject of its verb: "Dorset moved into special measures".

    Only when nothing but auxiliaries stands between: "Dorset school moved" is about a school.
    """
    if not st.is_title:
        return []
    for _, e, force in find_places(st.text[:v_start]):
        between = st.low[e:v_start].split()
        if all(w in g.CHAIN_WORDS for w in between):
            return [force]
    return []


# ---------------------------------------------------------------------------------------------
# How many


def _quantifier_text(cue: g.Cue, m: re.Match[str], text: str) -> str | None:
    """The words before the concern noun that say how many; None if they make it no match."""
    if "q" not in m.re.groupindex:
        start = m.start("noun")
        return text[max(0, start - 60) : start]
    q = text[m.start("q") : m.end("q")] if m.group("q") else ""
    # A named force in the object ("issued Avon and Somerset Constabulary with") is no
    # quantifier, and of a list ("five areas for improvement and one") only the last item is.
    for s, e, _ in reversed(find_forces(q)):
        q = q[:s] + " FORCE " + q[e:]
    q = g.Q_LIST_SPLIT.split(q.lower())[-1]
    q = _demonstrative(q, m.group("noun"))
    stop = g.Q_STOP_RAISE if cue.type in _RAISE_TYPES else g.Q_STOP_CLOSE
    if set(re.findall(r"[a-z][\w'-]*", q)) & stop:
        return None
    return q


def _demonstrative(q: str, noun: str) -> str:
    """ "closed that cause of concern": a "that" right before a singular noun points, as "the".

    Elsewhere "that" opens a clause ("satisfied that the force has..."), which is no quantifier.
    """
    tokens = re.findall(r"[a-z][\w'-]*", q)
    if not tokens or tokens[0] != "that" or g.PLURAL_NOUN.search(noun.lower()):
        return q
    if any(w not in g.Q_ADJECTIVES for w in tokens[1:]):
        return q
    return "the " + " ".join(tokens[1:])


def _count(q: str, noun: str) -> int | None:
    """How many the words before the noun say: "three of the four" 3, "both" 2, "the" 1."""
    plural = bool(g.PLURAL_NOUN.search(noun.lower()))
    tokens = re.findall(r"[\w'-]+", q.lower().replace("out of", "of"))
    if "of" in tokens:
        k = tokens.index("of")
        head = tokens[k - 1] if k > 0 else ""
        if head in ("none", "no"):
            return 0
        value = number_value(head)
        if value is not None and head not in ("a", "an"):
            return value
        if head in ("all", "each"):
            for w in tokens[k + 1 :]:
                n = number_value(w)
                if n is not None and w not in ("a", "an"):
                    return n
            return None
    for w in reversed(tokens):
        if w in g.Q_ADJECTIVES or w.endswith("'s"):
            continue
        if w in ("no", "none", "zero"):
            return 0
        if w in ("a", "an", "one", "single"):
            return None if plural and w in ("a", "an") else 1
        value = number_value(w)
        if value is not None:
            return value
        if w == "all":
            return None
        if w in g.Q_SINGULAR:
            return None if plural else 1
        break
    return None if plural else 1


# ---------------------------------------------------------------------------------------------
# Verb frame


def _frame(low: str, v_start: int, v_text: str, is_title: bool, kind: str) -> _Frame:
    """Read the auxiliaries before the verb: tense, negation, modality, infinitive."""
    before = low[max(0, v_start - 120) : v_start]
    tokens = re.findall(r"[a-z']+", before)
    chain: list[str] = []
    i = len(tokens) - 1
    while i >= 0 and tokens[i] in g.CHAIN_WORDS:
        chain.append(tokens[i])
        i -= 1
    chain.reverse()
    word_before = tokens[i] if i >= 0 else ""
    v_words = v_text.split()
    vf = v_words[0] if v_words else ""
    if vf in ("is", "was", "were", "are", "be", "been", "has", "have", "remains"):
        chain.append(vf)
        vf = ""
    rejected = _Frame(tense="", reject=True)
    denied = _Frame(tense="", reject=True, denied=True)
    if word_before in g.NEGATIVE_SUBJECTS and vf != "no":
        return denied
    if any(w in g.NEGATIONS or w.endswith("n't") for w in chain) or vf == "not":
        return denied
    if any(w in g.MODALS for w in chain):
        if all(w in g.FUTURE_MODALS for w in chain if w in g.MODALS):
            return _Frame(tense="future")
        return denied
    frame = _Frame(tense="present")
    frame.adverb_background = any(w in g.BACKGROUND_ADVERBS for w in chain)
    if "to" in chain:
        k = len(chain) - 1 - chain[::-1].index("to")
        prev = chain[k - 1] if k > 0 else word_before
        if prev in g.TRANSPARENT:
            hedged = prev in g.HEDGING
            rest, after = (chain[: k - 1] if k > 0 else []), chain[k + 1 :]
            if rest:
                chain = rest + after
            elif prev in g.TRANSPARENT_PAST or not any(
                w in after for w in ("has", "have", "is", "are", "was", "were")
            ):
                return _Frame(tense="past", transparent=True, hedged=hedged)
            else:
                chain = after
            frame.transparent, frame.hedged = True, hedged
        elif g.ORDINAL_FORCE.search(" ".join([*tokens[: i + 1], *chain[:k]])[-80:]):
            return _Frame(tense="ordinal")
        elif prev in g.DECISION_NOUNS or (
            k == 0 and set(tokens[max(0, i - 4) : i + 1]) & g.DECISION_NOUNS
        ):
            return _Frame(tense="nominal", transparent=True)
        elif chain[k + 1 : k + 2] == ["be"] and (
            prev in ("is", "are")
            or (
                is_title
                and k == 0
                and word_before.strip("'") not in g.TRANSPARENT | g.FORECAST_HEADS
            )
        ):
            # "The force is to be moved into Engage"; headlines: "<Force> to be placed in ...".
            return _Frame(tense="future")
        elif k == 0 and (n := _sufficiency_noun(tokens, i)) is not None:
            lead_in = set(tokens[max(0, n - 3) : n])
            if lead_in & g.ENOUGH and not lead_in & (g.NEGATIONS | g.NOT_YET_ENOUGH):
                return _Frame(tense="past", transparent=True)
            return rejected
        else:
            return rejected
    if is_title and not chain and kind != "nominal":
        return _Frame(tense="title")
    frame.tense = _tense(chain, vf, word_before, is_title, kind)
    if not chain and kind == "verb" and not is_title:
        if vf and not vf.endswith(("ed", "ing")) and g.COMPLEMENT_RELATIVE.search(before):
            return rejected
        frame.tense = _borrowed_tense(before, vf, word_before) or frame.tense
    if not frame.tense:
        return rejected
    if kind == "state" and not chain and not is_title and vf == "out":
        return rejected
    return frame


def _sufficiency_noun(tokens: list[str], i: int) -> int | None:
    """Where the noun of "enough progress (for us | to allow us) to close" stands, if it does."""
    if i < 0:
        return None
    n = i
    if tokens[i] in g.SUFFICIENCY_BRIDGE_OBJECTS and i >= 2:
        if tokens[i - 1] == "for":
            n = i - 2
        elif tokens[i - 1] in g.SUFFICIENCY_BRIDGE_VERBS and tokens[i - 2] == "to" and i >= 3:
            n = i - 3
    return n if tokens[n] in g.SUFFICIENCY_NOUNS else None


def _borrowed_tense(before: str, vf: str, word_before: str) -> str:
    """The tense of the finite verb a participle or a bare infinitive depends on, or "".

    "has written to the chief constable setting out four causes of concern" is perfect; "the
    work that saw it return to routine monitoring in May 2024" is past, and so dated.
    """
    if vf.endswith("ing"):
        if word_before in g.GERUND_AFTER:
            return ""
        host = g.GERUND_HOST.search(before)
        if host is None:
            return ""
        if host.group("pluperfect"):
            return "pastperfect"
        return "perfect" if host.group("perfect") else "past"
    if vf and not vf.endswith("ed") and g.COMPLEMENT_PAST.search(before):
        return "past"
    return ""


def _tense(chain: list[str], vf: str, word_before: str, is_title: bool, kind: str) -> str:
    """The tense of a finite verb group; "" when it is none (a gerund, a bare "be")."""
    cs = set(chain)
    if cs & {"had", "hadn't"}:
        return "pastperfect"
    if cs & {"has", "have", "'ve", "it's", "'s", "that's", "he's", "she's"}:
        return "perfect"
    if cs & {"is", "are", "am"}:
        return "present"
    if cs & {"was", "were", "did"}:
        return "past"
    if cs & {"having", "being", "be"}:
        return ""
    if "been" in cs:
        return "past"
    if kind == "nominal":
        return "nominal"
    if not vf:
        return "present"
    if vf.endswith("ing"):
        return "gerund_by" if word_before in g.GERUND_AFTER and not chain else ""
    if word_before in g.DETERMINERS or word_before.endswith("'s"):
        return "nominal"
    if vf in g.PAST_IRREGULAR or vf.endswith("ed"):
        return "title" if is_title else "past"
    return "title" if is_title else "present"


# ---------------------------------------------------------------------------------------------
# Clause and time


def _judge(
    st: _Sentence,
    frame: _Frame,
    cue: g.Cue,
    v_start: int,
    m_end: int,
    skip: tuple[int, int] | None = None,
) -> _Verdict | None:
    """None when the match is background, conditional or otherwise not news.

    `skip` is a relative clause between the subject and its verb ("the cause of concern, which
    was raised in 2024, has been closed"): the verb's clause is the subject's, less that aside.
    """
    doc, low = st.doc, st.low
    st.history_hit = False
    clause = st.clause_of(v_start)
    if skip is not None:
        clause = (st.clause_of(max(0, skip[0] - 1))[0], clause[1])
        low = low[: skip[0]] + " " * (skip[1] - skip[0]) + low[skip[1] :]
    cs, ce = clause
    phrase = g.DATE_PHRASE_LEAD.match(low, cs, ce)
    if phrase is not None and phrase.end() <= v_start:
        cs = phrase.end()
        clause = (cs, ce)
    if frame.tense == "perfect":
        adjunct = g.AFTER_PHRASE_LEAD.match(low, cs, ce)
        if adjunct is not None and adjunct.end() <= v_start:
            cs = adjunct.end()
            clause = (cs, ce)
    lead = st.lead_word(clause)
    pre = low[cs:v_start]
    if lead in g.SUBORDINATE_CONDITIONAL or g.CONDITIONAL.search(pre):
        return None
    if g.CLAIMED.search(low, 0, v_start):
        return None
    if cue.type not in _MOVE_TYPES and _other_agent(low, cs, v_start, m_end, ce):
        return None
    if cue.type in _MOVE_TYPES and _move_by_other(low, m_end, ce):
        return None
    if (
        cue.type in _AREA_TYPES
        and g.NATIONAL_SCOPE.search(low, cs, ce)
        and not any(x.kind == "name" and cs <= x.start < ce for x in st.mentions)
    ):
        return None
    if frame.tense != "title" and g.GENERIC_SUBJECT.search(pre) and not _has_specific(st, v_start):
        return None
    st.history_hit = True
    if frame.adverb_background or lead in g.SUBORDINATE_BACKGROUND:
        return None
    # A link's headline carries the date of its story: "<Force> leaves Engage (May 2024)".
    link_date = g.TRAILING_DATE.search(low)
    if link_date is not None and _old_date(link_date.group("date"), doc.ref):
        return None
    # An entry under a date heading ("September.") happened then, whatever its tense.
    if doc.label and not st.is_title and _old_date(doc.label, doc.ref):
        return None
    window = _strip_participial(low[cs:ce], v_start - cs)
    if cue.type in _CLOSE_TYPES:
        window = g.NOUN_SOURCE.sub(" ", window)
    if cue.type in (vocab.CONCERN_CLOSED, vocab.AOI_CLOSED):
        window = g.NOUN_RELATIVE.sub(" ", window)
    if frame.tense in ("past", "pastperfect", "nominal", "gerund_by", "ordinal"):
        prefix, suffix = _inherited_window(st, clause)
        window = f"{prefix} {window} {suffix}"
    if cue.type in _RAISE_TYPES:
        window = g.FIELDWORK_DATE.sub(" ", window)
    if cs > 0:
        # A timeline's label dates its entry ("July: the force left Engage").
        label = g.DATE_LABEL.match(low)
        if label is not None:
            window = f"{label.group(1)} {window}"
    if g.BACKGROUND.search(window):
        return None
    if g.PRIOR_REPORT.search(window) and not g.RECENT.search(low):
        return None
    told_before = frame.tense in ("past", "pastperfect", "nominal", "gerund_by")
    # Givens: "even though the force left Engage", and every past of a look back.
    if told_before and (lead in g.CONCESSIVE or doc.retrospective) and not g.RECENT.search(low):
        return None
    if frame.tense not in _UNDATED_TENSES and _old_date(window, doc.ref):
        return None
    if frame.tense in ("past", "pastperfect") and _this_year_only(window, doc.ref):
        return None
    recent_here = bool(g.RECENT.search(low, cs, ce))
    if lead in g.RELATIVE and not recent_here:
        # "the report, published today, which rated the force good": the report's date is the
        # relative clause's too.
        recent_here = g.RECENT_ANTECEDENT.search(low[max(0, cs - 60) : cs]) is not None
    if lead in g.RELATIVE and frame.tense in ("past", "pastperfect") and not recent_here:
        return None
    if frame.tense == "pastperfect" and not g.REPORTING.search(low, 0, v_start):
        return None
    if (
        frame.tense == "past"
        and cue.type in _CARRY_OVER_TYPES
        and not g.RECENT.search(low)
        and not g.YEAR.search(window)
        and not g.MONTH_DATE.search(window)
        and _dated_history(doc)
    ):
        return None
    st.history_hit = False
    if frame.tense == "nominal" and g.NOT_YET_AFTER.search(low, m_end, ce):
        return None
    if cue.kind == "state" and g.STATE_SINCE.search(low, m_end):
        return None
    return _Verdict(recent=recent_here or frame.tense in _UNDATED_TENSES)


def _other_agent(low: str, cs: int, v_start: int, m_end: int, ce: int) -> bool:
    """Whether another body (the ICO, a coroner, a union) found what the verb reports.

    Its agent stands before an active verb ("the ICO identified areas for improvement") or after
    a passive one ("... were identified by the coroner").
    """
    pre = low[cs:v_start]
    if g.OTHER_AGENT.search(pre) and not g.INSPECTORATE_AGENT.search(pre):
        return True
    by = re.search(r"\bby\s+", low[m_end:ce])
    if by is None:
        return False
    at = m_end + by.end()
    if low.startswith("the ", at) and g.OTHER_AGENT.match(low, at + 4):
        return True
    return g.OTHER_AGENT.match(low, at) is not None


def _move_by_other(low: str, m_end: int, ce: int) -> bool:
    """Whether a passive move names another monitor as its agent ("... by the football regulator")."""
    by = re.search(r"\bby\s+(?:the\s+)?", low[m_end:ce])
    return by is not None and g.MOVE_OTHER_AGENT.match(low, m_end + by.end()) is not None


def _other_subject(st: _Sentence, v_start: int, v_end: int, m_end: int) -> bool:
    """Whether an Engage move's clause is about some other body: "Jail placed in special measures".

    Neither the subject nor the object names a force, its area or the police, and a subject is
    there: a noun ("club", "trust", "academy") that is not the phase itself or a pronoun.
    """
    cs = st.clause_of(v_start)[0]
    if any(x.kind in ("name", "anaphor") and cs <= x.start < m_end for x in st.mentions):
        return False
    low = st.low
    if g.POLICE_REFERENCE.search(low, cs, m_end) or find_places(st.text[cs:m_end]):
        return False
    pre = re.findall(r"[\w'-]+", low[cs:v_start])
    while pre and pre[-1] in g.MOVE_SUBJECT_SKIP:
        pre.pop()
    return bool(pre) and pre[-1] not in g.MOVE_SUBJECT_PHASE


def _has_specific(st: _Sentence, v_start: int) -> bool:
    return any(x.kind in ("name", "anaphor") and x.start < v_start for x in st.mentions)


def _strip_participial(window: str, keep: int) -> str:
    """Drop "(concerns) raised in 2022"-style modifiers, which date the noun, not the verb."""
    out = []
    last = 0
    for m in g.PARTICIPIAL.finditer(window):
        if m.start() <= keep < m.end():
            continue
        out.append(window[last : m.start()])
        last = m.end()
    out.append(window[last:])
    return " ".join(out)


def _inherited_window(st: _Sentence, clause: tuple[int, int]) -> tuple[str, str]:
    """The clause this one hangs off ("after ..."), and those hanging off it, for their dates."""
    clauses = st.clauses
    idx = clauses.index(clause) if clause in clauses else len(clauses) - 1
    suffix = []
    for s, e in clauses[idx + 1 :]:
        if st.lead_word((s, e)) not in g.INHERIT:
            break
        suffix.append(st.low[s:e])
    prefix = ""
    if st.lead_word(clause) in g.INHERIT and idx > 0:
        s, e = clauses[idx - 1]
        prefix = st.low[s:e]
    return prefix, " ".join(suffix)


def _this_year_only(window: str, ref: tuple[int, int | None, int | None] | None) -> bool:
    """A past told as "in 2026" in a story of mid-2026: dated by its year alone, so background.

    News of this year names a day, a month or "today"; only an event told in passing is dated
    by the year it fell in. Early in the year "in 2026" may still be fresh.
    """
    if ref is None or ref[1] is None or ref[1] < 3:
        return False
    if g.RECENT.search(window) or g.MONTH_DATE.search(window):
        return False
    return any(int(m.group(1)) == ref[0] for m in g.BARE_YEAR.finditer(window))


def _dated_history(doc: _Doc) -> bool:
    """Whether the sentence before opens by dating its story before the article."""
    if not doc.previous:
        return False
    s, e = clause_spans(doc.previous)[0]
    head = doc.previous[s:e]
    return bool(g.BACKGROUND.search(head) or _old_date(head, doc.ref))


def _old_date(window: str, ref: tuple[int, int | None, int | None] | None) -> bool:
    """True when the (lower-cased) window dates what it says well before the article itself.

    A month named alone counts as its last day, the most generous reading.
    """
    if ref is None:
        return False
    window = g.STAT_PERIOD.sub(" ", window)
    ref_year, ref_month, ref_day = ref
    if ref_month is not None:
        for m in g.SEASON_DATE.finditer(window):
            end = g.SEASON_END[m.group("s")]
            if end >= ref_month:
                continue
            if ref_day is None:
                return True
            season_over = date(ref_year, end, monthrange(ref_year, end)[1])
            if (date(ref_year, ref_month, ref_day) - season_over).days > NEWS_DAYS:
                return True
    for m in g.MONTH_DATE.finditer(window):
        month = month_number(m.group("m"))
        if month is None or g.SINCE_BEFORE.search(window, max(0, m.start() - 8), m.start()):
            continue
        bare_may = m.group("m") == "may" and not (m.group("y") or m.group("d"))
        if bare_may and not g.MAY_AS_MONTH.search(window, max(0, m.start() - 12), m.end()):
            continue
        if ref_month is None:
            if m.group("y") and int(m.group("y")) < ref_year:
                return True
            continue
        if m.group("y"):
            year = int(m.group("y"))
        else:
            year = ref_year if month <= ref_month else ref_year - 1
        if ref_day is None:
            if (ref_year * 12 + ref_month) - (year * 12 + month) >= 2:
                return True
            continue
        last_day = monthrange(year, month)[1]
        day = min(int(m.group("d")), last_day) if m.group("d") else last_day
        if (
            day >= 1
            and (date(ref_year, ref_month, ref_day) - date(year, month, day)).days > NEWS_DAYS
        ):
            return True
    for m in g.YEAR.finditer(window):
        if g.SINCE_BEFORE.search(window, max(0, m.start() - 8), m.start()):
            continue
        year = int(m.group(1))
        tail = m.group(2)
        if tail:
            end = int(tail) if len(tail) == 4 else (year // 100) * 100 + int(tail)
            year = max(year, end)
        if window[m.end() : m.end() + 1] in ("-", "/"):
            continue
        if year < ref_year and not g.MONTH_BEFORE.search(window, max(0, m.start() - 14), m.start()):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Which force


def _subjects(
    st: _Sentence, v_start: int, v_end: int, m_end: int, nominal_report: bool = False
) -> list[str]:
    """The force(s) the verb is about; [] when its subject is not a police force here."""
    mentions = st.mentions
    named = ("name", "anaphor")
    if nominal_report:
        in_obj = [x for x in mentions if v_end <= x.start and x.kind in named][:1]
    else:
        in_obj = [x for x in mentions if v_end <= x.start < m_end and x.kind in named]
    if in_obj:
        return _group(st, in_obj[0], forward=True)
    post = g.POST_OBJECT.match(st.low, m_end)
    if post is not None:
        owner = [x for x in mentions if x.start == post.end()]
        if owner and owner[0].kind == "foreign":
            return []
        if owner and owner[0].kind in named:
            return _group(st, owner[0], forward=True)
    before = [x for x in mentions if x.end <= v_start or (x.start < v_start and x.kind == "name")]
    if before:
        nearest = before[-1]
        if nearest.kind in ("foreign", "generic"):
            return _past_aside(st, before)
        return _group(st, nearest, forward=False)
    if any(x.kind == "foreign" and x.start < m_end + 40 for x in mentions):
        return []
    force = st.doc.focus or st.doc.main_force
    return [force] if force else []


def _past_aside(st: _Sentence, before: list[_Mention]) -> list[str]:
    """The named subject of "West Mercia Police, which ... any force in England, has been rated".

    Another body named inside a relative aside after the subject is not the verb's subject.
    """
    named = [x for x in before if x.kind in ("name", "anaphor")]
    if not named or named[-1] is before[-1]:
        return []
    subject = named[-1]
    if not g.RELATIVE_OPEN.match(st.low, subject.end):
        return []
    return _group(st, subject, forward=False)


def _group(st: _Sentence, pick: _Mention, forward: bool) -> list[str]:
    """The mention with the forces coordinated with it ("Staffordshire Police and Wiltshire")."""
    if pick.force is None:
        return []
    mentions = st.mentions
    out = [pick.force]
    j = mentions.index(pick)
    cur = pick
    step = 1 if forward else -1
    j += step
    while 0 <= j < len(mentions):
        other = mentions[j]
        lo, hi = (cur.end, other.start) if forward else (other.end, cur.start)
        if other.kind != "name" or not g.COORDINATION.match(st.low[lo:hi]):
            break
        if other.force and other.force not in out:
            out.append(other.force)
        cur = other
        j += step
    return out


# ---------------------------------------------------------------------------------------------
# Confidence


def _confidence(st: _Sentence, strength: float, frame: _Frame, verdict: _Verdict) -> float:
    """Cue strength, source and hedging as a number in 0..1."""
    doc = st.doc
    base = _BASE_CONFIDENCE.get(frame.tense, 0.7)
    if frame.tense in ("past", "nominal") and verdict.recent:
        base += 0.08
    conf = base * strength
    if frame.transparent and frame.tense == "nominal":
        conf -= 0.05
    if doc.source_kind == "inspectorate":
        conf += 0.06
    elif doc.source_kind in ("force", "pcc"):
        conf += 0.03
    if frame.hedged or g.HEDGE.search(st.low):
        conf -= 0.25
    if not st.is_title and not any(x.kind in ("name", "anaphor") for x in st.mentions):
        conf -= 0.03
    if not doc.topical:
        conf *= 0.5
    return max(0.05, min(0.99, conf))


# ---------------------------------------------------------------------------------------------
# PEEL grades


@dataclass
class _Grades:
    """What one sentence says about PEEL grades."""

    grades: dict[str, str] = field(default_factory=dict)
    anchor: int | None = None  # where the grading verb (or the first grade phrase) is
    verb: str = ""
    line: bool = False  # an "<area>: <grade>" line of a grade table

    def at(self, pos: int, verb: str) -> None:
        if self.anchor is None or (verb and not self.verb):
            self.anchor, self.verb = pos, verb


def _grades_in(st: _Sentence) -> _Grades:
    """Grades by area, and where the grading verb (or a grade count, "'good' in two") is."""
    low = st.low
    out = _Grades()
    line = g.PEEL_LINE.match(low.strip())
    if line is not None:
        area_text = line.group("area") or line.group("area2") or ""
        grade = vocab.normalise_grade(line.group("g") or line.group("g2"))
        areas = vocab.find_areas(area_text)
        if grade and areas and len(area_text.split()) <= 12:
            for a in areas:
                out.grades.setdefault(a, grade)
            out.line, out.anchor = True, 0
            return out
    for m in g.PEEL_COUNT.finditer(low):
        if number_value(m.group("n")):
            out.at(m.start(), "")
    for m in g.PEEL_COUNT_REV.finditer(low):
        if number_value(m.group("n")):
            out.at(m.start("v"), m.group("v"))
    listed = False
    for m in g.PEEL_AREA.finditer(low):
        verb = m.group("v") or ""
        quoted = m.group("qt") is not None
        grade_word = m.group("g")
        # A bare "good for ..." only counts inside a list that a grading verb began.
        if not (verb or quoted or listed):
            continue
        if verb in g.COPULAS and grade_word == "outstanding" and not quoted:
            continue
        grade = vocab.normalise_grade(grade_word)
        areas = vocab.find_areas(_grade_scope(low, m.end()))
        if grade is None or g.NUMBER_START.match(low, m.end()):
            continue
        if not areas:
            if verb and g.RATING_VERB.match(verb):
                out.at(m.start("v"), verb)
            continue
        for a in areas:
            out.grades.setdefault(a, grade)
        listed = True
        if verb == "as":
            # "graded its performance as inadequate": the tense is the grading verb's.
            head = g.RATED_OBJECT_AS.search(low, max(0, m.start("v") - 60), m.start("v"))
            if head is not None:
                out.at(head.start("v"), head.group("v"))
                continue
        out.at(m.start("v") if verb else m.start(), verb)
    for m in g.REQUIRES_IMPROVEMENT.finditer(low):
        if g.NUMBER_START.match(low, m.end()):
            continue
        areas = vocab.find_areas(_grade_scope(low, m.end()))
        for a in areas:
            out.grades.setdefault(a, vocab.REQUIRES_IMPROVEMENT)
        if areas:
            out.at(m.start(), m.group("g"))
    for m in g.PEEL_PASSIVE.finditer(low):
        grade = vocab.normalise_grade(m.group("g"))
        if grade is None:
            continue
        subject = re.split(r"[.;:]", st.text[max(0, m.start() - 90) : m.start()])[-1]
        areas = vocab.find_areas(subject)
        for a in areas:
            out.grades.setdefault(a, grade)
        if areas or find_forces(subject) or re.search(r"\b(?:it|the\s+force)\b", subject, re.I):
            out.at(m.start("v"), m.group("v"))
    return out


def _grade_scope(low: str, start: int) -> str:
    """The words a grade applies to: up to the next grade or the next contrast."""
    rest = low[start:]
    cut = g.GRADE_ANY.search(rest)
    if cut is not None:
        rest = rest[: cut.start()]
    return re.split(r"\b(?:but|while|whilst|whereas|although)\b|;", rest, maxsplit=1)[0]


def _grade_phrases(st: _Sentence, found: _Grades) -> list[_Candidate]:
    """A PEEL event from grade phrases alone, when no PEEL cue matched the sentence."""
    doc = st.doc
    if found.anchor is None:
        return []
    if found.line:
        if not doc.main_force:
            return []
        conf = 0.8 + (0.05 if doc.source_kind == "inspectorate" else 0.0)
        if not doc.topical:
            conf *= 0.5
        grades = dict(found.grades)
        return [
            _Candidate(
                vocab.PEEL_GRADED, doc.main_force, None, None, grades, st.orig, conf, "present"
            )
        ]
    v_start = found.anchor
    frame = _frame(st.low, v_start, found.verb or "is", st.is_title, "verb")
    if frame.reject:
        return []
    verdict = _judge(st, frame, _GRADE_CUE, v_start, v_start)
    if verdict is None:
        return []
    forces = _subjects(st, v_start, v_start, v_start)
    conf = _confidence(st, 1.0, frame, verdict) - (0.0 if found.grades else 0.04)
    grades = dict(found.grades) or None
    return [
        _Candidate(vocab.PEEL_GRADED, f, None, None, grades, st.orig, conf, frame.tense)
        for f in forces
    ]


def _table_events(text: str, doc: _Doc) -> list[_Candidate]:
    """Events a report states as a text table rather than in sentences.

    A revisit summary lists each cause of concern with its "Status: closed" (or open) line; a
    report's summary box gives "Areas for improvement: 9". Both belong to the article's force.
    """
    if not doc.main_force or not doc.peel_context:
        return []
    low = text.lower()
    if ":" not in low or not _has_any(low, g.ANTECEDENT_WORDS):
        return []
    closed: dict[str, int] = {}
    raised: dict[str, int] = {}
    evidence: dict[str, str] = {}
    heading: str | None = None
    for written in text.splitlines():
        line = written.lower()
        head = g.TABLE_HEADING.match(line)
        if head is not None:
            heading = "aoi" if head.group("aoi") else "coc"
            continue
        status = g.TABLE_STATUS.match(line)
        if status is not None and heading is not None:
            if status.group("closed"):
                closed[heading] = closed.get(heading, 0) + 1
                evidence.setdefault(heading + "-closed", written.strip())
            heading = None
            continue
        total = g.TABLE_COUNT.match(line)
        if total is not None:
            n = number_value(total.group("n"))
            kind = "aoi" if total.group("aoi") else "coc"
            if n:
                raised[kind] = max(raised.get(kind, 0), n)
                evidence.setdefault(kind + "-raised", written.strip())
    conf = 0.85 + (0.06 if doc.source_kind == "inspectorate" else 0.0)
    if not doc.topical:
        conf *= 0.5
    types = {
        ("coc", "closed"): vocab.CONCERN_CLOSED,
        ("aoi", "closed"): vocab.AOI_CLOSED,
        ("coc", "raised"): vocab.CONCERN_RAISED,
        ("aoi", "raised"): vocab.AOI_RAISED,
    }
    out = []
    for what, counts in (("closed", closed), ("raised", raised)):
        for kind, n in counts.items():
            out.append(
                _Candidate(
                    types[(kind, what)],
                    doc.main_force,
                    n,
                    None,
                    None,
                    evidence[f"{kind}-{what}"],
                    conf,
                    "present",
                )
            )
    return out


def _title_raised(st: _Sentence) -> list[_Candidate]:
    """Notices titled "<Force>: accelerated cause of concern" or "PEEL: <Force> causes of concern"."""
    if g.TITLE_RAISED.search(st.text) is None or g.TITLE_NOT_RAISED.search(st.text):
        return []
    forces = find_forces(st.text)
    if not forces:
        return []
    conf = 0.8 + (0.08 if st.doc.source_kind == "inspectorate" else 0.0)
    if not st.doc.topical:
        conf *= 0.5
    noun = g.TITLE_RAISED.search(st.text)
    count = _count("", noun.group(0)) if noun else None
    return [
        _Candidate(vocab.CONCERN_RAISED, forces[0][2], count, None, None, st.orig, conf, "title")
    ]


# ---------------------------------------------------------------------------------------------
# Whole article


def _finish(candidates: list[_Candidate]) -> list[Event]:
    """Drop the weak and the contradicted, then merge per (type, force)."""
    by_force: dict[str, list[_Candidate]] = {}
    for c in candidates:
        if c.force and c.confidence >= MIN_CONFIDENCE:
            by_force.setdefault(c.force, []).append(c)
    merged: dict[tuple[str, str], _Candidate] = {}
    for force_cands in by_force.values():
        for c in _consistent(force_cands):
            key = (c.type, c.force)
            have = merged.get(key)
            if have is None:
                merged[key] = _Candidate(**{**c.__dict__, "grade": dict(c.grade or {}) or None})
                continue
            if c.count is not None and (have.count is None or c.count > have.count):
                have.count = c.count
            if c.grade:
                have.grade = have.grade or {}
                for area, grade in c.grade.items():
                    have.grade.setdefault(area, grade)
            if c.confidence > have.confidence:
                have.confidence, have.evidence = c.confidence, c.evidence
                have.area = c.area or have.area
            elif have.area is None:
                have.area = c.area
    return [
        Event(
            type=c.type,
            force=c.force,
            count=c.count,
            area=c.area,
            grade=c.grade or None,
            evidence=c.evidence,
            confidence=round(c.confidence, 3),
        )
        for c in merged.values()
    ]


def _consistent(cands: list[_Candidate]) -> list[_Candidate]:
    """One force's candidates, less what the rest of the article shows to be history."""
    best: dict[str, float] = {}
    for c in cands:
        best[c.type] = max(best.get(c.type, 0.0), c.confidence)
    drop: set[str] = set()
    if vocab.ENGAGE_ENTERED in best and vocab.ENGAGE_EXITED in best:
        # A force does not enter and leave Engage in one story: the weaker one is history.
        if best[vocab.ENGAGE_ENTERED] > best[vocab.ENGAGE_EXITED]:
            drop.add(vocab.ENGAGE_EXITED)
        else:
            drop.add(vocab.ENGAGE_ENTERED)
    return [
        c
        for c in cands
        if c.type not in drop
        and not (c.tense not in _STRONG_TENSES and _CLOSED_BY[c.type] & best.keys())
    ]
