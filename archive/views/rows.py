"""The meeting list's rows as plain values: a page of 20 rows is read with two small queries
(the meetings; their countries, topics and participants) straight into tuples, and every link is
built from a pattern reversed once, not once per link.

Model instances and prefetches cost more than the queries here (each instance runs Django's
init signals, each related manager a queryset clone), and a row template that calls
`get_absolute_url` reverses a URL for every country, person and topic it shows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape as _escape

from django.db import connection
from django.urls import reverse
from django.utils.safestring import mark_safe

from ..citations import MONTHS
from ..models import Country, Meeting, Topic

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


# A page's countries, topics and participants (in readout order), one statement for the three.
# Country and topic names come from `_labels`, the lists the search form reads once per archive
# state: joining their tables doubled the statement's planning and execution time. A topic's slug
# and each participant's person are looked up by key: joined, PostgreSQL hashed the whole person
# table (4 ms at 6,000 people) for a page's hundred participants.
_RELATED_SQL = """
SELECT 0, mc.meeting_id, mc.country_id, '', '', 0, 0
FROM archive_meeting_countries mc WHERE mc.meeting_id IN ({ids})
UNION ALL
SELECT 1, mt.meeting_id, (SELECT t.slug FROM archive_topic t WHERE t.id = mt.topic_id), '', '', 0, 0
FROM archive_meeting_topics mt WHERE mt.meeting_id IN ({ids})
UNION ALL
SELECT 2, p.meeting_id,
  (SELECT pe.slug FROM archive_person pe WHERE pe.id = p.person_id),
  (SELECT pe.name FROM archive_person pe WHERE pe.id = p.person_id),
  p.role, p.position, p.id
FROM archive_participant p
WHERE p.meeting_id IN ({ids})
ORDER BY 1, 2, 6, 7
"""


def _labels(state: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """({country code: name}, {topic slug: name}), from the search form's lists of choices."""
    from ..filter_choices import country_choices, topic_choices

    return (
        {code.upper(): name for code, name in country_choices(state)},
        dict(topic_choices(state)),
    )


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
    # How many points the meeting's sides agreed (0: none).
    agreed: int
    snippet: str = ""
    countries: list[tuple[str, str]] = field(default_factory=list)  # (url, name)
    people: list[tuple[str, str]] = field(default_factory=list)  # (url or "", name)
    topics: list[tuple[str, str]] = field(default_factory=list)  # (url, name)
    # The row as the result list's <li> (`render`), written by `meeting_rows` once the row is
    # complete: a cached page of rows is then shown without building it again.
    result_html: str = ""

    # A row's lists as HTML, joined here: a template loop costs several node renders per link,
    # and `format_html` several calls per value, most of a 20-row page's rendering.
    @property
    def countries_html(self) -> str:
        return mark_safe(", ".join(_link(url, name) for url, name in self.countries))  # noqa: S308

    @property
    def people_html(self) -> str:
        return mark_safe(  # noqa: S308 - escaped by _link and _escape
            "; ".join(_link(url, name) if url else _escape(name) for url, name in self.people)
        )

    @property
    def topics_html(self) -> str:
        return mark_safe(  # noqa: S308 - escaped by _link
            "".join(f"<li>{_link(url, name)}</li>" for url, name in self.topics)
        )

    def render(self) -> str:
        """The row as the result list's <li>: written here rather than in the template, whose
        nodes (a dozen conditions and values per row) cost most of rendering a page."""
        e = _escape
        if self.held_on:
            when = f'<time datetime="{e(self.date_iso)}">{e(self.date_label)}</time>'
            if not self.date_stated:
                when += ' <span class="qualifier">(date inferred)</span>'
        else:
            when = '<span class="qualifier">Date unknown</span>'
        sep = ' <span class="sep" aria-hidden="true">·</span> '
        meta = f"{when}\n          {sep[1:]}{e(self.kind)}"
        if self.place:
            meta += f"{sep}{e(self.place)}"
        if self.agreed:
            plural = "" if self.agreed == 1 else "s"
            meta += f'{sep}<span class="badge">{self.agreed:,} agreed point{plural}</span>'
        parts = [
            '<li class="result">\n'
            f'        <h3 class="result-title"><a href="{e(self.url)}">{e(self.title)}</a></h3>\n'
            f'        <p class="meeting-item-meta">{meta}\n        </p>'
        ]
        if self.snippet:  # escaped HTML with <mark>s (archive.search.highlight)
            parts.append(f'<p class="snippet">{self.snippet}</p>')
        if self.countries or self.people:
            facts = ['<dl class="result-facts">']
            if self.countries:
                facts.append(f"<div><dt>Parties</dt><dd>{self.countries_html}</dd></div>")
            if self.people:
                facts.append(f"<div><dt>Participants</dt><dd>{self.people_html}</dd></div>")
            facts.append("</dl>")
            parts.append("\n          ".join(facts))
        if self.topics:
            parts.append(f'<ul class="tags" aria-label="Topics">{self.topics_html}</ul>')
        parts.append("</li>")
        return mark_safe("\n        ".join(parts))  # noqa: S308 - every value escaped above


