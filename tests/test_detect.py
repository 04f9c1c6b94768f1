"""The detector's rules, one short article per case: what must be found and what must not."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from detect import Article, Event, detect
from detect.vocab import (
    AOI_CLOSED,
    AOI_RAISED,
    CONCERN_CLOSED,
    CONCERN_RAISED,
    ENGAGE_ENTERED,
    ENGAGE_EXITED,
    INADEQUATE,
    INVESTIGATIONS,
    PEEL_GRADED,
    REQUIRES_IMPROVEMENT,
    VULNERABLE_PEOPLE,
)

WMP = "West Midlands Police"
MET = "Metropolitan Police Service"
GMP = "Greater Manchester Police"
NOTTS = "Nottinghamshire Police"
LINCS = "Lincolnshire Police"


@dataclass
class Case:
    title: str
    text: str
    expect: set[tuple[str, str]] = field(default_factory=set)
    counts: dict[tuple[str, str], int | None] = field(default_factory=dict)
    kind: str = "news"
    force: str | None = None
    published: str | None = "2025-06-10"


def _run(case: Case) -> list[Event]:
    article = Article(
        title=case.title,
        text=case.text,
        published=case.published,
        source_kind=case.kind,
        force=case.force,
    )
    return detect(article)


FORCE_NAMES = {
    "wmp-short": Case(
        "Watchdog lifts special measures",
        "WMP has been removed from special measures by the inspectorate.",
        {(ENGAGE_EXITED, WMP)},
    ),
    "west-midlands-force": Case(
        "Inspectors move the West Midlands force into special measures",
        "Inspectors said the West Midlands force was not managing the risk from sex offenders.",
        {(ENGAGE_ENTERED, WMP)},
    ),
    "the-met": Case(
        "Special measures end for the Met",
        "The Met has been taken out of special measures after the inspectorate found "
        "improvements in how it answers calls.",
        {(ENGAGE_EXITED, MET)},
    ),
    "met-police-headline": Case(
        "Met Police placed in special measures",
        "London's force faces closer scrutiny, the inspectorate said on Wednesday.",
        {(ENGAGE_ENTERED, MET)},
    ),
    "metropolitan-police": Case(
        "Inspectors' decision",
        "The Metropolitan Police has been escalated to Engage, the inspectorate's enhanced "
        "phase of monitoring.",
        {(ENGAGE_ENTERED, MET)},
    ),
    "avon-and-somerset-police": Case(
        "Engage decision",
        "Avon and Somerset Police has today been moved into an enhanced level of monitoring by "
        "HMICFRS.",
        {(ENGAGE_ENTERED, "Avon and Somerset Constabulary")},
    ),
    "devon-ampersand-cornwall": Case(
        "Devon & Cornwall taken out of enhanced monitoring",
        "Inspectors recognised the progress made by officers across the two counties.",
        {(ENGAGE_EXITED, "Devon and Cornwall Police")},
    ),
    "gmp-no-longer": Case(
        "Watchdog verdict on GMP",
        "GMP is no longer in special measures, the inspectorate confirmed on Friday.",
        {(ENGAGE_EXITED, GMP)},
    ),
    "greater-manchester-headline": Case(
        "Greater Manchester out of special measures",
        "The force was told on Friday that its call handling had improved.",
        {(ENGAGE_EXITED, GMP)},
    ),
    "notts-police": Case(
        "Notts Police enters special measures",
        "The watchdog said it had two accelerated causes of concern about crime recording.",
        {(ENGAGE_ENTERED, NOTTS)},
    ),
    "lincs-police-given": Case(
        "Lincs Police handed five causes of concern",
        "The inspectorate gave the county's force until spring to respond.",
        {(CONCERN_RAISED, LINCS)},
        counts={(CONCERN_RAISED, LINCS): 5},
    ),
    "hampshire-constabulary": Case(
        "PEEL: Hampshire Constabulary",
        "Hampshire Constabulary was rated 'good' at protecting vulnerable people in the PEEL "
        "report published today.",
        {(PEEL_GRADED, "Hampshire and Isle of Wight Constabulary")},
    ),
    "thames-valley": Case(
        "Monitoring decision",
        "Thames Valley has been returned to routine monitoring by HMICFRS.",
        {(ENGAGE_EXITED, "Thames Valley Police")},
    ),
    "dyfed-powys": Case(
        "Inspection findings",
        "Inspectors have issued Dyfed Powys with a cause of concern about its custody suites.",
        {(CONCERN_RAISED, "Dyfed-Powys Police")},
        counts={(CONCERN_RAISED, "Dyfed-Powys Police"): 1},
    ),
    "the-force-from-title": Case(
        "Cleveland Police: inspectorate decision",
        "The force has been removed from Engage after a revisit in the spring.",
        {(ENGAGE_EXITED, "Cleveland Police")},
    ),
    "the-constabulary-from-source": Case(
        "A statement from the Chief Constable",
        "The constabulary has today been removed from the Engage process of HMICFRS.",
        {(ENGAGE_EXITED, "Gloucestershire Constabulary")},
        kind="force",
        force="Gloucestershire Constabulary",
    ),
    "we-on-force-site": Case(
        "Our latest inspection",
        "We have been taken out of enhanced monitoring by the inspectorate.",
        {(ENGAGE_EXITED, "Wiltshire Police")},
        kind="force",
        force="Wiltshire Police",
    ),
    "first-mentioned-force": Case(
        "County force leaves special measures",
        "Wiltshire Police has made improvements in how it investigates crime, inspectors said. "
        "The force has been removed from enhanced monitoring.",
        {(ENGAGE_EXITED, "Wiltshire Police")},
    ),
    "another-force-in-sentence": Case(
        "Lincolnshire Police moved into enhanced monitoring",
        "HMICFRS has moved Lincolnshire Police into Engage. Separately, Nottinghamshire Police "
        "has been removed from enhanced monitoring after improving its crime recording.",
        {(ENGAGE_ENTERED, LINCS), (ENGAGE_EXITED, NOTTS)},
    ),
    "object-of-the-verb": Case(
        "Decision published",
        "After visiting Cleveland Police, the inspectorate has returned Durham Constabulary to "
        "routine monitoring.",
        {(ENGAGE_EXITED, "Durham Constabulary")},
    ),
    "two-forces-coordinated": Case(
        "Two forces leave special measures",
        "Staffordshire Police and Wiltshire Police have both been removed from enhanced "
        "monitoring.",
        {(ENGAGE_EXITED, "Staffordshire Police"), (ENGAGE_EXITED, "Wiltshire Police")},
    ),
}

NOT_POLICE = {
    "fire-service-named": Case(
        "Fire service placed into Engage",
        "West Midlands Fire Service has been placed into Engage by the inspectorate.",
    ),
    "fire-and-rescue-article": Case(
        "Essex County Fire and Rescue Service removed from enhanced monitoring",
        "The service has been removed from enhanced monitoring after closing its cause of concern.",
        kind="inspectorate",
    ),
    "fire-sentence-in-police-article": Case(
        "Kent Police has been moved into Engage",
        "Kent Fire and Rescue Service was also moved into Engage on the same day.",
        {(ENGAGE_ENTERED, "Kent Police")},
    ),
    "generic-fire-and-rescue": Case(
        "Inspectors raise cause of concern",
        "The fire and rescue service has been issued with an accelerated cause of concern "
        "about its prevention work.",
        kind="inspectorate",
    ),
    "police-scotland": Case(
        "Police Scotland criticised over call handling",
        "Police Scotland has been issued with a cause of concern by HMICS over call handling.",
    ),
    "psni": Case(
        "PSNI placed under special measures",
        "The Police Service of Northern Ireland has been placed under special measures.",
    ),
    "other-inspectorate-probation": Case(
        "Probation service rated inadequate",
        "HM Inspectorate of Probation rated the service 'inadequate' for protecting the public. "
        "Inspectors raised two causes of concern.",
    ),
    "other-inspectorate-ofsted": Case(
        "Children's services in special measures",
        "Ofsted rated the council's children's services inadequate and the council was placed "
        "in special measures. Kent Police said it would support the council.",
    ),
    "hospital-trust-in-special-measures": Case(
        "Round-up: Kent news",
        "Kent Police appealed for witnesses. Medway NHS Foundation Trust has been placed in "
        "special measures by the health regulator.",
    ),
    "council-in-special-measures": Case(
        "Kent news",
        "Inspectors said the county council has been placed in special measures, and Kent Police "
        "welcomed the inspection.",
    ),
    "other-inspectorate-prisons": Case(
        "Prison inspection",
        "HM Inspectorate of Prisons has raised a cause of concern about custody at HMP "
        "Birmingham, near West Midlands Police headquarters.",
    ),
}

NUMBERS = {
    "three-of-the-four": Case(
        "Progress on causes of concern",
        "HMICFRS has closed three of the four causes of concern it raised about West Midlands "
        "Police.",
        {(CONCERN_CLOSED, WMP)},
        counts={(CONCERN_CLOSED, WMP): 3},
    ),
    "two-accelerated": Case(
        "Nottinghamshire Police",
        "The inspectorate has issued two accelerated causes of concern to the force.",
        {(CONCERN_RAISED, NOTTS)},
        counts={(CONCERN_RAISED, NOTTS): 2},
    ),
    "both": Case(
        "Cumbria Constabulary",
        "Inspectors have now signed off both causes of concern.",
        {(CONCERN_CLOSED, "Cumbria Constabulary")},
        counts={(CONCERN_CLOSED, "Cumbria Constabulary"): 2},
    ),
    "all-five-discharged": Case(
        "Gwent Police",
        "All five causes of concern have now been discharged, the inspectorate said.",
        {(CONCERN_CLOSED, "Gwent Police")},
        counts={(CONCERN_CLOSED, "Gwent Police"): 5},
    ),
    "remaining-one": Case(
        "Suffolk Constabulary",
        "The remaining cause of concern has been resolved, inspectors found on their revisit.",
        {(CONCERN_CLOSED, "Suffolk Constabulary")},
        counts={(CONCERN_CLOSED, "Suffolk Constabulary"): 1},
    ),
    "a-further": Case(
        "Inspection of Essex Police",
        "A further cause of concern was issued to Essex Police on Tuesday.",
        {(CONCERN_RAISED, "Essex Police")},
        counts={(CONCERN_RAISED, "Essex Police"): 1},
    ),
    "digits": Case(
        "Dorset Police PEEL inspection",
        "Inspectors identified 17 areas for improvement at Dorset Police.",
        {(AOI_RAISED, "Dorset Police")},
        counts={(AOI_RAISED, "Dorset Police"): 17},
    ),
    "hyphenated-number": Case(
        "Kent Police inspection report",
        "The report set out twenty-one areas for improvement for the force.",
        {(AOI_RAISED, "Kent Police")},
        counts={(AOI_RAISED, "Kent Police"): 21},
    ),
    "of-the-five-three": Case(
        "Revisit letter: Derbyshire Constabulary",
        "Of the five causes of concern, three have now been closed.",
        {(CONCERN_CLOSED, "Derbyshire Constabulary")},
        counts={(CONCERN_CLOSED, "Derbyshire Constabulary"): 3},
    ),
}

ENGAGE = {
    "special-measures-entry": Case(
        "Sussex Police put into special measures",
        "The force was told it must improve how it handles 999 calls.",
        {(ENGAGE_ENTERED, "Sussex Police")},
    ),
    "special-measures-exit": Case(
        "Watchdog update",
        "Surrey Police has come out of special measures after a year of work.",
        {(ENGAGE_EXITED, "Surrey Police")},
    ),
    "returned-to-routine": Case(
        "Monitoring decision for Essex Police",
        "Essex Police has been returned to routine monitoring.",
        {(ENGAGE_EXITED, "Essex Police")},
    ),
    "default-phase-known-as-scan": Case(
        "North Wales Police: return to default phase of monitoring",
        "I have decided to move the force back to our default phase of monitoring, known as Scan.",
        {(ENGAGE_EXITED, "North Wales Police")},
        kind="inspectorate",
    ),
    "removed-from-enhanced": Case(
        "Humberside Police removed from enhanced monitoring",
        "The force has made the improvements we asked for.",
        {(ENGAGE_EXITED, "Humberside Police")},
        kind="inspectorate",
    ),
    "latest-force-to-be": Case(
        "Another force in special measures",
        "Bedfordshire Police has become the latest force to be placed in special measures.",
        {(ENGAGE_ENTERED, "Bedfordshire Police")},
    ),
    "left-engage": Case(
        "Good news for Northumbria Police",
        "Northumbria Police left Engage on Monday after two years.",
        {(ENGAGE_EXITED, "Northumbria Police")},
    ),
    "measures-lifted": Case(
        "Leicestershire Police",
        "Special measures have been lifted at the force following a revisit.",
        {(ENGAGE_EXITED, "Leicestershire Police")},
    ),
    "escalated": Case(
        "Merseyside Police",
        "HM Chief Inspector has escalated the force to Engage because it is not responding to "
        "the public effectively.",
        {(ENGAGE_ENTERED, "Merseyside Police")},
    ),
    "remains-in-engage": Case(
        "South Yorkshire Police update",
        "South Yorkshire Police remains in Engage while inspectors assess its progress.",
    ),
    "could-be-placed": Case(
        "Warning for Cheshire Constabulary",
        "Cheshire Constabulary could be placed in special measures if it does not improve.",
    ),
    "faces-special-measures": Case(
        "Northamptonshire Police warned",
        "Northamptonshire Police faces being put into special measures unless call answering "
        "times fall.",
    ),
    "not-yet-removed": Case(
        "Norfolk Constabulary",
        "The force has not yet been removed from enhanced monitoring, inspectors said.",
    ),
    "generic-forces": Case(
        "How monitoring works",
        "Forces are moved into Engage when they are not responding to the inspectorate's "
        "concerns. HMICFRS monitors West Yorkshire Police and every other force.",
    ),
}

CLOSURES = {
    "discharged": Case(
        "Cause of concern discharged",
        "The inspectorate has discharged the cause of concern about Leicestershire Police's "
        "custody suites.",
        {(CONCERN_CLOSED, "Leicestershire Police")},
    ),
    "addressed": Case(
        "Revisit findings",
        "Inspectors found that Warwickshire Police had addressed two causes of concern.",
        {(CONCERN_CLOSED, "Warwickshire Police")},
        counts={(CONCERN_CLOSED, "Warwickshire Police"): 2},
    ),
    "remains-open": Case(
        "Revisit findings",
        "The cause of concern about investigations at Staffordshire Police remains open.",
    ),
    "not-yet-closed": Case(
        "Revisit findings",
        "One cause of concern for Merseyside Police is not yet closed.",
    ),
    "was-not-closed": Case(
        "Revisit findings",
        "The cause of concern on crime recording at Lancashire Constabulary was not closed.",
    ),
    "only-one-not-closed": Case(
        "Revisit findings for West Midlands Police",
        "The only cause of concern that was not closed related to investigations.",
    ),
    "closed-and-open-same-sentence": Case(
        "Revisit findings for Sussex Police",
        "Two causes of concern have been closed, while a third remains open.",
        {(CONCERN_CLOSED, "Sussex Police")},
        counts={(CONCERN_CLOSED, "Sussex Police"): 2},
    ),
    "closed-but-one-not": Case(
        "Revisit findings for Kent Police",
        "Inspectors closed three of the four causes of concern but the one on investigations "
        "was not closed.",
        {(CONCERN_CLOSED, "Kent Police")},
        counts={(CONCERN_CLOSED, "Kent Police"): 3},
    ),
    "working-to-address": Case(
        "Chief constable's message",
        "Durham Constabulary is working hard to address the four causes of concern.",
    ),
    "can-be-closed": Case(
        "Revisit findings for Surrey Police",
        "More progress is needed before the remaining two causes of concern can be closed.",
    ),
    "gerund-after-into": Case(
        "Chief constable's message for Cheshire Constabulary",
        "Much work continues to go into addressing the causes of concern raised by HMICFRS.",
    ),
    "by-closing": Case(
        "Progress for Hertfordshire Constabulary",
        "The force has improved its performance by closing two areas of previous concern.",
        {(CONCERN_CLOSED, "Hertfordshire Constabulary")},
        counts={(CONCERN_CLOSED, "Hertfordshire Constabulary"): 2},
    ),
}

BACKGROUND = {
    "engage-last-year": Case(
        "Avon and Somerset Constabulary recruits officers",
        "The force was moved into Engage last year and has since recruited 300 officers. "
        "The inspectorate praised the new recruits.",
    ),
    "had-raised-concerns": Case(
        "Inspectors revisit West Mercia Police",
        "HMICFRS had raised concerns in four areas, including how it keeps children safe.",
    ),
    "special-measures-in-year": Case(
        "West Yorkshire Police recruits more call handlers",
        "West Yorkshire Police was put into special measures in 2022 after an inspection.",
    ),
    "since-being-placed": Case(
        "Inspection progress at Wiltshire Police",
        "Since being placed in Engage, Wiltshire Police has recruited more detectives.",
    ),
    "relative-clause-past": Case(
        "Inspectors back at South Wales Police",
        "South Wales Police, which entered Engage after the inspection, said the figures were "
        "encouraging.",
    ),
    "back-in": Case(
        "Inspection report on Cleveland Police",
        "Back in 2019, Cleveland Police was placed into Engage after all three pillars were "
        "graded inadequate.",
    ),
    "years-ago": Case(
        "Inspectorate looks again at Bedfordshire Police",
        "Two years ago inspectors issued three causes of concern about the force.",
    ),
    "exit-article-restates-entry": Case(
        "Staffordshire Police removed from enhanced monitoring",
        "Staffordshire Police was moved into Engage in July 2022. It has now made enough "
        "progress to be removed.",
        {(ENGAGE_EXITED, "Staffordshire Police")},
        kind="inspectorate",
        published="2024-05-21",
    ),
    "closure-article-restates-raise": Case(
        "Revisit: Gloucestershire Constabulary",
        "Inspectors issued four causes of concern about the force. Three of them have now been "
        "closed.",
        {(CONCERN_CLOSED, "Gloucestershire Constabulary")},
    ),
}

ORDINARY_NEWS = {
    "appeal-mentions-peel": Case(
        "Appeal after car stolen in Derby",
        "Police are appealing for witnesses after a car was stolen from a driveway. "
        "Derbyshire Constabulary, which was rated good in its last PEEL inspection, has "
        "increased patrols.",
    ),
    "court-result": Case(
        "Man jailed for burglary spree",
        "A man has been jailed for six years for a series of burglaries in Nottingham. "
        "Detectives said the sentence reflected the harm caused. The force was graded 'good' at "
        "investigating crime by HMICFRS.",
    ),
    "arrest": Case(
        "Three arrested after disorder in Leeds",
        "Officers arrested three people after disorder in the city centre on Saturday night. "
        "West Yorkshire Police, which is in special measures after an inspection, said patrols "
        "would continue.",
    ),
    "event": Case(
        "Open day at police headquarters",
        "Residents are invited to meet officers at the open day in Hertford. Hertfordshire "
        "Constabulary said families would be able to see the dog unit.",
    ),
}

PEEL = {
    "graded-across-areas": Case(
        "Mixed picture for Kent Police",
        "HMICFRS graded Kent Police's performance across eight areas of policing. It found the "
        "force was 'good' in two areas, 'adequate' in three, 'requires improvement' in two and "
        "'inadequate' in one.",
        {(PEEL_GRADED, "Kent Police")},
        counts={(PEEL_GRADED, "Kent Police"): None},
    ),
    "rated-inadequate-for": Case(
        "PEEL report on Cleveland Police",
        "The force was rated inadequate for investigating crime in the PEEL report.",
        {(PEEL_GRADED, "Cleveland Police")},
    ),
    "old-peel-grade": Case(
        "Wiltshire Police statement",
        "In its 2022 PEEL inspection, Wiltshire Police was rated inadequate at investigating "
        "crime.",
    ),
}

AOI = {
    "aoi-raised": Case(
        "Northamptonshire Police PEEL report",
        "The inspectorate identified 12 areas for improvement for Northamptonshire Police.",
        {(AOI_RAISED, "Northamptonshire Police")},
        counts={(AOI_RAISED, "Northamptonshire Police"): 12},
    ),
    "aoi-closed-active": Case(
        "Progress at Norfolk Constabulary",
        "Norfolk Constabulary has closed nine of its fourteen areas for improvement, the "
        "inspectorate said.",
        {(AOI_CLOSED, "Norfolk Constabulary")},
        counts={(AOI_CLOSED, "Norfolk Constabulary"): 9},
    ),
    "aoi-closed-passive": Case(
        "Inspection update on Suffolk Constabulary",
        "Seven areas for improvement have been signed off by inspectors.",
        {(AOI_CLOSED, "Suffolk Constabulary")},
        counts={(AOI_CLOSED, "Suffolk Constabulary"): 7},
    ),
    "aoi-must-address": Case(
        "Inspection update on Essex Police",
        "The force must address the areas for improvement by next spring.",
    ),
}


FRAMES = {
    "from-routine-into-engage": Case(
        "Inspectorate decision on Gwent Police",
        "HM Chief Inspector has decided to move Gwent Police from routine monitoring into the "
        "Engage phase.",
        {(ENGAGE_ENTERED, "Gwent Police")},
    ),
    "enough-evidence-to-close": Case(
        "Revisit letter to Cheshire Constabulary",
        "On our revisit we found sufficient evidence to close the cause of concern about call "
        "handling.",
        {(CONCERN_CLOSED, "Cheshire Constabulary")},
        counts={(CONCERN_CLOSED, "Cheshire Constabulary"): 1},
        kind="inspectorate",
    ),
    "not-enough-evidence-to-close": Case(
        "Revisit letter to Cheshire Constabulary",
        "We did not find enough evidence to close the cause of concern about call handling.",
        kind="inspectorate",
    ),
    "more-progress-to-be-removed": Case(
        "Revisit letter to Cheshire Constabulary",
        "The force needs to make more progress to be removed from Engage.",
        kind="inspectorate",
    ),
    "relative-without-that-keeps-its-date": Case(
        "Kent Police update",
        "Inspectors have now closed the two causes of concern they issued in January 2024.",
        {(CONCERN_CLOSED, "Kent Police")},
        counts={(CONCERN_CLOSED, "Kent Police"): 2},
    ),
    "bare-concerns-with-number": Case(
        "Watchdog signs off both concerns at Dorset Police",
        "The force has improved its response to domestic abuse, inspectors said.",
        {(CONCERN_CLOSED, "Dorset Police")},
        counts={(CONCERN_CLOSED, "Dorset Police"): 2},
    ),
    "bare-concerns-addressed-is-vague": Case(
        "Chief constable writes to residents of Essex",
        "Essex Police has addressed the concerns residents raised at the public meeting.",
    ),
    "enhanced-regime": Case(
        "Inspection news",
        "Cheshire Constabulary has been brought out of the enhanced regime after a revisit.",
        {(ENGAGE_EXITED, "Cheshire Constabulary")},
    ),
    "past-tense-month-long-ago": Case(
        "Lincolnshire Police moved into enhanced monitoring",
        "Lincolnshire Police is the latest force in Engage. Merseyside Police left special "
        "measures in February.",
        {(ENGAGE_ENTERED, LINCS)},
        published="2025-09-02",
    ),
    "perfect-tense-keeps-news-despite-revisit-date": Case(
        "PCC welcomes revisit outcome",
        "After a revisit in June, inspectors have told the force that the cause of concern "
        "about stalking has been closed.",
        {(CONCERN_CLOSED, "Sussex Police")},
        kind="pcc",
        force="Sussex Police",
        published="2025-09-02",
    ),
    "dated-weeks-before-publication": Case(
        "Norfolk Constabulary in Engage",
        "The force has been moved into Engage. Its PEEL report on Norfolk Constabulary was "
        "published on 2 May 2025.",
        {(ENGAGE_ENTERED, "Norfolk Constabulary")},
        published="2025-06-20",
    ),
    "no-longer-a-cause-of-concern": Case(
        "Commissioner's statement",
        "The way the force answers 101 calls is no longer a cause of concern, the inspectorate "
        "has confirmed.",
        {(CONCERN_CLOSED, "Gwent Police")},
        counts={(CONCERN_CLOSED, "Gwent Police"): 1},
        kind="pcc",
        force="Gwent Police",
    ),
    "bare-county-as-subject": Case(
        "Two forces graded in PEEL reports",
        "HMICFRS published PEEL reports on two forces today. Cumbria was rated good in four "
        "areas. Durham was rated inadequate in two areas.",
        {(PEEL_GRADED, "Cumbria Constabulary"), (PEEL_GRADED, "Durham Constabulary")},
    ),
    "bare-county-as-place": Case(
        "Burglary warning",
        "Residents in Surrey were rated good neighbours by a survey, and the inspectorate was "
        "not involved.",
    ),
    "neither-force": Case(
        "Two forces, two PEEL reports",
        "Bedfordshire Police and Hertfordshire Constabulary were inspected together. Neither "
        "has been moved into Engage.",
    ),
    "peel-report-published": Case(
        "PEEL release",
        "HMICFRS today published its latest PEEL report on Leicestershire Police.",
        {(PEEL_GRADED, "Leicestershire Police")},
        kind="inspectorate",
    ),
    "peel-report-to-come": Case(
        "Inspection of Warwickshire Police under way",
        "During our PEEL inspection of Warwickshire Police we found serious problems. We will "
        "publish the full PEEL report on the force in the autumn.",
        kind="inspectorate",
    ),
    "get-the-report-line": Case(
        "Mixed picture for the force",
        "The force must do more to protect vulnerable people.\n"
        "Get the report: PEEL 2025-27: An inspection of Cleveland Police",
        {(PEEL_GRADED, "Cleveland Police")},
        kind="inspectorate",
    ),
    "last-month": Case(
        "Surrey Police publishes improvement plan",
        "Surrey Police was placed in special measures last month and has now published a plan.",
    ),
    "last-named-month": Case(
        "Merseyside Police statement",
        "Merseyside Police left the enhanced monitoring process last March, the force said.",
    ),
    "months-after": Case(
        "Update from Gloucestershire Constabulary",
        "Eight months after Gloucestershire Constabulary was put in special measures, its chief "
        "constable has set out new targets.",
    ),
    "aoi-that-remain": Case(
        "Revisit letter to Staffordshire Police",
        "Our last report identified areas for improvement that still remain, and we will check "
        "them.",
        kind="inspectorate",
    ),
    "raise-told-as-history-in-closure-story": Case(
        "Custody update from Sussex Police",
        "Inspectors raised a cause of concern about detainee health care. Five areas for "
        "improvement in custody have now been closed.",
        {(AOI_CLOSED, "Sussex Police")},
        counts={(AOI_CLOSED, "Sussex Police"): 5},
    ),
    "fire-title-on-pcc-site": Case(
        "Commissioner welcomes fire and rescue service revisit",
        "Inspectors have closed the cause of concern after revisiting the service in the spring.",
        kind="pcc",
        force="Northamptonshire Police",
    ),
    "concern-about-named-force": Case(
        "Inspection news",
        "The inspectorate has raised a cause of concern about Essex Police's handling of stalking.",
        {(CONCERN_RAISED, "Essex Police")},
    ),
    "concern-about-fire-service": Case(
        "Inspection news for Kent Police",
        "Separately, inspectors have closed a cause of concern about Kent Fire and Rescue Service.",
    ),
    "graded-force-by-pillar": Case(
        "Watchdog verdict on Cleveland Police",
        "The inspectorate graded Cleveland Police inadequate for effectiveness and for "
        "legitimacy in its PEEL report today.",
        {(PEEL_GRADED, "Cleveland Police")},
    ),
    "named-object-with-and": Case(
        "Accelerated cause of concern issued",
        "Inspectors have issued Avon and Somerset Constabulary with an accelerated cause of "
        "concern over delays in answering 999 calls.",
        {(CONCERN_RAISED, "Avon and Somerset Constabulary")},
        counts={(CONCERN_RAISED, "Avon and Somerset Constabulary"): 1},
    ),
    "list-of-objects": Case(
        "PEEL findings for Gwent Police",
        "The inspectorate identified six areas for improvement and two causes of concern.",
        {(AOI_RAISED, "Gwent Police"), (CONCERN_RAISED, "Gwent Police")},
        counts={(AOI_RAISED, "Gwent Police"): 6, (CONCERN_RAISED, "Gwent Police"): 2},
    ),
    "decision-by-to-place": Case(
        "Commissioner's response",
        "Today's decision by the inspectorate to place the force into Engage is disappointing.",
        {(ENGAGE_ENTERED, "Lancashire Constabulary")},
        kind="pcc",
        force="Lancashire Constabulary",
    ),
    "decision-still-to-come": Case(
        "Lancashire Constabulary awaits verdict",
        "A decision to remove the force from Engage is expected in the spring.",
    ),
    "now-in-special-measures": Case(
        "Watchdog acts on Humberside Police",
        "Humberside Police is now in special measures after inspectors found call handling "
        "failures.",
        {(ENGAGE_ENTERED, "Humberside Police")},
    ),
    "adverb-before-grade": Case(
        "Inspection of the Met",
        "Inspectors found the Met is now good at investigating crime.",
        {(PEEL_GRADED, MET)},
    ),
    "status-lifted": Case(
        "Inspection news",
        "Lancashire Constabulary has seen its special measures status lifted.",
        {(ENGAGE_EXITED, "Lancashire Constabulary")},
    ),
    "closing-what-an-earlier-report-raised": Case(
        "Custody inspection update",
        "Inspectors have closed four of the areas for improvement from their previous "
        "inspection of our custody suites.",
        {(AOI_CLOSED, "Kent Police")},
        kind="force",
        force="Kent Police",
    ),
    "history-keeps-its-date": Case(
        "Custody update from Essex Police",
        "The inspectorate visited the force's custody suites in early 2024. Inspectors raised a "
        "cause of concern about the time detainees waited for a doctor.",
    ),
    "dated-aside-does-not-carry": Case(
        "Essex Police graded good",
        "It is the second inspection in a row in which the force has done well, following its "
        "2022 report. Inspectors identified three areas for improvement.",
        {(AOI_RAISED, "Essex Police")},
        counts={(AOI_RAISED, "Essex Police"): 3},
    ),
    "close-review-is-not-closure": Case(
        "Nottinghamshire Police moved into enhanced monitoring",
        "We will keep the force under close review and revisit these causes of concern later.",
        {(ENGAGE_ENTERED, NOTTS)},
        kind="inspectorate",
    ),
}


WORDINGS = {
    "object-with-and-in-its-name": Case(
        "Engage news",
        "Inspectors placed Avon and Somerset Constabulary in enhanced monitoring on Thursday.",
        {(ENGAGE_ENTERED, "Avon and Somerset Constabulary")},
        published="2025-06-13",
    ),
    "grading-in-n-areas": Case(
        "Inspection results",
        "The inspectorate said the force achieved a 'good' grading in four areas.",
        {(PEEL_GRADED, "Suffolk Constabulary")},
        kind="force",
        force="Suffolk Constabulary",
    ),
    "identification-of-concerns": Case(
        "Merseyside Police: move to enhanced phase of monitoring",
        "This decision follows our identification of three accelerated causes of concern.",
        {(ENGAGE_ENTERED, "Merseyside Police"), (CONCERN_RAISED, "Merseyside Police")},
        counts={(CONCERN_RAISED, "Merseyside Police"): 3},
        kind="inspectorate",
    ),
    "grade-table-lines": Case(
        "PEEL 2025-27: West Mercia Police",
        "Our judgments:\nInvestigating crime: Requires improvement\nProtecting vulnerable "
        "people: Good",
        {(PEEL_GRADED, "West Mercia Police")},
        kind="inspectorate",
    ),
    "relative-which-is-now-closed": Case(
        "Revisit letter to Dorset Police",
        "We are satisfied with the progress made against the cause of concern, which is now "
        "closed.",
        {(CONCERN_CLOSED, "Dorset Police")},
        counts={(CONCERN_CLOSED, "Dorset Police"): 1},
        kind="inspectorate",
    ),
    "relative-which-was-closed-years-ago": Case(
        "Dorset Police custody",
        "The cause of concern, which was closed in 2023, related to custody.",
    ),
    "judged-to-require-improvement": Case(
        "PEEL report on Northumbria Police",
        "The force was judged to require improvement in how it responds to the public.",
        {(PEEL_GRADED, "Northumbria Police")},
    ),
    "report-contains-afis": Case(
        "PEEL report on Northumbria Police",
        "The report also contains nine areas for improvement.",
        {(AOI_RAISED, "Northumbria Police")},
        counts={(AOI_RAISED, "Northumbria Police"): 9},
    ),
    "concerns-that-we-have-identified": Case(
        "PEEL: Cheshire Constabulary causes of concern",
        "I am writing to tell you of three causes of concern that we have identified during "
        "our inspection of the force.",
        {(CONCERN_RAISED, "Cheshire Constabulary")},
        counts={(CONCERN_RAISED, "Cheshire Constabulary"): 3},
        kind="inspectorate",
    ),
    "n-out-of-m": Case(
        "Revisit findings for Bedfordshire Police",
        "Inspectors have confirmed that three out of the four causes of concern have been closed.",
        {(CONCERN_CLOSED, "Bedfordshire Police")},
        counts={(CONCERN_CLOSED, "Bedfordshire Police"): 3},
    ),
    "urgent-adjective-before-noun": Case(
        "Watchdog warning for Surrey Police",
        "The watchdog has issued four urgent causes of concern about the force.",
        {(CONCERN_RAISED, "Surrey Police")},
        counts={(CONCERN_RAISED, "Surrey Police"): 4},
    ),
    "title-notice-singular": Case(
        "Durham Constabulary: accelerated cause of concern",
        "We have found that too few 999 calls are answered within ten seconds.",
        {(CONCERN_RAISED, "Durham Constabulary")},
        counts={(CONCERN_RAISED, "Durham Constabulary"): 1},
        kind="inspectorate",
    ),
    "headline-measures-lifted": Case(
        "Special measures lifted for Cheshire Constabulary",
        "Inspectors said the force had turned a corner.",
        {(ENGAGE_EXITED, "Cheshire Constabulary")},
    ),
    "headline-measures-end": Case(
        "Special measures end for Cheshire Constabulary",
        "Inspectors said the force had turned a corner.",
        {(ENGAGE_EXITED, "Cheshire Constabulary")},
    ),
    "found-the-force-to-be": Case(
        "PEEL report on Gwent Police",
        "HMICFRS found the force to be 'adequate' at protecting vulnerable people.",
        {(PEEL_GRADED, "Gwent Police")},
    ),
    "received-a-rating": Case(
        "PEEL report on Gwent Police",
        "The force received an 'inadequate' rating for investigating crime.",
        {(PEEL_GRADED, "Gwent Police")},
    ),
    "good-is-not-always-a-grade": Case(
        "Inspectors visit Gwent Police",
        "The inspectors found the force to be good company and enjoyed the visit.",
    ),
    "intends-to-move-unless": Case(
        "Warning for Northumbria Police",
        "HMICFRS intends to move Northumbria Police into Engage unless it improves by March.",
    ),
    "vow-to-leave": Case(
        "Chief constable's pledge",
        "The chief constable of Cumbria Constabulary vowed to get the force out of special "
        "measures within a year.",
    ),
}


# Decisions announced ahead: a headline's "to be", a passive "will be", or "will" after a decision.
ANNOUNCED = {
    "is-to-be-moved": Case(
        "Inspection update",
        "Cleveland Police is to be moved into Engage from next month, the inspectorate confirmed.",
        {(ENGAGE_ENTERED, "Cleveland Police")},
    ),
    "headline-to-be-placed": Case(
        "Lancashire Constabulary to be placed under enhanced monitoring",
        "The decision was announced by the inspectorate on Monday after its monitoring group met.",
        {(ENGAGE_ENTERED, "Lancashire Constabulary")},
    ),
    "will-return-after-decision": Case(
        "Monitoring decision",
        "Following that decision, Surrey Police will return to routine monitoring, known as Scan.",
        {(ENGAGE_EXITED, "Surrey Police")},
    ),
    "will-be-moved-only-if": Case(
        "Warning",
        "Surrey Police will be moved into Engage only if it fails to improve by the spring, "
        "inspectors said.",
    ),
    "will-be-returned-once": Case(
        "Next steps",
        "Kent Police will be returned to Scan once inspectors are satisfied that it has improved.",
    ),
    "we-will-get-out": Case(
        "Chief's pledge",
        '"We will get this force out of special measures," the chief constable of Essex Police '
        "told the inspectorate.",
    ),
    "would-be-returned": Case(
        "Next steps",
        "Kent Police would be returned to Scan, the inspectorate said.",
    ),
    "no-longer-requires": Case(
        "Inspectorate decision",
        "HMICFRS has concluded that Durham Constabulary no longer requires enhanced monitoring.",
        {(ENGAGE_EXITED, "Durham Constabulary")},
    ),
    "no-longer-needs-to-be-in": Case(
        "Letter to the commissioner",
        "Inspectors said the force no longer needs to be in special measures.",
        {(ENGAGE_EXITED, "Dorset Police")},
        kind="pcc",
        force="Dorset Police",
    ),
    "no-longer-need-hoped": Case(
        "Chief's hopes",
        "The chief constable of Dorset Police hoped the force would soon no longer need enhanced "
        "monitoring.",
    ),
    "headline-set-to-be": Case(
        "Thames Valley Police set to be placed in special measures",
        "A decision is expected this week, according to sources.",
    ),
    "headline-likely-to-be": Case(
        "Gwent Police likely to be moved into Engage",
        "The inspectorate's monitoring group meets next week.",
    ),
    "headline-quoted-set-to-be": Case(
        "North Wales Police 'set to be placed in special measures'",
        "Sources said the inspectorate would decide within days.",
    ),
    "vows-to-get-out": Case(
        "Candidate vows to get force out of special measures",
        "Her rival said the plan for Cumbria Constabulary was unrealistic.",
    ),
    "vows-to-pull-out": Case(
        "Chief constable vows to pull Durham Constabulary out of special measures",
        "She told staff the work would take at least a year.",
    ),
}

# Closures told through the force ("has had ... closed"), and subjects parted from their verbs.
CAUSATIVE_AND_ASIDES = {
    "has-had-both-closed": Case(
        "Progress recognised",
        "Gloucestershire Constabulary has had both of its causes of concern closed by inspectors.",
        {(CONCERN_CLOSED, "Gloucestershire Constabulary")},
        {(CONCERN_CLOSED, "Gloucestershire Constabulary"): 2},
    ),
    "saw-areas-signed-off": Case(
        "Review of progress",
        "After the latest HMICFRS review, Cumbria Constabulary saw its three remaining areas for "
        "improvement signed off.",
        {(AOI_CLOSED, "Cumbria Constabulary")},
        {(AOI_CLOSED, "Cumbria Constabulary"): 3},
    ),
    "had-closed-years-ago": Case(
        "Profile of the force",
        "Gloucestershire Constabulary had its cause of concern closed in 2023 by HMICFRS.",
    ),
    "does-list": Case(
        "PEEL report",
        "The HMICFRS report does list five areas for improvement for Wiltshire Police.",
        {(AOI_RAISED, "Wiltshire Police")},
        {(AOI_RAISED, "Wiltshire Police"): 5},
    ),
    "did-highlight": Case(
        "PEEL report",
        "Inspectors did highlight three areas for improvement at Cumbria Constabulary in the "
        "report published today.",
        {(AOI_RAISED, "Cumbria Constabulary")},
        {(AOI_RAISED, "Cumbria Constabulary"): 3},
    ),
    "relative-aside-before-perfect": Case(
        "Revisit letter",
        "The cause of concern about Kent Police's vetting, which was issued in 2024, has now been "
        "closed.",
        {(CONCERN_CLOSED, "Kent Police")},
        {(CONCERN_CLOSED, "Kent Police"): 1},
    ),
    "relative-aside-before-past": Case(
        "Revisit",
        "Both causes of concern at Dorset Police, which inspectors raised after a visit in March "
        "2024, were closed by HMICFRS this week.",
        {(CONCERN_CLOSED, "Dorset Police")},
        {(CONCERN_CLOSED, "Dorset Police"): 2},
    ),
    "numbers-joined-by-and": Case(
        "Revisit",
        "The cause of concern about answering 999 and 101 calls at Essex Police has been closed "
        "by HMICFRS.",
        {(CONCERN_CLOSED, "Essex Police")},
    ),
    "years-joined-by-and": Case(
        "Revisit",
        "The two causes of concern raised in 2023 and 2024 have now been closed at Norfolk "
        "Constabulary, HMICFRS said.",
        {(CONCERN_CLOSED, "Norfolk Constabulary")},
        {(CONCERN_CLOSED, "Norfolk Constabulary"): 2},
    ),
    "any-force-inside-aside": Case(
        "PEEL report",
        "Norfolk Constabulary, which covers a larger rural area than any force in the region, has "
        "been rated inadequate for investigating crime by HMICFRS.",
        {(PEEL_GRADED, "Norfolk Constabulary")},
    ),
    "most-forces-inside-whose-aside": Case(
        "Inspectorate decision",
        "Dorset Police, whose budget is lower than most forces, has been moved into Engage by "
        "HMICFRS.",
        {(ENGAGE_ENTERED, "Dorset Police")},
    ),
    "first-inspection-since-year": Case(
        "PEEL report",
        "The report, the first PEEL inspection of Cumbria Constabulary since 2022, graded the "
        "force good at preventing crime.",
        {(PEEL_GRADED, "Cumbria Constabulary")},
    ),
    "first-visit-since-year": Case(
        "PEEL report",
        "Inspectors, on their first visit since 2021, rated Derbyshire Constabulary adequate for "
        "investigating crime.",
        {(PEEL_GRADED, "Derbyshire Constabulary")},
    ),
    "minutes-topical-in-body": Case(
        "Panel meeting, 3 March",
        "The chair welcomed members. Apologies were noted. The minutes were agreed.\n\n"
        "The commissioner said HMICFRS had written to the chief constable after its revisit. The "
        "inspectorate confirmed that the cause of concern on custody at Lancashire Constabulary "
        "has been closed. Two areas for improvement remain open.",
        {(CONCERN_CLOSED, "Lancashire Constabulary")},
    ),
    "has-since-closed": Case(
        "Revisit",
        "The inspectorate has since closed both causes of concern at Kent Police.",
        {(CONCERN_CLOSED, "Kent Police")},
        {(CONCERN_CLOSED, "Kent Police"): 2},
    ),
    "have-since-signed-off": Case(
        "Review",
        "Inspectors have since signed off four areas for improvement at Essex Police.",
        {(AOI_CLOSED, "Essex Police")},
        {(AOI_CLOSED, "Essex Police"): 4},
    ),
}

# Reports that set their findings out as text tables.
TEXT_TABLES = {
    "status-lines-per-area": Case(
        "Suffolk Constabulary: review of areas for improvement",
        "This summary accompanies the HMICFRS letter to the chief constable.\n\n"
        "Area for improvement 1: The force should improve how it records crime.\nStatus: Closed\n\n"
        "Area for improvement 2: The force should supervise investigations better.\nStatus: Open\n\n"
        "Area for improvement 3: The force should answer 101 calls faster.\nStatus: Closed",
        {(AOI_CLOSED, "Suffolk Constabulary")},
        {(AOI_CLOSED, "Suffolk Constabulary"): 2},
        kind="inspectorate",
    ),
    "status-lines-all-open": Case(
        "Kent Police: revisit",
        "HMICFRS revisited Kent Police.\n\n"
        "Cause of concern 1: Call handling is too slow.\nStatus: Open\n\n"
        "Cause of concern 2: Investigations lack supervision.\nStatus: Remains open",
        kind="inspectorate",
    ),
    "summary-counts": Case(
        "PEEL 2025-27: Norfolk Constabulary",
        "Our judgments for Norfolk Constabulary are set out below.\n\n"
        "Causes of concern: 2\nAreas for improvement: 11\n\n"
        "The report was published today by HMICFRS.",
        {(CONCERN_RAISED, "Norfolk Constabulary"), (AOI_RAISED, "Norfolk Constabulary")},
        {(CONCERN_RAISED, "Norfolk Constabulary"): 2, (AOI_RAISED, "Norfolk Constabulary"): 11},
        kind="inspectorate",
    ),
    "summary-counts-of-none": Case(
        "PEEL 2025-27: Norfolk Constabulary",
        "Our judgments for Norfolk Constabulary are set out below.\n\n"
        "Causes of concern: 0\nAreas for improvement: none\n\n"
        "The report was published by HMICFRS.",
        kind="inspectorate",
    ),
}

# What the reader is taken to know already: earlier reports, concessions, look-backs, timelines.
GIVENS = {
    "in-past-inspections": Case(
        "New chief for Durham",
        "Durham Constabulary was rated outstanding in past inspections by HMICFRS.",
    ),
    "in-previous-assessments": Case(
        "New chief for Essex",
        "Essex Police was judged good at preventing crime in previous PEEL assessments.",
    ),
    "most-recent-inspection": Case(
        "MP raises concerns",
        "Its most recent inspection by HMICFRS rated Surrey Police good for preventing crime.",
    ),
    "most-recent-published-today": Case(
        "PEEL report",
        "Its most recent PEEL report, published today by HMICFRS, rated Surrey Police good for "
        "preventing crime.",
        {(PEEL_GRADED, "Surrey Police")},
    ),
    "grade-word-after-dated-verb": Case(
        "Chief constable retires",
        "That HMICFRS report, published in January, graded Kent Police requires improvement for "
        "investigating crime.",
    ),
    "grade-word-after-verb-in-old-year": Case(
        "Chief constable retires",
        "An HMICFRS report in 2023 rated Sussex Police requires improvement at responding to the "
        "public.",
    ),
    "even-though-left": Case(
        "Commissioner's update",
        "The cause of concern on investigations at Kent Police remains open, even though the force "
        "left Engage.",
    ),
    "although-came-out": Case(
        "Commissioner's update",
        "Although Kent Police came out of special measures, inspectors are still worried about its "
        "call handling.",
    ),
    "although-with-news-in-main-clause": Case(
        "Inspectorate decision",
        "Although one cause of concern remains open, Kent Police has left Engage, HMICFRS said.",
        {(ENGAGE_EXITED, "Kent Police")},
    ),
    "looking-back": Case(
        "Looking back at the inspectorate's Engage decisions",
        "Suffolk Constabulary was removed from special measures after a revisit by HMICFRS.",
        published="2026-01-05",
    ),
    "title-dated-to-last-year": Case(
        "Policing in 2025: the year the watchdog changed course",
        "The inspectorate had a busy twelve months. Cleveland Police was moved into Engage after "
        "a revisit by HMICFRS found slow progress.",
        published="2026-01-05",
    ),
    "timeline-month-label": Case(
        "A year of monitoring decisions",
        "Here is how the year unfolded.\n"
        "March: Norfolk Constabulary left special measures after an HMICFRS revisit.",
        published="2025-12-15",
    ),
    "timeline-date-label": Case(
        "Timeline",
        "The key dates so far.\n"
        "14 May 2025 - Norfolk Constabulary was removed from enhanced monitoring by HMICFRS.",
        published="2025-12-15",
    ),
}

# Sentences that ask, define, suppose or withdraw rather than report.
NOT_ASSERTED = {
    "where-closed": Case(
        "About causes of concern",
        "Where a cause of concern is closed, HMICFRS expects Kent Police to sustain the "
        "improvement.",
    ),
    "where-satisfied": Case(
        "About causes of concern",
        "Where inspectors are satisfied, they close the cause of concern and write to the force.",
        force="Kent Police",
    ),
    "issues-logged-as": Case(
        "How inspection works",
        "Lesser issues are logged as areas for improvement by HMICFRS.",
        force="Kent Police",
    ),
    "issues-recorded-as": Case(
        "How inspection works",
        "Minor issues are recorded as areas for improvement at Kent Police.",
    ),
    "imperative-after-colon": Case(
        "Opinion",
        "My message to the inspectorate is simple: move Sussex Police into special measures now.",
    ),
    "imperative-opening": Case(
        "Campaigners write to HMICFRS",
        "Put Hampshire Constabulary into Engage, campaigners told the inspectorate.",
    ),
    "earlier-version-said": Case(
        "Correction",
        "An earlier version of this story said Bedfordshire Police had been placed in special "
        "measures by HMICFRS.",
    ),
    "that-was-incorrect": Case(
        "Correction",
        "Our report on Monday stated that HMICFRS had closed two causes of concern at Avon and "
        "Somerset Constabulary. That was incorrect.",
    ),
    "correction-of-something-else": Case(
        "Correction",
        "An earlier version of this story gave the wrong date for the inspection. Bedfordshire "
        "Police has been placed in special measures by HMICFRS.",
        {(ENGAGE_ENTERED, "Bedfordshire Police")},
    ),
    "hospital-trust-headline": Case(
        "Hospital trust placed in special measures",
        "Health inspectors found long waits in A&E. Kent Police said officers were often called "
        "to the hospital.",
    ),
    "council-headline": Case(
        "Council put into special measures after finance failings",
        "Commissioners will run the authority for three years. Surrey Police said its partnership "
        "work would continue.",
    ),
}


# Page furniture: link lists under "Related:" and "Read more:", the dated headlines they hold,
# and disclosure logs, none of which is the article's own news.
PAGE_FURNITURE = {
    "related-list-under-news": Case(
        "Cumbria Constabulary has causes of concern closed",
        "HMICFRS has closed both causes of concern at Cumbria Constabulary.\n\n"
        "Related stories\n\n"
        "\u2022 Greater Manchester Police taken out of special measures\n\n"
        "\u2022 Surrey Police placed under enhanced monitoring",
        {(CONCERN_CLOSED, "Cumbria Constabulary")},
        published="2026-11-02",
    ),
    "archive-list-only": Case(
        "Weekly bulletin",
        "Nothing was published by the inspectorate this week.\n\n"
        "From the archive:\n"
        "Derbyshire Constabulary moved into Engage\n"
        "Norfolk Constabulary leaves enhanced monitoring",
        published="2026-11-02",
    ),
    "read-more-line": Case(
        "Police news in brief",
        "Read more: Warwickshire Police removed from enhanced monitoring by inspectors\n\n"
        "Officers in Rugby are appealing for witnesses after a collision on the A45.",
    ),
    "read-more-then-news": Case(
        "Inspectors raise concern at Dorset Police",
        "Read more: Essex Police placed in special measures\n\n"
        "HMICFRS has today issued Dorset Police with a cause of concern about vetting.",
        {(CONCERN_RAISED, "Dorset Police")},
    ),
    "headline-with-old-month": Case(
        "Force news",
        "Inspectors praised the force's custody suites.\n\n"
        "Lancashire Constabulary moves into Engage (March 2023)",
        published="2026-05-05",
    ),
    "headline-with-old-year": Case(
        "Force news",
        "A new chief constable starts on Monday.\n\n"
        "Cheshire Constabulary leaves enhanced monitoring (2021)",
        published="2026-05-05",
    ),
    "foi-title": Case(
        "FOI 2026-00412: inspection outcomes",
        "The force can confirm that HMICFRS has closed four areas for improvement to date and "
        "that no causes of concern have been raised.",
        force="Cumbria Constabulary",
        kind="force",
    ),
    "freedom-of-information-title": Case(
        "Freedom of Information request - Engage monitoring",
        "Surrey Police has been returned to routine monitoring and is no longer in Engage, as "
        "published by the inspectorate.",
        force="Surrey Police",
        kind="force",
    ),
}

# Questions, claims and corrections: what a sentence asks, repeats or withdraws is no event.
CLAIMS_AND_QUESTIONS = {
    "question-headline": Case(
        "Has Devon and Cornwall Police been taken out of special measures?",
        "Readers keep asking us. The force says it is waiting to hear from HMICFRS.",
    ),
    "question-in-body": Case(
        "What next for Avon and Somerset?",
        "Has the inspectorate closed the cause of concern at Avon and Somerset Constabulary? "
        "Not yet, the force says.",
    ),
    "rumour-that": Case(
        "Force responds to online rumours",
        "There have been rumours that Wiltshire Police has been moved into Engage by HMICFRS.",
        force="Wiltshire Police",
        kind="force",
    ),
    "tweets-claiming": Case(
        "Statement from the chief constable",
        "I have seen tweets claiming Norfolk Constabulary was put into special measures by the "
        "inspectorate this week.",
        force="Norfolk Constabulary",
        kind="force",
    ),
    "correction-withdraws-headline": Case(
        "Cambridgeshire Constabulary placed in special measures",
        "This story originally said Cambridgeshire Constabulary had been placed in special "
        "measures. That was incorrect. HMICFRS has raised one cause of concern about "
        "investigations.",
        {(CONCERN_RAISED, "Cambridgeshire Constabulary")},
    ),
    "correction-withdraws-exit-headline": Case(
        "Leicestershire Police leaves Engage",
        "CORRECTION: our report wrongly stated that Leicestershire Police had left Engage. The "
        "inspectorate has closed two of its three causes of concern.",
        {(CONCERN_CLOSED, "Leicestershire Police")},
    ),
}

# Bodies other than the inspectorate, and "areas for improvement" outside inspection.
OTHER_BODIES = {
    "regulator-found-aoi": Case(
        "Regulator reprimands Gwent Police",
        "In its decision the regulator identified six areas for improvement at Gwent Police. "
        "The force's HMICFRS inspection is due next year.",
    ),
    "aoi-found-by-ombudsman": Case(
        "Complaint upheld against Dorset Police",
        "Four areas for improvement were identified by the ombudsman after the complaint, the "
        "inspectorate was told.",
    ),
    "company-aoi-no-inspection": Case(
        "Rail firm told to improve as BTP boosts patrols",
        "The train company said it had been given areas for improvement by ministers, while "
        "British Transport Police promised more officers.",
    ),
    "review-listed-aoi-no-inspection": Case(
        "Stadium safety review published",
        "Cleveland Police said the stadium's safety review listed five areas for improvement.",
    ),
    "ferry-firm-special-measures": Case(
        "Ferry firm put into special measures as Devon and Cornwall Police review security",
        "Passengers have complained about delays for months.",
    ),
    "operator-special-measures-headline": Case(
        "Bus operator put into special measures as Merseyside Police patrols increase",
        "The operator has three months to improve services.",
    ),
    "inspectorate-aoi-still-found": Case(
        "PEEL report on Gwent Police",
        "HMICFRS identified six areas for improvement at Gwent Police in its report today.",
        {(AOI_RAISED, "Gwent Police")},
    ),
}

# Who "the force" is, and when a retold or dated event happened.
WHO_AND_WHEN = {
    "the-force-is-the-last-named": Case(
        "Inspection round-up",
        "Norfolk Constabulary published its annual plan. Separately, HMICFRS has closed the "
        "last cause of concern at Suffolk Constabulary and has returned the force to routine "
        "monitoring.",
        {(CONCERN_CLOSED, "Suffolk Constabulary"), (ENGAGE_EXITED, "Suffolk Constabulary")},
    ),
    "the-force-after-possessive": Case(
        "Monitoring news",
        "Dorset Police opened a new station. The inspectorate today moved Wiltshire Police's "
        "neighbours, Gloucestershire Constabulary, up a level: it has placed the force into "
        "Engage.",
        {(ENGAGE_ENTERED, "Gloucestershire Constabulary")},
    ),
    "annual-report-past": Case(
        "Annual report 2026-27",
        "During the year HMICFRS closed three areas for improvement at Durham Constabulary.",
        published="2027-06-30",
    ),
    "year-in-policing": Case(
        "The year in policing: what changed",
        "Cleveland Police had two causes of concern closed by the inspectorate.",
        published="2026-12-28",
    ),
    "month-heading-paragraph": Case(
        "Inspection diary",
        "August.\n\nHMICFRS closed two causes of concern at Kent Police.\n\n"
        "This week.\n\nHMICFRS has moved Kent Police into Engage.",
        {(ENGAGE_ENTERED, "Kent Police")},
        published="2026-12-10",
    ),
    "month-and-year-heading": Case(
        "Timeline",
        "June 2025\n\nEssex Police moves into Engage, the inspectorate's enhanced monitoring.",
        published="2026-12-10",
    ),
    "retold-history-undated": Case(
        "Four years on",
        'When HMICFRS moved Dorset Police into Engage in June 2022, morale fell. "We are not '
        'the force that went into Engage," the chief constable of Dorset Police said.',
        published="2026-06-01",
    ),
    "retold-nominal": Case(
        "Commissioner disputes Engage decision",
        "The commissioner has challenged last month's decision to move Cumbria Constabulary "
        "into Engage. He says the decision to place the force in Engage ignored its progress.",
        published="2026-07-20",
    ),
    "saw-it-return-dated": Case(
        "Former chief honoured",
        "He led the team that saw Cleveland Police return to routine monitoring in September 2023.",
        published="2026-04-01",
    ),
    "helped-the-force-leave-dated": Case(
        "Retirement",
        "She helped the force leave Engage in 2024, colleagues of Staffordshire Police said.",
        published="2026-04-01",
    ),
    "gerund-after-perfect": Case(
        "Letter to the chief constable",
        "HMICFRS has sent Northumbria Police a letter raising two causes of concern about "
        "vulnerable people.",
        {(CONCERN_RAISED, "Northumbria Police")},
        counts={(CONCERN_RAISED, "Northumbria Police"): 2},
    ),
    "gerund-after-written-to-him": Case(
        "Chief constable speaks",
        "The chief constable of Kent Police said the inspector had written to him setting out "
        "a cause of concern about crime recording.",
        {(CONCERN_RAISED, "Kent Police")},
    ),
    "gerund-after-infinitive-is-no-event": Case(
        "MP writes to watchdog",
        "An MP has written to HMICFRS asking it to consider putting Norfolk Constabulary into "
        "special measures.",
    ),
    "last-full-inspection": Case(
        "Crime falls in Derbyshire",
        "Derbyshire Constabulary was graded 'good' at preventing crime in its last full "
        "inspection, according to HMICFRS.",
        published="2026-08-01",
    ),
    "last-full-peel-inspection": Case(
        "New chief for Sussex",
        "Sussex Police was rated 'adequate' for investigating crime at its last full PEEL "
        "inspection.",
        published="2026-08-01",
    ),
    "relative-raised-then-saying": Case(
        "Progress at Warwickshire",
        "Inspectors have closed one of the two causes of concern they raised about "
        "Warwickshire Police in January, saying the force has made real progress.",
        {(CONCERN_CLOSED, "Warwickshire Police")},
        published="2026-09-01",
    ),
    "relative-raised-then-noting": Case(
        "Revisit at Kent",
        "HMICFRS has signed off one of the causes of concern it raised about Kent Police in "
        "2025, noting the force has issued new guidance.",
        {(CONCERN_CLOSED, "Kent Police")},
        published="2026-09-01",
    ),
}

# Counts and objects: explicit nouns in "N of the M ...", "closed N of them", "told ... of".
COUNTS_AND_OBJECTS = {
    "n-of-the-m-aoi-after-concern-sentence": Case(
        "Board paper",
        "The report raised no causes of concern. HMICFRS has confirmed that 6 of the 9 areas "
        "for improvement have been closed.",
        {(AOI_CLOSED, "Norfolk Constabulary")},
        counts={(AOI_CLOSED, "Norfolk Constabulary"): 6},
        force="Norfolk Constabulary",
        kind="force",
    ),
    "n-of-the-m-concerns-after-aoi-sentence": Case(
        "Revisit",
        "Areas for improvement are reported separately. Two of the three causes of concern have "
        "been closed at Durham Constabulary, the inspectorate said.",
        {(CONCERN_CLOSED, "Durham Constabulary")},
        counts={(CONCERN_CLOSED, "Durham Constabulary"): 2},
    ),
    "closed-n-of-them": Case(
        "HMICFRS letter to Cheshire Constabulary",
        "Our report set out eight areas for improvement for Cheshire Constabulary. We have "
        "closed five of them.",
        {(AOI_CLOSED, "Cheshire Constabulary")},
        counts={(AOI_CLOSED, "Cheshire Constabulary"): 5},
        kind="inspectorate",
    ),
    "discharged-two-of-them": Case(
        "Revisit letter",
        "Merseyside Police had four causes of concern. Inspectors have now discharged two of them.",
        {(CONCERN_CLOSED, "Merseyside Police")},
        counts={(CONCERN_CLOSED, "Merseyside Police"): 2},
    ),
    "told-the-force-of": Case(
        "Minister answers question",
        "HMICFRS has told the force of three causes of concern.",
        {(CONCERN_RAISED, "Bedfordshire Police")},
        counts={(CONCERN_RAISED, "Bedfordshire Police"): 3},
        force="Bedfordshire Police",
        kind="force",
    ),
    "informed-named-force-of": Case(
        "Inspection news",
        "The inspectorate has informed Leicestershire Police of a cause of concern about 999 "
        "calls.",
        {(CONCERN_RAISED, "Leicestershire Police")},
        counts={(CONCERN_RAISED, "Leicestershire Police"): 1},
    ),
    "place-chief-constable-is-the-force": Case(
        "Chief tells panel of milestone",
        "Lancashire's chief constable told the panel: \"We are leaving Engage, the inspector "
        'called me on Tuesday."',
        {(ENGAGE_EXITED, "Lancashire Constabulary")},
    ),
    "place-deputy-chief-constable": Case(
        "Panel meeting",
        "Surrey's deputy chief constable said HMICFRS has raised a cause of concern about vetting.",
        {(CONCERN_RAISED, "Surrey Police")},
    ),
}


# Mainstream releases and letters: elided nouns, dates carried by asides, seasons and bare
# years, national findings, and round-ups that name many forces but are about none.
MAINSTREAM = {
    "elided-remaining-two-closed": Case(
        "Humberside Police: revisit letter",
        "Two of the four causes of concern were closed last year. After our revisit this month, "
        "we have now closed the remaining two.",
        {(CONCERN_CLOSED, "Humberside Police")},
        counts={(CONCERN_CLOSED, "Humberside Police"): 2},
        kind="inspectorate",
    ),
    "elided-other-three-signed-off-too": Case(
        "Inspectors sign off Durham's concerns",
        "Durham Constabulary had one cause of concern closed in the spring. Inspectors signed "
        "off the other three too.",
        {(CONCERN_CLOSED, "Durham Constabulary")},
        counts={(CONCERN_CLOSED, "Durham Constabulary"): 3},
    ),
    "elided-noun-is-recommendations": Case(
        "Cumbria Constabulary: revisit",
        "The cause of concern about Cumbria Constabulary remains open. Inspectors closed the "
        "remaining two recommendations.",
    ),
    "graded-in-the-spring": Case(
        "Two forces moved into Engage",
        "Suffolk Constabulary was moved into Engage on Wednesday. The force was graded "
        "'inadequate' for managing offenders in its PEEL report in the spring.",
        {(ENGAGE_ENTERED, "Suffolk Constabulary")},
        published="2026-11-05",
    ),
    "rated-this-summer": Case(
        "Dorset Police removed from enhanced monitoring",
        "Dorset Police has been removed from Engage. The force was rated 'requires "
        "improvement' for investigating crime in its PEEL inspection this summer.",
        {(ENGAGE_EXITED, "Dorset Police")},
        published="2026-10-20",
    ),
    "exit-dated-by-this-year-only": Case(
        "Inspectorate signs off improvement areas",
        "HMICFRS has closed four areas for improvement from the PEEL report on Essex Police. "
        "Essex Police was returned to routine monitoring by the inspectorate in 2026 after a "
        "period in Engage.",
        {(AOI_CLOSED, "Essex Police")},
        published="2026-06-11",
    ),
    "entry-during-this-year-only": Case(
        "Force wins award for neighbourhood policing",
        "Gwent Police has won a national award for its neighbourhood teams. The force was moved "
        "into enhanced monitoring by the inspectorate during 2026.",
        published="2026-09-14",
    ),
    "this-year-only-early-in-year-is-kept": Case(
        "Gwent Police in special measures",
        "Gwent Police was moved into enhanced monitoring by the inspectorate in 2026.",
        {(ENGAGE_ENTERED, "Gwent Police")},
        published="2026-01-14",
    ),
    "report-aside-dates-grading": Case(
        "Kent Police: move to enhanced phase of monitoring",
        "Our PEEL report on the force, published in March 2026, graded its performance as "
        "inadequate for investigating crime.",
        {(ENGAGE_ENTERED, "Kent Police")},
        kind="inspectorate",
        published="2026-07-01",
    ),
    "inspection-aside-dates-rating": Case(
        "Letter to the chief constable of Cleveland Police",
        "The PEEL inspection of the force, which we carried out in 2024, rated its work as "
        "good for preventing crime.",
        kind="inspectorate",
        published="2026-07-01",
    ),
    "report-published-today-graded-as": Case(
        "PEEL report on Cleveland Police",
        "Our PEEL report on Cleveland Police, published today, graded its performance as "
        "inadequate for investigating crime.",
        {(PEEL_GRADED, "Cleveland Police")},
        kind="inspectorate",
        published="2026-07-01",
    ),
    "national-causes-of-concern": Case(
        "Custody thematic inspection",
        "Inspectors looked at custody in Essex Police among others. The report identifies two "
        "national causes of concern for forces and the Home Office.",
        kind="inspectorate",
    ),
    "nationwide-causes-of-concern": Case(
        "Vetting inspection report",
        "Our inspection of vetting drew on fieldwork in Surrey Police. We have raised three "
        "nationwide causes of concern.",
        kind="inspectorate",
    ),
    "round-up-aggregate-raised": Case(
        "State of Policing 2026",
        "Forces inspected this year included Kent Police, Essex Police, Surrey Police and Sussex "
        "Police. The inspectorate raised 19 causes of concern and closed 24.",
        kind="inspectorate",
    ),
    "round-up-aggregate-issued": Case(
        "The year in inspection",
        "We visited Norfolk Constabulary, Suffolk Constabulary, Cheshire Constabulary and "
        "Cumbria Constabulary. Across the year, HMICFRS has issued 12 causes of concern.",
        kind="inspectorate",
    ),
}


def test_table_evidence_is_the_line_as_written() -> None:
    article = Article(
        title="Kent Police: revisit",
        text="HMICFRS revisited Kent Police.\n\nCause of concern 1: Call handling.\nStatus: Closed",
        published="2025-06-10",
        source_kind="inspectorate",
    )
    (event,) = detect(article)
    assert (event.type, event.force, event.count) == (CONCERN_CLOSED, "Kent Police", 1)
    assert event.evidence == "Status: Closed"


def _cases(*tables: dict[str, Case]) -> list:
    return [pytest.param(case, id=name) for table in tables for name, case in table.items()]


# Adjuncts and periods that date something other than the event, and relative clauses that tell
# how an event came about.
DATING_ASIDES = {
    "after-adjunct-earlier-this-year": Case(
        "Revisit outcome",
        "After a follow-up visit earlier this year, inspectors have closed both causes of concern "
        "about Lincolnshire Police.",
        {(CONCERN_CLOSED, LINCS)},
        published="2025-09-02",
    ),
    "following-adjunct-in-may": Case(
        "Inspection news",
        "Following an inspection in May, HMICFRS has removed the Metropolitan Police from "
        "enhanced monitoring.",
        {(ENGAGE_EXITED, MET)},
        published="2025-09-02",
    ),
    "after-adjunct-past-tense-stays-history": Case(
        "Force news",
        "After an inspection in 2022, the inspectorate moved Greater Manchester Police into "
        "Engage.",
        set(),
        published="2025-09-02",
    ),
    "statistic-period-before-raise": Case(
        "Crime recording failures",
        "Inspectors found that Greater Manchester Police left about one crime in five unrecorded "
        "during the twelve months to June 2024. They issued it with a cause of concern.",
        {(CONCERN_RAISED, GMP)},
        published="2024-12-10",
    ),
    "statistic-year-ending-before-raise": Case(
        "Watchdog verdict",
        "The force missed thousands of offences in the year ending March 2024, the inspectors "
        "said. They gave Nottinghamshire Police a cause of concern.",
        {(CONCERN_RAISED, NOTTS)},
        published="2024-10-01",
    ),
    "relative-helped-leave": Case(
        "New chief for the force",
        "She wants to keep the gains in call handling that helped Nottinghamshire Police leave "
        "the Engage process.",
        set(),
        published="2025-11-20",
    ),
    "relative-which-saw-exit": Case(
        "Deputy chief retires",
        "He led the reforms which saw the Metropolitan Police leave special measures.",
        set(),
        published="2025-11-20",
    ),
    "publish-as-causes-of-concern": Case(
        "Inspectorate acts early",
        "We found two problems so serious that we decided to publish them as accelerated causes "
        "of concern about Nottinghamshire Police.",
        {(CONCERN_RAISED, NOTTS)},
        kind="inspectorate",
        published="2024-03-11",
    ),
    "publishing-causes-of-concern": Case(
        "Lincolnshire inspection",
        "The inspectorate is publishing five causes of concern about Lincolnshire Police ahead "
        "of its full report.",
        {(CONCERN_RAISED, LINCS)},
        published="2024-12-06",
    ),
}


# One graded topic (crime recording, custody, vetting) in a report that never says PEEL is a
# standalone inspection; a single grade on another area still counts.
STANDALONE_GRADES = {
    "crime-recording-graded-alone": Case(
        "Essex Police under-recorded violent crime, inspectors find",
        "The inspectorate's report found the force had missed one in six reported crimes. "
        "Inspectors graded Essex Police inadequate for crime recording.",
    ),
    "custody-rated-alone": Case(
        "Custody inspection at Surrey Police",
        "Inspectors examined the force's custody suites over two weeks. They rated Surrey Police "
        "'requires improvement' at treating detainees fairly.",
    ),
    "single-grade-in-a-peel-report": Case(
        "PEEL report on Kent Police",
        "The PEEL inspection graded Kent Police inadequate for investigating crime.",
        {(PEEL_GRADED, "Kent Police")},
    ),
    "grades-across-areas-without-the-word-peel": Case(
        "Inspectors grade Dorset Police",
        "Inspectors graded Dorset Police's performance across eight areas of policing. The force "
        "was rated good at responding to the public.",
        {(PEEL_GRADED, "Dorset Police")},
    ),
}


LETTERS_AND_RESPONSES = {
    "letter-background-heading-restates-raise": Case(
        "Kent Police: revisit of causes of concern",
        "Background\n\nIn our 2025 PEEL report on Kent Police we raised two causes of concern, "
        "about emergency calls and about sex offenders.\n\nWe went back in May to check "
        "progress.\n\nCause of concern 1: answering emergency calls\n\nCall answering is "
        "better but not yet stable. This cause of concern remains open.",
        kind="inspectorate",
    ),
    "letter-inline-background-restates-aois": Case(
        "Cheshire Constabulary: PEEL areas for improvement",
        "Background: our PEEL inspection of Cheshire Constabulary identified nine areas for "
        "improvement.\n\nFindings. We are not yet persuaded by the evidence the force sent us, "
        "and every one of them stays open.",
        kind="inspectorate",
    ),
    "letter-closure-after-background-section": Case(
        "Sussex Police: revisit letter",
        "Background\n\nWe raised three causes of concern about Sussex Police in our PEEL "
        "report.\n\nOur findings on crime recording and data quality\n\nRecording is now "
        "accurate. We have closed this cause of concern.",
        {(CONCERN_CLOSED, "Sussex Police")},
        counts={(CONCERN_CLOSED, "Sussex Police"): 1},
        kind="inspectorate",
    ),
    "background-as-an-ordinary-word": Case(
        "Gwent Police vetting",
        "Background checks on new recruits were left unfinished, so the inspectorate has raised a "
        "cause of concern about Gwent Police's vetting.",
        {(CONCERN_RAISED, "Gwent Police")},
    ),
    "section-55-response-restates-report": Case(
        "Commissioner's response to the PEEL report",
        "This is my response under section 55 of the Police Act 1996. The PEEL report raised one "
        "cause of concern, about vetting, and made two recommendations. It also identified six "
        "areas for improvement for Durham Constabulary.",
        kind="pcc",
        force="Durham Constabulary",
    ),
    "itemised-response-restates-grades-and-aois": Case(
        "Our reply to the inspectorate",
        "The PEEL inspection found the force good at preventing crime. It identified two areas "
        "for improvement for Northumbria Police.\n\nAFI 1: attendance times. Response: a new "
        "demand model is in place.\n\nAFI 2: stop and search records. Response: forms have "
        "been changed.",
        kind="pcc",
        force="Northumbria Police",
    ),
    "section-55-response-reports-a-closure": Case(
        "Response to the child protection revisit",
        "My response under s.55 follows. After its PEEL revisit, HMICFRS has now closed the cause "
        "of concern about child protection in Norfolk Constabulary.",
        {(CONCERN_CLOSED, "Norfolk Constabulary")},
        kind="pcc",
        force="Norfolk Constabulary",
    ),
    "demonstrative-that-closed": Case(
        "Update on the custody inspection",
        "Inspectors found detainees were not checked often enough. After a revisit, HMICFRS has "
        "closed that cause of concern about Lancashire Constabulary.",
        {(CONCERN_CLOSED, "Lancashire Constabulary")},
        counts={(CONCERN_CLOSED, "Lancashire Constabulary"): 1},
    ),
    "demonstrative-that-remaining-discharged": Case(
        "Derbyshire Constabulary: sex offender management",
        "The inspectorate has today discharged that remaining cause of concern for Derbyshire "
        "Constabulary.",
        {(CONCERN_CLOSED, "Derbyshire Constabulary")},
        counts={(CONCERN_CLOSED, "Derbyshire Constabulary"): 1},
    ),
    "year-on-from-leaving": Case(
        "A year on from leaving enhanced monitoring",
        "Nottinghamshire Police says its improvements have lasted. Investigations are better "
        "planned than before.",
        kind="force",
        force=NOTTS,
    ),
    "months-on-from-entering": Case(
        "Eighteen months on from entering Engage, Essex Police looks ahead",
        "The chief constable says the force is a different organisation now and hopes to show "
        "the inspectorate how much has changed.",
    ),
}


NESTED_AND_ELIDED = {
    "closing-verb-inside-a-satisfied-clause": Case(
        "Revisit letter",
        "Inspectors are satisfied that Cumbria Constabulary has addressed the cause of concern "
        "about custody.",
        {(CONCERN_CLOSED, "Cumbria Constabulary")},
        counts={(CONCERN_CLOSED, "Cumbria Constabulary"): 1},
        kind="inspectorate",
    ),
    "closing-verb-after-we-are-content": Case(
        "Revisit letter",
        "We are content, having seen the audit, that Gwent Police has now resolved both causes "
        "of concern.",
        {(CONCERN_CLOSED, "Gwent Police")},
        counts={(CONCERN_CLOSED, "Gwent Police"): 2},
        kind="inspectorate",
    ),
    "closing-verb-inside-a-denied-judgement": Case(
        "Revisit letter",
        "We are not yet satisfied that Cumbria Constabulary has addressed the cause of concern "
        "about custody.",
        kind="inspectorate",
    ),
    "closing-verb-after-no-evidence-that": Case(
        "Revisit letter",
        "Inspectors found no evidence that Kent Police had resolved the causes of concern, which "
        "stay open.",
        kind="inspectorate",
    ),
    "closing-verb-after-cannot-conclude": Case(
        "Revisit letter",
        "We cannot conclude that Suffolk Constabulary has closed the gap, and the cause of concern "
        "remains open.",
        kind="inspectorate",
    ),
    "remaining-one-two-sentences-after-its-noun": Case(
        "Lincolnshire Police update",
        "Inspectors raised five causes of concern about Lincolnshire Police in 2024. Four were "
        "signed off in 2025. The inspectorate has now closed the remaining one, on investigations.",
        {(CONCERN_CLOSED, LINCS)},
        counts={(CONCERN_CLOSED, LINCS): 1},
    ),
    "closed-both-as-object": Case(
        "Bedfordshire Police update",
        "HMICFRS raised two causes of concern about Bedfordshire Police last year. After a revisit "
        "in May, inspectors have now closed both.",
        {(CONCERN_CLOSED, "Bedfordshire Police")},
        counts={(CONCERN_CLOSED, "Bedfordshire Police"): 2},
    ),
    "signed-off-all-three-as-object": Case(
        "Northamptonshire Police update",
        "The inspectorate had three causes of concern about Northamptonshire Police. This week it "
        "signed off all three.",
        {(CONCERN_CLOSED, "Northamptonshire Police")},
        counts={(CONCERN_CLOSED, "Northamptonshire Police"): 3},
    ),
    "both-as-object-of-a-wish": Case(
        "Bedfordshire Police update",
        "HMICFRS raised two causes of concern about Bedfordshire Police last year. The chief "
        "constable wants inspectors to close both.",
    ),
    "both-before-another-noun": Case(
        "Bedfordshire Police update",
        "HMICFRS raised two causes of concern about Bedfordshire Police last year. Separately, "
        "the force has closed both front counters in Luton.",
    ),
}


# Someone else's monitoring, someone else's finding, the whole service's finding; and dates that
# belong to an aside (how a concern began, when the fieldwork was) rather than to the event.
OTHER_MONITORS_AND_SCOPE = {
    "bare-noun-subject-in-headline": Case(
        "Housing association put into special measures",
        "Avon and Somerset Constabulary said its neighbourhood team would keep working with "
        "tenants on the estate.",
        kind="force",
        force="Avon and Somerset Constabulary",
    ),
    "bare-noun-subject-in-body": Case(
        "Stadium update",
        "Durham Constabulary officers patrolled the ground on Saturday. The stadium's owner "
        "has been placed under enhanced monitoring this week.",
        kind="force",
        force="Durham Constabulary",
    ),
    "county-name-headline-is-the-force": Case(
        "Humberside moved into special measures",
        "HMICFRS wrote to the chief constable on Monday with its decision.",
        {(ENGAGE_ENTERED, "Humberside Police")},
        kind="force",
        force="Humberside Police",
    ),
    "place-after-preposition-is-no-subject": Case(
        "Gaol in Kent put into special measures",
        "Kent Police has a small team that investigates assaults inside the gaol.",
        kind="force",
        force="Kent Police",
    ),
    "moved-by-industry-regulator": Case(
        "Update on water supply",
        "The water company serving Kent has been placed under enhanced monitoring by the "
        "industry regulator, Kent Police said.",
        kind="force",
        force="Kent Police",
    ),
    "moved-by-football-league": Case(
        "Matchday policing",
        "Cleveland Police will police Saturday's game as normal after the club was put into "
        "special measures by the English Football League.",
        kind="force",
        force="Cleveland Police",
    ),
    "moved-by-inspectorate-stays": Case(
        "Kent Police update",
        "Kent Police has been placed under enhanced monitoring by the inspectorate.",
        {(ENGAGE_ENTERED, "Kent Police")},
    ),
    "college-of-policing-review": Case(
        "Training review",
        "A College of Policing review of Warwickshire Police's tutoring has raised a cause of "
        "concern about how student officers are supervised.",
    ),
    "care-regulator-finding": Case(
        "Custody healthcare",
        "The Care Quality Commission has raised a cause of concern about medicines in "
        "Cumbria Constabulary's custody suites.",
    ),
    "inspectorate-finding-stays": Case(
        "Tutoring",
        "HMICFRS has raised a cause of concern about Warwickshire Police's tutoring of new "
        "officers.",
        {(CONCERN_RAISED, "Warwickshire Police")},
    ),
    "thematic-across-policing": Case(
        "Our response to the stalking report",
        "The inspectorate's thematic report on stalking has identified twelve areas for "
        "improvement across policing. Sussex Police said it would check its own practice.",
        kind="force",
        force="Sussex Police",
    ),
    "national-inspection-for-all-forces": Case(
        "Custody inspection published",
        "A national inspection of custody by HMICFRS has raised three causes of concern for all "
        "forces, and Essex Police says it is already acting on them.",
        kind="force",
        force="Essex Police",
    ),
    "force-report-stays": Case(
        "Essex Police report",
        "The inspectorate's report on Essex Police has raised two causes of concern.",
        {(CONCERN_RAISED, "Essex Police")},
    ),
    "relative-date-on-closed-noun": Case(
        "Gwent Police update",
        "The inspectorate said it had closed the cause of concern about investigations that led "
        "to the force being placed in Engage in February 2026.",
        {(CONCERN_CLOSED, "Gwent Police")},
        kind="force",
        force="Gwent Police",
        published="2026-11-20",
    ),
    "relative-date-on-closed-noun-plural": Case(
        "Concerns signed off",
        "Inspectors said on Tuesday that they had signed off the two causes of concern which "
        "prompted the move into enhanced monitoring in April 2026.",
        {(CONCERN_CLOSED, "Gwent Police")},
        counts={(CONCERN_CLOSED, "Gwent Police"): 2},
        kind="force",
        force="Gwent Police",
        published="2026-11-20",
    ),
    "dated-exit-in-relative-on-improvements": Case(
        "Staffordshire Police inspection",
        "Staffordshire Police has kept up the improvements that took it out of enhanced "
        "monitoring in 2024.",
        published="2026-11-20",
    ),
    "dated-exit-in-relative-on-changes": Case(
        "Inspection report",
        "Inspectors found the force had sustained the changes which brought it out of Engage in "
        "May 2025.",
        kind="inspectorate",
        force="Staffordshire Police",
        published="2026-11-20",
    ),
    "dated-closure-stays-history": Case(
        "Gwent Police update",
        "The inspectorate closed the cause of concern about Gwent Police in March 2026, and the "
        "force continues to improve.",
        published="2026-11-20",
    ),
    "fieldwork-month-dates-no-raise": Case(
        "Cheshire Constabulary update",
        "HMICFRS raised two causes of concern about Cheshire Constabulary after its inspection "
        "in September.",
        {(CONCERN_RAISED, "Cheshire Constabulary")},
        counts={(CONCERN_RAISED, "Cheshire Constabulary"): 2},
        published="2026-11-20",
    ),
    "fieldwork-month-inspected-late": Case(
        "Statement",
        "Two causes of concern were raised by inspectors who visited the force in late August.",
        {(CONCERN_RAISED, "Cheshire Constabulary")},
        kind="force",
        force="Cheshire Constabulary",
        published="2026-11-20",
    ),
    "fieldwork-month-relative": Case(
        "Statement",
        "The news follows an inspection in August, during which inspectors raised a cause of "
        "concern about missing children.",
        {(CONCERN_RAISED, "Cheshire Constabulary")},
        kind="force",
        force="Cheshire Constabulary",
        published="2026-11-20",
    ),
    "raise-dated-last-year-stays-history": Case(
        "Cheshire Constabulary update",
        "Inspectors raised two causes of concern about Cheshire Constabulary in September 2025.",
        published="2026-11-20",
    ),
}


# A dated relative aside between subject and verb dates the aside, not the finding.
SUBJECT_ASIDES = {
    "aside-who-dated-raise-is-news": Case(
        "Inspection outcome",
        "Inspectors, who spent three days at headquarters in August, raised two causes of "
        "concern about Suffolk Constabulary.",
        {(CONCERN_RAISED, "Suffolk Constabulary")},
        counts={(CONCERN_RAISED, "Suffolk Constabulary"): 2},
        published="2026-11-20",
    ),
    "aside-whose-dated-close-is-news": Case(
        "Revisit outcome",
        "The inspectorate, whose officers returned to the constabulary in May, closed the "
        "remaining three causes of concern about Cumbria Constabulary.",
        {(CONCERN_CLOSED, "Cumbria Constabulary")},
        counts={(CONCERN_CLOSED, "Cumbria Constabulary"): 3},
        published="2026-11-20",
    ),
    "aside-which-dated-raise-is-news": Case(
        "Inspection outcome",
        "The inspectorate, which looked at call handling across the county in June, raised a "
        "cause of concern about Wiltshire Police.",
        {(CONCERN_RAISED, "Wiltshire Police")},
        counts={(CONCERN_RAISED, "Wiltshire Police"): 1},
        published="2026-11-20",
    ),
    "guard-main-verb-dated-stays-history": Case(
        "Monitoring update",
        "Inspectors, who returned this week, had raised two causes of concern about Suffolk "
        "Constabulary in August 2025.",
        published="2026-11-20",
    ),
    "guard-aside-is-the-event-stays-history": Case(
        "Monitoring update",
        "Wiltshire Police, which was moved into Engage in June 2024, has a new chief constable.",
        published="2026-11-20",
    ),
}

# "enough progress for us to close": the closing is the finding, said through its grounds.
SUFFICIENT_TO_CLOSE = {
    "progress-for-us-to-close": Case(
        "Revisit letter",
        "Norfolk Constabulary has made enough progress for us to close two of its four causes "
        "of concern.",
        {(CONCERN_CLOSED, "Norfolk Constabulary")},
        counts={(CONCERN_CLOSED, "Norfolk Constabulary"): 2},
        kind="inspectorate",
    ),
    "improvement-to-allow-us-to-close": Case(
        "Revisit letter",
        "Cleveland Police has shown sufficient improvement to allow us to close the cause of "
        "concern about its custody suites.",
        {(CONCERN_CLOSED, "Cleveland Police")},
        counts={(CONCERN_CLOSED, "Cleveland Police"): 1},
        kind="inspectorate",
    ),
    "evidence-to-enable-us-to-close": Case(
        "Revisit letter",
        "Durham Constabulary gave us sufficient evidence to enable us to close both causes of "
        "concern.",
        {(CONCERN_CLOSED, "Durham Constabulary")},
        counts={(CONCERN_CLOSED, "Durham Constabulary"): 2},
        kind="inspectorate",
    ),
    "guard-not-yet-enough-progress": Case(
        "Revisit letter",
        "Norfolk Constabulary has improved, but there is not yet enough progress for us to "
        "close the cause of concern.",
        kind="inspectorate",
    ),
    "guard-insufficient-improvement": Case(
        "Revisit letter",
        "We found insufficient improvement in Cleveland Police to allow us to close the cause "
        "of concern.",
        kind="inspectorate",
    ),
    "guard-before-we-can-close": Case(
        "Revisit letter",
        "Durham Constabulary needs to show more progress before we can close the cause of concern.",
        kind="inspectorate",
    ),
}

# A headline naming only a county stands for its force when the county itself makes the move.
HEADLINE_PLACES = {
    "county-headline-entered": Case(
        "Dorset moved into special measures",
        "The chief constable said officers would work with inspectors on a plan.",
        {(ENGAGE_ENTERED, "Dorset Police")},
        kind="press",
    ),
    "county-headline-exited": Case(
        "Humberside out of special measures after inspection",
        "Inspectors said the improvement in answering calls had been sustained.",
        {(ENGAGE_EXITED, "Humberside Police")},
        kind="press",
    ),
    "county-headline-passive-exit": Case(
        "Staffordshire removed from special measures",
        "The decision follows a revisit by the inspectorate.",
        {(ENGAGE_EXITED, "Staffordshire Police")},
        kind="press",
    ),
    "guard-county-school": Case(
        "Dorset school moved into special measures",
        "The head teacher said staff would work hard to improve.",
        kind="press",
    ),
    "guard-prison-in-county": Case(
        "Prison in Kent placed in special measures",
        "The governor said the jail would draw up an action plan.",
        kind="press",
    ),
    "guard-county-council": Case(
        "Essex council placed in special measures",
        "Ministers said the authority had failed to balance its budget.",
        kind="press",
    ),
}


# Round seven: the place in "County Durham", years told as history, the force a paragraph has
# turned to, and a relative clause dated by its antecedent.
DISCOURSE_AND_DATES = {
    "guard-trust-in-county-durham": Case(
        "Hospitals put into special measures",
        "A hospital trust in County Durham has been placed into special measures after the "
        "regulator found failings in its maternity care.",
        kind="press",
    ),
    "guard-care-home-in-county-durham": Case(
        "Inspection news",
        "A care home in County Durham has been placed in special measures after inspectors "
        "found failings.",
        kind="press",
    ),
    "guard-durham-force-still-named": Case(
        "Inspection news",
        "Durham Constabulary has been moved into enhanced monitoring by the inspectorate.",
        {(ENGAGE_ENTERED, "Durham Constabulary")},
        kind="press",
    ),
    "in-earlier-years-closed": Case(
        "A decade of inspections",
        "In earlier years the inspectorate raised and later closed areas for improvement on "
        "crime recording at Kent Police.",
        kind="press",
    ),
    "over-previous-years-closed": Case(
        "A decade of inspections",
        "Over the previous years, inspectors closed three areas for improvement at Suffolk "
        "Constabulary.",
        kind="press",
    ),
    "guard-closed-now": Case(
        "Progress review",
        "Inspectors have closed three areas for improvement at Suffolk Constabulary.",
        {(AOI_CLOSED, "Suffolk Constabulary")},
        kind="press",
    ),
    "focus-pronoun-after-second-force": Case(
        "PEEL reports on Norfolk and Warwickshire",
        "Norfolk Constabulary was rated good in four areas. Warwickshire Police, one of the "
        "smallest forces, fared less well. Inspectors graded it inadequate for investigating "
        "crime and issued a cause of concern.",
        {
            (PEEL_GRADED, "Norfolk Constabulary"),
            (PEEL_GRADED, "Warwickshire Police"),
            (CONCERN_RAISED, "Warwickshire Police"),
        },
        kind="press",
    ),
    "focus-the-force-after-but": Case(
        "Inspectors report on Cumbria and Lancashire",
        "Cumbria Constabulary was praised for its neighbourhood work. But Lancashire "
        "Constabulary struggled with call handling. The inspectorate has raised a cause of "
        "concern about the force's response to emergency calls.",
        {(CONCERN_RAISED, "Lancashire Constabulary")},
        kind="press",
    ),
    "guard-focus-ends-with-paragraph": Case(
        "Cause of concern for Cumbria Constabulary",
        "Lancashire Constabulary was also inspected this year.\n\nThe inspectorate has raised "
        "a cause of concern about the force's response to emergency calls.",
        {(CONCERN_RAISED, "Cumbria Constabulary")},
        kind="press",
    ),
    "guard-focus-unclear-with-two-forces": Case(
        "Cause of concern for Cumbria Constabulary",
        "Inspectors compared Lancashire Constabulary with Cumbria Constabulary. The "
        "inspectorate has raised a cause of concern about the force's response to emergency "
        "calls.",
        {(CONCERN_RAISED, "Cumbria Constabulary")},
        kind="press",
    ),
    "relative-after-published-today": Case(
        "Commissioner welcomes PEEL findings",
        "The commissioner has welcomed the PEEL report on the force, published today, which "
        "rated the force good at preventing crime.",
        {(PEEL_GRADED, "Cumbria Constabulary")},
        kind="pcc",
        force="Cumbria Constabulary",
    ),
    "relative-after-released-this-week": Case(
        "Commissioner responds to inspection",
        "The commissioner welcomed the PEEL inspection report released this week, which graded "
        "the force adequate at investigating crime.",
        {(PEEL_GRADED, "Cumbria Constabulary")},
        kind="pcc",
        force="Cumbria Constabulary",
    ),
    "guard-relative-undated": Case(
        "Commissioner responds to inspection",
        "The commissioner referred to the PEEL report, which graded the force good at preventing "
        "crime.",
        kind="pcc",
        force="Cumbria Constabulary",
    ),
    "guard-relative-published-long-ago": Case(
        "Commissioner responds to inspection",
        "The commissioner referred to the PEEL report published in 2023, which graded the force "
        "good at preventing crime.",
        kind="pcc",
        force="Cumbria Constabulary",
    ),
}


@pytest.mark.parametrize(
    "case",
    _cases(
        FORCE_NAMES,
        NOT_POLICE,
        NUMBERS,
        ENGAGE,
        CLOSURES,
        BACKGROUND,
        ORDINARY_NEWS,
        PEEL,
        AOI,
        FRAMES,
        WORDINGS,
        ANNOUNCED,
        CAUSATIVE_AND_ASIDES,
        TEXT_TABLES,
        GIVENS,
        NOT_ASSERTED,
        PAGE_FURNITURE,
        CLAIMS_AND_QUESTIONS,
        OTHER_BODIES,
        WHO_AND_WHEN,
        COUNTS_AND_OBJECTS,
        MAINSTREAM,
        DATING_ASIDES,
        STANDALONE_GRADES,
        LETTERS_AND_RESPONSES,
        NESTED_AND_ELIDED,
        OTHER_MONITORS_AND_SCOPE,
        SUBJECT_ASIDES,
        SUFFICIENT_TO_CLOSE,
        HEADLINE_PLACES,
        DISCOURSE_AND_DATES,
    ),
)
def test_detect(case: Case) -> None:
    events = _run(case)
    assert {(e.type, e.force) for e in events} == case.expect, [e.to_dict() for e in events]
    for key, count in case.counts.items():
        event = next(e for e in events if (e.type, e.force) == key)
        assert event.count == count, event.to_dict()


def test_peel_grades_by_area() -> None:
    events = detect(
        Article(
            "PEEL 2025-27: an inspection of Gwent Police",
            "The force was found to be 'good' at protecting vulnerable people, but 'requires "
            "improvement' in how it investigates crime.\n"
            "Investigating crime: inadequate",
            source_kind="inspectorate",
        )
    )
    assert [(e.type, e.force) for e in events] == [(PEEL_GRADED, "Gwent Police")]
    assert events[0].grade == {
        VULNERABLE_PEOPLE: "good",
        INVESTIGATIONS: REQUIRES_IMPROVEMENT,
    }


def test_peel_grade_dict_from_rated_phrase() -> None:
    (event,) = detect(
        Article(
            "PEEL report: Cleveland Police",
            "The force was rated inadequate for investigating crime.",
        )
    )
    assert event.grade == {INVESTIGATIONS: INADEQUATE}


def test_merge_keeps_largest_count_and_best_evidence() -> None:
    events = detect(
        Article(
            "Humberside Police revisit letter",
            "Inspectors have closed two causes of concern. In all, four causes of concern have "
            "now been closed.",
            source_kind="inspectorate",
        )
    )
    assert len(events) == 1
    assert events[0].count == 4
    assert events[0].evidence in (
        "Inspectors have closed two causes of concern.",
        "In all, four causes of concern have now been closed.",
    )


def test_evidence_is_the_sentence_as_written() -> None:
    (event,) = detect(
        Article(
            "Surrey Police",
            "Officers welcomed the news. Surrey Police has been taken out of \u2018special "
            "measures\u2019 by inspectors. The chief thanked staff.",
        )
    )
    assert (
        event.evidence
        == "Surrey Police has been taken out of \u2018special measures\u2019 by inspectors."
    )


def test_confidence_inspectorate_title_beats_hedged_press() -> None:
    (official,) = detect(
        Article(
            "Cumbria Constabulary moved into enhanced monitoring",
            "HM Chief Inspector has today moved the force into Engage.",
            source_kind="inspectorate",
        )
    )
    (hedged,) = detect(
        Article(
            "Cumbria force in special measures",
            "Cumbria Constabulary is understood to have been placed in special measures, "
            "sources said.",
            source_kind="press",
        )
    )
    assert 0.0 <= hedged.confidence < official.confidence <= 1.0
    assert official.confidence >= 0.95
    assert hedged.confidence < 0.75


def test_seed_article_closes_three_for_west_midlands() -> None:
    path = Path("/work/shared/seed-article.txt")
    if not path.exists():
        pytest.skip("seed article not on this machine")
    title, text = path.read_text(encoding="utf-8").split("\n", 1)
    events = detect(Article(title, text, source_kind="news"))
    assert [(e.type, e.force, e.count) for e in events] == [(CONCERN_CLOSED, WMP, 3)]


def test_event_to_dict_round_trips_fields() -> None:
    event = Event(PEEL_GRADED, WMP, count=8, grade={INVESTIGATIONS: INADEQUATE}, confidence=0.91234)
    assert event.to_dict() == {
        "type": PEEL_GRADED,
        "force": WMP,
        "count": 8,
        "area": None,
        "grade": {INVESTIGATIONS: INADEQUATE},
        "evidence": "",
        "confidence": 0.912,
    }


def test_empty_article_gives_nothing() -> None:
    assert detect(Article("", "")) == []


def test_detect_imports_nothing_else_of_the_project() -> None:
    repo = Path(__file__).resolve().parents[1]
    code = (
        "import sys, detect, detect.evaluate\n"
        "from pathlib import Path\n"
        f"repo = Path({str(repo)!r})\n"
        "bad = []\n"
        "for name, mod in list(sys.modules.items()):\n"
        "    f = getattr(mod, '__file__', None)\n"
        "    if not f:\n"
        "        continue\n"
        "    p = Path(f).resolve()\n"
        "    if repo in p.parents and not {repo / 'detect', repo / '.venv'} & set(p.parents):\n"
        "        bad.append(name)\n"
        "third = [n for n in ('scrapy', 'bs4', 'lxml', 'sqlite_utils', 'jinja2', 'click') "
        "if n in sys.modules]\n"
        "print(sorted(bad + third))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
