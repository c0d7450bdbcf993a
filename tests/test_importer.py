"""The one write path: a readout becomes a meeting with its people, statements and agreed points."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from readout_texts import FULL_NAMES, NOT_A_READOUT, SEED, variant

from archive.import_cache import ImportCache
from archive.import_input import ImportFailed, content_hash, normalise_text, resolve_publisher
from archive.importer import import_readout
from archive.models import AgreedPoint, Meeting, Participant, Person, Statement

pytestmark = pytest.mark.django_db

CN_MFA = "Ministry of Foreign Affairs of the People's Republic of China"


@pytest.fixture
def seed_meeting():
    return import_readout(SEED.read_text(encoding="utf-8"), source_name="seed").meeting


def test_seed_imports_with_the_expected_structure(seed_meeting):
    meeting = seed_meeting
    assert meeting.held_on == datetime.date(2022, 3, 21) and meeting.date_stated
    assert meeting.kind == Meeting.Kind.MEETING and not meeting.multilateral
    assert (meeting.location_city, meeting.location_country_id) == ("Islamabad", "PK")
    assert meeting.publisher == CN_MFA
    assert sorted(meeting.countries.values_list("code", flat=True)) == ["CN", "PK"]

    participants = list(meeting.participants.select_related("person"))
    assert [(p.person.name, p.role, p.country_id) for p in participants] == [
        ("Wang Yi", "State Councilor and Foreign Minister", "CN"),
        ("Qureshi", "Foreign Minister", "PK"),
    ]
    assert [p.person.slug for p in participants] == ["wang-yi-cn", "qureshi-pk"]
    wang, qureshi = participants

    statements = list(meeting.statements.order_by("position"))
    speakers = [s.speaker_id for s in statements]
    assert speakers[0] == qureshi.pk
    assert wang.pk in speakers and None in speakers
    chinese_side = [s for s in statements if s.text.startswith("The Chinese side")]
    assert chinese_side and all(s.speaker_id == wang.pk for s in chinese_side)
    joint = [s for s in statements if s.text.startswith("The two sides")]
    assert joint and all(s.speaker_id is None for s in joint)

    agreed = list(meeting.agreed_points.values_list("text", flat=True))
    assert sum(t.startswith("The two sides agreed to") for t in agreed) == 2
    assert any(t.startswith("Both agreed that international law") for t in agreed)
    topics = set(meeting.topics.values_list("slug", flat=True))
    assert {"security", "counter-terrorism", "trade", "agriculture", "afghanistan", "ukraine"} <= (
        topics
    )
    assert Statement.topics.through.objects.filter(statement__meeting=meeting).exists()
    assert AgreedPoint.topics.through.objects.filter(agreedpoint__meeting=meeting).exists()


def test_offsets_point_into_the_stored_text(seed_meeting):
    source = seed_meeting.source_text
    for row in [*seed_meeting.statements.all(), *seed_meeting.agreed_points.all()]:
        assert source[row.start_offset : row.end_offset] == row.text


def test_search_copies_and_slug(seed_meeting):
    assert "Qureshi said that Pakistan-China relations" in seed_meeting.statements_text
    assert "international law" in seed_meeting.agreed_text
    assert seed_meeting.slug.startswith("2022-03-21-")
    assert seed_meeting.title_key == seed_meeting.title.casefold()


def test_clean_parse_is_reviewed_and_history_marks_the_import(seed_meeting):
    assert seed_meeting.warnings == []
    assert seed_meeting.review_status == Meeting.ReviewStatus.REVIEWED
    assert seed_meeting.history.get().history_change_reason == "import"


def test_reimport_is_unchanged_and_writes_nothing(seed_meeting):
    counts = _counts()
    again = import_readout(SEED.read_text(encoding="utf-8"), source_name="seed")
    assert again.status == "unchanged" and again.meeting.pk == seed_meeting.pk
    assert _counts() == counts


def test_the_same_text_with_other_line_endings_is_the_same_text(seed_meeting):
    crlf = "\ufeff" + SEED.read_text(encoding="utf-8").replace("\n", "\r\n") + "\r\n\r\n"
    assert content_hash(crlf) == seed_meeting.content_hash
    assert import_readout(crlf, source_name="crlf").status == "unchanged"
    assert normalise_text(crlf) == seed_meeting.source_text


def test_update_without_parser_change_is_unchanged(seed_meeting):
    result = import_readout(SEED.read_text(), source_name="seed", update=True)
    assert result.status == "unchanged"


def _pretend_older_parse(meeting):
    Meeting.objects.filter(pk=meeting.pk).update(parse_fingerprint="older-parser")


def test_update_rewrites_an_entry_whose_parse_changed(seed_meeting):
    _pretend_older_parse(seed_meeting)
    Statement.objects.filter(meeting=seed_meeting).update(text="stale")
    result = import_readout(SEED.read_text(), source_name="seed", update=True)
    assert result.status == "updated" and result.meeting.pk == seed_meeting.pk
    assert not Statement.objects.filter(meeting=seed_meeting, text="stale").exists()
    assert result.meeting.slug == seed_meeting.slug
    assert Participant.objects.filter(meeting=seed_meeting).count() == 2


def test_update_keeps_curators_edits_to_a_reviewed_entry_unless_forced(seed_meeting):
    seed_meeting.title = "Curated title"
    seed_meeting.review_status = Meeting.ReviewStatus.REVIEWED
    seed_meeting.save()
    _pretend_older_parse(seed_meeting)

    kept = import_readout(SEED.read_text(), source_name="seed", update=True)
    assert kept.status == "unchanged"
    assert any("--force" in w for w in kept.warnings)
    assert Meeting.objects.get(pk=seed_meeting.pk).title == "Curated title"

    forced = import_readout(SEED.read_text(), source_name="seed", update=True, force=True)
    assert forced.status == "updated"
    assert Meeting.objects.get(pk=seed_meeting.pk).title != "Curated title"

    # The edits the force replaced no longer hold the entry back.
    _pretend_older_parse(seed_meeting)
    again = import_readout(SEED.read_text(), source_name="seed", update=True)
    assert again.status == "updated"


def test_update_rewrites_a_needs_review_entry_even_if_edited(seed_meeting):
    seed_meeting.title = "Edited but not reviewed"
    seed_meeting.review_status = Meeting.ReviewStatus.NEEDS_REVIEW
    seed_meeting.save()
    _pretend_older_parse(seed_meeting)
    result = import_readout(SEED.read_text(), source_name="seed", update=True)
    assert result.status == "updated"


def test_unrecognisable_text_is_refused_and_writes_nothing():
    counts = _counts()
    with pytest.raises(ImportFailed, match="no recognisable readout"):
        import_readout(NOT_A_READOUT, source_name="x")
    assert _counts() == counts


def test_partial_readout_is_stored_for_review():
    text = (
        "On March 3, 2023, talks were held in Beijing.\n\n"
        "The two sides agreed to strengthen cooperation in trade.\n"
    )
    result = import_readout(text, source_name="partial")
    assert result.status == "created" and result.needs_review
    assert result.meeting.warnings
    assert result.meeting.held_on == datetime.date(2023, 3, 3)


def test_published_on_resolves_today():
    text = (
        "Secretary Blinken spoke today with Foreign Minister Jaishankar of India.\n\n"
        "The Secretary underscored the importance of the partnership.\n"
    )
    result = import_readout(text, source_name="us", published_on=datetime.date(2023, 5, 1))
    assert result.meeting.held_on == datetime.date(2023, 5, 1)
    assert not result.meeting.date_stated


def test_publisher_and_source_url_metadata():
    result = import_readout(
        FULL_NAMES, source_name="a", publisher="cn-mfa", source_url="https://example.org/r/1"
    )
    assert result.meeting.publisher == CN_MFA
    assert result.meeting.source_url == "https://example.org/r/1"
    assert resolve_publisher(CN_MFA.upper()) == ("cn-mfa", CN_MFA)
    assert resolve_publisher("Some Ministry") == (None, "Some Ministry")
    with pytest.raises(ImportFailed, match="http or https"):
        import_readout(variant(FULL_NAMES), source_name="b", source_url="ftp://example.org/x")


def test_query_count_does_not_grow_with_statements():
    cache = ImportCache()
    import_readout(FULL_NAMES, source_name="warm", cache=cache)  # loads topics, countries, people
    with CaptureQueriesContext(connection) as small:
        import_readout(variant(FULL_NAMES), source_name="small", cache=cache)
    with CaptureQueriesContext(connection) as large:
        import_readout(variant(SEED.read_text()), source_name="large", cache=cache)
    # The seed has 21 statements and 5 agreed points against 3 and 1, and a person not yet seen.
    assert len(large) <= len(small) + 6
    # 22: the small readout's slug stem is the warm one's, so its numbered slugs are asked about
    # in a second query; one looks for stored captures of the same readouts.
    assert len(small) <= 22


def _counts():
    return tuple(
        model.objects.count() for model in (Meeting, Participant, Statement, AgreedPoint, Person)
    )


def test_meetings_with_the_same_title_and_date_get_numbered_slugs():
    from archive.import_input import Item
    from archive.importer import import_items

    cache = ImportCache()
    items = [Item(f"copy {n}", text=variant(FULL_NAMES)) for n in range(9)]
    results = import_items(items, cache=cache)
    more = import_items([Item("late", text=variant(FULL_NAMES))], cache=cache)
    slugs = [r.meeting.slug for r in [*results, *more]]
    stem = slugs[0]
    assert slugs == [stem] + [f"{stem}-{n}" for n in range(2, 11)]


def test_a_batch_skips_numbered_slugs_in_use_when_its_meetings_share_a_stem():
    """The numbered slugs are checked for meetings whose stem another of the batch wants too,
    even when the stem itself is free (its meeting was deleted, a later number is in use)."""
    from archive.import_input import Item
    from archive.importer import import_items

    cache = ImportCache()
    first = import_items(
        [Item(f"copy {n}", text=variant(FULL_NAMES)) for n in range(3)], cache=cache
    )
    stem = first[0].meeting.slug
    first[0].meeting.delete()
    again = import_items(
        [Item(f"again {n}", text=variant(FULL_NAMES)) for n in range(2)], cache=cache
    )
    assert [r.meeting.slug for r in again] == [stem, f"{stem}-4"]
    assert Meeting.objects.filter(slug__startswith=stem).count() == 4


def test_the_same_text_twice_in_one_batch_is_stored_once():
    from archive.import_input import Item
    from archive.importer import import_items

    results = import_items([Item("a", text=FULL_NAMES), Item("b", text=FULL_NAMES + "\n")])
    assert [r.status for r in results] == ["created", "unchanged"]
    assert results[0].meeting.pk == results[1].meeting.pk
    assert Meeting.objects.count() == 1


def test_a_second_capture_of_a_stored_readout_is_flagged_not_refused():
    """The same readout copied twice (a footer more or less) shares title, date and publisher:
    it is stored, for curators to merge or delete, with a warning naming the first."""
    first = import_readout(FULL_NAMES, source_name="a").meeting
    second = import_readout(FULL_NAMES + "\n\nShare this page", source_name="b")
    assert second.status == "created"
    assert second.needs_review
    [warning] = [w for w in second.meeting.warnings if w.startswith("Possibly the same")]
    assert first.slug in warning and first.title in warning
    # another day's readout with the same title is not
    other = import_readout(FULL_NAMES.replace("2022", "2023"), source_name="c")
    assert not any(w.startswith("Possibly the same") for w in other.meeting.warnings)


def test_two_captures_in_one_batch_flag_the_second():
    from archive.import_input import Item
    from archive.importer import import_items

    results = import_items([Item("a", text=FULL_NAMES), Item("b", text=FULL_NAMES + "\n(copy)")])
    flagged = [any(w.startswith("Possibly the same") for w in r.meeting.warnings) for r in results]
    assert flagged == [False, True]
