"""A filtered meeting list, read once for its page, its CSV, its JSON and its feed: the count
(exact, or "10,000+"), the order, a page's rows; and the canonical address of a list typed by
hand."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.db import connection
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.utils.http import urlencode

from .. import search, search_query, suggestions
from ..aggregate_cache import cached_aggregate, request_state
from ..filters import MeetingFilter
from ..models import Meeting
from .paging import lazy_page, link_params, query_string
from .rows import Row, meeting_rows

NEWEST = (F("held_on").desc(nulls_last=True), "-id")
# Facets of a search matching more meetings count its newest ones only, and say so.
FACET_WINDOW = 1_000
# A list filtered by countries, topics and a year only, of more meetings than this, reads the
# facets the running counts hold from them.
TALLIED_FACETS = 1_000


@dataclass
class MeetingResults:
    """A filtered meeting list: what the page, the CSV and the JSON of one address share."""

    request: HttpRequest
    # The statements' exports read one more parameter (`StatementFilter`).
    filterset_class: type[MeetingFilter] = MeetingFilter

    @cached_property
    def filterset(self) -> MeetingFilter:
        return filterset_for(self.request, self.filterset_class, Meeting)

    @cached_property
    def query(self) -> search_query.Query:
        return self.filterset.search_query

    @cached_property
    def params(self) -> QueryDict:
        """The address's parameters as the list's links carry them (`link_params`)."""
        return link_params(self.request.GET)

    @cached_property
    def unsearched(self) -> QuerySet:
        """The meetings the other filters keep: what a search looks in."""
        return self.filterset.without_search().order_by()

    @cached_property
    def filtered(self) -> QuerySet:
        """The filtered meetings, unordered; safe to nest in counts and facets."""
        return search.match_meetings(self.unsearched, self.query)

    def respelt(self) -> dict[str, str] | None:
        """A search that found nothing with a misspelt name respelt ("Lavorv" as "Lavrov"),
        and the list's address with it, when that finds meetings (`archive.suggestions`)."""
        return respelt_search(self, self._finds)

    def other_script(self) -> dict | None:
        """A search that found nothing in another script than Latin (`other_script`)."""
        return other_script(self, self._finds)

    def _finds(self, text: str) -> bool:
        return search.match_meetings(self.unsearched, text).exists()

    @property
    def window_size(self) -> int:
        return max(search.rank_window(), FACET_WINDOW)

    @cached_property
    def estimate(self) -> int | None:
        """The planner's estimate of a search's matches (PostgreSQL), which sizes the look for
        its newest matches and spares counting a word in a large share of the archive."""
        if not self.query or connection.vendor != "postgresql":
            return None
        return search.estimated_rows(self.filtered)

    @property
    def uncountable(self) -> bool:
        """Whether the search alone (no other filter) matches, by the planner's statistics, three
        times as many meetings as the count cap: the list then says "10,000+" without visiting
        them all to confirm it, and reads only its newest matches."""
        searched_only = not self.unsearched.query.where
        return searched_only and bool(self.estimate) and self.estimate >= 3 * search.COUNT_CAP

    @cached_property
    def newest(self) -> tuple[list[int], bool] | None:
        """With a search, the ids of its newest matches, read once, and whether they are all of
        them (up to COUNT_CAP + 1). A search too common to count reads as many as the ranking
        and the facets use, plus one, looking among the newest meetings first (PostgreSQL);
        any other reads every match up to COUNT_CAP + 1, which costs what counting them would
        and counts them too."""
        if not self.query:
            return None
        stop = self.window_size + 1
        narrowed = self.uncountable and search.narrowing_position(self.estimate, stop)
        if not narrowed:
            stop = search.COUNT_CAP + 1
        ids = self._newest_matches(stop)
        return ids, not narrowed or len(ids) < stop

    def _newest_matches(self, stop: int, start: int = 0) -> list[int]:
        if search.scoped_search():
            scope, others = self.filterset.search_scope()
            return search.newest_matches(
                others, self.query, stop, start, estimate=self.estimate, scope=scope
            )
        return search.newest_matches(self.unsearched, self.query, stop, start)

    @property
    def window_ids(self) -> list[int] | None:
        """The newest matches the ranking and the facets use (one more, to tell a larger
        result)."""
        return None if self.newest is None else self.newest[0][: self.window_size + 1]

    @cached_property
    def counted(self) -> tuple[int, bool]:
        if self.query:
            ids, complete = self.newest
            if complete:
                found = len(ids)
                return (search.COUNT_CAP, False) if found > search.COUNT_CAP else (found, True)
            return search.COUNT_CAP, False
        if not self.filtered.query.where:
            state = request_state(self.request)
            return cached_aggregate("meetings:count", self.filtered.count, state), True
        tallied = self.filterset.counted()
        return (self.filtered.count() if tallied is None else tallied), True

    @property
    def sort(self) -> str:
        return self.filterset.chosen_sort

    @property
    def facets_sampled(self) -> bool:
        """Only a search's facets are sampled (its FACET_WINDOW newest matches when it has more):
        a list without one has its whole-archive facets cached, or filters narrow it through
        indexes."""
        count, exact = self.counted
        return self.window_ids is not None and (not exact or count > FACET_WINDOW)

    @cached_property
    def address_key(self) -> str:
        return address_key(self.request, self.filterset)

    def period_scope(self) -> tuple[QuerySet, bool]:
        """What the months of a year count (what the facets count), and whether it is sampled."""
        return self.facet_scope(), self.facets_sampled

    def facet_scope(self) -> QuerySet:
        """What the facets count: the result, or its newest matches when it is larger (grouping
        the participants of every meeting holding a word in half the archive costs more than the
        page's budget)."""
        if self.window_ids is not None:
            return search.meetings_with_ids(self.window_ids[:FACET_WINDOW])
        # A list of countries and topics only is counted whole: each read from its links, not
        # walked along the list's order as a page of it is. With a year or any other filter
        # narrowing it, a walk along that filter's index visits fewer meetings.
        links = self.filterset.tallied()
        as_set = links is not None and links[2] is None
        return self.filterset.without_search(as_set=as_set).order_by()

    def facet_links(self) -> tuple[list[str], list[int], int | None] | None:
        """The list's countries, topics and year when it is filtered by nothing else (no search
        either) and holds more than TALLIED_FACETS meetings: the running counts may hold its
        facets (`archive.facet_counts`). A smaller list is counted as fast in one statement."""
        if self.query or self.counted[0] <= TALLIED_FACETS:
            return None
        return self.filterset.tallied()

    def ordered(self) -> QuerySet:
        """The whole result in the chosen order (exports): a search's newest matches ranked
        first, the others after them by date, as the pages show them."""
        if self.sort == "relevance":
            return search.rank_meetings(
                self.filtered, self.query, window=True, window_ids=self.window_ids
            )
        if self.sort == "oldest":
            return self.filtered.order_by(F("held_on").asc(nulls_last=True), "id")
        if self.sort == "title":
            # "Albares ..." before "AUC Chairperson ...", "Tánaiste ..." before "Trilateral ...".
            return self.filtered.order_by("title_key", "id")
        return self.filtered.order_by(*NEWEST)

    @cached_property
    def ranked_window(self) -> list[int]:
        return search.ranked_ids(self.window_ids[: search.rank_window()], self.query)

    def page_ids(self, start: int, stop: int) -> list[int]:
        """The ids at positions [start, stop) of the chosen order, read as ids only (an index-only
        scan for the date order) so that a deep page does not fetch the rows it skips."""
        if self.sort == "relevance":
            ranked = self.ranked_window
            ids = ranked[start:stop]
            count, exact = self.counted
            if len(ids) < stop - start and (not exact or count > len(ranked)):
                # Past the ranked window the matches follow by date, and the window holds the
                # newest ones: the rest of the date order continues where it ends.
                ids += self._newest_slice(max(start, len(ranked)), stop)
            return ids
        if self.sort == "newest" and self.query:
            return self._newest_slice(start, stop)
        return list(self.ordered().values_list("pk", flat=True)[start:stop])

    def _newest_slice(self, start: int, stop: int) -> list[int]:
        ids, complete = self.newest
        if complete or stop <= len(ids):
            return ids[start:stop]
        return self._newest_matches(stop, start)

    def rows(self, start: int, stop: int) -> list[Row]:
        """The rows of the meetings at [start, stop), cached per archive state, meetings and
        search: the order and the count are found again on every visit, but a page shown
        before (paging back, coming back to a result) reads no rows and makes no snippets."""
        ids = self.page_ids(start, stop)
        state = request_state(self.request)

        def compute() -> list[Row]:
            if self.query and search.snippets_from_texts():
                # The snippets are made from the source texts read with the rows.
                return meeting_rows(
                    ids,
                    snippets_of=lambda texts: search.highlight(ids, self.query, texts),
                    state=state,
                )
            return meeting_rows(ids, search.highlight(ids, self.query), state=state)

        shown = hashlib.sha256(f"{self.query!r}:{ids}".encode()).hexdigest()
        return cached_aggregate(f"rows:{shown}", compute, state)

    def page(self) -> Page:
        """The page asked for, its rows as `Row`s (plain values and links)."""
        return lazy_page(self.request, self.rows, self.counted[0])


