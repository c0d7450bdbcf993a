"""`reparse_readouts` and the admin's "Re-parse selected meetings": stored meetings parsed again
from their stored text with the current topics, rewritten as `import_readouts --update` would."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_import_command import snapshot
from test_tally import assert_current as assert_tally_current

import archive.importer
from archive.aggregate_cache import archive_state
from archive.importer import import_readout, import_record
from archive.interchange import meeting_to_record
from archive.models import AgreedPoint, Meeting, Participant, Statement, Topic
from archive.tally import ALL_YEARS, Tally

pytestmark = pytest.mark.django_db

# A word no shipped topic has: adding it to a topic's keywords moves the meetings that say it.
WORD = "zebrafish"


def readout(n: int, *, word: str = WORD, country: str = "Pakistan", day: int = 0) -> str:
    """A readout of its own day (the same title, date and publisher would flag a second one)."""
    return (
        f"On March {day or n + 1}, 2021, Foreign Minister Li Ming held talks with Foreign Minister "
        f"Ahmed Khan of {country} in Beijing.\n\n"
        f"Ahmed Khan said that the {word} partnership is strong, number {n}.\n\n"
        f"The two sides agreed to meet again, meeting {n}.\n"
    )


def store(n: int, **kwargs) -> Meeting:
    options = {k: kwargs.pop(k) for k in ("publisher", "source_url", "published_on") if k in kwargs}
    options.setdefault("publisher", "cn-mfa")
    return import_readout(readout(n, **kwargs), source_name=f"r{n}.txt", **options).meeting


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("reparse_readouts", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def last_line(out: str) -> str:
    return out.strip().splitlines()[-1]


def add_keyword(slug: str, keyword: str = WORD) -> Topic:
    """A curator's change of a topic's keywords, saved as the admin saves it (with history)."""
    topic = Topic.objects.get(slug=slug)
    topic.keywords = [*topic.keywords, keyword]
    topic.save()
    return topic


def topic_count(topic: Topic) -> int:
    """The topic page's meeting count, from the running counts."""
    row = Tally.objects.filter(kind="t", a=str(topic.pk), b="", year=ALL_YEARS).first()
    return row.meetings if row else 0


def topics_of(meeting: Meeting) -> set[str]:
    return set(Meeting.objects.get(pk=meeting.pk).topics.values_list("slug", flat=True))


def test_right_after_an_import_nothing_changes():
    store(1)
    store(2)
    before = snapshot()
    code, out, err = run()
    assert (code, err) == (0, "")
    assert out == "updated=0 unchanged=2 failed=0 needs_review=0\n"
    assert snapshot() == before


def test_a_topics_new_keyword_tags_the_meetings_and_the_counts_follow(client):
    meeting = store(1)
    other = store(2, word="steady")
    topic = add_keyword("agriculture")
    assert "agriculture" not in topics_of(meeting) and topic_count(topic) == 0

    code, out, _ = run()
    assert code == 0
    assert out.splitlines() == [
        f"{meeting.slug}: updated",
        "updated=1 unchanged=1 failed=0 needs_review=0",
    ]
    assert "agriculture" in topics_of(meeting) and "agriculture" not in topics_of(other)
    assert topic_count(topic) == 1
    page = client.get(reverse("archive:topic-detail", args=[topic.slug]))
    assert meeting.title in page.content.decode()
    # Rewritten as the import rewrites: its own row, slug and history label.
    rewritten = Meeting.objects.get(pk=meeting.pk)
    assert rewritten.slug == meeting.slug
    assert rewritten.history.first().history_change_reason == "import: update"

    # The keyword taken out again: the meeting loses the topic, and the count drops.
    topic.keywords = [k for k in topic.keywords if k != WORD]
    topic.save()
    assert last_line(run()[1]) == "updated=1 unchanged=1 failed=0 needs_review=0"
    assert "agriculture" not in topics_of(meeting) and topic_count(topic) == 0


