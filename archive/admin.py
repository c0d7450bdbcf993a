"""The archive's admin: countries, topics and meetings here; history pages, people,
statements and agreed points in the modules imported below, which register their own."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from . import admin_passages, admin_people  # noqa: F401 (each registers its models)
from .admin_history import ADMIN_CSS, WholeHistoryAdmin
from .admin_import import MeetingImportMixin
from .admin_inlines import PassageForm, PositionForm, PositionFormSet
from .admin_review import (
    ReviewQueueMixin,
    ReviewReasonFilter,
    WarningCountFilter,
    warning_kinds,
)
from .curation import (
    history_baseline,
    inline_changes,
    link_changes,
    participant_countries,
    parties_follow_participants,
    shipped_baseline,
)
from .import_input import content_hash, normalise_text
from .models import (
    AgreedPoint,
    Country,
    Meeting,
    Participant,
    Statement,
    Topic,
)
from .reparse import reparse


@admin.register(Country)
class CountryAdmin(WholeHistoryAdmin):
    list_display = ["code", "name", "slug"]
    search_fields = ["code", "name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        if change:
            # The country as shipped goes into its history first, so the change shows its values.
            shipped_baseline(obj)
        super().save_model(request, obj, form, change)


@admin.register(Topic)
class TopicAdmin(WholeHistoryAdmin):
    list_display = ["name", "slug", "meeting_count"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        if change:
            # The topic as shipped goes into its history first, so the change shows its values.
            shipped_baseline(obj)
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(meeting_count=Count("meetings"))

    @admin.display(description="meetings", ordering="meeting_count")
    def meeting_count(self, obj):
        return obj.meeting_count


class ParticipantInline(admin.TabularInline):
    model = Participant
    form = PositionForm
    formset = PositionFormSet
    extra = 0
    fields = ["position", "person", "role", "country", "is_host"]
    autocomplete_fields = ["person", "country"]
    ordering = ["position"]


class SpeakerChoicesMixin:
    """Lists the meeting's own participants as speakers, read once for all the inline's rows."""

    def get_formset(self, request, obj=None, **kwargs):
        request._archive_meeting = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "speaker":
            meeting = getattr(request, "_archive_meeting", None)
            field.queryset = Participant.objects.filter(meeting=meeting).select_related("person")
            # Materialise the choices once, so each statement row does not query again.
            field.choices = list(field.choices)
        return field


class StatementInline(SpeakerChoicesMixin, admin.StackedInline):
    model = Statement
    form = PassageForm
    formset = PositionFormSet
    extra = 0
    fields = [("position", "speaker", "joint"), "text", ("start_offset", "end_offset")]
    ordering = ["position"]


class AgreedPointInline(admin.StackedInline):
    model = AgreedPoint
    form = PassageForm
    formset = PositionFormSet
    extra = 0
    fields = ["position", "text", ("start_offset", "end_offset")]
    ordering = ["position"]


class NewMeetingForm(forms.ModelForm):
    """A meeting entered by hand: its text is stored as the importer stores one, normalised and
    hashed, and a text already in the archive is refused as the importer refuses it."""

    def clean_source_text(self):
        text = normalise_text(self.cleaned_data.get("source_text") or "")
        if not text:
            raise forms.ValidationError("Give the readout's text.")
        digest = content_hash(text)
        stored = Meeting.objects.filter(content_hash=digest).first()
        if stored is not None:
            raise forms.ValidationError(f"This text is already in the archive as “{stored}”.")
        self.instance.content_hash = digest
        return text


@admin.action(description="Mark selected meetings as reviewed")
def mark_reviewed(modeladmin, request, queryset):
    updated = 0
    for meeting in queryset.exclude(review_status=Meeting.ReviewStatus.REVIEWED):
        meeting.review_status = Meeting.ReviewStatus.REVIEWED
        meeting.save(update_fields=["review_status", "updated_at"])
        updated += 1
    modeladmin.message_user(request, f"{updated} meeting(s) marked as reviewed.", messages.SUCCESS)


@admin.action(description="Mark selected meetings as needing review")
def mark_needs_review(modeladmin, request, queryset):
    updated = 0
    for meeting in queryset.exclude(review_status=Meeting.ReviewStatus.NEEDS_REVIEW):
        meeting.review_status = Meeting.ReviewStatus.NEEDS_REVIEW
        meeting.save(update_fields=["review_status", "updated_at"])
        updated += 1
    modeladmin.message_user(request, f"{updated} meeting(s) marked as needing review.")


# The most meetings "Re-parse selected meetings" takes in one request: about 8 s on PostgreSQL
# and 15 s on SQLite at the rates of docs/importing.md, inside a server's 30 s request timeout.
REPARSE_LIMIT = 2000


@admin.action(description="Re-parse selected meetings", permissions=["change"])
def reparse_selected(modeladmin, request, queryset):
    """The selected meetings re-parsed from their stored text as `reparse_readouts` does
    (archive.reparse), curated entries kept; the message gives the command's counts. A larger
    selection than `REPARSE_LIMIT` is refused whole, pointing to the command."""
    selected = list(queryset.order_by("pk").values_list("pk", "slug")[: REPARSE_LIMIT + 1])
    if len(selected) > REPARSE_LIMIT:
        modeladmin.message_user(
            request,
            f"Nothing re-parsed: more than {REPARSE_LIMIT:,} meetings are selected, more than "
            "one request can re-parse. Select fewer, or run `manage.py reparse_readouts` "
            "(by topic, country, publisher or dates; docs/importing.md).",
            messages.ERROR,
        )
        return
    done = reparse(selected)
    parts = [f"Re-parsed {len(selected)} meeting(s): {done.line()}."]
    if done.kept:
        parts.append(
            f"Kept curators' edits to {len(done.kept)} reviewed meeting(s) "
            f"({', '.join(done.kept)}); `manage.py reparse_readouts --force` replaces them."
        )
    if done.summary.failures:
        parts.append(f"Not re-parsed: {'; '.join(done.summary.failures)}.")
    level = messages.SUCCESS
    if done.summary.failed or done.kept:
        level = messages.ERROR if done.summary.failed else messages.WARNING
    modeladmin.message_user(request, " ".join(parts), level)


@admin.register(Meeting)
class MeetingAdmin(MeetingImportMixin, ReviewQueueMixin, WholeHistoryAdmin):
    class Media:
        css = ADMIN_CSS

    list_display = [
        "title",
        "held_on",
        "kind",
        "location_city",
        "publisher",
        "review_status",
        warning_kinds,
    ]
    list_filter = [
        "review_status",
        ReviewReasonFilter,
        WarningCountFilter,
        "kind",
        "multilateral",
        ("held_on", admin.DateFieldListFilter),
        ("countries", admin.RelatedOnlyFieldListFilter),
        ("topics", admin.RelatedOnlyFieldListFilter),
        "publisher",
    ]
    list_select_related = ["location_country"]
    search_fields = ["title", "publisher", "location_city", "participants__person__name"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["location_country", "countries", "topics"]
    readonly_fields = [
        "content_hash",
        "imported_at",
        "updated_at",
        "parse_fingerprint",
        "import_warnings",
    ]
    actions = [mark_reviewed, mark_needs_review, reparse_selected]
    inlines = [ParticipantInline, StatementInline, AgreedPointInline]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["title", "slug", "review_status", "import_warnings"]}),
        (
            "When and where",
            {
                "fields": [
                    ("held_on", "date_stated"),
                    "published_on",
                    ("kind", "multilateral"),
                    ("location_city", "location_country"),
                ]
            },
        ),
        ("Parties and topics", {"fields": ["countries", "topics"]}),
        ("Source", {"fields": ["publisher", "source_url", "language"]}),
        (
            "Provenance",
            {
                "classes": ["collapse"],
                "fields": [
                    "source_text",
                    "content_hash",
                    "parse_fingerprint",
                    "imported_at",
                    "updated_at",
                ],
            },
        ),
    ]

    @admin.display(description="import warnings")
    def import_warnings(self, obj):
        """The importer's warnings as a list, not as the JSON they are stored in."""
        if not obj or not obj.warnings:
            return "None"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in obj.warnings))
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # The verbatim text is the record of what was published; curators correct the parse.
            # The slug is the meeting's address, cited and linked to: it stays once published.
            fields += ["source_text", "slug"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        # Only while adding: a stored meeting's slug is read-only, and the history's version
        # view reads `prepopulated_fields` itself, so the attribute stays empty.
        return {} if obj is not None else {"slug": ["title"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = NewMeetingForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is not None:
            return super().get_fieldsets(request, obj)
        # A meeting entered by hand: its text is the first thing to give, not a collapsed detail.
        first, *rest = self.fieldsets
        provenance = rest.pop()
        shown = [name for name in provenance[1]["fields"] if name != "source_text"]
        return [
            (first[0], {"fields": [*first[1]["fields"], "source_text"]}),
            *rest,
            (provenance[0], {**provenance[1], "fields": shown}),
        ]

    def save_formset(self, request, form, formset, change):
        if change:
            # Rows about to change or go, as the importer wrote them, into their history first.
            touched = [
                f.instance.pk
                for f in formset.initial_forms
                if f.has_changed() or formset._should_delete_form(f)
            ]
            history_baseline(formset.model, touched, form.instance)
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        meeting = form.instance
        before = participant_countries(meeting) if change else set()
        links_before = _links(meeting) if change else ({}, {})
        super().save_related(request, form, formsets, change)
        meeting.refresh_search_text()
        parties_follow_participants(meeting, before, "countries" in form.changed_data)
        links_after = _links(meeting)
        changes = "; ".join(
            part
            for part in [
                inline_changes(formsets),
                link_changes("parties", set(links_before[0]), set(links_after[0])),
                link_changes("topics", set(links_before[1]), set(links_after[1])),
            ]
            if part
        )
        record = meeting.history.first()
        if record is None:
            return
        fields = []
        if changes:
            # The meeting's history shows what changed in its participants, statements, agreed
            # points (which have histories of their own), parties and topics.
            record.history_change_reason = changes
            fields.append("history_change_reason")
        if record.warnings != meeting.warnings:
            # Written before the participants were saved: the warnings they settled go too.
            record.warnings = meeting.warnings
            fields.append("warnings")
        if fields:
            record.save(update_fields=fields)


def _links(meeting: Meeting) -> tuple[list[str], list[str]]:
    """A meeting's parties (codes) and topics (slugs)."""
    return (
        list(meeting.countries.values_list("code", flat=True)),
        list(meeting.topics.values_list("slug", flat=True)),
    )
