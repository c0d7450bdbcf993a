"""People in the admin: their list with meeting counts, former addresses, and merging records
of one person."""

from django.contrib import admin, messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse

from .admin_history import WholeHistoryAdmin
from .curation import choose_survivor, merge_people, merge_refusal
from .models import Participant, Person, PersonRedirect


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