def address_key(request: HttpRequest, filterset) -> str:
    """The address for the caches of a list's sidebar and form: the query string without the
    page (sorted, hashed), and whether a curator asks (curators may filter by review status; what
    they are shown is kept apart from the public's)."""
    params = request.GET
    address = sorted((k, v) for k, values in params.lists() if k != "page" for v in values)
    curator = "review" in filterset.filters
    return f"{curator:d}:" + hashlib.sha256(urlencode(address).encode()).hexdigest()


def respelt_search(results, finds: Callable[[str], bool]) -> dict[str, str] | None:
    """The search of a list (`results`: its `filterset`, `query`, `counted`, `request` and
    `params`) that found nothing, with a misspelt name respelt, and the list's address with it,
    when `finds` says that the respelt search finds something with the same filters."""
    text = results.filterset.cleaned("q")
    if not results.query or not text or results.counted[0]:
        return None
    better = suggestions.respelt(text, suggestions.names(request_state(results.request)))
    if better is None or not finds(better):
        return None
    return {"text": better, "url": query_string(results.params, q=better, page=None)}


def other_script(results, finds: Callable[[str], bool]) -> dict | None:
    """For a search that found nothing with words in another script than Latin ("Лавров",
    "王毅"): those words, and the people of the archive known by them (an alias a curator gave in
    that script), each with the list's address searching their name as the archive writes it,
    when that finds something with the same filters. The readouts are in English, names written
    in Latin letters."""
    text = results.filterset.cleaned("q")
    if not results.query or not text or results.counted[0]:
        return None
    words = list(dict.fromkeys(suggestions.not_latin_words(text)))
    if not words:
        return None
    known = suggestions.names(request_state(results.request)).in_latin
    names = dict.fromkeys(known[w.lower()] for w in words if w.lower() in known)
    return {
        "words": words,
        "names": [
            {"text": name, "url": query_string(results.params, q=f'"{name}"', page=None)}
            for name in names
            if finds(f'"{name}"')
        ],
    }


