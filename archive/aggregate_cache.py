"""The cache of aggregates over whole tables (the unfiltered list's facets, a country's
counterparts, a pair's timeline), kept per archive state: any save or delete of a meeting, its
links, a person, a country or a topic changes the state, and the aggregates are computed anew.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic

# Aggregates over whole tables (the unfiltered list's facets, a country's counterparts, a pair's
# timeline) are the same for every visitor until the archive changes, and cost tens of
# milliseconds each at 100,000 readouts. They are cached under a key holding the archive's state:
# the newest meeting's id and last change (an index lookup, unlike COUNT or MAX(updated_at) over the
# table, which take hundreds of milliseconds there) and a version bumped by every save or delete
# in this process. Bulk writes that bypass signals and add no meeting (a re-import editing existing
# ones) show after AGGREGATE_CACHE_SECONDS at the latest.
AGGREGATE_CACHE_SECONDS = 120
_VERSION_KEY = "archive:aggregates:version"


def archive_state() -> str:
    """A short key that changes whenever a meeting is added, and on every save or delete."""
    # Written out: the ORM's compilation of this one-row query cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, updated_at FROM archive_meeting ORDER BY id DESC LIMIT 1")
        newest = cursor.fetchone()
    version = cache.get(_VERSION_KEY, 0)
    if newest is None:
        return f"{version}:-"
    changed = str(newest[1]).replace(" ", "T") if newest[1] else "-"  # no spaces in cache keys
    return f"{version}:{newest[0]}:{changed}"


def request_state(request) -> str:
    """`archive_state()`, read once per request however many aggregates the page shows."""
    state = getattr(request, "_archive_state", None)
    if state is None:
        state = archive_state()
        if request is not None:
            request._archive_state = state
    return state


def cached_aggregate(
    name: str,
    compute: Callable[[], Any],
    state: str | None = None,
    seconds: int = AGGREGATE_CACHE_SECONDS,
) -> Any:
    """`compute()`, cached per archive state for `seconds` at most."""
    key = f"archive:aggregate:{state or archive_state()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_only(name: str, state: str) -> Any:
    """What `cached_aggregate(name, ...)` holds for `state`, or None when it is not cached: for
    a page that uses an aggregate only when another page has paid for it."""
    return cache.get(f"archive:aggregate:{state}:{name}")


def _bump_version() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


def archive_changed(**kwargs) -> None:
    # Again once the change is committed: a page read between the save and the commit (an admin
    # form saves its inlines in one transaction) must not stay cached under the new state.
    _bump_version()
    transaction.on_commit(_bump_version)


for _model in (Meeting, Participant, Statement, AgreedPoint, Country, Topic, Person):
    post_save.connect(archive_changed, sender=_model, dispatch_uid=f"aggregates-save-{_model}")
    post_delete.connect(archive_changed, sender=_model, dispatch_uid=f"aggregates-del-{_model}")
for _through in (Meeting.countries.through, Meeting.topics.through):
    m2m_changed.connect(archive_changed, sender=_through, dispatch_uid=f"aggregates-m2m-{_through}")
