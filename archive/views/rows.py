"""The meeting list's rows as plain values: a page of 20 rows is read with four small queries
(meetings, their countries, topics and participants) straight into tuples, and every link is
built from a pattern reversed once, not once per link.

Model instances and prefetches cost more than the queries here (each instance runs Django's
init signals, each related manager a queryset clone), and a row template that calls
`get_absolute_url` reverses a URL for every country, person and topic it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Exists, OuterRef
from django.urls import reverse

from ..citations import MONTHS
from ..models import AgreedPoint, Meeting, Participant

# Placeholders the URL patterns accept (country codes are two letters).
_SLOTS = {"archive:country-detail": "zz"}


@cache
def _pattern(name: str) -> tuple[str, str]:
    # Reversed once with a placeholder; the URL configuration does not change while running.
    slot = _SLOTS.get(name, "zzslotzz")
    head, _, tail = reverse(name, args=[slot]).rpartition(slot)
    return head, tail


def link(name: str, value: str) -> str:
    """The URL `reverse(name, args=[value])` gives, for a slug or code (no quoting needed)."""
    head, tail = _pattern(name)
    return f"{head}{value}{tail}"


def long_date(day: datetime.date) -> str:
    """ "4 March 2024": the list's date format (Django's "j F Y")."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(slots=True)
class Row:
    """One meeting of the list, with its links."""

    pk: int
    slug: str
    title: str
    url: str
    held_on: datetime.date | None
    date_iso: str
    date_label: str
    date_stated: bool
    kind: str
    place: str
    has_agreed: bool
    snippet: str = ""
    countries: list[tuple[str, str]] = field(default_factory=list)  # (url, name)
    people: list[tuple[str, str]] = field(default_factory=list)  # (url or "", name)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (url, name)


def meeting_rows(ids: Sequence[int], snippets: dict[int, str] | None = None) -> list[Row]:
    """The rows of the meetings `ids`, in that order."""
    ids = list(ids)
    if not ids:
        return []
    snippets = snippets or {}
    kinds = dict(Meeting.Kind.choices)
    meetings = (
        Meeting.objects.filter(pk__in=ids)
        .order_by()
        .annotate(agreed=Exists(AgreedPoint.objects.filter(meeting=OuterRef("pk"))))
        .values_list(
            "pk",
            "slug",
            "title",
            "held_on",
            "date_stated",
            "kind",
            "location_city",
            "location_country__name",
            "agreed",
        )
    )
    rows = {}
    for pk, slug, title, held_on, stated, kind, city, country, agreed in meetings:
        rows[pk] = Row(
            pk=pk,
            slug=slug,
            title=title,
            url=link("archive:meeting-detail", slug),
            held_on=held_on,
            date_iso=held_on.isoformat() if held_on else "",
            date_label=long_date(held_on) if held_on else "",
            date_stated=stated,
            kind=kinds.get(kind, kind),
            place=", ".join(part for part in (city, country) if part),
            has_agreed=agreed,
            snippet=snippets.get(pk, ""),
        )
    countries = (
        Meeting.countries.through.objects.filter(meeting_id__in=ids)
        .order_by("country__name")
        .values_list("meeting_id", "country_id", "country__name")
    )
    for meeting_id, code, name in countries:
        rows[meeting_id].countries.append((link("archive:country-detail", code.lower()), name))
    topics = (
        Meeting.topics.through.objects.filter(meeting_id__in=ids)
        .order_by("topic__name")
        .values_list("meeting_id", "topic__slug", "topic__name")
    )
    for meeting_id, slug, name in topics:
        rows[meeting_id].topics.append((link("archive:topic-detail", slug), name))
    people = (
        Participant.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "position", "id")
        .values_list("meeting_id", "person__slug", "person__name", "role")
    )
    for meeting_id, slug, name, role in people:
        if slug:
            rows[meeting_id].people.append((link("archive:person-detail", slug), name))
        else:
            rows[meeting_id].people.append(("", role or "Unnamed participant"))
    return [rows[pk] for pk in ids if pk in rows]
