"""Why a meeting needs review: its import warnings sorted into the kinds of check a curator makes.

The parser and the importer write warnings as sentences ("Publisher not recognised from the
text.", "Country of participant 'X' not determined."). A curator working through the review queue
takes one kind of check at a time (every date counted from "yesterday", every unknown publisher),
so each kind below lists the fixed opening words of the warnings it gathers. A warning that no
kind claims is "other"; the tests hold every warning the fixture readouts produce to a kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class ReasonKind:
    slug: str
    label: str
    # Words every warning of this kind holds, in the warning's own wording.
    phrases: tuple[str, ...]

    def claims(self, warning: str) -> bool:
        lowered = warning.lower()
        return any(phrase.lower() in lowered for phrase in self.phrases)

    def query(self) -> Q:
        """Meetings holding a warning of this kind. The phrases are plain ASCII without quotes,
        so they read the same in the JSON text the database stores."""
        found = Q()
        for phrase in self.phrases:
            found |= Q(warnings__icontains=phrase)
        return found


KINDS = (
    ReasonKind(
        "date-inferred",
        "Date counted from the page",
        ("Meeting date inferred from", "Meeting date taken from the page date"),
    ),
    ReasonKind(
        "date-missing",
        "No meeting date",
        (
            "dates the meeting only as",
            "The meeting date has no year",
            "No meeting date found",
        ),
    ),
    ReasonKind("publisher", "Publisher unknown", ("Publisher not recognised",)),
    ReasonKind(
        "place",
        "Meeting place",
        (
            "No location found",
            "Meeting place taken from the dateline",
            "Country of the meeting place",
        ),
    ),
    ReasonKind(
        "kind",
        "Meeting, call or video call",
        ("Could not tell whether this was a meeting",),
    ),
    ReasonKind(
        "participants",
        "Participants",
        (
            "Country of participant",
            "No participants found",
            "Only one participant found",
            "could be any of",
            "is linked to a person flagged for review",
            "appears twice among the participants",
        ),
    ),
    ReasonKind("statements", "No statements", ("No statements found",)),
    ReasonKind("duplicate", "Possible duplicate", ("Possibly the same readout as",)),
    ReasonKind(
        "unread",
        "Text not read",
        ("The parser could not read this text", "unknown country code", "unknown topic"),
    ),
)
BY_SLUG = {kind.slug: kind for kind in KINDS}
OTHER = "Other"


def kinds_of(warnings: list[str]) -> list[str]:
    """The labels of the kinds `warnings` fall into, in the order of `KINDS`; "Other" last for
    a warning no kind claims."""
    labels = [kind.label for kind in KINDS if any(kind.claims(w) for w in warnings)]
    if any(not any(kind.claims(w) for kind in KINDS) for w in warnings):
        labels.append(OTHER)
    return labels
