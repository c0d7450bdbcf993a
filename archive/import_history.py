"""What the history says of the importer's writes to stored meetings.

The importer labels the history rows it writes (`IMPORT_REASON` and the reasons that start with
it); `Curation` reads them, with curators' later changes, to tell which stored entries a re-import
may rewrite.
"""

from __future__ import annotations

from django.db.models import Max

from .models import AgreedPoint, Meeting, Participant, Statement

IMPORT_REASON = "import"
# The importer's history rows of a meeting written from an interchange record (an archive's
# export, which may carry curators' work) rather than from a parse of its text.
RECORD_REASON = f"{IMPORT_REASON}: record"
# The importer's history rows of a meeting it rewrote from a new parse of its text.
UPDATE_REASON = f"{IMPORT_REASON}: update"


def written_from_record(meeting: Meeting) -> bool:
    """Whether the importer last wrote this entry from an interchange record (an archive's
    export), not from a parse of its text."""
    return Curation([meeting]).written_from_record(meeting)


def curated(meeting: Meeting) -> bool:
    """Whether curators have edited or approved this entry since the importer last wrote it
    (see `Curation`)."""
    return Curation([meeting]).curated(meeting)


class Curation:
    """What the history says of stored meetings, read for many at once (a few queries for a
    batch, not a few per meeting): when the importer last wrote each, from what, and whether
    curators have edited or approved it since.

    The importer labels its own history rows; any later change to the meeting (an admin save,
    the "mark reviewed" action) or any later edit of its participants, statements or agreed
    points counts. Edits that a forced re-import replaced do not.
    """

    _CHUNK = 500

    def __init__(self, meetings) -> None:
        self._ids = [meeting.pk for meeting in meetings]
        self._read = False
        # Per meeting: (history date, history id, reason) of the importer's last row.
        self._written: dict[int, tuple] = {}
        self._curated: set[int] = set()

    def _load(self) -> None:
        if self._read:
            return
        self._read = True
        history = Meeting.history.model
        for start in range(0, len(self._ids), self._CHUNK):
            ids = self._ids[start : start + self._CHUNK]
            own = history.objects.filter(
                id__in=ids, history_change_reason__startswith=IMPORT_REASON
            )
            for pk, when, number, reason in own.values_list(
                "id", "history_date", "history_id", "history_change_reason"
            ).order_by():
                if pk not in self._written or (when, number) > self._written[pk][:2]:
                    self._written[pk] = (when, number, reason)
            others = (
                history.objects.filter(id__in=ids)
                .exclude(history_change_reason__startswith=IMPORT_REASON)
                .values_list("id")
                .annotate(last=Max("history_date"))
                .order_by()
            )
            edited = [(pk, last) for pk, last in others]
            for model in (Participant, Statement, AgreedPoint):
                edited += (
                    model.history.model.objects.filter(
                        meeting_id__in=ids, history_type__in=["+", "~"]
                    )
                    .values_list("meeting_id")
                    .annotate(last=Max("history_date"))
                    .order_by()
                )
            for pk, last in edited:
                written = self._written.get(pk)
                if written is None or last > written[0]:
                    self._curated.add(pk)

    def curated(self, meeting: Meeting) -> bool:
        self._load()
        return meeting.pk in self._curated

    def written_from_record(self, meeting: Meeting) -> bool:
        self._load()
        written = self._written.get(meeting.pk)
        return written is not None and written[2].startswith(RECORD_REASON)
