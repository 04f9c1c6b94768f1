"""The cue grammar as data: verb-phrase patterns per event type and the word lists that frame them.

Cue patterns are written once and compiled for lower-cased text (`lc`), which the regex engine
scans several times faster than with IGNORECASE. The few words that only count with a capital
("Engage", "Scan") are named groups that the extractor checks against the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import vocab
from .text import MONTH_RE, NUM


def ci(pattern: str) -> re.Pattern[str]:
    """Compile for matching the original text, case ignored."""
    return re.compile(pattern, re.IGNORECASE)


def lc(pattern: str) -> re.Pattern[str]:
    """Compile for matching lower-cased text: letters outside escapes are lowered."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(pattern[i].lower())
        i += 1
    lowered = "".join(out).replace("(?-i:", "(?:").replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return re.compile(lowered)


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Noun phrases the verbs act on --------------------------------------------------------------

TARGET = (
    r"['\"]?(?:(?:an?|the|its|our|their|this)\s+)?"
    r"(?:(?:the\s+)?(?:inspectorate|watchdog|HMICFRS|HMIC)'s\s+)?"
    r"(?:(?:enhanced|heightened|increased|intensive|higher|highest)\s+"
    r"(?:level|phase|stage|form|state|tier|category)\s+of\s+"
    r"(?:monitoring|scrutiny|oversight|supervision)"
    r"|(?:enhanced|heightened|intensive)\s+(?:monitoring|scrutiny|oversight|regime|process|"
    r"phase|stage|status|category)"
    r"|special\s+measures"
    r"|['\"]?(?P<eng>Engage)\b(?!\s+with)['\"]?"
    r"|engage\s+(?:status|phase|stage|process|level|category|monitoring|regime))['\"]?"
)
ROUTINE = (
    r"(?:(?:the|a|an|its|our|their)\s+)?(?:(?:inspectorate|watchdog|HMICFRS)'s\s+)?"
    r"(?:(?:routine|default|normal|standard|usual|regular|ordinary|business[\s-]as[\s-]usual)\s+"
    r"(?:(?:level|phase|stage|form|state|tier)\s+of\s+)?(?:monitoring|scrutiny|oversight|inspection)"
    r"|['\"]?(?P<scan>Scan)\b['\"]?(?:\s+(?:phase|stage|level|status))?)"
)
COC_CAUSE = (
    r"(?:accelerated\s+)?causes?\s+of\s+(?:(?:serious|significant|particular)\s+)?concern\b"
    r"|\bCoCs?\b"
)
COC_ANY = (
    r"(?:accelerated\s+)?(?:causes?|areas?)\s+(?:of|for)\s+(?:(?:previous|particular|serious|"
    r"significant|major|ongoing|continuing|outstanding|remaining|original|the)\s+)*concerns?\b"
    r"|\bCoCs?\b"
)
AOI = r"areas?\s+(?:for|of)\s+improvement\b|\bAFIs?\b|\bAOIs?\b|improvement\s+areas\b"
GRADE = (
    r"(?:outstanding|good|adequate|requires?\s+improvement|requiring\s+improvement|"
    r"inadequate)"
)

# Verbs --------------------------------------------------------------------------------------

ENTRY_VERBS = (
    r"moved|moves|move|moving|placed|places|place|placing|put|puts|putting|escalated|escalates|"
    r"escalate|escalating|taken|took|take|takes|taking|plunged|plunges|sent|pushed|thrust|"
    r"entered|enters|enter|entering|went|goes|go|going|gone|dropped|slipped|fell|falls|fallen|"
    r"brought|admitted|transferred"
)
EXIT_VERBS = (
    r"removed|removes|remove|removing|released|releases|release|releasing|freed|lifted|lifts|"
    r"exited|exits|exit|exiting|emerged|emerges|emerge|emerging|graduated|graduates|"
    r"de-?escalated|de-?escalates|stepped\s+down|steps\s+down|taken|took|take|takes|taking|"
    r"moved|moves|move|moving|came|comes|come|coming|brought|brings|bring|got|gets|get|"
    r"climbed|climbs|discharged|dropped|bounced|walked"
)
RETURN_VERBS = (
    r"returned|returns|return|returning|moved|moves|move|moving|brought|taken|put|placed|went|"
    r"goes|go|gone|de-?escalated|de-?escalates|downgraded|reverted|reverts|revert|stepped\s+down"
)
CLOSE_VERBS = (
    r"closed|closes|close|closing|discharged|discharges|discharge|discharging|signed\s+off|"
    r"signs\s+off|sign\s+off|signing\s+off|resolved|resolves|resolve|resolving|addressed|"
    r"addresses|address|addressing|lifted|lifts|removed|removes|remove|removing|cleared|clears|"
    r"clear|clearing|satisfied"
)
CLOSE_PARTICIPLES = (
    r"closed|discharged|signed\s+off|resolved|addressed|lifted|removed|cleared|satisfied|"
    r"met|completed"
)
RAISE_VERBS = (
    r"issued|issues|issue|issuing|raised|raises|raise|raising|identified|identifies|identify|"
    r"identifying|found|finds|find|gave|gives|give|given|handed|hands|imposed|imposes|"
    r"set\s+out|sets\s+out|setting\s+out|made|makes|highlighted|highlights|published|publishes|"
    r"publish|publishing|"
    r"flagged|flags|served|received|receives|receive|receiving|hit|slapped|named|added|adds|attached|"
    r"recorded|records|opened|opens"
)
RAISE_PARTICIPLES = (
    r"raised|issued|identified|given|imposed|set\s+out|made|highlighted|published|found|"
    r"flagged|attached|added|recorded|opened|handed"
)
AOI_RAISE_VERBS = (
    r"identified|identifies|identify|found|finds|raised|raises|made|makes|set\s+out|sets\s+out|"
    r"setting\s+out|"
    r"highlighted|highlights|issued|issues|gave|gives|given|listed|lists|noted|notes|recorded|"
    r"records|outlined|outlines|received|receives|pinpointed|pinpoints|contains|contained|"
    r"includes|included|"
    # Base forms after "does"/"did" ("the report does contain eight areas for improvement").
    r"contain|include|list|note|record|outline|pinpoint|highlight|set\s+out"
)
AOI_RAISE_PARTICIPLES = (
    r"identified|raised|made|set\s+out|highlighted|issued|found|given|noted|recorded|listed|"
    r"outlined"
)

# Glue ---------------------------------------------------------------------------------------

# Auxiliaries and adverbs between a passive subject and its participle ("have now been").
AUX_SEQ = (
    r"(?P<aux>(?:(?:has|have|had|was|were|is|are|been|being|now|all|also|since|formally|"
    r"successfully|fully|subsequently|therefore|both|each|already|finally|officially|"
    r"sufficiently|effectively|satisfactorily|not|never|yet|today|recently|largely|"
    r"hasn't|haven't|hadn't|wasn't|weren't|isn't|aren't)\s+)+)"
)
# Words between a passive subject and its verb that may not belong to another clause; "and"
# between two numbers joins them ("999 and 101 calls") and opens no clause.
GAP = (
    r"(?P<gap>(?:(?!\b(?:remains?|remained|remaining\s+open|but|while|whilst|whereas|although|"
    r"however|recommendations?|(?<!\d\s)and\s+(?:the|a|an|its|one|two|three|four|five|\d+)|"
    r"which|that)\b"
    rf"|,\s*{NUM}\b|,\s*[a-z]+ing\b)[^.;:]){{0,90}}?)"
)
# A relative clause set off by commas between a subject and its verb ("the cause of concern,
# which was issued in 2024, has now been closed"): its tense and dates are its own.
INSERT = r"(?P<ins>\s*,\s*(?:which|that|who)\s[^,.;:!?]{1,120},)?"
# "has had <noun> closed": the force undergoes what the inspectorate did.
HAVE_DONE = (
    r"(?:has|have|having)\s+had|had|(?:has|have)\s+seen|saw|sees|(?:has|have)\s+got|got|gets"
)
CAUSATIVE_TAIL = (
    r"\s+(?:(?:formally|now|officially|all|both|each|successfully|finally|fully)\s+)?"
    r"(?:closed|discharged|signed\s+off|lifted|removed|cleared|resolved)\b"
)
# Words between a verb and its object noun ("closed three of the force's four").
Q_TOKENS = r"(?P<q>(?:[^\s.;:,!?]+\s+){0,8}?)"


