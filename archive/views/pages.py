"""The pages researchers read: home, a meeting, a country, a relationship, a person, a topic.

Views stay small: the aggregate queries live in `page_data`, citation formats in `citations`,
the marked-up source text in `source_text` and the chart in `timeline`.
"""

import hashlib

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import ListView, TemplateView, View

from .. import citations, exports, suggestions
from ..aggregate_cache import cached_aggregate, request_state
from ..filters import linked_meetings
from ..models import (
    AgreedPoint,
    Country,
    Meeting,
    Participant,
    Person,
    PersonRedirect,
    Statement,
    Topic,
)
from . import chronology, page_data
from .meeting_results import NEWEST
from .paging import CountedPaginator, page_from, pagination, query_string

PAGE_SIZE = 25


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        latest = Meeting.objects.order_by(*NEWEST)
        return super().get_context_data(
            latest=page_data.meeting_cards(latest)[:8], **page_data.home_summary(), **kwargs
        )


class MeetingDetailView(View):
    """A meeting's page. Its head and body are rendered once per archive state (any save or delete
    in the admin changes it), visitor kind (staff see review notes) and host (the page cites its
    own absolute address); a cached page reads no meeting rows."""

    queryset = Meeting.objects.select_related("location_country").prefetch_related(
        "countries",
        "topics",
        Prefetch("participants", Participant.objects.select_related("person", "country")),
        Prefetch(
            "statements", Statement.objects.select_related("speaker__person").order_by("position")
        ),
        Prefetch("agreed_points", AgreedPoint.objects.order_by("position")),
    )

    def get(self, request, slug):
        staff = request.user.is_staff
        key = f"meeting:{slug}:{int(staff)}:{request.scheme}://{request.get_host()}"
        parts = cached_aggregate(
            key, lambda: self.render_parts(slug, staff), request_state(request)
        )
        return render(
            request,
            "archive/meeting_detail.html",
            {
                "title": parts["title"],
                "head_html": mark_safe(parts["head"]),  # noqa: S308 - rendered by a template
                "body_html": mark_safe(parts["body"]),  # noqa: S308 - rendered by a template
            },
        )

    def render_parts(self, slug: str, staff: bool) -> dict[str, str]:
        meeting = get_object_or_404(self.queryset, slug=slug)
        address = self.request.build_absolute_uri(meeting.get_absolute_url())
        context = {
            "meeting": meeting,
            **page_data.meeting_parts(meeting),
            **citations.citation_context(meeting, address),
            "show_warnings": staff,
        }
        return {
            "title": meeting.title,
            "head": render_to_string("archive/includes/_meeting_head.html", context),
            "body": render_to_string("archive/includes/_meeting_body.html", context),
        }


