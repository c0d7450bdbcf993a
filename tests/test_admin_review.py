"""The admin's review queue: every import warning falls into a kind of check, and the meeting
list filters and labels entries by those kinds on either database."""

import datetime
import io
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from sample_data import make_meeting
from test_admin import _form_data

from archive.admin_review import rows_after
from archive.models import Meeting, Person
from archive.review_reasons import KINDS, OTHER, kinds_of

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEED = ROOT / "seeds" / "2022-03-21-china-mfa-wang-yi-qureshi-islamabad.txt"


def _golden_warnings() -> set[str]:
    found = set()
    for path in GOLDEN.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for readout in data if isinstance(data, list) else [data]:
            found.update(readout["warnings"])
    return found


def test_every_warning_the_parser_gives_the_fixtures_has_a_kind():
    warnings = _golden_warnings()
    assert len(warnings) > 40
    unclaimed = sorted(w for w in warnings if kinds_of([w]) == [OTHER])
    assert unclaimed == []


def test_a_warning_no_kind_claims_is_other_and_kinds_keep_their_order():
    found = kinds_of(["Something new.", "Publisher not recognised from the text.", "No date."])
    assert found == ["Publisher unknown", OTHER]
    assert kinds_of([]) == []


@pytest.fixture
def curator(client):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-curator-1")
    client.force_login(user)
    return client


def listed(client, **params) -> set[str]:
    response = client.get(reverse("admin:archive_meeting_changelist"), params)
    assert response.status_code == 200
    return {meeting.slug for meeting in response.context["cl"].result_list}


