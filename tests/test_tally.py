"""The running counts behind the entity pages stay equal to counting the meetings themselves,
whatever writes them: the importer's bulk inserts, a re-import, edits as the admin makes them,
deletes."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from factories import import_many, import_search_corpus

from archive import tally
from archive.models import AgreedPoint, Country, Meeting, Statement, Topic
from archive.tally import ALL_YEARS, UNDATED, Tally

pytestmark = pytest.mark.django_db


def counted() -> dict:
    """What the tally should hold, counted meeting by meeting in Python."""
    expected: Counter = Counter()
    for meeting in Meeting.objects.prefetch_related("countries", "topics", "agreed_points"):
        year = meeting.held_on.year if meeting.held_on else UNDATED
        codes = sorted(c.code for c in meeting.countries.all())
        agreed = len(meeting.agreed_points.all())
        for i, a in enumerate(codes):
            for b in codes[i:]:
                for y in (year, ALL_YEARS):
                    expected[("p", a, b, y, "meetings")] += 1
                    expected[("p", a, b, y, "agreed")] += agreed
            for topic in meeting.topics.all():
                expected[("c", a, str(topic.pk), ALL_YEARS, "meetings")] += 1
        for topic in meeting.topics.all():
            for y in (year, ALL_YEARS):
                expected[("t", str(topic.pk), "", y, "meetings")] += 1
    return {key: n for key, n in expected.items() if n}


def stored() -> dict:
    found = {}
    for row in Tally.objects.exclude(kind="n"):
        for column in ("meetings", "agreed"):
            value = getattr(row, column)
            if value:
                found[(row.kind, row.a, row.b, row.year, column)] = value
    return found


def assert_current():
    assert stored() == counted()
    assert tally.totals() == {
        "meetings": Meeting.objects.count(),
        "statements": Statement.objects.count(),
        "agreed_points": AgreedPoint.objects.count(),
    }


@pytest.fixture
def meetings(db):
    found = import_many(6)
    import_search_corpus()
    return found


def test_an_import_fills_the_tally(meetings):
    assert stored()
    assert_current()


def test_edits_as_the_admin_makes_them_keep_it_current(meetings):
    meeting = meetings[0]
    meeting.countries.add("FR", "JP")
    assert_current()
    meeting.countries.remove("PK")
    assert_current()
    meeting.topics.set(Topic.objects.all()[:3])
    assert_current()
    meeting.held_on = datetime.date(1999, 5, 1)
    meeting.save()
    assert_current()
    meeting.held_on = None
    meeting.save()
    assert_current()
    AgreedPoint.objects.create(meeting=meeting, text="Agreed to meet.", position=99)
    assert_current()
    meeting.agreed_points.filter(position=0).delete()
    assert_current()
    meeting.countries.clear()
    assert_current()
    meeting.countries.set(["CN", "PK", "US"])
    assert_current()


def test_deletes_and_reimports_keep_it_current(meetings):
    meetings[1].delete()
    assert_current()
    Meeting.objects.filter(pk__in=[m.pk for m in meetings[2:4]]).delete()
    assert_current()
    text = meetings[4].source_text
    from archive.importer import import_readout

    result = import_readout(text, source_name="again.txt", update=True, publisher="Another")
    assert result.meeting.pk == meetings[4].pk
    assert_current()


def test_rebuild_recomputes_from_the_links(meetings):
    Tally.objects.update(meetings=0, agreed=0)
    tally.install(connection)
    assert_current()


def test_pages_read_the_tally(client, meetings):
    pair = client.get("/relations/cn-pk/")
    assert (
        pair.context["paginator"].count
        == Meeting.objects.filter(countries="CN").filter(countries="PK").count()
    )
    countries = {c.code: c.meeting_count for c in client.get("/countries/").context["countries"]}
    assert countries == {
        c.code: c.meetings.count() for c in Country.objects.all() if c.meetings.exists()
    }
    topics = {t.slug: t.meeting_count for t in client.get("/topics/").context["topics"]}
    assert topics == {t.slug: t.meetings.count() for t in Topic.objects.all()}
    home = client.get("/").context
    assert home["counts"]["countries"] == len(countries)
    assert home["counts"]["meetings"] == Meeting.objects.count()
    assert home["pairs"][0]["count"] == pair.context["paginator"].count


@pytest.mark.parametrize("strategy", ["walk", "rarest"])
def test_neighbours_either_way_are_the_adjacent_meetings_of_the_same_parties(
    meetings, monkeypatch, strategy
):
    from archive.views import neighbours as module

    if strategy == "walk":
        monkeypatch.setattr(module, "choose_start", lambda codes: None)
    else:
        monkeypatch.setattr(module, "choose_start", lambda codes: sorted(codes)[-1])
    same_day = meetings[2]
    twin = Meeting.objects.get(pk=meetings[3].pk)
    twin.held_on = same_day.held_on  # two meetings on one day are ordered by id
    twin.save()
    dated = sorted(
        (m for m in Meeting.objects.prefetch_related("countries") if m.held_on),
        key=lambda m: (m.held_on, m.pk),
    )
    for meeting in dated:
        codes = sorted(c.code for c in meeting.countries.all())
        if not codes:
            continue
        same = [m for m in dated if set(codes) <= {c.code for c in m.countries.all()}]
        at = same.index(meeting)
        expected = (same[at - 1] if at else None, same[at + 1] if at + 1 < len(same) else None)
        found = module.neighbours(meeting, codes)
        assert [m and m.pk for m in found] == [m and m.pk for m in expected], meeting
        assert all(m is None or m.slug and m.title and m.held_on for m in found)


def test_a_batch_counts_its_meetings_once_and_leaves_the_triggers_on(meetings):
    from archive.import_input import Item
    from archive.importer import import_items

    texts = [m.source_text.replace("2", "3") for m in meetings[:4]]
    items = [Item(f"batch-{i}.txt", text=t, publisher="cn-mfa") for i, t in enumerate(texts)]
    items.append(Item("empty.txt", text=" "))
    outcomes = import_items(items)
    assert [type(o).__name__ for o in outcomes] == ["ImportResult"] * 4 + ["ImportFailed"]
    assert_current()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT COUNT(*) FROM {tally.PAUSE_TABLE}")
            assert cursor.fetchone()[0] == 0
        else:
            cursor.execute("SELECT current_setting(%s, true)", [tally.HOLD_SETTING])
            assert cursor.fetchone()[0] in ("", None)
    # Writers after the batch are counted by the triggers again.
    outcomes[0].meeting.countries.add("FR")
    AgreedPoint.objects.create(meeting=outcomes[1].meeting, text="Agreed.", position=50)
    assert_current()


def test_triggers_from_before_the_pause_keep_counting(meetings):
    assert tally.hold()
    tally.count_new_meetings([])
    vendor = connection.vendor
    pause = tally._UNPAUSED if vendor == "sqlite" else tally._PG_UNPAUSED
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("DROP TRIGGER archive_tally_mc_ins")
        for sql in tally.trigger_sql(vendor):
            if "archive_tally_mc_ins" in sql:
                cursor.execute(sql.replace(pause, ""))
    assert not tally.hold()
    from archive.importer import import_readout

    import_readout(meetings[0].source_text.replace("2", "4"), source_name="old.txt")
    assert_current()


@pytest.mark.sqlite  # SQLite's row-by-row triggers
def test_a_database_without_the_pause_table_keeps_counting(meetings):
    # As installed before the pause existed: no table, triggers without the condition.
    with connection.cursor() as cursor:
        for sql in tally.drop_sql("sqlite"):
            cursor.execute(sql)
        cursor.execute(f"DROP TABLE {tally.PAUSE_TABLE}")
        for sql in tally.trigger_sql("sqlite"):
            cursor.execute(sql.replace(tally._UNPAUSED, ""))
    assert not tally.hold()
    from archive.importer import import_readout

    import_readout(meetings[1].source_text.replace("2", "4"), source_name="older.txt")
    assert_current()


def test_a_batch_sums_its_rows_per_key():
    rows = tally.new_meeting_counts(
        [
            tally.NewMeeting(datetime.date(2021, 5, 1), ["US", "CN"], [7], 2, 3),
            tally.NewMeeting(datetime.date(2021, 9, 9), ["CN"], [7, 8], 1, 0),
            tally.NewMeeting(None, ["FR"], [], 0, 2),  # undated: year 0
            tally.NewMeeting(datetime.date(2022, 1, 1), [], [8], 1, 1),  # no country
        ]
    )
    assert sorted(rows) == sorted(
        [
            ("p", "CN", "CN", 2021, 2, 3),
            ("p", "CN", "CN", ALL_YEARS, 2, 3),
            ("p", "CN", "US", 2021, 1, 3),
            ("p", "CN", "US", ALL_YEARS, 1, 3),
            ("p", "US", "US", 2021, 1, 3),
            ("p", "US", "US", ALL_YEARS, 1, 3),
            ("p", "FR", "FR", UNDATED, 1, 2),
            ("p", "FR", "FR", ALL_YEARS, 1, 2),
            ("c", "CN", "7", ALL_YEARS, 2, 0),
            ("c", "CN", "8", ALL_YEARS, 1, 0),
            ("c", "US", "7", ALL_YEARS, 1, 0),
            ("t", "7", "", 2021, 2, 0),
            ("t", "7", "", ALL_YEARS, 2, 0),
            ("t", "8", "", 2021, 1, 0),
            ("t", "8", "", 2022, 1, 0),
            ("t", "8", "", ALL_YEARS, 2, 0),
        ]
    )
    assert tally.new_meeting_counts([]) == []