def test_each_meeting_keeps_its_publisher_publication_date_and_address():
    first = store(
        1,
        publisher="Department of Foreign Affairs of Ireland",
        source_url="https://example.org/one",
        published_on=datetime.date(2021, 3, 2),
    )
    second = store(2, source_url="https://example.org/two")
    add_keyword("agriculture")
    assert last_line(run()[1]) == "updated=2 unchanged=0 failed=0 needs_review=0"
    for before in (first, second):
        after = Meeting.objects.get(pk=before.pk)
        assert after.parse_fingerprint != before.parse_fingerprint
        assert (after.publisher, after.source_url, after.published_on) == (
            before.publisher,
            before.source_url,
            before.published_on,
        )
    assert first.publisher == "Department of Foreign Affairs of Ireland"


def test_a_dry_run_says_what_would_change_and_writes_nothing():
    meeting = store(1)
    store(2, word="steady")
    add_keyword("agriculture")
    before = snapshot()
    code, out, err = run("--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{meeting.slug}: would be updated",
        "the re-parse would report: updated=1 unchanged=1 failed=0 needs_review=0",
    ]
    assert snapshot() == before
    # What it foresaw is what the re-parse then does.
    assert last_line(run()[1]) == "updated=1 unchanged=1 failed=0 needs_review=0"


def test_a_curated_meeting_is_kept_unless_forced():
    meeting = store(1)
    meeting.title = "Curated title"
    meeting.review_status = Meeting.ReviewStatus.REVIEWED
    meeting.save()
    add_keyword("agriculture")

    for args in (["--dry-run"], []):
        code, out, _ = run(*args)
        assert code == 0
        assert f"{meeting.slug}: kept curators' edits to this reviewed entry" in out
        assert "updated=0 unchanged=1 failed=0" in last_line(out)
    kept = Meeting.objects.get(pk=meeting.pk)
    assert kept.title == "Curated title" and "agriculture" not in topics_of(meeting)

    assert last_line(run("--force")[1]) == "updated=1 unchanged=0 failed=0 needs_review=0"
    forced = Meeting.objects.get(pk=meeting.pk)
    assert forced.title != "Curated title" and "agriculture" in topics_of(meeting)


def test_a_reviewed_meeting_from_another_archives_export_is_kept_unless_forced():
    # Exported from an archive whose curators corrected the title and reviewed it, then imported
    # here: a parse of its text would not give their work back.
    record = meeting_to_record(store(1))
    Meeting.objects.all().delete()
    record.update(title="Curated title", review_status=Meeting.ReviewStatus.REVIEWED)
    meeting = import_record(record, source_name="export.jsonl:1").meeting
    add_keyword("agriculture")

    code, out, _ = run()
    assert f"{meeting.slug}: kept curators' edits to this reviewed entry" in out
    kept = Meeting.objects.get(pk=meeting.pk)
    assert kept.title == "Curated title" and "agriculture" not in topics_of(meeting)
    # Imported again from a newer export, the record replaces it as before.
    assert import_record({**record, "title": "Newer title"}, update=True).status == "updated"

    assert last_line(run("--force")[1]) == "updated=1 unchanged=0 failed=0 needs_review=0"
    forced = Meeting.objects.get(pk=meeting.pk)
    assert forced.title != "Newer title" and "agriculture" in topics_of(meeting)


def test_a_failing_batch_changes_nothing(monkeypatch):
    for n in range(3):
        store(n)
    add_keyword("agriculture")
    before = snapshot()
    calls = []
    real = archive.importer.rewrite_entries

    def second_fails(pairs, cache):
        calls.append(len(pairs))
        real(pairs[:1], cache)  # the first meeting is rewritten before the second fails
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(archive.importer, "rewrite_entries", second_fails)
    code, out, err = run()
    assert code == 1
    assert calls == [3]
    assert err.count("its batch was rolled back (RuntimeError: disk on fire)") == 3
    assert out == "updated=0 unchanged=0 failed=3 needs_review=0\n"
    assert snapshot() == before


def test_batches_are_each_whole(monkeypatch):
    """With two meetings a batch, the batch that fails is rolled back whole (its first meeting
    too) and the other kept."""
    meetings = [store(n) for n in range(4)]
    add_keyword("agriculture")
    real = archive.importer.rewrite_entries

    def last_fails(pairs, cache):
        for pair in pairs:
            if pair[1].pk == meetings[3].pk:
                raise RuntimeError("disk on fire")
            real([pair], cache)

    monkeypatch.setattr(archive.importer, "rewrite_entries", last_fails)
    code, out, _ = run("--batch-size", 2)
    assert code == 1 and last_line(out) == "updated=2 unchanged=0 failed=2 needs_review=0"
    tagged = ["agriculture" in topics_of(m) for m in meetings]
    assert tagged == [True, True, False, False]


