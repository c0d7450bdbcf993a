"""The people pages: everyone who took part in a meeting (/people/, /people.json) and one
person's meetings, with what they said there."""

import hashlib

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import ListView, TemplateView, View

from .. import exports, suggestions
from ..aggregate_cache import cached_aggregate, request_state
from ..models import Country, Person, PersonRedirect, Statement, name_in_text
from . import page_data
from .page_mixins import PAGE_SIZE, ForgivingPageMixin
from .paging import page_from, pagination, query_string


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
        listed = dict(countries)
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
                # A country no one in the list is from (none has the code, or no readout names
                # anyone from it) has no option: the form keeps it, and the page names it.
                "country_name": _country_name(code, listed),
                "country_listed": code in listed,
                "by_name": by_name,
                "countries": [(c, n or c) for c, n in sorted(countries, key=lambda p: p[1])],
                "person_url": reverse("archive:person-detail", args=["slug"]).replace(
                    "/slug/", "/"
                ),
                "respelt": None if found else _people_respelt(self.request, people, read),
                "in_other_script": not found and bool(query and suggestions.not_latin_words(query)),
            },
        )


def _country_name(code: str, listed: dict[str, str]) -> str:
    """The country of `code` as a sentence names it ("the United Kingdom"), "" for none."""
    if not code:
        return ""
    name = listed.get(code)
    if name is None:
        name = Country.objects.filter(code=code).values_list("name", flat=True).first()
    return name_in_text(name) if name else ""


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
