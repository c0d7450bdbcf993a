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
from django.urls import reverse
from sample_data import make_meeting
from test_admin import _form_data

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
    response = review_and_next(curator, third, queue)
    assert response["Location"].startswith(reverse("admin:archive_meeting_change", args=[first.pk]))
    response = review_and_next(curator, first, queue)
    assert response["Location"].startswith(reverse("admin:archive_meeting_changelist"))
    shown = [str(m) for m in curator.get(response["Location"]).context["messages"]]
    assert shown == [f"“{first}” is marked reviewed; nothing after it needs review."]
    # A reviewed meeting's page has no such button.
    page = curator.get(reverse("admin:archive_meeting_change", args=[first.pk]))
    assert b'name="_reviewed_next"' not in page.content
