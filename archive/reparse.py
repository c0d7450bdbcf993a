"""Re-parsing stored meetings: `manage.py reparse_readouts` and the admin's "Re-parse selected
meetings".

Every meeting keeps the text it was parsed from (`Meeting.source_text`, normalised as the import
stored it) with its publisher, publication date and address, so it can be parsed again with the
current parser and the curators' current topics when the files it came from are long gone. The
texts go through the import's own path, `archive.importer.import_items` with `update=True`, as
`import_readouts --update` on the original files would send them: an entry is rewritten only when
its parse changed, a reviewed entry that curators edited is kept unless `force`, and the rewrite
labels its history row, moves the running counts (`archive.tally`) and rewrites the search rows as
the import's does. Each meeting is parsed with its own publisher, publication date and address.

Meetings are taken in batches of `BATCH_SIZE`, in the order they were stored, each batch in one
transaction: a meeting whose text no longer parses is reported failed and left as it is, as the
import leaves it, and any other error in a batch rolls the whole batch back, each of its meetings
reported failed, before the next batch goes on.

With `workers`, the texts are parsed in the import's worker processes (`archive.import_run`:
`ParsePool`, `parse_ahead`) while this process writes: the texts of the next batches are read and
sent to the workers before the current batch is written. A batch still reads its meetings again in
its own transaction, and takes a worker's parse only for the text, publisher and publication date
it was made from; any other meeting is parsed here. The parser is pure, so what is written is the
same either way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import transaction
from django.db.models import Q

from .import_cache import ImportCache
from .import_entries import Entry, people_warnings
from .import_input import ImportFailed, Item, Preparsed, content_hash, resolve_publisher
from .import_run import BATCH_SIZE, Options, ParsePool, Summary, parse_ahead, review_line
from .importer import (
    CREATED,
    KEPT_CURATED,
    UPDATED,
    ImportResult,
    import_items,
    review_reason,
    stored_outcomes,
)
from .models import Country, Meeting, Topic
from .parsing.topics import TopicMatcher

# What a batch reads of each meeting: what the import is given, and what the dry run compares.
_FIELDS = (
    "pk",
    "slug",
    "source_text",
    "content_hash",
    "publisher",
    "published_on",
    "source_url",
    "parse_fingerprint",
    "review_status",
    "warnings",
)
# What the parse workers are sent of each meeting (`meeting_item`).
_ITEM_FIELDS = ("pk", "slug", "source_text", "publisher", "published_on", "source_url")
# Meetings whose texts are read at a time while selecting by a topic's keywords.
_SCAN_CHUNK = 500
# Why a selected meeting was not re-parsed when it is gone by the time its batch is read.
NOT_STORED = "no longer stored"


class SelectionError(ValueError):
    """A selection that names no topic or country the archive has; the message is for the user."""


@dataclass(frozen=True)
class Selection:
    """Which stored meetings to re-parse; every one when nothing is given. `since` and `until`
    bound the meeting's date (`held_on`), both included; undated meetings fall outside any
    bound."""

    topic: str | None = None
    country: str | None = None
    publisher: str | None = None
    since: datetime.date | None = None
    until: datetime.date | None = None


@dataclass
class Reparsed:
    """What a re-parse did (or, dry, would do): the import's counts, and the meetings it
    rewrote and those whose curated entries it kept, by slug."""

    summary: Summary = field(default_factory=Summary)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The import's summary line, without `created` (a re-parse creates nothing)."""
        s = self.summary
        return (
            f"updated={s.updated} unchanged={s.unchanged} failed={s.failed} "
            f"needs_review={s.needs_review}"
        )