def _obj(stop: str) -> str:
    """Up to six words of object between a verb and its preposition ("moved the force into")."""
    return rf"(?P<obj>(?:\s+{stop}[^\s.;:,!?]+){{0,6}}?)"


_STOP_ENTRY = r"(?!(?:out|back|from|into|in|to|under|on|onto|of|but|which|that)\b)"
_STOP_EXIT = r"(?!(?:out|from|of|into|but|which|that)\b)"
_STOP_RETURN = r"(?!(?:to|into|in|under|on|but|which|that)\b)"


@dataclass(frozen=True)
class Cue:
    """One verb-phrase pattern for one event type.

    `kind`: verb (tense read from the verb group `v`), state ("no longer in"), nominal ("its
    exit from"), pronoun ("three of them have been closed", its noun in an earlier sentence).
    `noun`: "coc"/"aoi" when a count comes from the words before the concern noun.
    `gate`: the keyword family a sentence must show before the regex runs; `needs`: words of
    which the lower-cased sentence must hold one (usually the verb's stems).
    """

    name: str
    type: str
    pattern: str
    strength: float = 1.0
    kind: str = "verb"
    noun: str = ""
    gate: str = ""
    needs: tuple[str, ...] = ()
    regex: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", lc(self.pattern))


_CLOSING = ("clos", "discharg", "sign", "resolv", "address", "lift", "remov", "clear", "satisf")
_RAISING = (
    "issu", "rais", "identif", "found", "find", "gave", "give", "given", "hand", "impos", "set",
    "made", "make", "highlight", "publish", "flag", "serv", "receiv", "hit", "slapped", "named",
    "add", "attached", "record", "open", "list", "note", "outlin", "pinpoint", "contain",
    "includ",
)  # fmt: skip
_LIFTING = ("lift", "removed", "end", "withdrawn", "revoked", "dropped")

E, X, CR, CC = vocab.ENGAGE_ENTERED, vocab.ENGAGE_EXITED, vocab.CONCERN_RAISED, vocab.CONCERN_CLOSED
AR, AC, PG = vocab.AOI_RAISED, vocab.AOI_CLOSED, vocab.PEEL_GRADED

