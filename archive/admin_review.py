"""The meeting list's review queue in the admin: a filter by the kind of check an entry's import
warnings ask for, and a column naming those kinds (archive.review_reasons). Both read the
warnings whatever the review status, so a reviewed entry's list shows what was checked; the
review status filter narrows either to the queue. A meeting's page saves, marks it reviewed and
opens the next meeting of the list it was opened from that still needs review.
"""

import copy
import functools

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Expression, F, OrderBy, Q, QuerySet
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse

from .review_reasons import BY_SLUG, KINDS, kinds_of


class ReviewReasonFilter(admin.SimpleListFilter):
    title = "import warning"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return [(kind.slug, kind.label) for kind in KINDS]

    def queryset(self, request, queryset):
        kind = BY_SLUG.get(self.value() or "")
        return queryset if kind is None else queryset.filter(kind.query())


class WarningCountFilter(admin.SimpleListFilter):
    """How many warnings an entry holds: with "By import warning", "one" leaves the entries whose
    only warning is of that kind (every date counted from the page, say, to check and mark
    reviewed together)."""

    title = "number of warnings"
    parameter_name = "warnings"

    def lookups(self, request, model_admin):
        return [("0", "None"), ("1", "One"), ("2", "Several")]

    def queryset(self, request, queryset):
        # The array's first and second items, read by JSON path on either database.
        if self.value() == "0":
            return queryset.filter(warnings__0__isnull=True)
        if self.value() == "1":
            return queryset.filter(warnings__0__isnull=False, warnings__1__isnull=True)
        if self.value() == "2":
            return queryset.filter(warnings__1__isnull=False)
        return queryset


@admin.display(description="warnings")
def warning_kinds(meeting) -> str:
    """The kinds of check the entry's import warnings ask for."""
    return "; ".join(kinds_of(meeting.warnings or []))


# The button's name on a meeting's page (templates/admin/archive/meeting/submit_line.html).
REVIEWED_NEXT = "_reviewed_next"


class ReviewQueueMixin:
    """ "Save, mark reviewed and open the next" on a meeting's page."""

    def save_model(self, request, obj, form, change):
        if change and REVIEWED_NEXT in request.POST:
            # Found before the save, while the list still holds the meeting where it stood.
            request.review_next = self.next_for_review(request, obj)
            obj.review_status = obj.ReviewStatus.REVIEWED
        super().save_model(request, obj, form, change)

    def response_change(self, request, obj):
        if REVIEWED_NEXT not in request.POST:
            return super().response_change(request, obj)
        preserved = {"preserved_filters": self.get_preserved_filters(request), "opts": obj._meta}
        following, round_to_top = getattr(request, "review_next", None) or (None, False)
        if following is None:
            note = f"“{obj}” is marked reviewed; nothing else in this list needs review."
            target = reverse("admin:archive_meeting_changelist")
        else:
            note = f"“{obj}” is marked reviewed. Next: “{following}”."
            if round_to_top:
                note = (
                    f"“{obj}” is marked reviewed; nothing after it needs review. "
                    f"Back to the first still waiting: “{following}”."
                )
            target = reverse("admin:archive_meeting_change", args=[following.pk])
        messages.success(request, note)
        return HttpResponseRedirect(add_preserved_filters(preserved, target))

    def next_for_review(self, request, obj):
        """The first meeting after `obj` in the list it was opened from (its filters, search and
        order, kept in `_changelist_filters`) that needs review, and False; else the first of the
        list that does, and whether it comes before `obj` (True) or the list does not hold `obj`;
        else None. Read before `obj` is saved: a list of the queue alone no longer holds it
        afterwards.

        Found by the list's own order from where `obj` stands (`rows_after`), a row at a
        time, so however long the list, no more than a few rows are read."""
        listing = copy.copy(request)
        listing.method = "GET"
        listing.GET = QueryDict(request.GET.get("_changelist_filters", ""))
        # The list's filters, search and order, without counting it or reading its page.
        listing.review_listing = True
        queryset = self.get_changelist_instance(listing).queryset
        waiting = Q(review_status=obj.ReviewStatus.NEEDS_REVIEW) & ~Q(pk=obj.pk)
        later = rows_after(queryset, obj.pk)
        if later is not None and (following := later.filter(waiting).first()) is not None:
            return following, False
        following = queryset.filter(waiting).first()
        return None if following is None else (following, later is not None)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not getattr(request, "review_listing", False):
            return filters
        # The same filters, offering every country and topic rather than reading all the
        # meetings' links for the ones they name.
        related_only = admin.RelatedOnlyFieldListFilter
        return [
            (spec[0], admin.RelatedFieldListFilter)
            if isinstance(spec, tuple) and spec[1] is related_only
            else spec
            for spec in filters
        ]

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        return _unread(changelist) if getattr(request, "review_listing", False) else changelist