def filterset_for(request: HttpRequest, cls: type, model: type):
    """One filterset of a class per request: the canonical-address check and the list read the
    same one, so a person typed by name is looked up once."""
    made = request.__dict__.setdefault("_filtersets", {})
    if cls not in made:
        made[cls] = cls(request.GET, queryset=model.objects.all(), request=request)
    return made[cls]


class CanonicalFiltersMixin:
    """A list typed into by hand ("pair=China-Pakistan", "person=Wang Yi") redirects to the same
    list at its canonical address ("pair=cn-pk", "person=wang-yi-cn"), which the facets, the
    chips, the exports and the links shared afterwards all read."""

    filterset_class: type
    model: type

    def get(self, request, *args, **kwargs):
        filterset = filterset_for(request, self.filterset_class, self.model)
        canonical = canonical_filters(filterset, request.GET)
        if canonical is not None:
            return HttpResponseRedirect(request.path + query_string(canonical))
        return super().get(request, *args, **kwargs)


def canonical_filters(filterset, params: QueryDict) -> QueryDict | None:
    """`params` with a typed pair of countries and typed people in their canonical form, or None
    when they are in it already (or cannot be read: the form then says why)."""
    filterset.is_valid()
    data = filterset.form.cleaned_data
    changed = params.copy()
    if data.get("pair") and params.get("pair") != data["pair"]:
        changed["pair"] = data["pair"]
    for name in ("person", "speaker"):
        if name in data and params.getlist(name) != data[name]:
            changed.setlist(name, data[name])
    return None if changed == params else changed
