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


@admin.display(description="warnings")
def warning_kinds(meeting) -> str:
    """The kinds of check the entry's import warnings ask for."""
    return "; ".join(kinds_of(meeting.warnings or []))