@functools.cache
def _unread(changelist: type) -> type:
    """A ChangeList that neither counts its list nor reads a page of it."""
    return type(f"Unread{changelist.__name__}", (changelist,), {"get_results": _no_results})


def _no_results(self, request) -> None:
    return None


def rows_after(queryset: QuerySet, pk) -> QuerySet | None:
    """The rows after the row `pk` in `queryset`'s order (its ordering fields or expressions,
    then the primary key, each NULL placed where the database or the ordering puts it); None
    when `queryset` does not hold the row. Its values are read with one query of one row."""
    keys, annotations = [], {}
    for i, item in enumerate(queryset.query.order_by):
        target, descending, nulls_last = _key(item)
        if not isinstance(target, str):
            # Ordered by an expression: compared by its value, named for the comparison.
            annotations[f"order_key_{i}"], target = target, f"order_key_{i}"
        keys.append((target, descending, nulls_last))
    if not any(name in ("pk", queryset.model._meta.pk.name) for name, _, _ in keys):
        keys.append(("pk", False, None))
    queryset = queryset.annotate(**annotations)
    values = queryset.filter(pk=pk).order_by().values_list(*[k[0] for k in keys]).first()
    if values is None:
        return None
    nulls_largest = connections[queryset.db].features.nulls_order_largest
    later, same = Q(pk__in=[]), Q()
    for (name, descending, nulls_last), value in zip(keys, values, strict=True):
        if nulls_last is None:
            nulls_last = nulls_largest != descending
        nullable = _nullable(queryset.model, name)
        later |= same & _beyond(name, value, descending, nulls_last and nullable)
        same &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
    return queryset.filter(later)


def _key(item) -> tuple[str | Expression, bool, bool | None]:
    """An ordering item as (field or expression, descending, whether NULLs come last or None
    for the database's own placement)."""
    if item == "?":
        raise ValueError("a list in random order has no next meeting")
    if isinstance(item, str):
        return item.removeprefix("-"), item.startswith("-"), None
    if isinstance(item, OrderBy):
        nulls_last = True if item.nulls_last else False if item.nulls_first else None
        expression = item.expression
        target = expression.name if isinstance(expression, F) else expression
        return target, item.descending, nulls_last
    return (item.name if isinstance(item, F) else item), False, None


def _nullable(model, name: str) -> bool:
    if name == "pk":
        return False
    try:
        return model._meta.get_field(name).null
    except FieldDoesNotExist:  # a lookup across a relation, or an expression's value
        return True


def _beyond(name: str, value, descending: bool, nulls_last: bool) -> Q:
    """The rows whose `name` comes after `value` in the order."""
    if value is None:
        return Q(pk__in=[]) if nulls_last else Q(**{f"{name}__isnull": False})
    beyond = Q(**{f"{name}__{'lt' if descending else 'gt'}": value})
    return beyond | Q(**{f"{name}__isnull": True}) if nulls_last else beyond