def _link(url: str, name: str) -> str:
    return f'<a href="{_escape(url)}">{_escape(name)}</a>'


# A page's meetings, with how many agreed points each has and, for a search's snippets, its source
# text: written out rather than built with the ORM, whose compilation of the annotated query cost
# more than running it.
_MEETINGS_SQL = """
SELECT m.id, m.slug, m.title, m.held_on, m.date_stated, m.kind, m.location_city,
  m.location_country_id,
  (SELECT COUNT(*) FROM archive_agreedpoint a WHERE a.meeting_id = m.id){text}
FROM archive_meeting m
WHERE m.id IN ({ids})
"""


def meeting_rows(
    ids: Sequence[int],
    snippets: dict[int, str] | None = None,
    *,
    snippets_of: Callable[[dict[int, str]], dict[int, str]] | None = None,
    state: str | None = None,
) -> list[Row]:
    """The rows of the meetings `ids`, in that order. `snippets_of`, given the meetings' source
    texts ({id: text}, read with the rows), returns their snippets ({id: HTML}). `state`: the
    archive state (`archive.aggregate_cache.request_state`) when the caller has it."""
    ids = list(ids)
    if not ids:
        return []
    snippets = snippets or {}
    kinds = dict(Meeting.Kind.choices)
    marks = ", ".join(["%s"] * len(ids))
    text = ", m.source_text" if snippets_of is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(_MEETINGS_SQL.format(ids=marks, text=text), ids)
        meetings = cursor.fetchall()
        cursor.execute(_RELATED_SQL.format(ids=marks), ids * 3)
        related = cursor.fetchall()
    if snippets_of is not None:
        snippets = snippets_of({found[0]: found[9] for found in meetings})
    countries, topics = _labels(state)
    if any(kind < 2 and key not in (topics if kind else countries) for kind, _, key, *_ in related):
        # A country or topic newer than the cached names.
        countries = dict(Country.objects.values_list("code", "name"))
        topics = dict(Topic.objects.values_list("slug", "name"))
    rows = {}
    for pk, slug, title, held_on, stated, kind, city, country, agreed, *_ in meetings:
        country = countries.get(country, country) if country else None
        if isinstance(held_on, str):  # SQLite hands raw SQL its dates as text
            held_on = datetime.date.fromisoformat(held_on)
        rows[pk] = Row(
            pk=pk,
            slug=slug,
            title=title,
            url=link("archive:meeting-detail", slug),
            held_on=held_on,
            date_iso=held_on.isoformat() if held_on else "",
            date_label=long_date(held_on) if held_on else "",
            date_stated=bool(stated),
            kind=kinds.get(kind, kind),
            place=", ".join(part for part in (city, country) if part),
            agreed=int(agreed),
            snippet=snippets.get(pk, ""),
        )
    for kind, meeting_id, key, name, role, _position, _id in related:
        row = rows.get(meeting_id)
        if row is None:
            continue
        if kind == 0:
            row.countries.append((link("archive:country-detail", key.lower()), countries[key]))
        elif kind == 1:
            row.topics.append((link("archive:topic-detail", key), topics[key]))
        elif key:
            row.people.append((link("archive:person-detail", key), name))
        else:
            row.people.append(("", role or "Unnamed participant"))
    for row in rows.values():
        row.countries.sort(key=_by_name)
        row.topics.sort(key=_by_name)
        row.result_html = row.render()
    return [rows[pk] for pk in ids if pk in rows]


def _by_name(link: tuple[str, str]) -> tuple[str, str]:
    return link[1], link[0]
