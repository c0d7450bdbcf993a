"""Statements and agreed points on pages of their own in the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .admin_history import ADMIN_CSS
from .admin_inlines import NumberForm
from .curation import history_baseline
from .models import AgreedPoint, Meeting, Statement

# Statements and agreed points listed by their meeting, newest imported first, in the order of
# its text: read along the (meeting, position) index. Their model's order, by the meeting's date,
# sorted every row of the table for each page, a cost that grows with the archive
# (docs/benchmarks.md, "Admin lists").
PASSAGE_ORDERING = ["-meeting_id", "position"]


class PassageAdminMixin:
    """A statement or agreed point changed on its own page: its version as imported goes into
    its history first, and its meeting's search copy of the statements and agreed points
    follows, as when the meeting's form is saved."""

    def save_model(self, request, obj, form, change):
        if change:
            history_baseline(type(obj), [obj.pk], obj.meeting)
        super().save_model(request, obj, form, change)
        obj.meeting.refresh_search_text()
        if change and "meeting" in form.changed_data and form.initial.get("meeting"):
            # Moved to another meeting: the first one no longer holds the text.
            Meeting.objects.get(pk=form.initial["meeting"]).refresh_search_text()

    @admin.display(description="number", ordering="position")
    def number(self, obj):
        return obj.position + 1

    def delete_model(self, request, obj):
        meeting = obj.meeting
        history_baseline(type(obj), [obj.pk], meeting)
        super().delete_model(request, obj)
        meeting.refresh_search_text()

    def delete_queryset(self, request, queryset):
        meetings = list(Meeting.objects.filter(pk__in=queryset.values("meeting_id")))
        for meeting in meetings:
            pks = list(queryset.filter(meeting=meeting).values_list("pk", flat=True))
            history_baseline(queryset.model, pks, meeting)
        super().delete_queryset(request, queryset)
        for meeting in meetings:
            meeting.refresh_search_text()


@admin.register(Statement)
class StatementAdmin(PassageAdminMixin, SimpleHistoryAdmin):
    class Media:
        css = ADMIN_CSS

    form = NumberForm
    ordering = PASSAGE_ORDERING
    list_display = ["__str__", "meeting", "speaker", "number"]
    list_select_related = ["meeting", "speaker__person"]
    search_fields = ["text", "meeting__title"]
    raw_id_fields = ["meeting", "speaker"]
    autocomplete_fields = ["topics"]
    show_full_result_count = False


@admin.register(AgreedPoint)
class AgreedPointAdmin(PassageAdminMixin, SimpleHistoryAdmin):
    class Media:
        css = ADMIN_CSS

    form = NumberForm
    ordering = PASSAGE_ORDERING
    list_display = ["__str__", "meeting", "number"]
    list_select_related = ["meeting"]
    search_fields = ["text", "meeting__title"]
    raw_id_fields = ["meeting"]
    autocomplete_fields = ["topics"]
    show_full_result_count = False
