"""The meeting list's review queue in the admin: a filter by the kind of check an entry's import
warnings ask for, and a column naming those kinds (archive.review_reasons). Both read the
warnings whatever the review status, so a reviewed entry's list shows what was checked; the
review status filter narrows either to the queue."""

from django.contrib import admin

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
