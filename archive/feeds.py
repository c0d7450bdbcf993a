"""Atom feeds of newly imported readouts: all of them, per country, per topic, per relationship,
and for any list of meetings (a search and its filters).

Entries are ordered by import time, so a feed reader sees a readout when the archive gets it, even
when the meeting itself is older.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator, capfirst

from .filter_fields import pair_codes
from .filters import linked_meetings
from .models import Country, Meeting, Topic

FEED_SIZE = 50
# The control characters XML 1.0 has no place for: a list's title repeats what the address says
# (`?q=a%01b`), and one of them would leave the feed unwritable.
XML_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What a list feed's title adds when its search is of words too common to search.
TOO_COMMON = " (too common to search: nothing listed)"


class PlainTextAtomFeed(Atom1Feed):
    """Atom with a plain-text summary.

    Django's Atom writer marks the summary type="html", which feed readers render as HTML; our
    summary is the readout's own words, so it is declared text and can never become markup.
    """

    def add_item_elements(self, handler, item):
        summary = item.get("description")
        super().add_item_elements(handler, {**item, "description": None})
        if summary:
            handler.addQuickElement("summary", summary, {"type": "text"})


class MeetingFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = "Readout archive: latest readouts"
    # Entries follow import time, not the meetings' dates: "newest" would read as the latter.
    subtitle = (
        "Official readouts of diplomatic talks, meetings and calls, the most recently added first."
    )

    def link(self, obj=None):
        return reverse("archive:meeting-list")

    def meetings(self, obj) -> QuerySet:
        return Meeting.objects.all()

    def items(self, obj=None):
        return (
            self.meetings(obj)
            .defer("source_text", "statements_text")
            .prefetch_related("countries")
            .order_by("-imported_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item: Meeting) -> str:
        return item.title

    def item_description(self, item: Meeting) -> str:
        parts = []
        if item.held_on:
            parts.append(item.held_on.isoformat())
        countries = ", ".join(c.name for c in item.countries.all())
        if countries:
            parts.append(countries)
        if item.agreed_text:
            parts.append("Agreed: " + Truncator(item.agreed_text).words(60))
        return ". ".join(parts)

    def item_pubdate(self, item: Meeting):
        return item.imported_at

    def item_updateddate(self, item: Meeting):
        return item.updated_at

    def item_author_name(self, item: Meeting) -> str:
        return item.publisher or "Unknown publisher"

    def item_categories(self, item: Meeting):
        return [c.code for c in item.countries.all()]

    def item_guid(self, item: Meeting) -> str:
        return f"meeting:{item.content_hash}"


class LatestMeetingsFeed(MeetingFeed):
    pass


class CountryFeed(MeetingFeed):
    def get_object(self, request, code: str):
        return get_object_or_404(Country, code=code.upper())

    def title(self, obj: Country) -> str:
        return f"Readout archive: {obj.name}"

    def link(self, obj: Country) -> str:
        return obj.get_absolute_url()

    def meetings(self, obj: Country) -> QuerySet:
        return linked_meetings([obj.code])


class TopicFeed(MeetingFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return f"Readout archive: {obj.name}"

    def link(self, obj: Topic) -> str:
        return obj.get_absolute_url()

    def meetings(self, obj: Topic) -> QuerySet:
        return linked_meetings(topic_ids=[obj.pk])


class ListFeed(MeetingFeed):
    """The meeting list of the same query string as a feed (`/feeds/meetings.atom?q=...`): a
    researcher follows a search or a set of filters, and sees each new readout that matches."""

    def get_object(self, request):
        from .views.meeting_results import MeetingResults

        return MeetingResults(request)

    def title(self, obj) -> str:
        """The filters the list applies, in words ("Search “climate”; France"); values it
        ignores are left out. A search too common to search, for which nothing is listed, says
        so."""
        too_common = obj.filterset.search_too_common
        applied = [
            words + (TOO_COMMON if name == "q" and too_common else "")
            for name, _, words in obj.filterset.described()
        ]
        named = XML_CONTROLS.sub(" ", "; ".join(applied))[:200]
        return "Readout archive: " + (named if applied else "latest readouts")

    def subtitle(self, obj) -> str:
        """What the list page says beside its search box of a search it cannot run, as the
        JSON page's `warnings` say it: why one too common to search lists nothing, or that one
        which only excludes ("-china") is no search, the feed listing what the other filters
        keep; otherwise what the archive holds."""
        obj.filterset.is_valid()
        unread = obj.filterset.form.errors.get("q")
        if unread:
            return XML_CONTROLS.sub(" ", " ".join(unread))
        return MeetingFeed.subtitle

    def link(self, obj) -> str:
        return reverse("archive:meeting-list") + _filters_of(obj)

    def feed_url(self, obj) -> str:
        """The feed's own address keeps its filters: a reader subscribes to this list."""
        return reverse("archive:feed-list") + _filters_of(obj)

    def meetings(self, obj) -> QuerySet:
        return obj.filtered


# What the list's address holds besides its filters.
NOT_FILTERS = ("page", "per_page", "sort")


def _filters_of(results) -> str:
    """The list's query string without its page, page size and order."""
    from .views.paging import query_string

    return query_string(results.request.GET, **dict.fromkeys(NOT_FILTERS))


@dataclass(frozen=True)
class Relationship:
    """Two countries, in code order, and the topic their feed is narrowed to (or None)."""

    countries: list[Country]
    topic: dict | None

    @property
    def query(self) -> str:
        return f"?topic={self.topic['slug']}" if self.topic else ""


class RelationshipFeed(MeetingFeed):
    """The meetings of a pair, or with `?topic=<slug>` those on a topic, as the relationship page
    narrows to them. A topic the archive does not have is a 404: the page shows every meeting and
    says so, which a feed reader subscribed to the address would never see."""

    def get_object(self, request, a: str, b: str) -> Relationship:
        from .views.chronology import chosen_topic

        codes = pair_codes(f"{a}-{b}")
        if not codes:
            raise Http404("A relationship is between two different countries.")
        countries = list(Country.objects.filter(code__in=[c.upper() for c in codes]))
        if len(countries) != 2:
            raise Http404("Unknown country.")
        topic, unknown = chosen_topic(request)
        if unknown:
            raise Http404("Unknown topic.")
        return Relationship(sorted(countries, key=lambda c: c.code), topic)

    def title(self, obj: Relationship) -> str:
        first, second = obj.countries
        on = f" on {obj.topic['name']}" if obj.topic else ""
        return f"Readout archive: {capfirst(first.name_in_text)} and {second.name_in_text}{on}"

    def link(self, obj: Relationship) -> str:
        a, b = (c.code.lower() for c in obj.countries)
        return reverse("archive:relationship", kwargs={"a": a, "b": b}) + obj.query

    def feed_url(self, obj: Relationship) -> str:
        a, b = (c.code.lower() for c in obj.countries)
        return reverse("archive:feed-relationship", kwargs={"a": a, "b": b}) + obj.query

    def meetings(self, obj: Relationship) -> QuerySet:
        topics = [obj.topic["id"]] if obj.topic else []
        return linked_meetings([country.code for country in obj.countries], topics)
