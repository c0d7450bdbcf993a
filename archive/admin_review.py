"""The meeting list's review queue in the admin: a filter by the kind of check an entry's import
warnings ask for, and a column naming those kinds (archive.review_reasons). Both read the
warnings whatever the review status, so a reviewed entry's list shows what was checked; the
review status filter narrows either to the queue. A meeting's page saves, marks it reviewed and
opens the next meeting of the list it was opened from that still needs review.
"""

import copy

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
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
        following = getattr(request, "review_next", None)
        if following is None:
            messages.success(request, f"“{obj}” is marked reviewed; nothing after it needs review.")
            target = reverse("admin:archive_meeting_changelist")
        else:
            messages.success(request, f"“{obj}” is marked reviewed. Next: “{following}”.")
            target = reverse("admin:archive_meeting_change", args=[following.pk])
        return HttpResponseRedirect(add_preserved_filters(preserved, target))

    def next_for_review(self, request, obj):
        """The first meeting after `obj` in the list it was opened from (its filters, search and
        order, kept in `_changelist_filters`) that needs review; else the first before it. Read
        before `obj` is saved: a list of the queue alone no longer holds it afterwards."""
        listing = copy.copy(request)
        listing.method = "GET"
        listing.GET = QueryDict(request.GET.get("_changelist_filters", ""))
        changelist = self.get_changelist_instance(listing)
        order = list(changelist.get_queryset(listing).values_list("pk", "review_status"))
        pks = [pk for pk, _ in order]
        start = pks.index(obj.pk) + 1 if obj.pk in pks else 0
        for pk, status in order[start:] + order[:start]:
            if pk != obj.pk and status == obj.ReviewStatus.NEEDS_REVIEW:
                return type(obj).objects.get(pk=pk)
        return None
