"""What an import run reads once, before its writes: topics, country codes, people."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import DatabaseError, connection

from . import pg_vector
from .models import Country, Topic
from .parsing import TopicSpec, load_default_topics
from .people import PersonIndex


@dataclass
class ImportCache:
    """What an import run reads once: topics, country codes, people. One per run or request."""

    people: PersonIndex = field(default_factory=lambda: PersonIndex(batched=True))
    _topics: dict[str, int] | None = None
    _topic_specs: tuple[TopicSpec, ...] | None = None
    _countries: frozenset[str] | None = None
    # Highest "-N" suffix handed out per meeting slug stem in this run.
    slug_numbers: dict[str, int] = field(default_factory=dict)
    _vectors: bool | None = None

    def python_vectors(self) -> bool:
        """Whether this run sends PostgreSQL's search vectors computed in Python (see
        archive.pg_vector): on PostgreSQL, once the database agreed with it on a sample."""
        if self._vectors is None:
            self._vectors = False
            if connection.vendor == "postgresql" and pg_vector.available():
                with connection.cursor() as cursor:
                    self._vectors = pg_vector.probe_matches(cursor)
        return self._vectors

    def topic_ids(self) -> dict[str, int]:
        if self._topics is None:
            self._topics = dict(Topic.objects.values_list("slug", "pk"))
        return self._topics

    def topic_specs(self) -> tuple[TopicSpec, ...]:
        if self._topic_specs is None:
            rows = Topic.objects.order_by("slug").values_list("slug", "name", "keywords")
            specs = tuple(
                TopicSpec(slug, name, tuple(keywords or ())) for slug, name, keywords in rows
            )
            self._topic_specs = specs or tuple(load_default_topics())
        return self._topic_specs

    def load_topics_or_defaults(self) -> None:
        """Read the curators' topics, or take the shipped taxonomy when there is no database yet.

        Only for dry runs, which must work before `migrate`; never inside a transaction.
        """
        try:
            self.topic_specs()
        except DatabaseError:
            self._topic_specs = tuple(load_default_topics())

    def country_codes(self) -> frozenset[str]:
        if self._countries is None:
            self._countries = frozenset(Country.objects.values_list("code", flat=True))
        return self._countries

    def forget_writes(self) -> None:
        """Drop what a rolled-back import may have added (people it created, slugs it used)."""
        self.people.reset()
        self.slug_numbers.clear()
