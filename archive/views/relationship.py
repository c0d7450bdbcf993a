"""A relationship's page: every meeting of two countries, oldest first, year by year, with
what was agreed at each (the chronology itself is `chronology`'s)."""

from django.http import Http404
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import ListView

from ..aggregate_cache import cached_aggregate
from ..filters import linked_meetings
from ..models import Country
from . import chronology, page_data
from .page_mixins import CachedPageMixin, CanonicalCodeMixin, ForgivingPageMixin
from .paging import CountedPaginator


class RelationshipView(CachedPageMixin, CanonicalCodeMixin, ForgivingPageMixin, ListView):
    """Every meeting of a pair, oldest first, each with what was agreed there; 50 to a page.
    `?topic=<slug>` narrows the chronology, its chart and its counts to the meetings on a topic."""

    template_name = "archive/relationship_detail.html"
    context_object_name = "meetings"
    paginate_by = 50
    list_template = "archive/includes/_chronology.html"

    def canonical_kwargs(self):
        first, second = sorted([self.kwargs["a"].lower(), self.kwargs["b"].lower()])
        return {"a": first, "b": second}

    def get_queryset(self):
        self.codes = [self.kwargs["a"].upper(), self.kwargs["b"].upper()]
        self.countries = Country.objects.in_bulk(self.codes)
        if len(self.countries) != 2:
            raise Http404("No such pair of countries")
        self.topic, self.unknown_topic = chronology.chosen_topic(self.request)
        self.whole = page_data.pair_summary(self.codes, state=self.state())
        self.summary = self.whole
        meetings = linked_meetings(self.codes, state=self.state())
        if self.topic:
            topic_id = self.topic["id"]
            self.summary = chronology.pair_topic_summary(self.codes, topic_id, self.state())
            meetings = chronology.on_topic(meetings, topic_id)
        return page_data.in_date_order(meetings).only(*page_data.CHRONOLOGY_FIELDS)

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.summary["count"])

    def cache_name(self) -> str:
        topic = f":topic:{self.topic['id']}" if self.topic else ""
        return "pair:" + "-".join(sorted(self.codes)) + topic

    @property
    def topic_query(self) -> str:
        """The page's parameters but the page, as the start of a query string."""
        return f"topic={self.topic['slug']}&" if self.topic else ""

    def list_context(self, context: dict) -> dict:
        meetings = chronology.chronology(list(context["meetings"]), self.codes)
        page = context["page_obj"]
        # The year of the meeting that ends the page before, to say a year goes on from there.
        previous_year = 0
        if page.has_previous():
            rows = self.year_rows(page.number)
            previous_year = chronology.year_of_number(rows, page.start_index() - 1)
        groups = chronology.by_year(meetings, page.start_index(), previous_year)
        year_list = reverse("archive:meeting-list") + f"?{self.list_query()}&year="
        return {"groups": groups, "page_obj": page, "year_list": year_list}

    def list_query(self) -> str:
        """The meeting list's parameters for the meetings this page shows."""
        pair = "-".join(sorted(code.lower() for code in self.codes))
        return f"pair={pair}" + (f"&topic={self.topic['slug']}" if self.topic else "")

    def year_rows(self, page: int) -> list[dict]:
        return chronology.year_pages(
            self.summary["years"], self.summary["count"], self.paginate_by, page, self.topic_query
        )

    def timeline(self, first: Country, second: Country, page: int) -> str:
        """The chart of meetings per year, each year leading to its heading in the chronology."""
        title = f"Meetings per year between {first.name_in_text} and {second.name_in_text}"
        if self.topic:
            title += f" on {self.topic['name']}"
        links = {row["year"]: row["url"] for row in self.year_rows(page) if row["year"]}

        def render() -> str:
            return page_data.timeline_html(
                self.summary["years"], title=title, chart_id="pair-timeline", links=links
            )

        return cached_aggregate(f"{self.cache_name()}:timeline:{page}", render, self.state())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first, second = (self.countries[code] for code in self.codes)
        page = context["page_obj"].number
        years = list(self.summary["years"])
        context.update(
            first=first,
            second=second,
            pair=f"{first.code.lower()}-{second.code.lower()}",
            list_query=self.list_query(),
            topic=self.topic,
            unknown_topic=self.unknown_topic,
            topics=chronology.pair_topics(self.codes, self.state()),
            topic_query=self.topic_query,
            whole_count=self.whole["count"],
            agreed_total=self.summary["agreed_total"],
            years=self.year_rows(page),
            first_year=years[0] if years else None,
            last_year=years[-1] if years else None,
            timeline_html=mark_safe(self.timeline(first, second, page)),  # noqa: S308 - rendered
        )
        return context