@pytest.mark.django_db
def test_the_import_s_own_warnings_are_filtered_by_kind(curator, tmp_path):
    # Two people of Pakistan bear the seed's "Qureshi"; a second capture of the seed shares its
    # title, date and publisher.
    Person.objects.create(name="Shah Mahmood Qureshi", slug="shah-mahmood-qureshi", country_id="PK")
    Person.objects.create(name="Ali Qureshi", slug="ali-qureshi", country_id="PK")
    seed = SEED.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "b.txt").write_text(seed + "\nPrinted from the ministry's website.\n", "utf-8")
    call_command("import_readouts", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    first, second = Meeting.objects.order_by("pk")
    assert all(kinds_of(m.warnings) and OTHER not in kinds_of(m.warnings) for m in (first, second))
    assert listed(curator, reason="participants") == {first.slug, second.slug}
    assert listed(curator, reason="duplicate") == {second.slug}
    assert listed(curator, reason="publisher") == set()
    html = curator.get(reverse("admin:archive_meeting_changelist")).content.decode()
    assert "Participants; Possible duplicate" in html


@pytest.mark.django_db
def test_the_filter_reads_warnings_beyond_ascii_and_ignores_an_unknown_kind(curator):
    placed, unplaced, quiet = make_meeting(), make_meeting(), make_meeting()
    Meeting.objects.filter(pk=unplaced.pk).update(
        warnings=["Country of participant 'Mevlüt Çavuşoğlu' not determined."]
    )
    Meeting.objects.filter(pk=placed.pk).update(
        warnings=["Meeting place taken from the dateline (Brasília)."],
        review_status=Meeting.ReviewStatus.REVIEWED,
    )
    assert listed(curator, reason="participants") == {unplaced.slug}
    # A reviewed entry still shows what its warnings asked; the status filter narrows to the queue.
    assert listed(curator, reason="place") == {placed.slug}
    assert listed(curator, reason="place", review_status__exact="needs_review") == set()
    assert listed(curator, reason="nonsense") == {placed.slug, unplaced.slug, quiet.slug}


def test_each_kind_has_its_own_address():
    assert len({kind.slug for kind in KINDS}) == len(KINDS)
    assert len({kind.label for kind in KINDS}) == len(KINDS)


def test_the_import_guide_names_every_kind():
    guide = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
    assert all(f"| `{kind.slug}` | {kind.label} |" in guide for kind in KINDS)


@pytest.mark.django_db
def test_the_entries_whose_only_warning_is_of_one_kind(curator):
    dated, also_unplaced, clean = make_meeting(), make_meeting(), make_meeting()
    inferred = "Meeting date inferred from 'yesterday' relative to the date printed in the text."
    Meeting.objects.filter(pk=dated.pk).update(warnings=[inferred])
    Meeting.objects.filter(pk=also_unplaced.pk).update(
        warnings=[inferred, "Country of participant 'Kim' not determined."]
    )
    Meeting.objects.filter(pk=clean.pk).update(warnings=[])
    assert listed(curator, reason="date-inferred") == {dated.slug, also_unplaced.slug}
    assert listed(curator, reason="date-inferred", warnings="1") == {dated.slug}
    assert listed(curator, warnings="2") == {also_unplaced.slug}
    assert listed(curator, warnings="0") == {clean.slug}


def review_and_next(client, meeting, filters: str):
    """Press "Save, mark reviewed and open the next" on `meeting`'s page, opened from the list
    at `?filters`."""
    query = urlencode({"_changelist_filters": filters})
    url = f"{reverse('admin:archive_meeting_change', args=[meeting.pk])}?{query}"
    page = client.get(url).content.decode()
    assert 'name="_reviewed_next"' in page
    data = _form_data(client, url)
    data.pop("_save", None)
    return client.post(url, {**data, "_reviewed_next": "1"})


@pytest.mark.django_db
def test_a_curator_marks_a_meeting_reviewed_and_opens_the_next_of_the_queue(curator):
    first, second, third, done = (make_meeting() for _ in range(4))
    for day, meeting in zip((4, 3, 2, 1), (first, second, third, done), strict=True):
        Meeting.objects.filter(pk=meeting.pk).update(held_on=datetime.date(2025, 1, day))
    Meeting.objects.filter(pk=done.pk).update(review_status=Meeting.ReviewStatus.REVIEWED)
    queue = "review_status__exact=needs_review&o=-2"

    response = review_and_next(curator, second, queue)
    second.refresh_from_db()
    assert second.review_status == Meeting.ReviewStatus.REVIEWED
    assert second.history.first().review_status == Meeting.ReviewStatus.REVIEWED
    change = reverse("admin:archive_meeting_change", args=[third.pk])
    assert response["Location"] == f"{change}?{urlencode({'_changelist_filters': queue})}"

    # After the last one of the list, the first still waiting; then the list itself.
    shown = [str(m) for m in curator.get(response["Location"]).context["messages"]]
    assert shown == [f"“{second}” is marked reviewed. Next: “{third}”."]
    response = review_and_next(curator, third, queue)
    assert response["Location"].startswith(reverse("admin:archive_meeting_change", args=[first.pk]))
    shown = [str(m) for m in curator.get(response["Location"]).context["messages"]]
    assert shown == [
        f"“{third}” is marked reviewed; nothing after it needs review. "
        f"Back to the first still waiting: “{first}”."
    ]
    response = review_and_next(curator, first, queue)
    assert response["Location"].startswith(reverse("admin:archive_meeting_changelist"))
    shown = [str(m) for m in curator.get(response["Location"]).context["messages"]]
    assert shown == [f"“{first}” is marked reviewed; nothing else in this list needs review."]
    # A reviewed meeting's page has no such button.
    page = curator.get(reverse("admin:archive_meeting_change", args=[first.pk]))
    assert b'name="_reviewed_next"' not in page.content


def queue_after(curator_user, meeting, filters: str):
    """What "open the next" finds after `meeting` in the list at `?filters`, and whether it is
    found back at the top, before it; every read of the list asks for a row or a few, however long the list."""
    from django.contrib import admin
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/", {"_changelist_filters": filters})
    request.user = curator_user
    with CaptureQueriesContext(connection) as queries:
        found = admin.site.get_model_admin(Meeting).next_for_review(request, meeting)
    # The list's filters read the countries and topics to choose from; the meetings, a row each.
    reads = [q["sql"] for q in queries if '"archive_meeting"' in q["sql"]]
    assert 1 <= len(reads) <= 3 and all(sql.endswith("LIMIT 1") for sql in reads), reads
    return found


def expected_after(client, meeting, filters: str):
    """The next meeting needing review after `meeting` in the list as its page shows it, and
    whether it is the first still waiting from the top, before it."""
    params = dict(pair.split("=") for pair in filters.split("&") if pair)
    order = list(
        client.get(reverse("admin:archive_meeting_changelist"), params).context["cl"].result_list
    )
    start = order.index(meeting) + 1 if meeting in order else 0
    waiting = [m for m in order if m != meeting and m.review_status == "needs_review"]
    later = [m for m in order[start:] if m in waiting]
    if later:
        return later[0], False
    return (waiting[0], True) if waiting else None


@pytest.fixture
def curator_user(curator):
    return get_user_model().objects.get(username="curator")


def _queue_of(publishers_and_days):
    meetings = []
    for publisher, day in publishers_and_days:
        meeting = make_meeting()
        held_on = None if day is None else datetime.date(2025, 1, day)
        Meeting.objects.filter(pk=meeting.pk).update(publisher=publisher, held_on=held_on)
        meetings.append(Meeting.objects.get(pk=meeting.pk))
    return meetings


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [
        "o=5",  # by publisher, shared by several: the newest first among them
        "o=-5",
        "o=5.-2",
        "o=2",  # by date, ascending: where NULLs fall is the database's
        "o=-2",
        "",  # the archive's own order: newest date first, undated last
        "review_status__exact=needs_review&o=-5.2",
        "q=Talks&o=3.5",
    ],
)
def test_the_next_is_found_from_where_the_meeting_stands_in_any_order(
    curator, curator_user, filters
):
    meetings = _queue_of(
        [("b", 3), ("a", None), ("b", 3), ("c", 1), ("b", None), ("a", 2), ("b", 5), ("c", 5)]
    )
    Meeting.objects.filter(pk__in=[meetings[2].pk, meetings[7].pk]).update(
        review_status=Meeting.ReviewStatus.REVIEWED
    )
    for meeting in Meeting.objects.all():
        assert queue_after(curator_user, meeting, filters) == expected_after(
            curator, meeting, filters
        ), (meeting, filters)