CUES: tuple[Cue, ...] = (
    # Into Engage
    Cue(
        "entry_into",
        E,
        rf"\b(?P<v>{ENTRY_VERBS})\b{_obj(_STOP_ENTRY)}(?:\s+from\s+{ROUTINE})?\s+"
        r"(?:(?:straight|directly|formally|officially|back|now|swiftly|immediately)\s+)?"
        rf"(?:in|into|under|to|onto|on)\s+{TARGET}",
        gate="engage",
    ),
    Cue(
        "entry_now_in",
        E,
        r"\b(?P<v>now|became|become|becomes|been\s+made|made)\s+(?:subject\s+to|in|under)\s+"
        rf"{TARGET}",
        strength=0.85,
        kind="state",
        gate="engage",
        needs=("now", "became", "become", "made"),
    ),
    Cue(
        "entry_entered",
        E,
        rf"\b(?P<v>entered|enters|enter|entering)\s+{TARGET}",
        gate="engage",
        needs=("enter",),
    ),
    # Out of Engage
    Cue(
        "exit_from",
        X,
        rf"\b(?P<v>{EXIT_VERBS})\b{_obj(_STOP_EXIT)}\s+(?:(?:back\s+)?out\s+of|from)\s+{TARGET}",
        gate="engage",
        needs=("from", "out of"),
    ),
    Cue(
        "exit_left",
        X,
        rf"\b(?P<v>left|leaves|leave|leaving|exited|exits|exit|exiting|quit|quits)\s+{TARGET}",
        gate="engage",
        needs=("left", "leav", "exit", "quit"),
    ),
    Cue(
        "exit_return",
        X,
        rf"\b(?P<v>{RETURN_VERBS})\b{_obj(_STOP_RETURN)}\s+(?:back\s+)?"
        rf"(?:to|into|under|in|on)\s+{ROUTINE}",
        gate="routine",
    ),
    Cue(
        "exit_no_longer",
        X,
        r"\b(?P<v>no\s+longer)\s+(?:(?:needs?|requires?|warrants?|merits?|justifies)\s+"
        r"(?:(?:to\s+be|being)\s+(?:in|under|subject\s+to|on)\s+)?"
        rf"|(?:in|under|subject\s+to|on|part\s+of)\s+){TARGET}",
        kind="state",
        gate="engage",
        needs=("no longer",),
    ),
    Cue(
        "exit_out_of",
        X,
        rf"\b(?P<v>out)\s+of\s+{TARGET}",
        strength=0.9,
        kind="state",
        gate="engage",
        needs=("out of",),
    ),
    Cue(
        "exit_lifted",
        X,
        rf"{TARGET}(?:\s+(?:status|label|designation|regime))?\s+(?:{AUX_SEQ})?"
        r"(?P<v>lifted|lifts|removed|ended|ends|end|withdrawn|revoked|dropped)\b",
        gate="engage",
        needs=_LIFTING,
    ),
    Cue(
        "exit_seen_lifted",
        X,
        rf"\b(?:seen|had|got|saw|sees|has)\s+(?:its|their|the)\s+{TARGET}"
        r"(?:\s+(?:status|label|designation))?\s+(?P<v>lifted|removed|ended|withdrawn)\b",
        gate="engage",
        needs=_LIFTING,
    ),
    Cue(
        "exit_nominal",
        X,
        r"\b(?P<v>exit|exits|removal|release|departure|emergence|graduation|de-?escalation)"
        rf"\s+(?:from|out\s+of)\s+{TARGET}",
        strength=0.85,
        kind="nominal",
        gate="engage",
        needs=("exit", "removal", "release", "departure", "emergence", "graduation", "escalation"),
    ),
    # Causes of concern closed
    Cue(
        "close_active",
        CC,
        rf"\b(?P<v>{CLOSE_VERBS})\s+(?:off\s+)?{Q_TOKENS}(?P<noun>{COC_ANY})",
        noun="coc",
        gate="coc",
        needs=_CLOSING,
    ),
    Cue(
        "close_passive",
        CC,
        rf"(?P<noun>{COC_ANY}){GAP}{INSERT}\s+{AUX_SEQ}(?P<v>{CLOSE_PARTICIPLES})\b",
        noun="coc",
        gate="coc",
        needs=(*_CLOSING, "met", "complet"),
    ),
    Cue(
        "close_relative",
        CC,
        rf"(?P<noun>{COC_ANY})\s*,?\s*(?:which|that)\s+{AUX_SEQ}(?P<v>{CLOSE_PARTICIPLES})\b",
        noun="coc",
        gate="coc",
        needs=(*_CLOSING, "met", "complet"),
    ),
    Cue(
        "close_pronoun",
        CC,
        rf"(?<![\w-])(?P<n>{NUM}|both|all)(?:\s+of\s+(?:them|these|those|the\s+(?:\w+\s+)?"
        r"(?:ones?|causes\s+of\s+concern|areas\s+for\s+improvement)))?\s+"
        rf"{AUX_SEQ}(?P<v>{CLOSE_PARTICIPLES})\b",
        kind="pronoun",
        gate="pronoun",
    ),
    Cue(
        "close_pronoun_active",
        CC,
        r"\b(?P<v>closed|closes|close|closing|discharged|discharges|discharge|discharging|"
        rf"signed\s+off|signs\s+off|sign\s+off|signing\s+off)\s+(?P<n>{NUM}|both|all)\s+of\s+"
        r"(?:them|these|those)\b",
        kind="pronoun",
        gate="pronoun",
        needs=("clos", "discharg", "sign"),
    ),
    # "has now closed the remaining two", "closed both", "closed all three": the noun left out,
    # named a sentence or two before; an aside on its subject may follow ("one, on vetting").
    Cue(
        "close_pronoun_elided",
        CC,
        r"\b(?P<v>closed|closes|close|closing|discharged|discharges|discharge|discharging|"
        r"signed\s+off|signs\s+off|sign\s+off|signing\s+off)\s+(?:the\s+(?:remaining|other|"
        rf"final|last|outstanding)\s+(?P<n>{NUM}|both)|(?P<both>both)|all\s+(?P<all>{NUM}))"
        r"(?=\s*(?:[.;:!?]|,\s*(?:too|as\s+well|on|about|covering|concerning|relating|which|"
        r"into|for|in)\b|$|\s+(?:too|as\s+well|also)\b))",
        kind="pronoun",
        gate="pronoun",
        needs=("clos", "discharg", "sign"),
    ),
    Cue(
        "close_causative",
        CC,
        rf"\b(?P<v>{HAVE_DONE})\s+{Q_TOKENS}(?P<noun>{COC_ANY}){CAUSATIVE_TAIL}",
        noun="coc",
        gate="coc",
        needs=_CLOSING,
    ),
    Cue(
        "close_concerns_bare",
        CC,
        r"\b(?P<v>closed|closes|close|closing|discharged|discharges|discharge|discharging|"
        rf"signed\s+off|signs\s+off|sign\s+off|signing\s+off)\s+{Q_TOKENS}(?P<noun>concerns)\b",
        strength=0.85,
        noun="coc",
        gate="coc",
        needs=("clos", "discharg", "sign"),
    ),
    Cue(
        "close_no_longer",
        CC,
        r"\b(?P<v>no\s+longer)\s+(?:(?:a|an|one\s+of\s+(?:the|its))\s+)?"
        r"(?P<noun>(?:accelerated\s+)?causes?\s+of\s+concern)",
        kind="state",
        noun="coc",
        gate="coc",
        needs=("no longer",),
    ),
    Cue(
        "close_nominal",
        CC,
        rf"\b(?P<v>closure|discharge|signing[\s-]off|resolution)\s+of\s+{Q_TOKENS}"
        rf"(?P<noun>{COC_ANY})",
        strength=0.85,
        kind="nominal",
        noun="coc",
        gate="coc",
        needs=("closure", "discharge", "signing", "resolution"),
    ),
    # Causes of concern raised
    Cue(
        "raise_active",
        CR,
        rf"\b(?P<v>{RAISE_VERBS})\s+{Q_TOKENS}(?P<noun>{COC_CAUSE})",
        noun="coc",
        gate="coc",
        needs=_RAISING,
    ),
    Cue(
        "raise_passive",
        CR,
        rf"(?P<noun>{COC_CAUSE}){GAP}{INSERT}\s+{AUX_SEQ}(?P<v>{RAISE_PARTICIPLES})\b",
        noun="coc",
        gate="coc",
        needs=_RAISING,
    ),
    Cue(
        "raise_told_of",
        CR,
        r"\b(?P<v>told|tells|tell|informed|informs|inform|notified|notifies|notify|warned|warns)"
        rf"\s+(?P<obj>(?:[\w'&-]+\s+){{1,5}}?)of\s+{Q_TOKENS}(?P<noun>{COC_CAUSE})",
        noun="coc",
        gate="coc",
        needs=("told", "tell", "inform", "notif", "warn"),
    ),
    Cue(
        "raise_nominal",
        CR,
        r"\b(?P<v>identification|issuing|issue|raising|publication|imposition)\s+of\s+"
        rf"{Q_TOKENS}(?P<noun>{COC_CAUSE})",
        strength=0.85,
        kind="nominal",
        noun="coc",
        gate="coc",
        needs=("identification", "issu", "raising", "publication", "imposition"),
    ),
    Cue(
        "raise_relative",
        CR,
        rf"(?P<noun>{COC_CAUSE})\s*,?\s*(?:that|which)\s+(?:we|inspectors|the\s+inspectorate|"
        r"hmicfrs|it|they)\s+(?:have|has|had)\s+(?:(?:now|today|also|formally)\s+)?"
        rf"(?P<v>{RAISE_PARTICIPLES})\b",
        noun="coc",
        gate="coc",
        needs=_RAISING,
    ),
    Cue(
        "raise_concerns_in_areas",
        CR,
        r"\b(?P<v>raised|raises|raise|identified|identifies|highlighted|highlights|found|finds|"
        r"had|has|have|set\s+out)\s+(?:(?:serious|significant|major|grave)\s+)?concerns\s+"
        rf"(?:in|about|across|over)\s+(?P<n>{NUM})\s+(?:key\s+|separate\s+|different\s+)?"
        r"areas\b",
        strength=0.85,
        gate="coc",
        needs=("concerns",),
    ),
    # Areas for improvement
    Cue(
        "aoi_raise_active",
        AR,
        rf"\b(?P<v>{AOI_RAISE_VERBS})\s+{Q_TOKENS}(?P<noun>{AOI})",
        noun="aoi",
        gate="aoi",
        needs=_RAISING,
    ),
    Cue(
        "aoi_raise_passive",
        AR,
        rf"(?P<noun>{AOI}){GAP}{INSERT}\s+{AUX_SEQ}(?P<v>{AOI_RAISE_PARTICIPLES})\b",
        noun="aoi",
        gate="aoi",
        needs=_RAISING,
    ),
    Cue(
        "aoi_there_are",
        AR,
        rf"\bthere\s+(?P<v>are|were|is|was)\s+{Q_TOKENS}(?P<noun>{AOI})",
        strength=0.85,
        noun="aoi",
        gate="aoi",
        needs=("there",),
    ),
    Cue(
        "aoi_close_active",
        AC,
        rf"\b(?P<v>{CLOSE_VERBS})\s+(?:off\s+)?{Q_TOKENS}(?P<noun>{AOI})",
        noun="aoi",
        gate="aoi",
        needs=_CLOSING,
    ),
    Cue(
        "aoi_close_passive",
        AC,
        rf"(?P<noun>{AOI}){GAP}{INSERT}\s+{AUX_SEQ}(?P<v>{CLOSE_PARTICIPLES})\b",
        noun="aoi",
        gate="aoi",
        needs=(*_CLOSING, "met", "complet"),
    ),
    Cue(
        "aoi_close_causative",
        AC,
        rf"\b(?P<v>{HAVE_DONE})\s+{Q_TOKENS}(?P<noun>{AOI}){CAUSATIVE_TAIL}",
        noun="aoi",
        gate="aoi",
        needs=_CLOSING,
    ),
    # PEEL
    Cue(
        "peel_across",
        PG,
        r"\b(?P<v>graded|grades|grade|grading|assessed|assesses|rated|rates|judged|judges|"
        r"inspected|examined)\b(?P<obj>[^.;]{0,80}?)\s+(?:across|in|on|for)\s+"
        rf"(?P<n>{NUM})\s+(?:(?:core|key|different|separate|policing|main)\s+)?"
        r"(?:areas|questions|categories|aspects|pillars)\b",
        gate="peel",
        needs=("areas", "questions", "categories", "aspects", "pillars"),
    ),
    Cue(
        "peel_published",
        PG,
        r"\b(?P<v>published|publishes|publish|publishing|released|releases|release|issued|issues)"
        r"\s+(?:(?:its|their|the|a|an|his|her|our)\s+)?(?:(?:latest|new|full|first|annual|final|"
        r"long-awaited)\s+)*PEEL\s+(?:[\w/-]+\s+){0,4}?(?:reports?|inspections?|assessments?|"
        r"findings|grades|judge?ments)\b(?P<obj>\s+(?:on|of|into|for)\s+[^.;:]{0,80})?",
        strength=0.9,
        gate="peel",
        needs=("peel",),
    ),
    Cue(
        "peel_report_published",
        PG,
        r"\bPEEL\s+(?:[\w/-]+\s+){0,4}?(?:report|inspection\s+report|assessment)\s+"
        r"(?:on|of|into|for)\s+(?P<obj>[^.;:,]{0,60}?)\s*,?\s+"
        rf"{AUX_SEQ}(?P<v>published|released)\b",
        strength=0.9,
        gate="peel",
        needs=("peel",),
    ),
    Cue(
        "peel_get_the_report",
        PG,
        r"\bGet\s+the\s+report\s*:?\s*PEEL\b[^:\n]{0,40}:\s*(?:an?\s+)?(?P<v>inspection)\s+of"
        r"(?P<obj>\s+[^.\n]{3,80})",
        strength=0.9,
        kind="nominal",
        gate="peel",
        needs=("peel",),
    ),
    Cue(
        "peel_active_grade",
        PG,
        r"\b(?P<v>graded|grades|rated|rates|judged|judges|assessed|assesses|found|finds|"
        r"considered|considers|deemed|deems)\s+"
        r"(?P<obj>the\s+force|the\s+constabulary|it|them|[\w'&-]+(?:\s+[\w'&-]+){0,4}?)\s+"
        rf"(?:as\s+)?(?:being\s+)?(?:to\s+be\s+)?['\"]?{GRADE}\b",
        gate="peel",
        needs=("outstanding", "good", "adequate", "improvement"),
    ),
)

