"""Curators' changes that touch several records at once, each in one transaction."""

from django.db import models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count

from .bulk_sql import insert_history
from .import_history import IMPORT_REASON
from .models import Country, Meeting, Participant, Person, PersonRedirect, Topic
from .parsing.topics import load_default_topics

# A history row that records a row as the importer wrote it, before a curator's first change.
BASELINE_REASON = "as imported"
# The same for a country or topic as the archive's migrations loaded it.
SHIPPED_REASON = "as shipped with the archive"
# The same for a topic a curator added before topics had a history (migration 0026).
EARLIER_REASON = "as it stood before its history was kept"
# The importer's warning for a participant it could not place (archive.parsing.readout).
_UNPLACED = "Country of participant '{}' not determined."


def choose_survivor(people: list[Person]) -> Person:
    """The record to keep: the one with most participations, then the oldest."""
    counts = dict(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .annotate(n=Count("participations"))
        .values_list("pk", "n")
    )
    return sorted(people, key=lambda p: (-counts.get(p.pk, 0), p.pk))[0]


def merge_refusal(people: list[Person]) -> str | None:
    """Why these records cannot be one person, or None: records of two countries are two people
    until a curator corrects one's country."""
    countries = sorted({p.country_id for p in people if p.country_id})
    if len(countries) > 1:
        return (
            f"These records are of different countries ({', '.join(countries)}); if they are one "
            "person, correct the country of the wrong ones first."
        )
    return None


@transaction.atomic
def merge_people(survivor: Person, others: list[Person]) -> Person:
    """Move every participation of `others` to `survivor`, keep their names as aliases and their
    addresses as redirects to the survivor's page, delete them.

    Where both took part in the same meeting, the two participant rows become one: the other's
    statements move to the survivor's row, so nothing said is lost, and the row kept takes from
    the other what it lacks (a country, a fuller role, being the host).
    """
    names = list(survivor.aliases)
    for other in others:
        if other.pk == survivor.pk:
            continue
        for participant in Participant.objects.filter(person=other).select_related("meeting"):
            kept = Participant.objects.filter(meeting=participant.meeting, person=survivor).first()
            if kept is None:
                participant.person = survivor
                participant.save(update_fields=["person"])
                continue
            participant.statements.update(speaker=kept)
            _complete(kept, participant)
            participant.delete()
        for name in [other.name, *other.aliases]:
            if name != survivor.name and name not in names:
                names.append(name)
        if survivor.country_id is None and other.country_id:
            survivor.country_id = other.country_id
        PersonRedirect.objects.filter(person=other).update(person=survivor)
        PersonRedirect.objects.create(slug=other.slug, person=survivor)
        other.delete()
    survivor.aliases = names
    survivor.needs_review = False
    survivor.save()
    return survivor


def _complete(kept: Participant, other: Participant) -> None:
    """What the participant row kept lacks and the other row of the same person has."""
    changed = []
    if kept.country_id is None and other.country_id:
        kept.country_id = other.country_id
        changed.append("country")
    role, fuller = kept.role.casefold(), other.role.casefold()
    if other.role and (not role or (role in fuller and len(fuller) > len(role))):
        kept.role = other.role  # "Secretary of Foreign Affairs" over "Secretary"
        changed.append("role")
    if other.is_host and not kept.is_host:
        kept.is_host = True
        changed.append("is_host")
    if changed:
        kept.save(update_fields=changed)


def participant_countries(meeting: Meeting) -> set[str]:
    return set(meeting.participants.exclude(country=None).values_list("country_id", flat=True))


def parties_follow_participants(meeting: Meeting, before: set[str], parties_chosen: bool) -> None:
    """After a curator's edit of a meeting's participants (`before`: the countries they
    represented until then), what follows from them:

    - a country a participant now represents is a party to the meeting; one that only the
      participants made a party and none represents any more is no longer one, unless the
      curator chose the parties in the same edit (`parties_chosen`);
    - a person with no country takes the one their participant represents;
    - the import's warning that a participant's country is unknown goes once it is known.

    The country, relationship and topic pages count parties, so without this a corrected
    participant stayed off them."""
    participants = list(meeting.participants.select_related("person"))
    now = {p.country_id for p in participants if p.country_id}
    parties = set(meeting.countries.values_list("pk", flat=True))
    if not parties_chosen:
        # Parties the curator chose in the same edit stand as chosen.
        if now - parties:
            meeting.countries.add(*sorted(now - parties))
        if (before - now) & parties:
            meeting.countries.remove(*sorted((before - now) & parties))
    for participant in participants:
        person = participant.person
        if person is not None and person.country_id is None and participant.country_id:
            person.country_id = participant.country_id
            person.save(update_fields=["country"])
    # The warning names the participant as the readout did, which may differ from the person's
    # name now: it goes when every participant is placed, or when it names a placed one.
    placed = {
        _UNPLACED.format(name)
        for p in participants
        if p.country_id
        for name in ([p.role] + ([p.person.name, *p.person.aliases] if p.person else []))
        if name
    }
    everyone = all(p.country_id for p in participants)
    warnings = list(meeting.warnings or [])
    kept = [w for w in warnings if not (_is_unplaced(w) and (everyone or w in placed))]
    if kept != warnings:
        Meeting.objects.filter(pk=meeting.pk).update(warnings=kept)
        meeting.warnings = kept