class MeetingCiteView(View):
    def get(self, request, slug, fmt):
        if fmt not in citations.FORMATS:
            raise Http404("Unknown citation format")
        meeting = get_object_or_404(
            Meeting.objects.select_related("location_country").prefetch_related("topics"), slug=slug
        )
        facts = citations.citation_facts(
            meeting, request.build_absolute_uri(meeting.get_absolute_url())
        )
        build, content_type = citations.FORMATS[fmt]
        response = HttpResponse(build(facts), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.{fmt}"'
        return response


class CountryListView(ListView):
    template_name = "archive/country_list.html"
    context_object_name = "countries"

    def get_queryset(self):
        counts = page_data.meeting_counts("p")
        countries = list(Country.objects.filter(code__in=counts).order_by("name"))
        # One resolved address for all: "/countries/xx/" with each code in place of xx.
        pattern = reverse("archive:country-detail", args=["xx"])
        for country in countries:
            country.meeting_count = counts[country.code]
            country.url = pattern.replace("/xx/", f"/{country.code.lower()}/")
        return countries


class CountryListJSONView(View):
    """/countries.json: every country that took part in a meeting, with its count."""

    def get(self, request):
        countries = CountryListView(request=request).get_queryset()
        results = [
            {
                "code": country.code,
                "name": country.name,
                "meetings": country.meeting_count,
                "url": request.build_absolute_uri(country.url),
            }
            for country in countries
        ]
        body = {"api_version": exports.API_VERSION, "count": len(results), "results": results}
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _people_found(request) -> tuple[list[page_data.PersonRow], list[page_data.PersonRow], dict]:
    """(everyone, those the list's parameters find, the parameters read) for /people/."""
    params = request.GET
    query = params.get("q", "").strip()[:100]
    code = params.get("country", "").strip().upper()[:2]
    by_name = params.get("sort") == "name"
    people = cached_aggregate("people:index", page_data.people_index, request_state(request))
    found = page_data.find_people(people, query, code, by_name)
    return people, found, {"query": query, "country": code, "by_name": by_name}


def _people_respelt(request, people: list[page_data.PersonRow], read: dict) -> dict | None:
    """A name that finds no one respelt as a name the archive knows ("Lavorv" as "Lavrov"), and
    the list's address with it, when that finds someone (`archive.suggestions`)."""
    if not read["query"]:
        return None
    better = suggestions.respelt(read["query"], suggestions.names(request_state(request)))
    if better is None or not page_data.find_people(people, better, read["country"], False):
        return None
    return {"text": better, "url": query_string(request.GET, q=better, page=None)}


class PersonListJSONView(View):
    """/people.json: a page of the people /people/ lists, with the same parameters."""

    per_page = 100

    def get(self, request):
        _, found, _ = _people_found(request)
        page = Paginator(found, self.per_page).get_page(page_from(request.GET))
        url = reverse("archive:person-list-json")
        pattern = reverse("archive:person-detail", args=["slug"]).replace("/slug/", "/")
        results = [
            {
                "name": row.name,
                "slug": row.slug,
                "country": row.country or None,
                "meetings": row.meetings,
                "url": request.build_absolute_uri(f"{pattern}{row.slug}/"),
            }
            for row in page.object_list
        ]

        def url_for_page(number: int) -> str:
            return request.build_absolute_uri(url + query_string(request.GET, page=number))

        body = exports.page_envelope(page, results, count_exact=True, url_for_page=url_for_page)
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


class PersonListView(TemplateView):
    """Everyone who took part in a meeting: most meetings first or by name, found by any of
    their names (any case or accents) and by country."""

    template_name = "archive/person_list.html"
    per_page = 100

    def get_context_data(self, **kwargs):
        # The page shows only what its address asks for of the archive state: rendered once
        # for both, a repeat visit reads neither the people nor their index.
        address = hashlib.sha256(self.request.GET.urlencode().encode()).hexdigest()
        key = f"people-page:{address}"
        html = cached_aggregate(key, self.render_page, request_state(self.request))
        return super().get_context_data(page_html=mark_safe(html), **kwargs)  # noqa: S308

    def render_page(self) -> str:
        params = self.request.GET
        people, found, read = _people_found(self.request)
        query, code, by_name = read["query"], read["country"], read["by_name"]
        page = Paginator(found, self.per_page).get_page(page_from(params))
        countries = sorted({(row.country, row.country_name) for row in people if row.country})
        return render_to_string(
            "archive/includes/_people_page.html",
            {
                "people": page.object_list,
                "page_obj": page,
                "pagination": pagination(page, params),
                "count": len(found),
                "total": len(people),
                "query": query,
                "country": code,
                "by_name": by_name,
                "countries": [(c, n or c) for c, n in sorted(countries, key=lambda p: p[1])],
                "person_url": reverse("archive:person-detail", args=["slug"]).replace(
                    "/slug/", "/"
                ),
                "respelt": None if found else _people_respelt(self.request, people, read),
                "in_other_script": not found and bool(query and suggestions.not_latin_words(query)),
            },
        )


class ForgivingPageMixin:
    """A page number past the last gives the last page, and one that is no page number the first,
    as the meeting list does: an address saved before the archive changed still shows meetings."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class CanonicalCodeMixin:
    """Country codes appear lower-case in addresses; any other spelling redirects there."""

    def get(self, request, *args, **kwargs):
        canonical = self.canonical_kwargs()
        if canonical != {key: kwargs[key] for key in canonical}:
            url = reverse(request.resolver_match.view_name, kwargs=canonical)
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{url}?{query}" if query else url, permanent=True)
        return super().get(request, *args, **kwargs)


class CachedPageMixin:
    """A ListView whose page of rows is rendered once per archive state and page number:
    `list_template` with `list_context()`, shown as `list_html`. A cached page reads no rows."""

    list_template = "archive/includes/_meeting_cards.html"
    empty_text = "No meetings yet."

    def state(self) -> str:
        return request_state(self.request)

    def list_context(self, context: dict) -> dict:
        return {"meetings": context["meetings"], "empty_text": self.empty_text}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        key = f"{self.cache_name()}:page:{context['page_obj'].number}"
        html = cached_aggregate(
            key,
            lambda: render_to_string(self.list_template, self.list_context(context)),
            self.state(),
        )
        context["list_html"] = mark_safe(html)  # noqa: S308 - rendered by the template above
        return context


class CountryDetailView(CachedPageMixin, CanonicalCodeMixin, ForgivingPageMixin, ListView):
    template_name = "archive/country_detail.html"
    context_object_name = "meetings"
    paginate_by = PAGE_SIZE

    def canonical_kwargs(self):
        return {"code": self.kwargs["code"].lower()}

    def get_queryset(self):
        self.country = get_object_or_404(Country, code=self.kwargs["code"].upper())
        self.summary = page_data.country_summary(self.country, self.state())
        # A country of many meetings is walked along the date index, a rare one read from its
        # links (`filters.linked_meetings`), as the meeting list reads them.
        meetings = linked_meetings([self.country.code], state=self.state()).order_by(*NEWEST)
        return page_data.meeting_cards(meetings.defer(*page_data.LONG_TEXT))

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.summary["count"])

    def cache_name(self) -> str:
        return f"country:{self.country.code}"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            country=self.country,
            counterpart_count=self.summary["counterpart_count"],
            timeline_html=mark_safe(self.summary["timeline_html"]),  # noqa: S308 - rendered here
            sidebar_html=mark_safe(self.summary["sidebar_html"]),  # noqa: S308 - rendered here
            **kwargs,
        )


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


class PersonDetailView(ForgivingPageMixin, ListView):
    """A person's meetings (paginated), each with what they said there, and the roles they held."""

    template_name = "archive/person_detail.html"
    context_object_name = "participations"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A record merged into another, or an address a curator changed: cited, so kept.
            moved = PersonRedirect.objects.filter(slug=kwargs["slug"]).select_related("person")
            if not moved:
                raise
            return HttpResponsePermanentRedirect(moved[0].person.get_absolute_url())

    def get_queryset(self):
        self.person = get_object_or_404(
            Person.objects.select_related("country"), slug=self.kwargs["slug"]
        )
        return (
            self.person.participations.select_related("meeting__location_country", "country")
            .prefetch_related(
                Prefetch("meeting__countries", Country.objects.only("code", "name", "slug")),
                Prefetch("statements", Statement.objects.order_by("position")),
            )
            .defer(*(f"meeting__{column}" for column in page_data.LONG_TEXT))
            .order_by(F("meeting__held_on").desc(nulls_last=True), "-meeting_id")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            roles=page_data.roles_held(self.person),
            counterparts=page_data.met_most_often(self.person),
            **kwargs,
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, participations, more = super().paginate_queryset(queryset, page_size)
        prefix = page_data.meeting_url_prefix()
        participations = list(participations)
        for participation in participations:
            meeting = participation.meeting
            meeting.url = f"{prefix}{meeting.slug}/"
            # Who else took part: the other countries than the one the person represented there.
            own = participation.country_id or self.person.country_id
            meeting.other_parties = [c.name for c in meeting.countries.all() if c.code != own]
        return paginator, page, participations, more


class TopicListView(ListView):
    template_name = "archive/topic_list.html"
    context_object_name = "topics"

    def get_queryset(self):
        counts = page_data.meeting_counts("t")
        topics = list(Topic.objects.order_by("name"))
        for topic in topics:
            topic.meeting_count = counts.get(str(topic.pk), 0)
        return topics


class TopicDetailView(CachedPageMixin, ForgivingPageMixin, ListView):
    template_name = "archive/topic_detail.html"
    context_object_name = "meetings"
    paginate_by = PAGE_SIZE
    agreed_shown = 50
    empty_text = "No meetings on this topic yet."

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        self.summary = page_data.topic_summary(self.topic, self.state())
        meetings = linked_meetings(topic_ids=[self.topic.pk], state=self.state())
        meetings = meetings.order_by(*NEWEST)
        return page_data.meeting_cards(meetings.defer(*page_data.LONG_TEXT))

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(queryset, per_page, count=self.summary["count"])

    def cache_name(self) -> str:
        return f"topic:{self.topic.pk}"

    def get_context_data(self, **kwargs):
        topic = self.topic
        agreed = topic.agreed_points.select_related("meeting").order_by(
            F("meeting__held_on").desc(nulls_last=True), "-meeting_id", "position"
        )
        return super().get_context_data(
            topic=topic,
            agreed_points=agreed[: self.agreed_shown],
            agreed_total=self.summary["agreed"],
            timeline_html=mark_safe(self.summary["timeline_html"]),  # noqa: S308 - rendered here
            **kwargs,
        )
