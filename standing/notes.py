"""The change-log entries a new standing calls for, from how each linked change moved since
the standing was last stored. Pure functions.

A change is alerted once, through the entry of its first source; these entries tell the rest:
`confirmed` (the inspectorate now says so too; a follow-up for those who asked), `review` (it
contradicts the record and is not applied), `cleared` (it stands again, and is alerted as it
now stands), `correction` (what subscribers were told no longer holds) and
`pcc_response_overdue`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from standing.model import (
    ALERTABLE,
    CONFIRMED,
    INSPECTORATE,
    REPORTED,
    RETRACTED,
    REVIEW,
    LinkedChange,
    PccClock,
    SourceRef,
)
from standing.pcc import RESPONSE_DAYS

CONFIRMED_KIND = "confirmed"
REVIEW_KIND = "review"
CLEARED_KIND = "cleared"
CORRECTION_KIND = "correction"
OVERDUE_KIND = "pcc_response_overdue"


@dataclass(frozen=True)
class Note:
    kind: str
    force: str
    summary: str
    detail: str
    source_id: str
    url: str
    event_id: str | None
    baseline: bool


def _long(day: str | None) -> str:
    if not day:
        return "an unknown date"
    d = date.fromisoformat(day[:10])
    return f"{d.day} {d:%B %Y}"


def _named(source: SourceRef) -> str:
    return f"{source.source_name} ({source.title})" if source.title else source.source_name


def _note(kind: str, link: LinkedChange, summary: str, detail: str, source: SourceRef) -> Note:
    return Note(
        kind=kind,
        force=link.force,
        summary=summary,
        detail=detail,
        source_id=source.source_id,
        url=source.url,
        event_id=link.id,
        baseline=link.baseline,
    )


def link_notes(
    before: Mapping[str, Mapping[str, object]], links: Sequence[LinkedChange]
) -> list[Note]:
    """Entries for the linked changes that moved: `before` maps a change's id to its stored
    state and whether its first source had been taken back."""
    out: list[Note] = []
    for link in links:
        lead = link.sources[0]
        live = [s for s in link.sources if not s.retracted]
        old = before.get(link.id)
        if old is None:
            if link.state == REVIEW:
                out.append(_held(link, lead))
            continue
        was = old["state"]
        if was == link.state:
            if link.alertable and link.lead_retracted and not old["lead_retracted"]:
                others = ", ".join(_named(s) for s in live)
                out.append(
                    _note(
                        CORRECTION_KIND,
                        link,
                        f"Correction: {link.summary}",
                        f"{lead.source_name} has removed the sentence the alert quoted. The change"
                        f" still stands: {len(live)} other source(s) report it: {others}.",
                        lead,
                    )
                )
            continue
        if link.state == CONFIRMED and was == REPORTED:
            confirming = next(s for s in live if s.source_kind == INSPECTORATE)
            out.append(
                _note(
                    CONFIRMED_KIND,
                    link,
                    f"Confirmed by the inspectorate: {link.summary}",
                    f"First reported by {_named(lead)}; now {_named(confirming)} says so too.",
                    confirming,
                )
            )
        elif link.state == REVIEW:
            out.append(_held(link, lead))
            if was in ALERTABLE:
                out.append(
                    _note(
                        CORRECTION_KIND,
                        link,
                        f"Correction: {link.summary}",
                        f"This no longer fits the force's standing ({link.reason}), so forcewatch"
                        " has taken it out of the standing and holds it for review.",
                        lead,
                    )
                )
        elif link.state == RETRACTED and was in ALERTABLE:
            out.append(
                _note(
                    CORRECTION_KIND,
                    link,
                    f"Correction: {link.summary}",
                    "Every source that reported this has since removed it, so forcewatch has"
                    " taken it out of the force's standing.",
                    lead,
                )
            )
        elif link.alertable and was in (REVIEW, RETRACTED):
            why = "no longer held for review" if was == REVIEW else "reported again"
            source = live[0] if live else lead
            out.append(
                _note(
                    CLEARED_KIND,
                    link,
                    f"{link.summary} ({why})",
                    f"It now fits the force's standing and is applied; first reported by"
                    f" {_named(lead)}.",
                    source,
                )
            )
    return out


def _held(link: LinkedChange, lead: SourceRef) -> Note:
    return _note(
        REVIEW_KIND,
        link,
        f"Held for review: {link.summary}",
        f"Not applied to the force's standing: {link.reason}. The sources should be checked.",
        lead,
    )


def overdue_note(
    force: str, clock: PccClock, *, source_id: str, event_id: str | None, baseline: bool
) -> Note:
    return Note(
        kind=OVERDUE_KIND,
        force=force,
        summary=f"{force}: no PCC response to '{clock.report_title}' within {RESPONSE_DAYS} days",
        detail=(
            f"The inspectorate published '{clock.report_title}' on {_long(clock.published)}."
            f" The Police and Crime Commissioner had until {_long(clock.due)} to publish a"
            " response (Police Act 1996, section 55); forcewatch has found none on the"
            " Commissioner's site."
        ),
        source_id=source_id,
        url=clock.report_url,
        event_id=event_id,
        baseline=baseline,
    )