# Gates: a substring test, then a small regex, before a family's cues run on a sentence.
GATE_WORDS: dict[str, tuple[str, ...]] = {
    "engage": (
        "engage", "special measures", "enhanced", "heightened", "intensive", "increased",
        "higher", "highest",
    ),
    "routine": (
        "routine", "default", "normal", "standard", "usual", "regular", "ordinary", "business",
        "scan",
    ),
    "coc": ("concern", "coc"),
    "aoi": ("improvement", "afi", "aoi"),
    "peel": (
        "peel", "grad", "rate", "judge", "assess", "inspected", "examined", "found", "finds",
        "consider", "deem",
    ),
}  # fmt: skip
GATES: dict[str, re.Pattern[str]] = {
    "engage": lc(
        r"engage|special\s+measures|enhanced|heightened|intensive|increased\s+(?:level|phase|"
        r"stage)|higher\s+(?:level|phase|stage)|highest\s+(?:level|phase|stage)"
    ),
    "routine": lc(ROUTINE),
    "coc": lc(r"(?:cause|area)s?\s+(?:of|for)\s+(?:\w+\s+)?concern|\bCoCs?\b|\bconcerns\b"),
    "aoi": lc(r"areas?\s+(?:for|of)\s+improvement|\bAFIs?\b|\bAOIs?\b|improvement\s+areas"),
    "peel": lc(
        r"\b(?:PEEL|graded|grades|grading|grade|rated|rates|judged|judges|assessed|assesses|"
        r"inspected|examined|found|finds|considered|considers|deemed|deems)\b"
    ),
}
# A sentence without any of these holds no event; most sentences of most articles stop here.
TRIGGER_WORDS = (
    "engage", "special measures", "monitoring", "scan", "concern", "peel", "grade", "rated",
    "rating", "inadequate", "improvement", "outstanding", "adequate", "good", "judged",
    "assessed", "afi", "aoi", "scrutiny", "oversight", "enhanced", "regime", "closed",
    "discharged", "signed off", "resolved",
)  # fmt: skip
GRADE_WORDS = ("good", "adequate", "outstanding", "improvement")
ANTECEDENT = lc(rf"(?P<coc>{COC_ANY})|(?P<aoi>{AOI})")
ANTECEDENT_WORDS = ("concern", "improvement", "coc", "afi", "aoi")
CLOSE_WORDS = (
    "closed", "discharged", "signed off", "resolved", "addressed", "lifted", "removed",
    "cleared", "satisfied", "met", "completed",
)  # fmt: skip

# Title shapes of accelerated-concern notices ("PEEL: <Force> causes of concern").
TITLE_RAISED = ci(r"\b(?:accelerated\s+)?causes?\s+of\s+concern\b")
TITLE_NOT_RAISED = ci(
    r"\b(?:revisit|update|progress|closed?|closing|lift|remain|resolv|address|discharg|"
    r"improv|removed|response|responds|statement|welcome)"
)

# PEEL grade phrases ------------------------------------------------------------------------

PEEL_COUNT = lc(
    rf"(?<![\w'])(?P<qt>['\"])?(?P<g>{GRADE})(?(qt)['\"])"
    r"(?:\s+(?:grade|grading|rating|judge?ment)s?)?\s+(?:in|for|at|across)\s+"
    rf"(?P<n>{NUM})\b(?:\s+(?:other\s+|more\s+|further\s+|key\s+|core\s+)?"
    r"(?:areas?|of\s+(?:them|those|these)|categories|questions|aspects))?"
    r"(?!\s+(?:of\s+the\s+)?(?:cases?|times?|occasions?|incidents?|instances?|per\s+cent|%))"
)
PEEL_COUNT_REV = lc(
    rf"\b(?P<n>{NUM})\s+(?:(?:other|more|further|key|core|policing)\s+)?(?:areas?|categories)\s+"
    r"(?:(?:were|was|are|have\s+been|has\s+been)\s+)?(?P<v>rated|graded|judged|assessed|"
    r"found\s+to\s+be|deemed)\s+(?:as\s+)?(?:being\s+)?"
    rf"['\"]?(?P<g>{GRADE})"
)
_PEEL_VERB = (
    r"rated|graded|judged(?:\s+to(?:\s+be)?)?|assessed(?:\s+as)?|deemed(?:\s+to(?:\s+be)?)?|"
    r"found\s+to(?:\s+be)?|"
    r"considered(?:\s+to\s+be)?|is|was|were|are|be|been|as|remains|received\s+(?:an?\s+)?"
    r"(?:grade|rating)\s+of|given\s+(?:an?\s+)?(?:grade|rating)\s+of|scored|achieved|earned|"
    r"got|secured|retained|received|receives|given|awarded|handed"
)
PEEL_AREA = lc(
    rf"(?:\b(?P<v>{_PEEL_VERB})\s+(?:(?:now|also|still|again|consistently|currently|only)\s+)?"
    r"(?:as\s+)?(?:being\s+)?(?:an?\s+)?)?"
    rf"(?P<qt>['\"])?(?P<g>{GRADE})(?(qt)['\"])"
    r"(?:\s+(?:grade|rating|grading|judgment|judgement))?\s*,?\s*"
    r"(?P<prep>in|at|for|on|when\s+it\s+comes\s+to|with|across|over)\s+"
)
PEEL_PASSIVE = lc(
    r"(?P<v>(?:(?:was|were|is|are|has\s+been|have\s+been)\s+)"
    r"(?:(?:also|now|again)\s+)?(?:rated|graded|judged|assessed|deemed|found\s+to\s+be|"
    r"considered))\s+(?:as\s+)?(?:being\s+)?(?:an?\s+)?"
    rf"['\"]?(?P<g>{GRADE})\b"
)
PEEL_LINE = lc(
    r"^\W*(?P<area>[a-z][a-z ,'&/-]{4,90}?)\s*(?::|-|=)\s*"
    rf"['\"]?(?P<g>{GRADE})['\"]?\.?$"
    rf"|^\W*['\"]?(?P<g2>{GRADE})['\"]?\s*(?::|-|=|for|in|at)\s*(?P<area2>[a-z][^.]{{4,90}}?)\.?$"
)
GRADE_ANY = lc(rf"['\"]?\b{GRADE}\b['\"]?")
REQUIRES_IMPROVEMENT = lc(
    r"\b(?P<g>requires?\s+improvement)\s+(?:in|at|for|with|when\s+it\s+comes\s+to)\s+"
)
# What may follow a grade word that is a grade ("rated good in", "graded inadequate."), unlike
# "good company".
GRADE_TAIL = lc(
    r"['\"]?\s*(?:[.,;:)]|$|(?:in|at|for|on|across|overall|when|and|but|with|by|as|to|after|"
    r"following|grade|grades|grading|rating|ratings)\b)"
)
NUMBER_START = lc(rf"\s*(?:{NUM})\b")
COPULAS = words("is was were are be been as remains")
# Distinct forces a body names, none in its title, for it to be a round-up of no one force.
ROUND_UP_FORCES = 4
RATED_OBJECT_AS = lc(
    r"\b(?P<v>rated|graded|judged|assessed|deemed|considered|described|ranked)\s+"
    r"[^.;:,\"']{1,50}?\s+$"
)
RATING_VERB = lc(r"^(?:rated|graded|judged|assessed|deemed|found|considered|received|given)")

# Article-level context ---------------------------------------------------------------------