@pytest.mark.django_db
def test_the_next_by_a_shared_value_descending_and_round_to_the_top(curator, curator_user):
    a1, b1, b2, b3, c1 = _queue_of([("a", 1), ("b", 1), ("b", 1), ("b", 1), ("c", 1)])
    # By publisher, descending; meetings of one publisher newest first: c1, b3, b2, b1, a1.
    assert queue_after(curator_user, b3, "o=-5") == (b2, False)
    assert queue_after(curator_user, b1, "o=-5") == (a1, False)
    assert queue_after(curator_user, a1, "o=-5") == (c1, True)
    Meeting.objects.exclude(pk=b2.pk).update(review_status=Meeting.ReviewStatus.REVIEWED)
    assert queue_after(curator_user, b1, "o=-5") == (b2, True)
    assert queue_after(curator_user, b2, "o=-5") is None
    # A meeting the list does not hold: the first of the list still waiting, not round to it.
    assert queue_after(curator_user, a1, "o=-5&publisher__exact=b") == (b2, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ordering",
    [
        # Each ends with the primary key, as the admin makes every list's order total.
        [Lower("publisher").desc(), F("held_on").asc(nulls_first=True), "-pk"],
        [F("held_on").desc(nulls_last=True), "title", "pk"],
        ["held_on", "-publisher", "-id"],
        [Coalesce("held_on", Value(datetime.date(2025, 1, 4))), "-id"],
    ],
)
def test_the_rows_after_one_follow_any_ordering(ordering):
    _queue_of([("B", 3), ("a", None), ("b", 3), ("c", 1), ("b", None), ("A", 2), ("b", 5)])
    listed_in_order = list(Meeting.objects.order_by(*ordering).values_list("pk", flat=True))
    for at, pk in enumerate(listed_in_order):
        after = rows_after(Meeting.objects.order_by(*ordering), pk)
        assert list(after.values_list("pk", flat=True)) == listed_in_order[at + 1 :], ordering
    assert rows_after(Meeting.objects.filter(publisher="c").order_by(*ordering), pk=0) is None
