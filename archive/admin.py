from django import forms
from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils.html import conditional_escape, format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_import import MeetingImportMixin
from .admin_inlines import NumberForm, PassageForm, PositionForm, PositionFormSet
from .admin_review import (
    ReviewQueueMixin,
    ReviewReasonFilter,
    WarningCountFilter,
    warning_kinds,
)
from .curation import (
    choose_survivor,
    history_baseline,
    inline_changes,
    link_changes,
    merge_people,
    merge_refusal,
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
    Person,
    PersonRedirect,
    Statement,
    Topic,
)
from .reparse import reparse

# The archive's additions to the admin's styles (static/css/admin.css).
ADMIN_CSS = {"all": ["css/admin.css"]}


def _listed(value) -> str:
    return f"[{', '.join(map(str, value))}]" if isinstance(value, list) else str(value)


class WholeChangesHelper(HistoricalRecordContextHelper):
    """Each field's value before and after in full, and a list's entries added and removed listed
    after it, one to an item. django-simple-history cuts values of over 100 characters around their first
    difference ("hyd[37 chars]ine*"), which hid most of what a change to a topic's keywords or
    description did. A meeting's source text keeps django-simple-history's cut around its first
    difference: a word corrected in a readout is found there, not in two whole texts."""

    CUT_FIELDS = frozenset({"source_text"})

    def stringify_delta_change_values(self, change, old, new):
        if change.field in self.CUT_FIELDS:
            return super().stringify_delta_change_values(change, old, new)
        before, after = conditional_escape(_listed(old)), conditional_escape(_listed(new))
        if isinstance(old, list) and isinstance(new, list):
            # One item an entry: a warning or another name may hold commas itself.
            moves = [
                (label, entry)
                for label, entries in [
                    ("added", [v for v in new if v not in old]),
                    ("removed", [v for v in old if v not in new]),
                ]
                for entry in entries
            ]
            if moves:
                after = format_html(
                    '{}<ul class="history-moves">{}</ul>',
                    after,
                    format_html_join("", "<li>{} {}</li>", moves),
                )
        return before, after


class WholeHistoryAdmin(SimpleHistoryAdmin):
    """A history page that shows each change whole (WholeChangesHelper): a country's or topic's,
    a person's (other names), a meeting's (title, place, publisher, warnings)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return WholeChangesHelper(self.model, historical_record)


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


@admin.action(description="Merge selected people into one record")
def merge_selected_people(modeladmin, request, queryset):
    """A page first: the records, their countries and meetings, and which one to keep."""
    people = list(queryset.select_related("country").annotate(meetings=Count("participations")))
    if len(people) < 2:
        modeladmin.message_user(request, "Select at least two people to merge.", messages.WARNING)
        return None
    refusal = merge_refusal(people)
    if refusal:
        modeladmin.message_user(request, f"Not merged: {refusal}", messages.ERROR)
        return None
    chosen = request.POST.get("survivor")
    survivor = next((p for p in people if str(p.pk) == chosen), None)
    if "confirm" not in request.POST or survivor is None:
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Merge people",
            "opts": modeladmin.model._meta,
            "people": people,
            "suggested": choose_survivor(people).pk,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/archive/person/merge_confirmation.html", context)
    merge_people(survivor, people)
    modeladmin.message_user(
        request,
        f"Merged {len(people) - 1} record(s) into {survivor.name}; their names are kept as "
        "aliases and their addresses lead to this person's page.",
        messages.SUCCESS,
    )
    return None


class PersonRedirectInline(admin.TabularInline):
    model = PersonRedirect
    extra = 0
    fields = ["slug"]
    readonly_fields = ["slug"]
    can_delete = False
    verbose_name_plural = "Former addresses (they lead to this page)"

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(WholeHistoryAdmin):
    inlines = [PersonRedirectInline]
    # By name: the person autocomplete pages through this order.
    ordering = ["name", "id"]
    list_display = ["name", "country", "participation_count", "needs_review"]
    list_filter = ["needs_review", ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country"]
    search_fields = ["name", "slug", "aliases"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [merge_selected_people]

    def get_queryset(self, request):
        # Counted for each person shown, rather than for every person (a join and GROUP BY over
        # all participations) before the page is cut.
        count = (
            Participant.objects.filter(person=OuterRef("pk"))
            .order_by()
            .values("person")
            .annotate(n=Count("*"))
            .values("n")
        )
        meetings = Coalesce(Subquery(count, output_field=IntegerField()), 0)
        return super().get_queryset(request).annotate(participation_count=meetings)

    def save_model(self, request, obj, form, change):
        if change and "slug" in form.changed_data and form.initial.get("slug"):
            # The old address is cited: it leads to the new one.
            PersonRedirect.objects.update_or_create(
                slug=form.initial["slug"], defaults={"person": obj}
            )
        PersonRedirect.objects.filter(slug=obj.slug).delete()  # the address is a person's again
        super().save_model(request, obj, form, change)

    @admin.display(description="meetings", ordering="participation_count")
    def participation_count(self, obj):
        return obj.participation_count


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