TOPIC = ci(
    r"HMICFRS|\bHMIC\b|inspectorate|inspection|inspectors?\b|watchdog|\bPEEL\b|(?-i:Engage)\b|"
    r"special\s+measures|enhanced\s+monitoring|routine\s+monitoring|causes?\s+of\s+concern|"
    r"areas?\s+for\s+improvement|areas?\s+of\s+(?:\w+\s+)?concern|\bgraded\b|revisit|monitoring|"
    r"(?-i:Scan)\b"
)
# The report is named as PEEL, or graded the way only PEEL grades: across areas of policing.
PEEL_NAMED = ci(
    r"\bPEEL\b|effectiveness,\s+efficiency\s+and\s+legitimacy|"
    r"\bacross\s+(?:\w+\s+){0,3}areas\b|\bareas\s+of\s+policing\b"
)
# Subjects the inspectorate also grades in inspections of their own, outside PEEL.
STANDALONE_TOPIC = ci(r"crime\s+(?:data\s+integrity|recording)|\bcustody\b|\bvetting\b")
PEEL_CONTEXT = ci(
    r"\bPEEL\b|effectiveness,\s+efficiency\s+and\s+legitimacy|HMICFRS|\bHMIC\b|inspectorate|"
    r"inspectors?\b|watchdog|inspection"
)
OTHER_INSPECTORATE_WORDS = (
    "hmics", "scotland", "probation", "prison", "hmip", "ofsted", "care quality", "cqc", "estyn",
    "care inspectorate", "hmcpsi", "crown prosecution",
)  # fmt: skip
OTHER_INSPECTORATE = lc(
    r"\bHMICS\b|Inspectorate\s+of\s+Constabulary\s+(?:in|for)\s+Scotland|Inspectorate\s+of\s+"
    r"(?:Probation|Prisons)|\bHMI\s*(?:Probation|Prisons)\b|\bHMIP\b|\bOfsted\b|Care\s+Quality\s+"
    r"Commission|\bCQC\b|\bEstyn\b|Care\s+Inspectorate|\bHMCPSI\b|Crown\s+Prosecution\s+Service\s+"
    r"Inspectorate"
)
OUR_INSPECTORATE = ci(
    r"\bHMICFRS\b|\bHMIC\b|Inspectorate\s+of\s+Constabulary(?!\s+(?:in|for)\s+Scotland)|\bPEEL\b|"
    r"\bHMCI\b|(?-i:Engage)\b|enhanced\s+monitoring|police\s+(?:watchdog|inspectorate)"
)

# Verb frames: the words that may stand between a subject and its verb ----------------------

MODALS = words(
    "will would could may might must should shall can cannot 'll 'd won't wouldn't couldn't "
    "shouldn't mustn't can't mightn't"
)
NEGATIONS = words(
    "not never n't no nor hasn't haven't hadn't isn't aren't wasn't weren't doesn't didn't "
    "don't won't wouldn't couldn't can't cannot shouldn't mustn't"
)
# "able to close", "decided to remove": the infinitive reports something done.
TRANSPARENT = words(
    "able decided agreed chosen chose opted voted enough sufficient pleased proud delighted "
    "understood believed said thought reported due"
)
TRANSPARENT_PAST = words("decided agreed chose opted voted said reported")
HEDGING = words("understood believed said thought reported")
# "found enough evidence to close", "made sufficient progress to be removed": done, not planned.
SUFFICIENCY_NOUNS = words("evidence progress grounds improvement improvements")
# "enough progress for us to close", "sufficient improvement to allow us to close": the words
# between the noun and the closing verb's "to".
SUFFICIENCY_BRIDGE_OBJECTS = words("us me inspectors hmicfrs")
SUFFICIENCY_BRIDGE_VERBS = words("allow enable permit")
ENOUGH = words("enough sufficient sufficiently satisfactory adequate clear")
NOT_YET_ENOUGH = words("insufficient more further additional without")
# "the decision (by HMICFRS) to place the force in Engage": a decision taken, reported as news.
DECISION_NOUNS = words("decision order instruction")
NEGATIVE_SUBJECTS = words("neither none nor nobody no")
CHAIN_WORDS = (
    words(
        "has have had having is are was were be been being am 's 've it's that's he's she's "
        "do does did to now today also already finally formally officially successfully since "
        "just recently subsequently therefore then so fully all both each effectively "
        "sufficiently satisfactorily largely quickly rightly again ever yet still once first "
        "originally previously initially duly swiftly immediately promptly"
    )
    | MODALS
    | NEGATIONS
    | TRANSPARENT
)
# What may stand before a sentence's subject: "But Warwickshire Police ...", "Meanwhile, GMP".
FOCUS_LEAD = re.compile(
    r"\s*(?:(?:but|and|however|meanwhile|by\s+contrast|in\s+contrast),?\s+)?", re.I
)
BACKGROUND_ADVERBS = words("originally previously initially first once ever")
PAST_IRREGULAR = words(
    "put took taken went gone came brought left sent fell fallen found gave given made set hit had saw "
    "quit thrust got held won lost met out"
)
DETERMINERS = words("the its their a an his her this that our whose any")
GERUND_AFTER = words("by after following through with")
ORDINAL_FORCE = lc(
    r"\b(?:latest|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|last|"
    r"only|\d+(?:st|nd|rd|th))\s+(?:police\s+)?(?:force|one|constabulary)(?:\s+\w+){0,3}\s*$"
)

# Clause and time words ----------------------------------------------------------------------