def test_the_selection_options():
    pakistan = store(1, day=1)
    india = store(2, country="India", day=20)
    elsewhere = store(3, publisher="Department of Foreign Affairs of Ireland", day=10)
    add_keyword("agriculture")

    def would_update(*args):
        out = run("--dry-run", *args)[1]
        return {line.split(":")[0] for line in out.splitlines() if "would be updated" in line}

    every = {pakistan.slug, india.slug, elsewhere.slug}
    assert would_update() == every
    assert would_update("--country", "in") == {india.slug}
    assert would_update("--publisher", "cn-mfa") == {pakistan.slug, india.slug}
    assert would_update("--publisher", "department of foreign affairs of ireland") == {
        elsewhere.slug
    }
    assert would_update("--since", "2021-03-10") == {india.slug, elsewhere.slug}
    assert would_update("--until", "2021-03-10") == {pakistan.slug, elsewhere.slug}
    assert would_update("--since", "2021-03-05", "--until", "2021-03-15") == {elsewhere.slug}
    # A topic reaches the meetings its new keyword would tag, not yet tagged by it.
    assert would_update("--topic", "agriculture") == every
    assert would_update("--topic", "climate") == set()
    with pytest.raises(CommandError, match="no topic with the slug"):
        run("--topic", "no-such-topic")
    with pytest.raises(CommandError, match="no country with the code"):
        run("--country", "QQ")
    with pytest.raises(CommandError, match="is not a YYYY-MM-DD date"):
        run("--since", "March")


def test_a_topic_selects_the_meetings_it_tags_now():
    """Taking a keyword out reaches the meetings the topic tags, which no longer say it."""
    meeting = store(1)
    store(2, word="steady")
    topic = add_keyword("agriculture")
    run()
    topic.keywords = [k for k in topic.keywords if k != WORD]
    topic.save()
    out = run("--topic", "agriculture")[1]
    assert out.splitlines() == [
        f"{meeting.slug}: updated",
        "updated=1 unchanged=0 failed=0 needs_review=0",
    ]


def test_the_admin_action_reparses_the_selected_meetings(client):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-curator-1")
    client.force_login(user)
    chosen, other = store(1), store(2)
    add_keyword("agriculture")
    response = client.post(
        reverse("admin:archive_meeting_changelist"),
        {"action": "reparse_selected", "_selected_action": [chosen.pk]},
        follow=True,
    )
    assert response.status_code == 200
    text = [str(m) for m in response.context["messages"]]
    assert text == ["Re-parsed 1 meeting(s): updated=1 unchanged=0 failed=0 needs_review=0."]
    assert "agriculture" in topics_of(chosen) and "agriculture" not in topics_of(other)

    # A curated entry is kept, and the message says so and how to replace it.
    other.title = "Curated title"
    other.review_status = Meeting.ReviewStatus.REVIEWED
    other.save()
    response = client.post(
        reverse("admin:archive_meeting_changelist"),
        {"action": "reparse_selected", "_selected_action": [chosen.pk, other.pk]},
        follow=True,
    )
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        (
            "warning",
            "Re-parsed 2 meeting(s): updated=0 unchanged=2 failed=0 needs_review=0. "
            f"Kept curators' edits to 1 reviewed meeting(s) ({other.slug}); "
            "`manage.py reparse_readouts --force` replaces them.",
        )
    ]
    assert Meeting.objects.get(pk=other.pk).title == "Curated title"


def test_a_text_that_no_longer_matches_its_hash_is_not_stored_again():
    """The import finds a stored text by its hash: one changed behind its back would be stored
    as a new meeting, so it is reported instead."""
    meeting = store(1)
    Meeting.objects.filter(pk=meeting.pk).update(source_text=meeting.source_text + " Changed.")
    before = snapshot()
    for args in (["--dry-run"], []):
        code, out, err = run(*args)
        assert code == 1
        assert (
            err
            == f"{meeting.slug}: its stored text does not match its content hash; import the readout again\n"
        )
        assert "updated=0 unchanged=0 failed=1 needs_review=0" in out
    assert snapshot() == before