def _is_unplaced(warning: str) -> bool:
    return warning.startswith("Country of participant '") and warning.endswith("' not determined.")


def inline_changes(formsets) -> str:
    """What a save changed in a meeting's inlines, in words, for its history ("participant
    Faisal bin Farhan: country SA → QA; statement 3: text; agreed point 4 added"). Short values
    are given before and after; a passage's text is only named, its own history holds both."""
    parts: list[str] = []
    for formset in formsets:
        name = formset.model._meta.verbose_name
        forms = {form.instance.pk: form for form in formset.initial_forms}
        for obj in formset.new_objects:
            parts.append(f"{name} {_label(obj)} added")
        for obj, fields in formset.changed_objects:
            form = forms.get(obj.pk)
            changes = [_field_change(form, field) if form else field for field in fields]
            parts.append(f"{name} {_label(obj)}: {', '.join(changes)}")
        for obj in formset.deleted_objects:
            parts.append(f"{name} {_label(obj)} deleted")
    return "; ".join(parts)


def link_changes(name: str, before: set[str], after: set[str]) -> str:
    """ "parties: +PE, −CL": what a save added to and removed from a meeting's links."""
    changes = [f"+{v}" for v in sorted(after - before)] + [f"−{v}" for v in sorted(before - after)]
    return f"{name}: {', '.join(changes)}" if changes else ""


# Fields whose values a change reason gives before and after.
_VALUES_SHOWN = frozenset(["country", "role", "person", "speaker", "position", "is_host", "joint"])


def _field_change(form, field: str) -> str:
    if field not in _VALUES_SHOWN:
        return field
    before = _shown(form, field, form.initial.get(field))
    return f"{field} {before} → {_shown(form, field, form.cleaned_data.get(field))}"


def _shown(form, field: str, value) -> str:
    if value is None or value == "":
        return "none"
    if field == "position":
        return str(value + 1)  # as the pages number them
    if field == "country":
        return str(getattr(value, "pk", value))
    if field in ("person", "speaker"):
        if not isinstance(value, models.Model):
            related = form._meta.model._meta.get_field(field).related_model
            value = related.objects.filter(pk=value).first()
        return str(value) if value is not None else "none"
    return str(value)


def history_baseline(model: type[models.Model], pks: list[int], meeting: Meeting) -> None:
    """The stored version of rows the importer wrote without history rows (it writes none for
    participants, statements and agreed points), as their first history row, dated and signed
    as the meeting's import (the staff member who uploaded it, or none from the command line):
    a curator's first change to one then shows what it was before, and who changed it."""
    stored = _unrecorded(model, pks)
    if not stored:
        return
    importer = (
        meeting.history.filter(history_change_reason__startswith=IMPORT_REASON)
        .order_by("-history_date")
        .values_list("history_user_id", flat=True)
        .first()
    )
    insert_history(model, stored, BASELINE_REASON, when=meeting.imported_at, user_id=importer)


def shipped_baseline(obj: Country | Topic) -> None:
    """A country's or topic's stored version as its first history row, unless it has one: those
    the migrations load (archive/data/topics.json for topics) have none, so that a curator's
    first change shows what it was before. A topic the shipped taxonomy does not hold was added
    by a curator before topics had a history, and is named so rather than as shipped."""
    model = type(obj)
    stored = _unrecorded(model, [obj.pk])
    if model is Topic and stored and stored[0].slug not in _shipped_topics():
        insert_history(model, stored, EARLIER_REASON, user_id=None)
        return
    # Dated when the migration that loaded it ran, not when it was first changed: the history
    # shows it in the archive since then.
    insert_history(model, stored, SHIPPED_REASON, when=_shipped_on(obj), user_id=None)


def _shipped_topics() -> set[str]:
    return {topic.slug for topic in load_default_topics()}


# The migration that loaded each shipped row: every country and topic 0002, but Kosovo and the
# United Nations came to archives made before the parser knew them with 0015 and 0022.
_LOADED_BY = {"XK": "0015_kosovo", "UN": "0022_united_nations"}


def _shipped_on(obj: Country | Topic):
    """When the migration that loaded `obj` ran (None if the database has no record of it)."""
    name = "0002_load_countries_and_topics"
    if isinstance(obj, Country):
        name = _LOADED_BY.get(obj.pk, name)
    applied = MigrationRecorder.Migration.objects.filter(app="archive", name=name)
    return applied.values_list("applied", flat=True).first()


def _unrecorded(model: type[models.Model], pks: list) -> list[models.Model]:
    """The stored rows among `pks` that have no history row yet."""
    if not pks:
        return []
    key = model._meta.pk.attname
    recorded = model.history.model.objects.filter(**{f"{key}__in": pks}).values(key)
    return list(model.objects.filter(pk__in=pks).exclude(pk__in=recorded))


def _label(obj) -> str:
    """A participant by name; a statement or agreed point by its number, not its text."""
    return str(obj) if isinstance(obj, Participant) else str(obj.position + 1)