REPORTING = lc(
    r"\b(?:said|says|say|confirmed|confirms|announced|announces|revealed|reveals|told|tells|"
    r"reported|reports|explained|added|stated|states|found|finds|concluded|concludes|judged|"
    r"noted|notes|recognised|recognises|acknowledged|acknowledges|decided|agreed|welcomed|"
    r"welcomes|learned|heard|wrote|writes|letter|show|shows|showed)\b"
)
CONDITIONAL = lc(
    r"\b(?:if|unless|whether|risks?|risked|risking|fac(?:e|es|ed|ing)|threat(?:en(?:ed|s)?)?|"
    r"warn(?:ed|s|ing)?|ahead\s+of|pending|await(?:s|ed|ing)?|hopes?|hoped|hoping|bid|"
    r"call(?:s|ed)?\s+for|urg(?:e|es|ed|ing)|demand(?:s|ed|ing)?|avoid(?:s|ed|ing)?|"
    r"prevent(?:s|ed|ing)?|until|should|aim(?:s|ed|ing)?|plan(?:s|ned|ning)?|expect(?:s|ed|ing)?|"
    r"want(?:s|ed)?|seek(?:s|ing)?|path|route|towards|step\s+closer|closer\s+to|on\s+course|"
    r"on\s+track|work(?:s|ed|ing)?\s+(?:hard\s+)?to(?:wards)?|committed\s+to|determined\s+to)\b"
)
HEDGE = lc(
    r"\breportedly\b|\bunderstood\s+to\b|\bbelieved\s+to\b|\bit\s+is\s+thought\b|\bsources\b|"
    r"\balleged(?:ly)?\b|\bis\s+said\s+to\b|\bit\s+is\s+claimed\b|\bappears\s+to\b"
)
BACKGROUND = lc(
    rf"\b(?:last\s+(?:year|month|{MONTH_RE}|spring|summer|autumn|winter)|the\s+previous\s+year|"
    r"(?:\w+\s+)?(?:months?|years?)\s+(?:after|before|since|on\s+from)|the\s+year\s+before|"
    r"(?:\w+\s+)?years?\s+ago|(?:\w+\s+)?months?\s+ago|previously|"
    r"(?:in|over|during)\s+(?:the\s+)?(?:earlier|previous|prior|former)\s+years|"
    r"originally|initially|formerly|"
    r"at\s+the\s+time|back\s+in|earlier\s+(?:this|that|in\s+the|last)\s+(?:year|month|decade|"
    r"spring|summer|autumn|winter)|in\s+the\s+past|historically|once\s+again|"
    r"first\s+(?:placed|moved|put|entered|went|raised|issued|identified)|(?:last|previous|prior|"
    r"former|earlier|original|preceding|past)\s+(?:(?:full|PEEL|main|formal|routine)\s+){0,2}"
    r"(?:inspection|report|assessment|"
    r"visit|round|cycle)s?|at\s+that\s+point|in\s+the\s+first\s+place)\b"
)
# "We are not yet satisfied that the force has addressed ...": the verb inside a denied
# judgement states nothing, however firm its own tense.
NEGATED_COMPLEMENT = lc(
    r"(?:\b(?:not|never|cannot)\s+|n't\s+)(?:[\w']+\s+){0,2}?(?:satisfied|persuaded|convinced|"
    r"confident|assured|say|conclude|confirm|agree)\s+(?:yet\s+)?that\s[^;]*$"
    r"|\b(?:unable\s+to\s+(?:say|conclude|confirm)|no\s+evidence)\s+that\s[^;]*$"
)
# Where a complement clause opens inside a cue's object ("satisfied that the force ...").
THAT_CLAUSE = re.compile(r"\bthat\s")
# A letter's "Background" section (a heading of its own, or the word opening a paragraph)
# restates what the earlier report found; the letter's news comes in the sections after it.
BACKGROUND_HEADING = re.compile(r"^[^\S\n]*background[^\S\n]*(?:[.:]|$)", re.I | re.M)
# A statutory response to a report ("section 55", or its findings answered one by one under
# "Response:") restates the report's findings: their raising is the report's news, not its own.
FORMAL_RESPONSE = ci(r"\bsection\s+55\b|\bs\.?\s?55\b")
RESPONSE_ITEM = re.compile(r"\bResponse:\s")
# "Its most recent PEEL report graded it adequate": the report already on the books, unless the
# sentence dates it now ("the most recent report, published today").
PRIOR_REPORT = lc(
    r"\bmost\s+recent\s+(?:full\s+)?(?:PEEL\s+)?(?:inspection|report|assessment|visit)s?\b"
)
# An entry of a timeline or live page opens with its date ("July: ...", "3 March 2025 - ...").
DATE_LABEL = lc(
    rf"^\W*((?:\d{{1,2}}\s+)?{MONTH_RE}(?:\s+(?:19|20)\d{{2}})?|(?:19|20)\d{{2}})\s*(?::|\s-)\s"
)
# Articles that look back over a period tell its events as history.
RETROSPECTIVE = lc(
    r"\b(?:look(?:s|ed|ing)?\s+back|in\s+review|review\s+of\s+the\s+year|retrospective|"
    r"recap|timeline\s+of|a\s+year\s+(?:on|in\s+(?:policing|review))|the\s+year\s+in\s+"
    r"(?:policing|police|inspection|review|crime)|month\s+by\s+month|annual\s+report)\b"
)
TITLE_YEAR = re.compile(r"\b((?:19|20)\d{2})\b(?![/-]\d)")
# Sources whose claims a correction withdraws, and the sentence that withdraws the one before.
RETRACTED_CLAIM = lc(
    r"\b(?:an?\s+(?:earlier|previous)\s+version|the\s+original\s+(?:article|story|version|"
    r"report|headline)|(?:wrongly|incorrectly|mistakenly|erroneously)\s+(?:said|stated|"
    r"reported|suggested|claimed|described)|(?:article|story|report|headline|version)\s+"
    r"(?:originally|previously|initially|first|wrongly|incorrectly|mistakenly)\s+(?:said|stated|"
    r"reported|suggested|claimed|described))\b"
)
RETRACTION = ci(
    r"^\W*(?:that|this|it|which)\s+(?:was|is)\s+(?:also\s+)?(?:wrong|incorrect|untrue|"
    r"inaccurate|false|mistaken|an?\s+(?:error|mistake)|not\s+(?:correct|true|accurate|the\s+case))\b"
)
# "<Force> set to be placed in special measures": a forecast, where "<Force> to be placed" is a
# decision.
FORECAST_HEADS = words("set likely unlikely poised expected tipped facing poised bound")
# "(pledges) to lift the force out of special measures": the state is wanted, not reached.
GOVERNED_OUT = lc(
    r"\b(?:to|will|would|could|should|must|can|may|might|shall)\s+(?:get|lift|take|bring|pull|"
    r"steer|lead|move|help|see|keep)\s+(?:[\w'&-]+\s+){0,4}$"
)
# Future: "will" and "shall" announce; "would", "could" and the rest only suppose.
FUTURE_MODALS = words("will shall 'll")
FUTURE_CONDITION = lc(
    r"\b(?:if|unless|until|once|provided|providing|only|as\s+soon\s+as|when|whenever|subject\s+to|"
    r"should|depending|pending)\b"
)
FIRST_PERSON = words("we i you")
DECISION_REPORTED = lc(
    r"\b(?:decided|decision|confirmed|confirms|announced|announces|agreed|told|letter|"
    r"with\s+effect\s+from)\b"
)
# A clause that opens on a bare verb asks or orders ("put the force into special measures").
IMPERATIVE_LEAD = words("so please just now simply then and")
BARE_VERBS = words(
    "move place put take send escalate return remove release lift close discharge sign raise "
    "issue give impose bring get let"
)
# Text tables: "Cause of concern 2: ...", then "Status: Closed"; summary lines with a count.
TABLE_HEADING = lc(
    rf"^\W*(?:(?P<coc>(?:accelerated\s+)?cause\s+of\s+concern)|(?P<aoi>area\s+for\s+improvement|"
    rf"AFI|AOI))\s*(?:\d{{1,2}}|{NUM}|[a-h])?\s*[:.)-]\s+\S"
)
TABLE_STATUS = lc(
    r"^\W*(?:current\s+)?(?:status|outcome|assessment|position|judge?ment)\s*[:-]\s*"
    r"(?:(?P<closed>closed|discharged|met|signed\s+off|resolved)|open|remains?\s+open|"
    r"partially\s+met|not\s+met|ongoing|in\s+progress)\W*$"
)
TABLE_COUNT = lc(
    rf"^\W*(?:(?:number\s+of|new)\s+)?(?:(?P<coc>(?:accelerated\s+)?causes?\s+of\s+concern)|"
    rf"(?P<aoi>areas?\s+for\s+improvement|AFIs|AOIs))\s*[:=-]\s*(?P<n>{NUM})\b"
    r"\s*(?:\([^)]{0,60}\))?\W*$"
)
# "(the first inspection) since 2023": an interval running up to now, not the event's date.
SINCE_BEFORE = lc(r"\bsince\s+(?:the\s+)?$")
# "<Force>, which ...": a relative aside after a named subject.
RELATIVE_OPEN = lc(r"\s*,\s*(?:which|who|whose)\b")
# A relative aside closed by a comma right before the verb's auxiliaries ("Inspectors, who
# visited in August, raised ..."): its dates are the aside's, not the main verb's.
ASIDE_BEFORE_VERB = lc(r"[\w')]\s*,\s*(?P<ins>(?:who|whose|which)\b[^,.;:!?()]{1,120}),\s*$")
# "since 2022," / "until March," is a phrase of time, not a clause: the verb after it is the
# sentence's own ("the first inspection since 2022, graded the force good").
# "Following a revisit earlier this year, we have closed ...": the opening phrase dates the
# revisit; a perfect verb after it is still news.
AFTER_PHRASE_LEAD = lc(
    r"\W*(?:following|after)\s+(?:a|an|the|its|our|their|his|her|this|that)\s+[^,;:]{1,70}?,\s*"
)
# "the 80,000 crimes not recorded in the twelve months to June 2020": a statistic's period,
# which dates the figure, not anything that happened.
STAT_PERIOD = lc(
    r"\b(?:the\s+)?(?:[\w-]+\s+)?(?:months?|years?|weeks?|quarters?|period)\s+(?:to|ending|up\s+to)"
    rf"\s+(?:the\s+end\s+of\s+)?(?:(?:\d{{1,2}}\s+)?{MONTH_RE}(?:\s+(?:19|20)\d{{2}})?|"
    r"(?:19|20)\d{2})\b"
)
DATE_PHRASE_LEAD = lc(
    rf"\W*(?:since|until|before)\s+(?:(?:early|late|mid)[\s-]+)?(?:(?:\d{{1,2}}\s+)?{MONTH_RE}"
    r"(?:\s+(?:19|20)\d{2})?|(?:19|20)\d{2})\s*,\s*"
)
# A body that returns to the inspectorate's words this often is about inspection.
TOPICAL_MENTIONS = 4
RECENT = lc(
    r"\b(?:today|yesterday|this\s+(?:week|morning|afternoon|evening)|last\s+week|"
    r"on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|now|latest|newly|"
    r"this\s+month|just)\b"
)
# "the report, published today, which ...": a relative clause takes its antecedent's date.
RECENT_ANTECEDENT = lc(
    r"\b(?:published|released|issued|out)\s+(?:\w+\s+){0,2}?(?:today|yesterday|"
    r"this\s+(?:week|morning|afternoon)|on\s+\w+day)[\s,]*$"
)
YEAR = re.compile(r"(?<![\d£$/-])((?:19|20)\d{2})(?:\s*[/-]\s*(\d{2,4}))?(?![\d%])")
MONTH_DATE = lc(
    rf"\b(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<m>{MONTH_RE})\b\.?"
    r"(?:\s+(?P<y>(?:19|20)\d{2}))?"
)
MONTH_BEFORE = lc(rf"{MONTH_RE}\.?\s*$")
# A season of the article's own year ("in the spring"): old once that season is well past.
SEASON_DATE = lc(
    r"\b(?:in\s+the|this|in)\s+(?P<s>spring|summer|autumn)\b(?!\s+(?:of\s+)?(?:19|20)\d)"
)
SEASON_END = {"spring": 5, "summer": 8, "autumn": 11}
# "in 2026" alone: a year is how background is dated; news of this year gives a day or month.
BARE_YEAR = lc(r"\b(?:in|during)\s+((?:19|20)\d{2})\b(?![\d/-])")
# "may" is a month only where a date would stand ("in May", "on 3 May").
MAY_AS_MONTH = lc(
    r"\b(?:in|on|during|since|from|by|until|of|early|late|mid)[\s-]+(?:\d{1,2}\s+)?may\b"
)
STATE_SINCE = lc(r"\b(?:since|for\s+(?:\w+\s+)?(?:years|months|weeks))\b")
# "(causes of concern) raised in 2022": the date belongs to the noun, not to the main verb.
PARTICIPIAL = lc(
    r"(?:concerns?|improvement|AFIs?|CoCs?)\s+(?:(?:that|which)\s+(?:were|was|had\s+been|"
    r"have\s+been)\s+|(?:that\s+|which\s+)?(?:it|we|they|inspectors|the\s+inspectorate|HMICFRS)"
    r"\s+(?:had\s+|has\s+)?)?(?:(?:first|originally|previously|initially)\s+)?"
    r"(?:raised|identified|issued|given|set\s+out|found|highlighted|made|imposed|published|flagged|"
    r"attached|gave)\b[^,;]*?(?=\s+(?:has|have|had|was|were|is|are|will|would|remains?)\b|[,;]|$)"
)
# "areas for improvement from our previous inspection": what is being closed was raised then.
NOUN_SOURCE = lc(
    r"(?:(?<=concern)|(?<=concerns)|(?<=improvement)|(?<=afis)|(?<=cocs))\s+(?:from|in|during|"
    r"at|of|made\s+in|identified\s+in)\s+(?:the|its|our|their|an?|that)\s+[^,;]*?"
    r"(?:inspection|report|visit|assessment|revisit)s?\b"
)
# "closed the cause of concern that led to the force being placed in Engage in 2025": the date
# in a relative clause on the closed noun dates how it began, not the closing.
NOUN_RELATIVE = lc(
    r"(?:(?<=concern)|(?<=concerns)|(?<=for improvement))"
    r"(?:\s+(?:about|on|over|into|regarding|around|with)\s+(?:[\w'-]+\s+){0,4}?)?\s*,?\s*"
    r"(?:that|which)\s+(?:had\s+|first\s+|originally\s+)*(?:led|prompted|triggered|saw|put|sent|"
    r"took|resulted|caused|brought|kept)\b[^,;]*"
)
# "an inspection in September, during which inspectors raised ...": a month without a year on
# the inspection dates its fieldwork; findings are published weeks later, so it dates no raise.
FIELDWORK_DATE = lc(
    rf"\b(?:inspections?|visits?|revisits?|fieldwork|inspected|visited)(?:\s+(?:it|them|the\s+force|the\s+constabulary))?\s+(?:in|during|over|"
    rf"throughout)\s+(?:(?:early|late|mid)[\s-]+)?{MONTH_RE}\b(?!\.?\s*(?:\d|of\s+(?:19|20)\d))"
)
NOT_YET_AFTER = lc(
    r"\b(?:(?:is|are|was)\s+(?:expected|due|likely|set|scheduled)|will|would|could|might|may|"
    r"pending|awaited|soon)\b"
)
# "areas for improvement that remain relevant": the ones already on the books.
STILL_OPEN_AFTER = lc(
    r"\s*,?\s*(?:that|which)\s+(?:still\s+)?(?:remains?|are\s+still|is\s+still|continue)\b"
)
SUBORDINATE_BACKGROUND = words("since when before until once")
# "Where a cause of concern is closed, ...": the formal register's "if".
SUBORDINATE_CONDITIONAL = words("if unless whether where")
# A concessive clause grants what the reader is taken to know ("even though the force left").
CONCESSIVE = words("though although despite whereas while whilst")
RELATIVE = words("which who whom that")
INHERIT = words("after following because as")
LEAD_WORD = re.compile(r"\W*([A-Za-z]+)")