def selected(selection: Selection, cache: ImportCache | None = None) -> list[tuple[int, str]]:
    """(pk, slug) of each meeting in `selection`, in the order they were stored.

    A topic selects the meetings tagged with it now (the meeting, a statement or an agreed
    point), which a re-parse may untag, and those whose text its current keywords match
    anywhere, which a re-parse may tag: a re-parse after a curator changed its keywords reaches
    every meeting the change can move. SelectionError for a topic or country not in the archive.
    """
    meetings = Meeting.objects.all()
    if selection.country:
        code = selection.country.strip().upper()
        if not Country.objects.filter(code=code).exists():
            raise SelectionError(f"no country with the code {selection.country!r}")
        meetings = meetings.filter(Q(countries=code) | Q(location_country=code))
    if selection.publisher:
        _, name = resolve_publisher(selection.publisher)
        names = {selection.publisher.strip(), name or ""} - {""}
        either = Q()
        for value in names:
            either |= Q(publisher__iexact=value)
        meetings = meetings.filter(either)
    if selection.since:
        meetings = meetings.filter(held_on__gte=selection.since)
    if selection.until:
        meetings = meetings.filter(held_on__lte=selection.until)
    pairs = list(meetings.order_by("pk").values_list("pk", "slug").distinct())
    if selection.topic:
        # Kept in Python: a topic's meetings can be more than a query may list.
        found = _topic_meetings(selection.topic, meetings, cache)
        pairs = [pair for pair in pairs if pair[0] in found]
    return pairs


def _topic_meetings(slug: str, meetings, cache: ImportCache | None) -> set[int]:
    topic = Topic.objects.filter(slug=slug.strip()).first()
    if topic is None:
        raise SelectionError(f"no topic with the slug {slug!r}")
    tagged = Q(topics=topic) | Q(statements__topics=topic) | Q(agreed_points__topics=topic)
    found = set(meetings.filter(tagged).values_list("pk", flat=True))
    specs = [spec for spec in (cache or ImportCache()).topic_specs() if spec.slug == topic.slug]
    if specs and specs[0].keywords:
        matcher = TopicMatcher(specs)
        rows = meetings.values_list("pk", "source_text").iterator(_SCAN_CHUNK)
        found.update(pk for pk, text in rows if pk not in found and matcher.match(text))
    return found


def meeting_item(meeting: Meeting) -> Item:
    """The meeting's stored text as the import takes a file's, with the meeting's own publisher,
    publication date and address, named by its slug."""
    return Item(
        meeting.slug,
        text=meeting.source_text,
        published_on=meeting.published_on,
        publisher=meeting.publisher or None,
        source_url=meeting.source_url,
    )


def reparse(
    meetings: Iterable[tuple[int, str]],
    *,
    force: bool = False,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    workers: int = 0,
    on_failure: Callable[[str], None] = lambda line: None,
) -> Reparsed:
    """Re-parse the meetings given as (pk, slug), `selected`'s list; see the module docstring.
    `workers` > 0 parses the texts in that many worker processes.

    A dry run reads and parses only, and reports what the re-parse would do."""
    result = Reparsed()
    cache = ImportCache()
    pairs = list(meetings)
    step = max(1, batch_size)
    batches = (pairs[start : start + step] for start in range(0, len(pairs), step))

    def flush(batch: list[tuple[int, str]], parsed: dict[int, Item]) -> None:
        if dry_run:
            _foresee_batch(batch, force, cache, result, on_failure, parsed)
        else:
            _reparse_batch(batch, force, cache, result, on_failure, parsed)

    if workers <= 0:
        for batch in batches:
            flush(batch, {})
        return result
    with ParsePool(workers, Options(update=True), cache) as pool:
        ahead = _ReadAhead(pool)
        parse_ahead(batches, ahead.send, ahead.receive, flush)
    return result


class _ReadAhead:
    """The texts of the batches ahead of the one being written, read (outside its transaction)
    and sent to the parse workers; `receive` gives back each meeting's item with its parse."""

    def __init__(self, pool: ParsePool) -> None:
        self.pool = pool
        self.sent: dict[int, Item] = {}

    def send(self, batch: list[tuple[int, str]]) -> list[Future]:
        rows = Meeting.objects.filter(pk__in=[pk for pk, _ in batch]).only(*_ITEM_FIELDS)
        items = [(meeting.pk, meeting_item(meeting)) for meeting in rows]
        self.sent.update(items)
        return self.pool.send_items(items)

    def receive(self, futures: list[Future]) -> dict[int, Item]:
        parses: dict[int, Preparsed] = self.pool.receive(futures)
        return {
            pk: replace(self.sent.pop(pk), preparsed=preparsed) for pk, preparsed in parses.items()
        }


def _items(meetings: list[Meeting], parsed: dict[int, Item]) -> list[Item]:
    """Each meeting's item, with the workers' parse when it was made from what the meeting
    holds now (its text, publisher and publication date, read again in the batch)."""
    items = []
    for meeting in meetings:
        item = meeting_item(meeting)
        ahead = parsed.get(meeting.pk)
        if ahead is not None and replace(ahead, preparsed=None) == item:
            item = ahead
        items.append(item)
    return items


