"""The pages researchers read: home, a meeting, the countries and the topics. A relationship's
page is `relationship`'s, the people's `people_pages`'s, what they share `page_mixins`'s.

Views stay small: the aggregate queries live in `page_data`, citation formats in `citations`,
the marked-up source text in `source_text` and the chart in `timeline`.
"""

from django.db.models import F, Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import ListView, TemplateView, View

from .. import citations, exports
from ..aggregate_cache import cached_aggregate, request_state
from ..filters import linked_meetings
from ..models import (
    AgreedPoint,
    Country,
    Meeting,
    Participant,
    Statement,
    Topic,
)
from . import page_data
from .meeting_results import NEWEST
from .page_mixins import PAGE_SIZE, CachedPageMixin, CanonicalCodeMixin, ForgivingPageMixin
from .paging import CountedPaginator


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
            meeting,
            request.build_absolute_uri(meeting.get_absolute_url()),
            accessed=timezone.localdate(),
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
