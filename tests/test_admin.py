"""Curators' admin: pages load with flat query counts, merging people loses nothing, history shows."""

import hashlib
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from sample_data import make_meeting, make_person
from simple_history.models import ModelChange

from archive.admin_history import WholeChangesHelper
from archive.models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw-curator-1")
    client.force_login(user)
    return client


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:archive_meeting_changelist",
        "admin:archive_person_changelist",
        "admin:archive_statement_changelist",
        "admin:archive_agreedpoint_changelist",
        "admin:archive_topic_changelist",
        "admin:archive_country_changelist",
    ],
)
def test_changelists_keep_a_flat_query_count(curator, url_name):
    url = reverse(url_name)
    for _ in range(3):
        make_meeting()
    few = count_queries(curator, url)
    for _ in range(12):
        make_meeting()
    assert count_queries(curator, url) == few


def test_meeting_change_form_keeps_a_flat_query_count_as_statements_grow(curator):
    small = make_meeting(statements=2)
    large = make_meeting(statements=12)
    count_queries(curator, reverse("admin:archive_meeting_change", args=[small.pk]))  # warm caches
    small_count = count_queries(curator, reverse("admin:archive_meeting_change", args=[small.pk]))
    large_count = count_queries(curator, reverse("admin:archive_meeting_change", args=[large.pk]))
    assert large_count == small_count


def test_merge_keeps_every_participation_and_the_other_name(curator):
    first, second = make_meeting(), make_meeting()
    wang = first.participants.get(country_id="CN").person
    variant = second.participants.get(country_id="CN").person
    variant.name, variant.aliases = "WANG Yi", ["Wang"]
    variant.save()
    statements = Statement.objects.filter(speaker__person__in=[wang, variant]).count()
    changelist = reverse("admin:archive_person_changelist")
    action = {"action": "merge_selected_people", "_selected_action": [wang.pk, variant.pk]}
    # First a page that lists the records and asks which to keep; nothing is merged yet.
    page = curator.post(changelist, action)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Choose the record to keep" in html and "WANG Yi" in html
    assert f'value="{variant.pk}" id="survivor-{variant.pk}"' in html
    assert Person.objects.filter(pk__in=[wang.pk, variant.pk]).count() == 2
    old_address = reverse("archive:person-detail", args=[variant.slug])
    response = curator.post(
        changelist, {**action, "confirm": "Merge", "survivor": wang.pk}, follow=True
    )
    assert response.status_code == 200
    assert Person.objects.filter(pk__in=[wang.pk, variant.pk]).count() == 1
    survivor = Person.objects.get(pk__in=[wang.pk, variant.pk])
    assert survivor.pk == wang.pk  # the record chosen
    # The merged record's address leads to the person it became, and still filters.
    moved = curator.get(old_address)
    assert (moved.status_code, moved["Location"]) == (301, survivor.get_absolute_url())
    listing = curator.get(reverse("archive:meeting-export-json"), {"person": variant.slug}).json()
    assert listing["count"] == 2 and not listing["warnings"]
    assert set(survivor.participations.values_list("meeting", flat=True)) == {first.pk, second.pk}
    assert Statement.objects.filter(speaker__person=survivor).count() == statements
    assert {"WANG Yi", "Wang"} <= set(survivor.aliases) | {survivor.name}


def test_merge_of_two_people_at_the_same_meeting_keeps_their_statements():
    from archive.curation import merge_people

    meeting = make_meeting(statements=4)
    extra = make_person("Qureshi", "PK")
    row = Participant.objects.create(meeting=meeting, person=extra, country_id="PK", position=9)
    Statement.objects.filter(meeting=meeting, position=3).update(speaker=row)
    kept = meeting.participants.get(country_id="PK", position=1).person
    merge_people(kept, [extra])
    assert meeting.statements.filter(speaker=None).count() == 0
    assert meeting.statements.count() == 4
    assert meeting.participants.filter(person=kept).count() == 1
    assert "Qureshi" in Person.objects.get(pk=kept.pk).aliases


def test_mark_reviewed_action(curator):
    meeting = make_meeting()
    curator.post(
        reverse("admin:archive_meeting_changelist"),
        {"action": "mark_reviewed", "_selected_action": [meeting.pk]},
    )
    meeting.refresh_from_db()
    assert meeting.review_status == Meeting.ReviewStatus.REVIEWED
    assert meeting.history.first().review_status == Meeting.ReviewStatus.REVIEWED


def test_history_is_visible_in_admin(curator):
    meeting = make_meeting()
    meeting.title = "Edited by a curator"
    meeting.save()
    response = curator.get(reverse("admin:archive_meeting_history", args=[meeting.pk]))
    assert response.status_code == 200
    assert b"Edited by a curator" in response.content or b"Changed" in response.content