def _reparse_batch(
    batch: list[tuple[int, str]],
    force: bool,
    cache: ImportCache,
    result: Reparsed,
    on_failure: Callable[[str], None],
    parsed: dict[int, Item],
) -> None:
    outcomes: dict[int, ImportResult | str] = {}
    try:
        with transaction.atomic():
            # Locked (on PostgreSQL) so that none is deleted before it is rewritten: the import
            # would store a text it no longer finds as a new meeting.
            rows = Meeting.objects.filter(pk__in=[pk for pk, _ in batch]).select_for_update()
            meetings = _readable(rows, outcomes)
            items = _items(meetings, parsed)
            stored = import_items(items, update=True, force=force, cache=cache)
            for meeting, outcome in zip(meetings, stored, strict=True):
                if isinstance(outcome, ImportResult) and outcome.status == CREATED:
                    raise RuntimeError(f"{meeting.slug} was stored anew, not re-parsed")
                outcomes[meeting.pk] = (
                    outcome if isinstance(outcome, ImportResult) else str(outcome)
                )
    except Exception as error:  # noqa: BLE001 - the batch is rolled back and reported, the run goes on
        cache.forget_writes()
        reason = f"not re-parsed: its batch was rolled back ({type(error).__name__}: {error})"
        outcomes = dict.fromkeys((pk for pk, _ in batch), reason)
    for pk, slug in batch:
        outcome = outcomes.get(pk, NOT_STORED)
        if isinstance(outcome, str):
            on_failure(result.summary.fail(slug, outcome))
            continue
        result.summary.count(outcome, slug)
        if outcome.status == UPDATED:
            result.updated.append(slug)
        elif KEPT_CURATED in outcome.warnings:
            result.kept.append(slug)


def _readable(rows, problems: dict[int, Any]) -> list[Meeting]:
    """The meetings of `rows` that can go through the import again, in the order they were
    stored; why each other cannot goes into `problems` by pk. A meeting's text must hash to its
    content hash, by which the import finds it."""
    meetings = []
    for meeting in rows.order_by("pk").only(*_FIELDS):
        if not meeting.source_text.strip():
            problems[meeting.pk] = "no stored source text to re-parse"
        elif content_hash(meeting.source_text) != meeting.content_hash:
            problems[meeting.pk] = (
                "its stored text does not match its content hash; import the readout again"
            )
        else:
            meetings.append(meeting)
    return meetings


def _foresee_batch(
    batch: list[tuple[int, str]],
    force: bool,
    cache: ImportCache,
    result: Reparsed,
    on_failure: Callable[[str], None],
    parsed: dict[int, Item],
) -> None:
    """What `_reparse_batch` would do, as `stored_outcomes` tells it; nothing is written."""
    problems: dict[int, str] = {}
    meetings = _readable(Meeting.objects.filter(pk__in=[pk for pk, _ in batch]), problems)
    entries: dict[int, Entry] = {}
    items = _items(meetings, parsed)
    outcomes = stored_outcomes(items, update=True, force=force, cache=cache, entries=entries)
    foreseen = {m.pk: (m, outcomes.get(i, NOT_STORED), entries[i]) for i, m in enumerate(meetings)}
    for pk, slug in batch:
        meeting, outcome, entry = foreseen.get(pk, (None, problems.get(pk, NOT_STORED), None))
        if meeting is None or isinstance(outcome, ImportFailed) or outcome == NOT_STORED:
            on_failure(result.summary.fail(slug, str(outcome)))
            continue
        if outcome == UPDATED:
            result.summary.updated += 1
            result.updated.append(slug)
            warnings = [*entry.parsed.warnings, *people_warnings(entry.parsed, (), cache)]
            review = review_reason(warnings) if warnings else None
        else:
            result.summary.unchanged += 1
            if entry.parsed is not None and (
                entry.fingerprint,
                entry.publisher,
                entry.source_url,
            ) != (meeting.parse_fingerprint, meeting.publisher, meeting.source_url):
                result.kept.append(slug)
            needs = meeting.review_status == Meeting.ReviewStatus.NEEDS_REVIEW
            review = review_reason(meeting.warnings) if needs else None
        if review is not None:
            result.summary.needs_review += 1
            result.summary.reviews.append(review_line(slug, review))
