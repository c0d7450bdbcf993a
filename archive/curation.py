"""Curators' changes that touch several records at once, each in one transaction."""

from django.db import transaction
from django.db.models import Count

from .models import Participant, Person


def choose_survivor(people: list[Person]) -> Person:
    """The record to keep: the one with most participations, then the oldest."""
    counts = dict(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .annotate(n=Count("participations"))
        .values_list("pk", "n")
    )
    return sorted(people, key=lambda p: (-counts.get(p.pk, 0), p.pk))[0]


@transaction.atomic
def merge_people(survivor: Person, others: list[Person]) -> Person:
    """Move every participation of `others` to `survivor`, keep their names as aliases, delete them.

    Where both took part in the same meeting, the two participant rows become one: the other's
    statements move to the survivor's row, so nothing said is lost.
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
            if not kept.role and participant.role:
                kept.role = participant.role
                kept.save(update_fields=["role"])
            participant.delete()
        for name in [other.name, *other.aliases]:
            if name != survivor.name and name not in names:
                names.append(name)
        if survivor.country_id is None and other.country_id:
            survivor.country_id = other.country_id
        other.delete()
    survivor.aliases = names
    survivor.needs_review = False
    survivor.save()
    return survivor