# Who: mentions that are not a named force ----------------------------------------------------

ANAPHOR = lc(r"\b(?:the|this|our|your)\s+(?:police\s+)?(?:force|constabulary)\b")
GENERIC = lc(
    r"\b(?:(?:other|all|some|several|many|most|those|these|two|three|four|five|six|seven|eight|"
    r"nine|ten|\d+)\s+(?:police\s+)?forces|police\s+forces|(?<!\bthe\s)forces\b(?!\s+(?:in|of)"
    r"\s+(?:england|wales))|\b(?:a|any|another|every|each|no)\s+(?:police\s+)?force\b)"
)
GENERIC_SUBJECT = lc(
    r"\b(?:forces|(?:a|any|another|every|each)\s+(?:police\s+)?force)\b(?!\s+(?:in|of)\s+"
    r"(?:england|wales))"
)
# A finding for the whole service: a national or thematic report, or one addressed "across
# policing". Unless the clause names a force, it is no single force's concern or improvement.
NATIONAL_SCOPE = lc(
    r"\b(?:national|nationwide|thematic|spotlight|state\s+of\s+policing)\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:reports?|inspections?|reviews?|findings|assessments?)\b"
    r"|\bacross\s+(?:all\s+|every\s+)?(?:policing|(?:police\s+)?forces|england\s+and\s+wales)\b|\bfor\s+(?:all|every)\s+(?:police\s+)?forces?\b|\ball\s+43\s+forces\b"
)
# Bodies that are put in special measures too: councils, schools, hospitals, prisons.
NON_POLICE = ci(
    r"\b(?:the|a|its|this|that)\s+(?:[\w'-]+\s+){0,2}?"
    r"(?:council|school|academy|hospital|trust|prison|care\s+home|college|university|nursery|"
    r"children's\s+services|probation\s+service|ambulance\s+service|service|local\s+authority|"
    r"youth\s+offending\s+team|operator|company|firm|franchise|airline)\b"
    r"|\bHMP\s+(?-i:[A-Z])\w+|\bHMYOI\s+(?-i:[A-Z])\w+"
    # Headlines drop the article: "Council placed in special measures".
    r"|\b(?:councils?|hospitals?|schools?|academies|prisons?|nhs\s+trusts?|health\s+boards?|"
    r"ambulance\s+(?:services?|trusts?)|care\s+homes?|operators?|franchises?|firms?|"
    r"compan(?:y|ies))\b"
    r"|(?-i:(?:[A-Z][\w'&-]*\s+){1,4}(?:Council|Trust|School|Academy|Hospital|College|"
    r"University|Prison|Foundation)\b)"
)
COORDINATION = re.compile(r"^\s*(?:,|and|&|,\s*and|as\s+well\s+as|plus|,\s*plus)\s*$")
# "(a cause of concern) about Essex Police": the force the noun belongs to.
POST_OBJECT = lc(
    r"\s*,?\s*(?:about|at|for|in|into|on|over|against|with|to|regarding|concerning|affecting|"
    r"of)\s+(?:the\s+)?"
)

# How many -----------------------------------------------------------------------------------

Q_STOP_RAISE = words(
    "that how whether progress improvement improvements against on about towards to in from "
    "remaining outstanding existing original previous previously earlier all both any no none "
    "and or but will would could should may might can is are was were be been being national "
    "nationwide system-wide cross-cutting"
)
Q_STOP_CLOSE = words(
    "that how whether progress against about towards to in from new further additional any no "
    "none and or but will would could should may might can review revisit attention scrutiny "
    "eye watch monitoring contact look is are was were be been being"
)
Q_ADJECTIVES = words(
    "remaining outstanding accelerated new further additional original open other existing "
    "separate previous identified more serious significant particular key urgent formal fresh "
    "major specific distinct"
)
Q_SINGULAR = words("the its this that their our final last remaining sole only")
Q_LIST_SPLIT = lc(r"\b(?:with|and|plus|as\s+well\s+as)\b|,")
PLURAL_NOUN = lc(r"(?:causes|areas|cocs|afis|aois|concerns)\b")