def test_provenance_is_read_only_and_collapsed(curator):
    meeting = make_meeting()
    response = curator.get(reverse("admin:archive_meeting_change", args=[meeting.pk]))
    html = response.content.decode()
    assert "Provenance" in html
    assert 'name="content_hash"' not in html
    assert 'name="source_text"' not in html


class _FormFields(HTMLParser):
    """The values a browser would post for the change form: inputs, selects and textareas."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def _form_data(client, url: str) -> dict[str, list[str]]:
    """What the admin page at `url` would post as it stands."""
    fields = _FormFields()
    fields.feed(client.get(url).content.decode())
    return {name: values for name, values in fields.data.items() if "__prefix__" not in name}


def _change_form(client, meeting) -> dict[str, list[str]]:
    return _form_data(client, reverse("admin:archive_meeting_change", args=[meeting.pk]))


def _participant_field(data: dict[str, list[str]], participant, field: str) -> str:
    [key] = [
        k
        for k, v in data.items()
        if k.startswith("participants-") and k.endswith("-id") and v == [str(participant.pk)]
    ]
    return key.removesuffix("-id") + "-" + field


def test_a_participants_country_set_by_a_curator_makes_it_a_party(curator):
    meeting = make_meeting(codes=("CN", "PK"))
    Country.objects.get_or_create(code="SA", defaults={"name": "Saudi Arabia"})
    unplaced = meeting.participants.get(country_id="PK")
    person = unplaced.person
    Participant.objects.filter(pk=unplaced.pk).update(country=None)
    Person.objects.filter(pk=person.pk).update(country=None)
    meeting.countries.remove("PK")
    warning = f"Country of participant '{person.name}' not determined."
    Meeting.objects.filter(pk=meeting.pk).update(warnings=[warning, "Only one date found."])
    data = _change_form(curator, meeting)
    data[_participant_field(data, unplaced, "country")] = ["SA"]
    response = curator.post(reverse("admin:archive_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    # a party, so on the country and relationship pages; the person placed; the warning gone
    assert set(meeting.countries.values_list("pk", flat=True)) == {"CN", "SA"}
    assert Person.objects.get(pk=person.pk).country_id == "SA"
    assert meeting.warnings == ["Only one date found."]
    assert curator.get(reverse("archive:relationship", args=["cn", "sa"])).content.count(
        meeting.title.encode()
    )
    # and the meeting's history says what changed
    history = curator.get(reverse("admin:archive_meeting_history", args=[meeting.pk]))
    assert f"participant {person.name}" in history.content.decode()


def test_a_participants_country_changed_leaves_the_old_party_unless_the_curator_keeps_it(curator):
    meeting = make_meeting(codes=("CN", "PK"))
    Country.objects.get_or_create(code="IN", defaults={"name": "India"})
    moved = meeting.participants.get(country_id="PK")
    data = _change_form(curator, meeting)
    data[_participant_field(data, moved, "country")] = ["IN"]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    assert curator.post(url, data).status_code == 302
    assert set(meeting.countries.values_list("pk", flat=True)) == {"CN", "IN"}
    # chosen in the same edit, a party stays whatever the participants say
    data = _change_form(curator, meeting)
    data[_participant_field(data, moved, "country")] = ["PK"]
    data["countries"] = ["CN", "IN", "PK"]
    assert curator.post(url, data).status_code == 302
    assert set(meeting.countries.values_list("pk", flat=True)) == {"CN", "IN", "PK"}


def test_import_warnings_show_as_a_list_not_as_json(curator):
    meeting = make_meeting()
    Meeting.objects.filter(pk=meeting.pk).update(warnings=["No date found.", "Only one <b>."])
    html = curator.get(reverse("admin:archive_meeting_change", args=[meeting.pk])).content.decode()
    assert "<li>No date found.</li><li>Only one &lt;b&gt;.</li>" in html
    assert '["No date found."' not in html


def test_a_save_keeps_the_warning_of_a_participant_still_unplaced(curator):
    """The warning names the participant as the readout did ("Qureshi"), not as the person
    record reads now: it stays while that participant has no country."""
    meeting = make_meeting(codes=("CN", "PK"))
    unplaced = meeting.participants.get(country_id="PK")
    Participant.objects.filter(pk=unplaced.pk).update(country=None)
    warning = "Country of participant 'Qureshi' not determined."
    Meeting.objects.filter(pk=meeting.pk).update(warnings=[warning])
    data = _change_form(curator, meeting)
    data["title"] = ["A corrected title"]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    assert curator.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "A corrected title"
    assert meeting.warnings == [warning]


def test_parties_chosen_in_the_same_edit_stand(curator):
    meeting = make_meeting(codes=("CN", "PK"))
    data = _change_form(curator, meeting)
    data["countries"] = ["CN"]  # the curator takes Pakistan off, its participant still there
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    assert curator.post(url, data).status_code == 302
    assert list(meeting.countries.values_list("pk", flat=True)) == ["CN"]


def test_the_history_names_a_statement_by_its_number(curator):
    meeting = make_meeting(statements=2)
    statement = meeting.statements.order_by("position").last()
    data = _change_form(curator, meeting)
    [key] = [
        k
        for k, v in data.items()
        if k.startswith("statements-") and k.endswith("-id") and v == [str(statement.pk)]
    ]
    data[key.removesuffix("-id") + "-text"] = ["Corrected text of the statement."]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    assert curator.post(url, data).status_code == 302
    reason = meeting.history.first().history_change_reason
    assert reason == f"statement {statement.position + 1}: text"


def test_a_published_meetings_address_cannot_be_changed(curator):
    meeting = make_meeting()
    address = meeting.get_absolute_url()
    html = curator.get(reverse("admin:archive_meeting_change", args=[meeting.pk])).content
    assert b'name="slug"' not in html
    assert meeting.slug.encode() in html  # shown, read-only
    data = _change_form(curator, meeting)
    data["slug"] = ["a-new-address"]
    data["title"] = ["Corrected title"]
    response = curator.post(reverse("admin:archive_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.title == "Corrected title"
    assert meeting.get_absolute_url() == address
    assert curator.get(address).status_code == 200
    # a new meeting still gets its slug from its title as it is typed
    add = curator.get(reverse("admin:archive_meeting_add")).content
    assert b'name="slug"' in add and b"prepopulated" in add


def _inline_key(data, prefix: str, obj, field: str) -> str:
    [key] = [
        k
        for k, v in data.items()
        if k.startswith(f"{prefix}-") and k.endswith("-id") and v == [str(obj.pk)]
    ]
    return key.removesuffix("-id") + "-" + field


def test_a_past_version_of_a_meeting_opens(curator):
    meeting = make_meeting()
    data = _change_form(curator, meeting)
    data["title"] = ["Corrected title"]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    assert curator.post(url, data).status_code == 302
    for record in meeting.history.all():
        page = curator.get(
            reverse("admin:archive_meeting_simple_history", args=[meeting.pk, record.history_id])
        )
        assert page.status_code == 200
        assert record.title.encode() in page.content


def test_rows_added_without_a_position_go_after_the_others(curator):
    meeting = make_meeting(statements=2)
    data = _change_form(curator, meeting)
    add = curator.get(reverse("admin:archive_meeting_change", args=[meeting.pk])).content.decode()
    assert 'name="agreed_points-__prefix__-position" value' not in add  # blank, not 0
    total = int(data["agreed_points-TOTAL_FORMS"][0])
    for n, text in enumerate(["The sides agreed to talk.", "The sides agreed to meet."]):
        data[f"agreed_points-{total + n}-text"] = [text]
        data[f"agreed_points-{total + n}-position"] = [""]
        data[f"agreed_points-{total + n}-start_offset"] = [""]
        data[f"agreed_points-{total + n}-end_offset"] = [""]
    data["agreed_points-TOTAL_FORMS"] = [str(total + 2)]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(meeting.agreed_points.values_list("position", "text")) == [
        (0, f"The two sides agreed to meet again, meeting {meeting.title.split()[-1]}."),
        (1, "The sides agreed to talk."),
        (2, "The sides agreed to meet."),
    ]
    assert (
        "agreed point 2 added; agreed point 3 added"
        in meeting.history.first().history_change_reason
    )


def test_two_statements_trade_places_in_one_save(curator):
    meeting = make_meeting(statements=2)
    first, second = meeting.statements.order_by("position")
    data = _change_form(curator, meeting)
    # The form gives each row the number the page shows, from 1.
    assert data[_inline_key(data, "statements", first, "position")] == ["1"]
    assert data[_inline_key(data, "statements", second, "position")] == ["2"]
    data[_inline_key(data, "statements", first, "position")] = ["2"]
    data[_inline_key(data, "statements", second, "position")] = ["1"]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(meeting.statements.values_list("pk", flat=True)) == [second.pk, first.pk]
    # Two rows given one number are refused, with nothing saved.
    data = _change_form(curator, meeting)
    data[_inline_key(data, "statements", first, "position")] = ["1"]
    response = curator.post(url, data)
    assert response.status_code == 200
    assert "Two rows have the same number (1)." in response.content.decode()
    data[_inline_key(data, "statements", first, "position")] = ["0"]
    assert curator.post(url, data).status_code == 200  # no number 0
    assert list(meeting.statements.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_a_meeting_entered_by_hand_is_hashed_and_refused_twice(curator):
    url = reverse("admin:archive_meeting_add")
    page = curator.get(url).content.decode()
    # The text is asked for first, not in the collapsed provenance.
    assert page.index('name="source_text"') < page.index("Provenance")

    def add(title, text):
        data = {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "review_status": "needs_review",
            "kind": "meeting",
            "language": "en",
            "source_text": text,
        }
        for prefix in ("participants", "statements", "agreed_points"):
            data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        return curator.post(url, data)

    assert add("Manual entry one", "  Some manual text one.\r\n").status_code == 302
    assert add("Manual entry two", "Some manual text two.").status_code == 302
    one = Meeting.objects.get(title="Manual entry one")
    assert one.source_text == "Some manual text one."
    assert one.content_hash == hashlib.sha256(b"Some manual text one.").hexdigest()
    again = add("Manual entry three", "Some manual text one.")
    assert again.status_code == 200
    assert "This text is already in the archive as “Manual entry one”." in again.content.decode()
    assert Meeting.objects.count() == 2


def test_a_statement_edited_on_its_own_page_is_found_by_its_new_words(curator, client):
    meeting = make_meeting(statements=1)
    statement = meeting.statements.get()
    url = reverse("admin:archive_statement_change", args=[statement.pk])
    data = _form_data(curator, url)
    data["text"] = ["The minister praised the quokkas."]
    assert curator.post(url, data).status_code == 302
    found = curator.get(reverse("archive:meeting-list"), {"q": "quokkas"}).content.decode()
    assert meeting.title in found
    delete = reverse("admin:archive_statement_delete", args=[statement.pk])
    assert curator.post(delete, {"post": "yes"}).status_code == 302
    assert (
        meeting.title
        not in curator.get(reverse("archive:meeting-list"), {"q": "quokkas"}).content.decode()
    )


def test_an_agreed_point_on_its_own_page_has_the_number_the_meeting_page_gives(curator):
    meeting = make_meeting(statements=1)
    point = meeting.agreed_points.get()
    listed = curator.get(reverse("admin:archive_agreedpoint_changelist")).content.decode()
    assert '<td class="field-number">1</td>' in listed
    url = reverse("admin:archive_agreedpoint_change", args=[point.pk])
    data = _form_data(curator, url)
    assert data["position"] == ["1"]
    data["position"] = ["4"]
    assert curator.post(url, data).status_code == 302
    point.refresh_from_db()
    assert point.position == 3
    assert "agreed point 4" in curator.get(meeting.get_absolute_url()).content.decode().lower()
    data["position"] = ["1"]
    AgreedPoint.objects.create(meeting=meeting, text="Another point.", position=0)
    refused = curator.post(url, data)
    assert refused.status_code == 200
    assert "already exists" in refused.content.decode()


def test_person_autocomplete_is_in_name_order(curator):
    for name in ["Wang Zhe", "Wang Anna", "Wang Mei"]:
        make_person(name, "CN")
    response = curator.get(
        "/admin/autocomplete/",
        {
            "app_label": "archive",
            "model_name": "participant",
            "field_name": "person",
            "term": "wang",
        },
    )
    names = [row["text"] for row in response.json()["results"]]
    assert names == sorted(names) and len(names) == 3


def test_records_of_two_countries_are_not_merged(curator):
    meeting = make_meeting(codes=("OM", "EG"))
    one, other = (p.person for p in meeting.participants.all())
    response = curator.post(
        reverse("admin:archive_person_changelist"),
        {"action": "merge_selected_people", "_selected_action": [one.pk, other.pk]},
        follow=True,
    )
    assert "Not merged: These records are of different countries (EG, OM)" in (
        response.content.decode()
    )
    assert Person.objects.filter(pk__in=[one.pk, other.pk]).count() == 2


def test_a_merge_keeps_what_either_row_of_a_meeting_knew():
    from archive.curation import merge_people

    meeting = make_meeting(codes=("PH", "CN"))
    full = meeting.participants.get(country_id="PH")
    Participant.objects.filter(pk=full.pk).update(role="Secretary of Foreign Affairs", is_host=True)
    short = Person.objects.create(name="Ma. Theresa P. Lazaro", slug="ma-theresa-p-lazaro")
    Participant.objects.create(meeting=meeting, person=short, role="Secretary", position=9)
    merge_people(short, [full.person])  # the curator keeps the short record's name
    [row] = meeting.participants.filter(person=short)
    assert (row.country_id, row.role, row.is_host) == ("PH", "Secretary of Foreign Affairs", True)


def test_a_changed_person_address_leads_to_the_new_one(curator):
    person = make_person("Wang Yi", "CN")
    old = person.get_absolute_url()
    url = reverse("admin:archive_person_change", args=[person.pk])
    data = _form_data(curator, url)
    data["slug"] = ["wang-yi-china"]
    assert curator.post(url, data).status_code == 302
    moved = curator.get(old)
    assert (moved.status_code, moved["Location"]) == (301, "/people/wang-yi-china/")
    # A new person does not take an address that leads elsewhere.
    from archive.models import PersonRedirect
    from archive.people import PersonIndex

    PersonRedirect.objects.create(slug="li-qiang-cn", person=person)
    assert PersonIndex().resolve("Li Qiang", "CN").person.slug == "li-qiang-cn-2"


def test_a_curators_save_records_before_and_after_in_full(curator):
    from readout_texts import FULL_NAMES

    from archive.importer import import_readout

    meeting = import_readout(FULL_NAMES, source_name="test").meeting
    Country.objects.get_or_create(code="PE", defaults={"name": "Peru"})
    participant = meeting.participants.get(country_id="PK")
    statement = meeting.statements.order_by("position").first()
    old_text = statement.text
    assert not statement.history.exists()  # the importer writes rows without history
    topics_before = list(meeting.topics.order_by("slug").values_list("pk", "slug"))
    assert topics_before
    data = _change_form(curator, meeting)
    data[_participant_field(data, participant, "country")] = ["PE"]
    data[_inline_key(data, "statements", statement, "text")] = ["A corrected statement."]
    point = meeting.agreed_points.order_by("position").first()
    data[_inline_key(data, "agreed_points", point, "DELETE")] = ["on"]
    data["topics"] = [str(pk) for pk, _ in topics_before[1:]]
    url = reverse("admin:archive_meeting_change", args=[meeting.pk])
    response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    reason = meeting.history.first().history_change_reason
    name = str(participant)
    number = statement.position + 1
    assert f"participant {name}: country PK → PE" in reason
    assert f"statement {number}: text" in reason
    assert f"agreed point {point.position + 1} deleted" in reason
    assert "parties: +PE, −PK" in reason
    assert f"topics: −{topics_before[0][1]}" in reason
    assert len(reason) > 100 and not reason.endswith("…")
    # The statement's own history: as imported, then as corrected.
    versions = list(statement.history.order_by("history_date").values_list("text", flat=True))
    assert versions == [old_text, "A corrected statement."]
    assert statement.history.earliest("history_date").history_change_reason == "as imported"
    # Each version names who made it: the import from the command line, no one; the change, the
    # curator who saved it.
    users = list(statement.history.order_by("history_date").values_list("history_user", flat=True))
    assert users == [None, get_user_model().objects.get(username="curator").pk]
    # The deleted agreed point's text is kept in its history.
    assert point.history.filter(text=point.text).exists()


@pytest.mark.django_db
def test_admin_pages_name_their_icon_so_browsers_ask_no_favicon(client, admin_client):
    pages = [client.get(reverse("admin:login"))] + [
        admin_client.get(reverse(name)) for name in ("admin:index", "admin:archive_meeting_import")
    ]
    for page in pages:
        assert page.status_code == 200
        assert page.content.decode().count('<link rel="icon" href="data:,">') == 1


@pytest.mark.sqlite
def test_admin_lists_of_passages_and_people_read_one_page_not_the_whole_table(curator):
    """A page of statements or agreed points is read along the (meeting, position) index,
    not sorted out of the whole table; a person's meetings are counted for the people shown,
    not for everyone before the page is cut."""
    make_meeting()
    queries = {}
    for model in ("statement", "agreedpoint", "person"):
        response = curator.get(reverse(f"admin:archive_{model}_changelist"))
        assert response.status_code == 200
        queries[model] = response.context["cl"].result_list.query
    for model in ("statement", "agreedpoint"):
        sql, params = queries[model].sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = [row[-1] for row in cursor.fetchall()]
        # Not the meetings by date, each looked up for its rows, nor every row sorted.
        assert plan[0].startswith(f"SCAN archive_{model} USING INDEX"), plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    assert queries["person"].group_by is None  # no GROUP BY over every participation


def _applied(migration: str):
    return MigrationRecorder.Migration.objects.get(app="archive", name=migration).applied


def test_a_curators_change_to_a_country_is_kept_field_by_field_in_its_history(curator):
    url = reverse("admin:archive_country_change", args=["PK"])
    data = _form_data(curator, url)
    data["name"] = ["Islamic Republic of Pakistan"]
    data["aliases"] = ['["Pakistani", "Pak"]']
    response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    country = Country.objects.get(pk="PK")
    shipped, changed = country.history.order_by("history_date", "history_id")
    # The country as the migrations loaded it, then the curator's change: who and what.
    assert (shipped.name, shipped.history_user, shipped.history_change_reason) == (
        "Pakistan",
        None,
        "as shipped with the archive",
    )
    assert changed.history_type == "~" and changed.history_user.username == "curator"
    # In the archive since its migration ran, not since the curator's change.
    assert shipped.history_date == _applied("0002_load_countries_and_topics")
    delta = changed.diff_against(shipped)
    assert {(c.field, str(c.old), str(c.new)) for c in delta.changes} == {
        ("name", "Pakistan", "Islamic Republic of Pakistan"),
        ("aliases", str(shipped.aliases), "['Pakistani', 'Pak']"),
    }

    # The admin's history page shows it, each field's old and new value.
    page = curator.get(reverse("admin:archive_country_history", args=["PK"]))
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index('id="change-history"') :]
    arrow = r"\s*&nbsp;&rarr;&nbsp;&nbsp;"
    assert re.search(
        rf"<strong>Name:</strong>\s*Pakistan{arrow}Islamic Republic of Pakistan", table
    )
    assert re.search(rf"<strong>Other names:</strong>\s*\[[^]]*\]{arrow}\[Pakistani, Pak\]", table)
    assert ">curator</a>" in table and "as shipped with the archive" in table
    # No cell reads "None": the curator's change gives no reason, the shipped row has no user.
    assert not re.search(r"<td>\s*None\s*</td>", table)
    # A second change adds one row, not another baseline.
    data["name"] = ["Pakistan"]
    assert curator.post(url, data).status_code == 302
    assert country.history.count() == 3


# A description past the 100 characters django-simple-history shows of a value by default.
LONGER = (
    "Oil, gas, nuclear and renewable energy, energy security and transition, and the grids and "
    "storage that carry it."
)


def test_a_curators_change_to_a_topics_keywords_is_kept_field_by_field_in_its_history(curator):
    # The keywords decide which statements, and so which meetings, an import tags with the topic.
    topic = Topic.objects.get(slug="energy")
    shipped_keywords = list(topic.keywords)
    url = reverse("admin:archive_topic_change", args=[topic.pk])
    data = _form_data(curator, url)
    data["description"] = [LONGER]
    data["keywords"] = ['["energy", "oil", "gas", "hydropower"]']
    response = curator.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]

    shipped, changed = topic.history.order_by("history_date", "history_id")
    # The topic as migration 0002 loaded it from archive/data/topics.json, then the change.
    assert (shipped.keywords, shipped.history_user, shipped.history_change_reason) == (
        shipped_keywords,
        None,
        "as shipped with the archive",
    )
    assert changed.history_type == "~" and changed.history_user.username == "curator"
    assert shipped.history_date == _applied("0002_load_countries_and_topics")
    delta = changed.diff_against(shipped)
    assert sorted((c.field, c.old, c.new) for c in delta.changes) == [
        ("description", shipped.description, LONGER),
        ("keywords", shipped_keywords, ["energy", "oil", "gas", "hydropower"]),
    ]

    page = curator.get(reverse("admin:archive_topic_history", args=[topic.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index('id="change-history"') :]
    arrow = r"\s*&nbsp;&rarr;&nbsp;&nbsp;"
    assert re.search(
        rf"<strong>Description:</strong>\s*{re.escape(shipped.description)}{arrow}"
        rf"{re.escape(LONGER)}\s*</li>",
        table,
    )
    # Every keyword before and after, and which went and came: none is cut from the page.
    before = re.escape(f"[{', '.join(shipped_keywords)}]")
    removed = "".join(
        f"<li>removed {re.escape(k)}</li>"
        for k in shipped_keywords
        if k not in ("energy", "oil", "gas")
    )
    assert re.search(
        rf"<strong>Keywords:</strong>\s*{before}{arrow}\[energy, oil, gas, hydropower\]"
        rf'<ul class="history-moves"><li>added hydropower</li>{removed}</ul>',
        table,
    )
    assert "as shipped with the archive" in table
    assert not re.search(r"<td>\s*None\s*</td>", table)
    # A second change adds one row, not another baseline.
    data["keywords"] = ['["energy"]']
    assert curator.post(url, data).status_code == 302
    assert topic.history.count() == 3


def test_a_topic_not_shipped_is_not_named_as_shipped_in_its_history(curator):
    # Added by a curator before topics had a history: no row, and not in the shipped taxonomy.
    [earlier] = Topic.objects.bulk_create([Topic(name="Fisheries", slug="fisheries")])
    url = reverse("admin:archive_topic_change", args=[earlier.pk])
    data = _form_data(curator, url)
    data["keywords"] = ['["fisheries", "fishing"]']
    assert curator.post(url, data).status_code == 302
    first, changed = earlier.history.order_by("history_date", "history_id")
    assert first.history_change_reason == "as it stood before its history was kept"
    assert (first.keywords, changed.keywords) == ([], ["fisheries", "fishing"])

    # One added since has its curator's row from the start: a change adds one row to it.
    add = _form_data(curator, reverse("admin:archive_topic_add"))
    add.update(name=["Space"], slug=["space"], keywords=['["space"]'])
    assert curator.post(reverse("admin:archive_topic_add"), add).status_code == 302
    space = Topic.objects.get(slug="space")
    data = _form_data(curator, reverse("admin:archive_topic_change", args=[space.pk]))
    data["keywords"] = ['["space", "satellite*"]']
    assert (
        curator.post(reverse("admin:archive_topic_change", args=[space.pk]), data).status_code
        == 302
    )
    assert [(r.history_type, r.history_user.username) for r in space.history.all()] == [
        ("~", "curator"),
        ("+", "curator"),
    ]


def test_a_topics_version_as_shipped_is_shown_under_the_admins_trail_and_can_be_restored(curator):
    topic = Topic.objects.get(slug="energy")
    shipped_keywords = list(topic.keywords)
    url = reverse("admin:archive_topic_change", args=[topic.pk])
    data = _form_data(curator, url)
    data["keywords"] = ['["energy"]']
    assert curator.post(url, data).status_code == 302
    shipped = topic.history.earliest()

    version = reverse("admin:archive_topic_simple_history", args=[topic.pk, shipped.history_id])
    html = curator.get(version).content.decode()
    # The trail of links sits in the admin's bar, named as the admin's other pages name them.
    trail = html[html.index('<ol class="breadcrumbs">') :]
    trail = trail[: trail.index("</ol>")]
    assert [
        re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<li[^>]*>(.*?)</li>", trail, re.S)
    ] == [
        f'<a href="{reverse("admin:index")}">Home</a>',
        f'<a href="{reverse("admin:app_list", args=["archive"])}">Readout archive</a>',
        f'<a href="{reverse("admin:archive_topic_changelist")}">Topics</a>',
        f'<a href="{url}">Energy</a>',
        f'<a href="{reverse("admin:archive_topic_history", args=[topic.pk])}">History</a>',
        "Revert topic",
    ]
    assert '<div class="breadcrumbs">' not in html

    # Reverting to it is a change like any other: the shipped row is not written again.
    data = _form_data(curator, version)
    assert curator.post(version, data).status_code == 302
    topic.refresh_from_db()
    assert topic.keywords == shipped_keywords
    assert topic.history.count() == 3


ARROW = r"\s*&nbsp;&rarr;&nbsp;&nbsp;"


def _history_table(client, name: str, pk) -> str:
    page = client.get(reverse(f"admin:archive_{name}_history", args=[pk]))
    assert page.status_code == 200
    html = page.content.decode()
    return html[html.index('id="change-history"') :]


def test_a_curators_change_to_a_persons_other_names_shows_whole_in_their_history(curator):
    person = make_person("Wang Yi", "CN")
    names = ["Wang", "Wang Yi (Foreign Minister)", "Director of the Office of the Central Foreign"]
    Person.objects.filter(pk=person.pk).update(aliases=names)
    person.refresh_from_db()
    person.save()  # the version the curator starts from, in the history
    url = reverse("admin:archive_person_change", args=[person.pk])
    data = _form_data(curator, url)
    data["aliases"] = ['["Wang", "Wang Yi (Foreign Minister)", "Wang Yi, State Councilor"]']
    assert curator.post(url, data).status_code == 302
    # Every other name before and after, past the 100 characters django-simple-history shows,
    # and which went and came.
    table = _history_table(curator, "person", person.pk)
    assert re.search(
        rf"<strong>Also appears as:</strong>\s*{re.escape('[' + ', '.join(names) + ']')}{ARROW}"
        rf"\[Wang, Wang Yi \(Foreign Minister\), Wang Yi, State Councilor\]"
        rf'<ul class="history-moves"><li>added Wang Yi, State Councilor</li>'
        rf"<li>removed Director of the Office of the Central Foreign</li></ul>",
        table,
    )
    assert "chars]" not in table


def _meeting_with_an_unplaced_participant():
    """A meeting whose Pakistani participant the import could not place, with its warning, and
    that version of it in its history; Saudi Arabia there to place them in."""
    meeting = make_meeting(codes=("CN", "PK"))
    Country.objects.get_or_create(code="SA", defaults={"name": "Saudi Arabia"})
    unplaced = meeting.participants.get(country_id="PK")
    Participant.objects.filter(pk=unplaced.pk).update(country=None)
    Person.objects.filter(pk=unplaced.person_id).update(country=None)
    meeting.countries.remove("PK")
    warning = f"Country of participant '{unplaced.person.name}' not determined."
    Meeting.objects.filter(pk=meeting.pk).update(warnings=[warning, "Only one date found."])
    meeting.refresh_from_db()
    meeting.save()  # the version the curator starts from, in the history
    return meeting, unplaced, warning


def test_a_curators_change_to_a_meeting_shows_whole_in_its_history(curator):
    meeting, unplaced, warning = _meeting_with_an_unplaced_participant()
    title = (
        "Wang Yi Holds Talks with Foreign Minister Qureshi on the China-Pakistan Economic "
        "Corridor and Regional Security in Islamabad"
    )
    data = _change_form(curator, meeting)
    data["title"] = [title]
    data[_participant_field(data, unplaced, "country")] = ["SA"]
    response = curator.post(reverse("admin:archive_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # The title before and after in full, past the 100 characters django-simple-history shows;
    # the import's warnings (a list) whole, each named as it came.
    table = _history_table(curator, "meeting", meeting.pk)
    assert re.search(
        rf"<strong>Title:</strong>\s*{re.escape(meeting.title)}{ARROW}{re.escape(title)}\s*</li>",
        table,
    )
    said = re.escape(warning.replace("'", "&#x27;"))
    assert re.search(
        rf"<strong>Import warnings:</strong>\s*\[\]{ARROW}\[{said}, Only one date found.\]"
        rf'<ul class="history-moves"><li>added {said}</li><li>added Only one date found.</li></ul>',
        table,
    )
    assert "chars]" not in table


def test_a_warning_a_curators_fix_settles_goes_in_the_same_history_row(curator):
    meeting, unplaced, warning = _meeting_with_an_unplaced_participant()
    data = _change_form(curator, meeting)
    data["title"] = ["Wang Yi Meets Foreign Minister Qureshi in Islamabad"]
    data[_participant_field(data, unplaced, "country")] = ["SA"]
    response = curator.post(reverse("admin:archive_meeting_change", args=[meeting.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # The curator's row holds the meeting as the save left it: new title, warning settled.
    record = meeting.history.first()
    assert record.title == "Wang Yi Meets Foreign Minister Qureshi in Islamabad"
    assert record.warnings == ["Only one date found."]
    assert f"participant {unplaced.person.name}" in record.history_change_reason
    assert Meeting.objects.get(pk=meeting.pk).warnings == record.warnings
    # and its history page says which warning went with the title's change.
    table = _history_table(curator, "meeting", meeting.pk)
    curators_row = table[: table.index("</tr>", table.index("<tbody>"))]
    assert "<strong>Title:</strong>" in curators_row
    assert "<strong>Import warnings:</strong>" in curators_row
    assert f"<li>removed {warning}</li>".replace("'", "&#x27;") in curators_row


def test_a_meetings_source_text_is_shown_around_its_first_difference_in_its_history():
    # Two whole readouts would bury a corrected word; django-simple-history's cut finds it.
    old = "The two sides met in Islamabad. " * 40 + "They agreed to meet agian."
    new = old.replace("agian", "again")
    change = ModelChange("source_text", old, new)
    before, after = WholeChangesHelper(Meeting, None).stringify_delta_change_values(
        change, old, new
    )
    assert "agian" in before and "again" in after
    assert len(before) < 200 and "chars]" in before


def test_a_history_cell_with_nothing_to_show_is_empty_so_a_phone_hides_it(curator):
    # A person saved from the command line: no user, no reason. On a phone each cell is a line
    # named after its column (static/css/admin.css); an empty one is hidden by :empty, which
    # whitespace defeats.
    person = make_person("Wang Yi", "CN")
    person.save()
    table = _history_table(curator, "person", person.pk)
    assert '<td data-label="Changed by"></td>' in table
    assert '<td data-label="Change reason"></td>' in table
