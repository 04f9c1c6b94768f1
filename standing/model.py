"""What a force's standing is made of: plain dataclasses that go to JSON and back unchanged."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

from detect.vocab import ENGAGE, GRADES

# A linked change is `confirmed` when the inspectorate is among its sources, `reported` when
# only others say so, `review` when it contradicts the standing, `retracted` when every
# source has taken it back.
REPORTED = "reported"
CONFIRMED = "confirmed"
REVIEW = "review"
RETRACTED = "retracted"
LINK_STATES = (REPORTED, CONFIRMED, REVIEW, RETRACTED)
ALERTABLE = (REPORTED, CONFIRMED)

# The source kind whose word confirms a change: HMICFRS news, letters, reports, Engage lists.
INSPECTORATE = "inspectorate"

# The state of the PCC's response to one report (Police Act 1996 s.55: within 56 days).
PENDING = "pending"  # the 56 days are still running
RESPONDED = "responded"  # published within the 56 days
LATE = "late"  # published, after the 56 days
OVERDUE = "overdue"  # the 56 days are over and nothing is published
UNWATCHED = "unwatched"  # forcewatch does not read this PCC's site
BEFORE_WATCH = "before_watch"  # the report is older than anything read from the PCC's site
CLOCK_STATES = (PENDING, RESPONDED, LATE, OVERDUE, UNWATCHED, BEFORE_WATCH)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class _Record:
    """to_dict() gives JSON-ready dicts (tuples become lists); from_dict() reads them back."""

    # The record type of each field that holds records, for from_dict.
    _nested: ClassVar[dict[str, Any]] = {}

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        values = {}
        for f in fields(cls):  # type: ignore[arg-type]
            raw = data.get(f.name)
            kind = cls._nested.get(f.name)
            if kind is not None and raw is not None:
                if isinstance(raw, list):
                    raw = tuple(kind.from_dict(item) for item in raw)
                else:
                    raw = kind.from_dict(raw)
            elif isinstance(raw, list):
                raw = tuple(raw)
            values[f.name] = raw
        return cls(**values)


@dataclass(frozen=True)
class EventRecord(_Record):
    """One stored event as the derivation reads it; `seq` is its first change-log id, the
    order in which forcewatch learnt of it."""

    id: str
    type: str
    force: str
    seq: int
    source_id: str
    source_kind: str
    source_name: str
    url: str
    title: str | None = None
    published: str | None = None
    occurred: str | None = None
    detected_at: str = ""
    count: int | None = None
    area: str | None = None
    grade: dict[str, str] | None = None
    evidence: str = ""
    confidence: float = 0.0
    baseline: bool = False
    retracted: bool = False
    origin: str = "text"


@dataclass(frozen=True)
class SourceRef(_Record):
    """One source of a linked change: who said it, where, and the sentence."""

    source_id: str
    source_name: str
    source_kind: str
    url: str
    title: str | None
    published: str | None
    evidence: str
    event_id: str
    retracted: bool = False


@dataclass(frozen=True)
class GradeChange(_Record):
    area: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.area}: {self.before} -> {self.after}"


@dataclass(frozen=True)
class LinkedChange(_Record):
    """Events of one force and type within a window: one real-world change, several sources.

    `id` is the id of the event forcewatch learnt of first, so it never moves; `date` is when
    the change happened (ISO day); `restates` names an earlier change this one repeats.
    """

    id: str
    force: str
    type: str
    state: str
    date: str
    summary: str
    lead_change_id: int
    reason: str | None = None
    count: int | None = None
    areas: tuple[str, ...] = ()
    inspectorate: bool = False
    baseline: bool = False
    lead_retracted: bool = False
    restates: str | None = None
    cycle: str | None = None
    grades: dict[str, str] | None = None
    report_url: str | None = None
    report_title: str | None = None
    grade_changes: tuple[GradeChange, ...] = ()
    event_ids: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()

    _nested: ClassVar[dict[str, Any]] = {"sources": SourceRef, "grade_changes": GradeChange}

    @property
    def alertable(self) -> bool:
        return self.state in ALERTABLE


@dataclass(frozen=True)
class Concerns(_Record):
    """Causes of concern as counted from the changes: `areas` maps an area to open/closed."""

    raised: int = 0
    closed: int = 0
    open: int = 0
    areas: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Afis(_Record):
    """Areas for improvement, where a source stated how many."""

    raised: int = 0
    closed: int = 0


@dataclass(frozen=True)
class Grade(_Record):
    """One area of the latest PEEL report, with the grade the report before it gave."""

    area: str
    grade: str
    cycle: str | None
    previous: str | None = None
    previous_cycle: str | None = None
    report_url: str | None = None


@dataclass(frozen=True)
class PccClock(_Record):
    """The PCC's published response to one inspectorate report, and the 56 days it had."""

    report_url: str
    report_title: str
    published: str
    due: str
    state: str
    response_url: str | None = None
    response_title: str | None = None
    responded: str | None = None
    days: int | None = None


@dataclass(frozen=True)
class ForceStanding(_Record):
    """A force's standing: stage (scan or engage) since when and on whose word, causes of
    concern, latest PEEL grades, areas for improvement, PCC responses, and every linked change
    newest first (`timeline`)."""

    force: str
    stage: str
    since: str | None = None
    stage_change: str | None = None
    evidence: tuple[SourceRef, ...] = ()
    concerns: Concerns = field(default_factory=Concerns)
    grades: tuple[Grade, ...] = ()
    grades_cycle: str | None = None
    afis: Afis = field(default_factory=Afis)
    pcc: tuple[PccClock, ...] = ()
    review: tuple[str, ...] = ()
    last_event: LinkedChange | None = None
    timeline: tuple[LinkedChange, ...] = ()

    _nested: ClassVar[dict[str, Any]] = {
        "evidence": SourceRef,
        "concerns": Concerns,
        "grades": Grade,
        "afis": Afis,
        "pcc": PccClock,
        "last_event": LinkedChange,
        "timeline": LinkedChange,
    }

    @property
    def in_engage(self) -> bool:
        return self.stage == ENGAGE

    def grades_summary(self) -> str:
        """ "2025-27: 1 good, 2 adequate, 2 requires improvement, 3 inadequate" """
        if not self.grades:
            return ""
        counts = {g: sum(1 for x in self.grades if x.grade == g) for g in GRADES}
        parts = [f"{n} {g}" for g, n in counts.items() if n]
        return (
            f"{self.grades_cycle}: " + ", ".join(parts) if self.grades_cycle else ", ".join(parts)
        )