def _children(meeting: Meeting) -> dict:
    """Each child of a meeting as its history copies it, by model and id."""
    found = {}
    for model in (Participant, Statement, AgreedPoint):
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.filter(meeting=meeting).values(*fields):
            found[(model.__name__, row["id"])] = row
    return found


def test_a_rewrite_keeps_each_deleted_childs_last_version_in_its_history():
    """The children a rewrite replaces stay recoverable from their history ("-" rows holding
    their last versions, as the ORM's delete wrote them), written together: the queries of a
    batch's rewrite do not grow with its meetings' children."""
    meetings = [store(n) for n in range(1, 4)]
    statement = Statement.objects.filter(meeting=meetings[0]).first()
    statement.text = "A curator's wording."
    statement.save()
    before = {key: row for m in meetings for key, row in _children(m).items()}
    assert len(before) >= 12
    Meeting.objects.update(parse_fingerprint="older", review_status="needs_review")

    state = archive_state()
    with CaptureQueriesContext(connection) as queries:
        assert last_line(run()[1]) == "updated=3 unchanged=0 failed=0 needs_review=0"
    assert archive_state() != state  # the aggregates are computed anew
    saved = [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith("INSERT")
        and "archive_historicalmeeting" in query["sql"]
    ]
    # The meetings' own history rows, together (on PostgreSQL by COPY, which is not logged).
    assert len(saved) <= 1
    rows = Meeting.history.filter(history_change_reason="import: update", history_type="~")
    assert rows.count() == 3 and len({row.history_date for row in rows}) == 1
    deleted = [
        query["sql"] for query in queries if query["sql"].lstrip().upper().startswith("DELETE")
    ]
    # Statements, agreed points, participants, two of their links and two of the meeting's,
    # once for the batch.
    assert len(deleted) == 7

    times = set()
    for (name, pk), row in before.items():
        model = {"Participant": Participant, "Statement": Statement, "AgreedPoint": AgreedPoint}
        last = model[name].history.filter(id=pk).order_by("-history_id").first()
        assert last.history_type == "-" and last.history_change_reason is None
        assert {field: getattr(last, field) for field in row} == row
        assert last.history_user_id is None
        times.add((last.meeting_id, last.history_date))
    # One time for the batch.
    assert len({when for _meeting, when in times}) == 1
    assert_tally_current()


def test_whether_curators_edited_a_batchs_meetings_is_read_once_for_the_batch():
    meetings = [store(n) for n in range(1, 5)]
    statement = Statement.objects.filter(meeting=meetings[1]).first()
    statement.text = "A curator's wording."
    statement.save()
    point = AgreedPoint.objects.filter(meeting=meetings[2]).first()
    point.delete()  # a deletion is no edit the re-parse would lose
    Meeting.objects.filter(pk=meetings[3].pk).first().save()  # an admin save
    Meeting.objects.update(parse_fingerprint="older")
    assert {m.review_status for m in Meeting.objects.all()} == {"reviewed"}

    with CaptureQueriesContext(connection) as queries:
        code, out, _ = run()
    assert code == 0
    assert out.splitlines()[-1] == "updated=2 unchanged=2 failed=0 needs_review=0"
    assert Meeting.objects.get(pk=meetings[1].pk).parse_fingerprint == "older"
    assert Meeting.objects.get(pk=meetings[3].pk).parse_fingerprint == "older"
    assert Meeting.objects.get(pk=meetings[2].pk).parse_fingerprint != "older"
    read = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    # The meetings' own history (the importer's rows, the others) and their children's.
    assert sum("archive_historical" in sql for sql in read) == 5


def test_the_admin_action_refuses_more_than_one_request_can_reparse(client, monkeypatch):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-curator-1")
    client.force_login(user)
    first, second = store(1), store(2)
    add_keyword("agriculture")
    monkeypatch.setattr("archive.admin.REPARSE_LIMIT", 1)
    response = client.post(
        reverse("admin:archive_meeting_changelist"),
        {"action": "reparse_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        (
            "error",
            "Nothing re-parsed: more than 1 meetings are selected, more than one request can "
            "re-parse. Select fewer, or run `manage.py reparse_readouts` (by topic, country, "
            "publisher or dates; docs/importing.md).",
        )
    ]
    assert "agriculture" not in topics_of(first) and "agriculture" not in topics_of(second)