# Page furniture ------------------------------------------------------------------------------

# A heading over a list of links to other stories ("Related:", "From the archive"); the lines
# under it are other articles' headlines, often of other forces' Engage moves years ago.
LINK_HEADING = lc(
    r"^\W*(?:related(?:\s+(?:posts|stories|articles|links|content|news|reading|coverage))?|"
    r"from\s+the\s+archive|more\s+on\s+this\s+(?:story|topic)|see\s+also|you\s+may\s+also\s+"
    r"like|more\s+(?:stories|news|like\s+this)|also\s+in\s+the\s+news|most\s+read|top\s+stories|"
    r"read\s+more|further\s+reading|recommended(?:\s+for\s+you)?|latest\s+(?:news|stories)|"
    r"in\s+other\s+news|elsewhere\s+on\s+the\s+site)\s*:?\s*$"
)
# One link on its own line: "Read more: <headline>", "Related: <headline>".
LINK_LINE = lc(
    r"^\W*(?:read\s+more|related(?:\s+(?:story|article|link|post))?|see\s+also|also\s+read|"
    r"read\s+next|watch|listen|more|from\s+the\s+archive)\s*[:>|]\s*\S"
)
# A headline line, as listed under a link heading: no closing full stop, not a long paragraph.
HEADLINE_LINE_WORDS = 25
# "<headline> (May 2024)": the date of the story a link points to.
TRAILING_DATE = lc(
    rf"[(\[]\s*(?P<date>(?:\d{{1,2}}\s+)?{MONTH_RE}\.?\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}})\s*"
    r"[)\]]\W*$"
)
# A line that is a date and nothing else heads the entries after it ("September.", "May 2026").
DATE_ONLY = lc(
    rf"^\W*(?P<date>(?:\d{{1,2}}\s+)?{MONTH_RE}(?:\s+(?:19|20)\d{{2}})?|(?:19|20)\d{{2}})\W*$"
)
# A line this short standing alone is a heading.
HEADING_WORDS = 5
# A letter's section heading ("Cause of concern 1: protecting vulnerable people") runs longer.
SECTION_HEADING_WORDS = 10
QUESTION_END = re.compile(r"\?[\s\"')\]]*$")
# "posts claiming that the force has been put into special measures": a claim, not a report.
CLAIMED = lc(
    r"\b(?:claim(?:s|ed|ing)?|rumou?rs?|speculation|allegations?|alleging|false(?:ly)?\s+"
    r"(?:said|stated|suggested|claimed))\s+(?:[\w'-]+\s+){0,3}?that\b"
    r"|\b(?:posts?|messages?|rumou?rs?|headlines?|tweets?)\s+(?:saying|claiming|suggesting|"
    r"stating)\b"
)
# Bodies other than the inspectorate that also find "areas for improvement" or raise concerns:
# when one of them is the verb's agent, the finding is not the inspectorate's.
OTHER_AGENT = lc(
    r"\b(?:ICO|Information\s+Commissioner|IOPC|Independent\s+Office\s+for\s+Police\s+Conduct|"
    r"coroners?|Ofsted|Estyn|Comisiynydd|Welsh\s+Language\s+Commissioner|ombudsman|regulators?|"
    r"auditors?|Audit\s+Wales|National\s+Audit\s+Office|Federation|unions?|tribunal|"
    r"employment\s+judge|the\s+court|the\s+judge|Department\s+for\s+\w+|the\s+department|"
    r"the\s+ministry|College\s+of\s+Policing|National\s+Crime\s+Agency|NCA|National\s+Police\s+"
    r"Chiefs'?\s+Council|NPCC|CQC|Care\s+Quality\s+Commission)\b"
)
# A move into or out of "special measures" by anyone but the inspectorate is not Engage: health,
# education, water and football regulators, ministers and NHS bodies monitor their own sectors.
MOVE_OTHER_AGENT = lc(
    r"\b(?:(?:[\w'-]+\s+){0,3}?regulators?|Ofsted|Ofwat|Ofgem|Ofcom|Estyn|CQC|Care\s+Quality\s+"
    r"Commission|Care\s+Inspectorate\s+Wales|NHS\s+England|NHS\s+Wales|Welsh\s+Government|"
    r"(?:the\s+)?government|ministers?|(?:the\s+)?(?:\w+\s+)?secretary|Charity\s+Commission|"
    r"Financial\s+Conduct\s+Authority|FCA|Environment\s+Agency|Department\s+for\s+\w+|"
    r"(?:the\s+)?(?:education|health)\s+department|(?:the\s+)?(?:football|premier|english)\s+"
    r"(?:league|association)|(?:the\s+)?FA|EFL|Ministry\s+of\s+Justice|prison\s+service|HMPPS)\b"
)
# Who a headline or a clause can say was moved into or out of Engage: the police, a force or the
# area it covers; any other subject ("Jail placed in special measures") is another body.
POLICE_REFERENCE = lc(
    r"\b(?:police|policing|force|forces|constabulary|constabularies|cops|officers?|constables?|"
    r"chief|pcc|commissioner|heddlu|hmicfrs)\b"
)
MOVE_SUBJECT_SKIP = words(
    "has have had been be was were is are being to will would now also today formally "
    "officially finally not set due just already"
)
# Words of the phase itself, which may stand before the verb ("Special measures lifted").
MOVE_SUBJECT_PHASE = words("measures monitoring engage scan status phase it they we which who that")
INSPECTORATE_AGENT = lc(
    r"\b(?:HMICFRS|HMIC|inspectorate|inspectors?|watchdog|HMCI|HM\s+Inspector|chief\s+inspector)\b"
)
# "the work that saw it return to routine monitoring": a bare verb after "saw <it>" is told in
# the tense of "saw".
COMPLEMENT_PAST = lc(
    r"\b(?:saw|seen|watched|helped|made|let)\s+(?:it|them|us|the\s+force|the\s+constabulary|"
    r"[\w'&-]+(?:\s+[\w'&-]+){0,3}?\s+(?:police|constabulary))\s*$"
)
# "the improvements that helped the force leave Engage": a relative clause tells how something
# came about, which is history even undated.
COMPLEMENT_RELATIVE = lc(
    r"\b(?:that|which|who)\s+(?:(?:had|has|have|also|eventually|finally|ultimately)\s+)?"
    r"(?:saw|seen|helped|made|let)\s+(?:it|them|us|the\s+force|the\s+constabulary|"
    r"[\w'&-]+(?:\s+[\w'&-]+){0,3}?\s+(?:police|constabulary))\s*$"
)
# "has written to the chief constable setting out four causes of concern": a participle takes
# the tense of the finite verb it hangs on.
GERUND_HOST = lc(
    r"\b(?:(?:(?P<perfect>has|have)|(?P<pluperfect>had))\s+(?:(?:now|today|also|formally|this\s+morning)\s+)?"
    r"(?:written|sent|published|issued|produced|released|replied|responded|reported)|"
    r"(?P<past>wrote|sent|published|issued|produced|released|replied|responded))\b"
    # Nothing between but the verb's objects: no other participle, no "to" + verb ("asking it
    # to consider putting ..." hangs on "consider", not on "written").
    r"(?:(?!\b\w+ing\b|\bto\s+(?!(?:the|a|an|its|his|her|their|all|each|every|him|them|us|me|you|it)\b))"
    r"[^,;:])*$"
)
# Freedom of Information responses: a disclosure log states what the force's records hold ("five
# have been closed to date") in answer to a request; it announces nothing.
DISCLOSURE_TITLE = ci(
    r"^\W*(?:FOIA?|Freedom\s+of\s+Information)\b(?:\s+(?:request|response|disclosure))?\s*"
    r"(?:(?:ref(?:erence)?|no\.?)\s*)?(?::|-\s|\d|\()"
)
DISCLOSURE_URL = ci(r"/disclosure-logs?/|/foi/(?:disclosures?|responses?)/")
