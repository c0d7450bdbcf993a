"""The admin import page: upload or paste, preview the parse, confirm; errors on the form."""

import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from readout_texts import (
    FULL_NAMES,
    NOT_A_READOUT,
    OTHER_QURESHI,
    READABLE,
    RELEASE_OF_THREE,
    SEED,
    UNREADABLE,
)
from test_import_command import run

from archive.admin_import import ALL_OR_NONE, SESSION_KEY
from archive.importer import import_text
from archive.interchange import meeting_to_record
from archive.models import Meeting

pytestmark = pytest.mark.django_db

URL = reverse("admin:archive_meeting_import")


def upload(name, content, content_type="text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def preview(client, **data):
    response = client.post(URL, {"preview": "Preview", **data})
    assert response.status_code == 200
    return response


def confirm(client):
    token = client.session[SESSION_KEY]["token"]
    return client.post(URL, {"confirm": "Save", "token": token})


def test_changelist_links_to_the_import_page(admin_client):
    response = admin_client.get(reverse("admin:archive_meeting_changelist"))
    assert URL in response.content.decode()
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    assert b"csrfmiddlewaretoken" in page.content


def test_upload_preview_then_confirm_creates_the_meeting(admin_client, admin_user):
    response = preview(admin_client, upload=upload("seed.txt", SEED.read_bytes()))
    html = response.content.decode()
    for expected in [
        "Wang Yi",
        "State Councilor and Foreign Minister",
        "Qureshi",
        "Islamabad",
        "2022-03-21",
        "<em>joint</em>",
        "Both agreed that international law",
        "counter-terrorism",
        "Save to the archive",
    ]:
        assert expected in html, expected
    assert not Meeting.objects.exists()  # the preview writes nothing

    response = confirm(admin_client)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:archive_meeting_change", args=[meeting.pk])
    assert meeting.held_on.isoformat() == "2022-03-21"
    assert meeting.participants.count() == 2 and meeting.agreed_points.count() >= 3
    assert meeting.history.get().history_user == admin_user
    assert SESSION_KEY not in admin_client.session
    page = admin_client.get(response["Location"])
    assert "Imported" in page.content.decode()


def test_preview_shows_which_person_records_the_names_link_to(admin_client):
    from archive.importer import import_readout

    import_readout(FULL_NAMES, source_name="earlier")
    html = preview(admin_client, upload=upload("seed.txt", SEED.read_bytes())).content.decode()
    assert "Shah Mahmood Qureshi</a> (shah-mahmood-qureshi-pk)" in html
    assert "Wang Yi</a> (wang-yi-cn)" in html
    fresh = preview(admin_client, text=FULL_NAMES.replace("Wang Yi", "Qin Gang")).content
    assert b"new person" in fresh


def test_pasted_text_with_metadata(admin_client):
    preview(
        admin_client,
        text=FULL_NAMES,
        publisher="cn-mfa",
        source_url="https://example.org/readout",
        published_on="2022-04-02",
    )
    confirm(admin_client)
    meeting = Meeting.objects.get()
    assert meeting.source_url == "https://example.org/readout"
    assert meeting.publisher == "Ministry of Foreign Affairs of the People's Republic of China"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"upload": upload("a.txt", b"x" * 2001)}, "file is too large"),
        ({"upload": upload("a.txt", b"\x00\x01binary")}, "binary file, not text"),
        ({"upload": upload("a.txt", "café".encode("latin-1"))}, "not UTF-8 text"),
        # each refused file is named
        (
            {"upload": upload("a.pdf", b"%PDF-1.4", "application/pdf")},
            "a.pdf: a PDF file, not text",
        ),
        (
            {"upload": upload("a.docx", b"PK\x03\x04\x14\x00\x06\x00", "application/zip")},
            "a.docx: binary file, not text",
        ),
        ({"upload": upload("a.txt", b"")}, "a.txt: empty file"),
        ({"upload": upload("r.jsonl", b'{"title": "x"}\n')}, "r.jsonl:1: "),
        ({"upload": upload("b.txt", b"%PDF-1.4\n%\xe2\xe3")}, "b.txt: a PDF file, not text"),
        ({"text": "x" * 2001}, "The text is too long"),
        ({"text": NOT_A_READOUT}, "no recognisable readout"),
        ({"upload": upload("notes.txt", NOT_A_READOUT.encode())}, "notes.txt: no recognisable"),
        ({}, "Upload a .txt file or paste"),
        ({"text": FULL_NAMES, "source_url": "javascript:alert(1)"}, "not an http or https"),
        # a date that reads two ways is refused, not guessed
        ({"text": FULL_NAMES, "published_on": "12/11/2025"}, "Write the date as YYYY-MM-DD"),
    ],
)
def test_bad_input_is_shown_on_the_form(admin_client, settings, data, message):
    settings.READOUT_MAX_BYTES = 2000
    response = admin_client.post(URL, {"preview": "Preview", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert b"Save to the archive" not in response.content
    assert SESSION_KEY not in admin_client.session
    assert not Meeting.objects.exists()


def refusals(client, name, text):
    response = preview(client, upload=upload(name, text.encode()))
    assert b"Save to the archive" not in response.content
    assert SESSION_KEY not in client.session
    return [str(error) for error in response.context["form"].non_field_errors()]


def test_a_release_with_an_unreadable_meeting_is_refused_whole_as_the_import_refuses_it(
    admin_client, tmp_path
):
    """The preview names each meeting the import would not store, in the dry run's words."""
    path = tmp_path / "release.txt"
    path.write_text(RELEASE_OF_THREE.format(second=UNREADABLE), encoding="utf-8")
    _, _, err = run("--dry-run", path)
    errors = refusals(admin_client, "release.txt", path.read_text(encoding="utf-8"))
    assert errors == err.replace(str(path), "release.txt").splitlines()
    assert errors[0] == (
        "release.txt, meeting 1 of 3: would not be imported, because meeting 2 of 3 could not "
        "be: the meetings of one release are imported all or none"
    )
    assert len(errors) == 3 and not Meeting.objects.exists()
    # Stored whole once readable, its other meetings are kept: only the failing one is refused.
    preview(admin_client, text=RELEASE_OF_THREE.format(second=READABLE))
    confirm(admin_client)
    assert Meeting.objects.count() == 3
    errors = refusals(admin_client, "release.txt", path.read_text(encoding="utf-8"))
    assert [error.split(": ")[0] for error in errors] == ["release.txt, meeting 2 of 3"]


def test_a_release_that_fails_on_saving_is_reported_meeting_by_meeting_as_the_import_does(
    admin_client, tmp_path
):
    """Saving parses the text again: should a meeting fail then, nothing is stored and every
    meeting says why, named after the uploaded file, in the command line's words."""
    readable = RELEASE_OF_THREE.format(second=READABLE)
    preview(admin_client, upload=upload("release.txt", readable.encode()))
    session = admin_client.session
    pending = session[SESSION_KEY]
    pending["files"][0]["text"] = readable.replace(READABLE, UNREADABLE)
    session[SESSION_KEY] = pending
    session.save()
    response = confirm(admin_client)
    assert response.status_code == 302 and response["Location"] == URL
    assert not Meeting.objects.exists()
    shown = [str(m) for m in admin_client.get(URL).context["messages"]]
    path = tmp_path / "release.txt"
    path.write_text(RELEASE_OF_THREE.format(second=UNREADABLE), encoding="utf-8")
    _, _, err = run(path)
    assert shown == err.replace(str(path), "release.txt").splitlines()
    assert len(shown) == 3 and shown[1].startswith("release.txt, meeting 2 of 3: no recognisable")


def test_confirm_needs_the_preview_token(admin_client):
    preview(admin_client, text=FULL_NAMES)
    response = admin_client.post(URL, {"confirm": "Save", "token": "forged"})
    assert response.status_code == 302 and response["Location"] == URL
    assert not Meeting.objects.exists()


def test_confirm_parses_again_and_checks_the_size_again(admin_client, settings):
    preview(admin_client, text=FULL_NAMES)
    settings.READOUT_MAX_BYTES = 100
    response = confirm(admin_client)
    assert response.status_code == 302 and response["Location"] == URL
    assert "Not imported: file is too large" in admin_client.get(URL).content.decode()
    assert not Meeting.objects.exists()


def test_already_stored_text_says_so(admin_client):
    preview(admin_client, text=FULL_NAMES)
    confirm(admin_client)
    response = preview(admin_client, text=FULL_NAMES)
    assert "already in the archive" in response.content.decode()
    confirm(admin_client)
    assert Meeting.objects.count() == 1


def test_staff_without_add_permission_are_refused(client):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": FULL_NAMES, "preview": "1"}).status_code == 403


def test_csrf_is_enforced(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(URL, {"preview": "Preview", "text": FULL_NAMES})
    assert response.status_code == 403


def test_a_pasted_text_over_the_limit_gets_the_forms_message(admin_client):
    """Form-encoded, a text of letters beyond ASCII takes three bytes a byte: the request is
    still read, and the form says the text is too long."""
    from django.conf import settings

    text = "é" * (settings.READOUT_MAX_BYTES // 2 + 1000)
    response = admin_client.post(URL, {"preview": "Preview", "text": text})
    assert response.status_code == 200
    assert "The text is too long" in response.content.decode()


def test_the_preview_warns_of_a_stored_capture_of_the_same_readout(admin_client):
    from archive.importer import import_readout

    import_readout(FULL_NAMES, source_name="earlier")
    html = preview(admin_client, text=FULL_NAMES + "\nShare this page.\n").content.decode()
    assert "Possibly the same readout as" in html
    assert "Warnings: the entry will need review" in html


def two_files():
    return [upload("a.txt", SEED.read_bytes()), upload("b.txt", OTHER_QURESHI.encode())]


def test_several_files_are_previewed_together_and_saved_together(admin_client):
    response = preview(admin_client, upload=two_files())
    html = response.content.decode()
    assert "These 2 files report 2 meetings." in html
    assert "a.txt: " in html and "b.txt: " in html
    assert "Save the 2 meetings to the archive" in html
    assert not Meeting.objects.exists()

    response = confirm(admin_client)
    meetings = list(Meeting.objects.order_by("pk"))
    assert len(meetings) == 2
    ids = ",".join(str(m.pk) for m in meetings)
    assert response["Location"] == f"{reverse('admin:archive_meeting_changelist')}?id__in={ids}"


def test_an_unreadable_file_among_several_is_named_and_nothing_is_kept_for_saving(admin_client):
    files = [*two_files(), upload("c.pdf", b"%PDF-1.4", "application/pdf")]
    files.append(upload("d.txt", b"\x00\x01binary"))
    response = preview(admin_client, upload=files)
    html = response.content.decode()
    assert "c.pdf: a PDF file, not text" in html and "d.txt: binary file, not text" in html
    assert SESSION_KEY not in admin_client.session


def test_a_file_that_is_no_readout_refuses_the_whole_upload(admin_client):
    files = [*two_files(), upload("notes.txt", NOT_A_READOUT.encode())]
    response = preview(admin_client, upload=files)
    errors = [str(e) for e in response.context["form"].non_field_errors()]
    assert errors[0].startswith("notes.txt: no recognisable readout")
    assert errors[-1] == ALL_OR_NONE
    assert SESSION_KEY not in admin_client.session and not Meeting.objects.exists()


def test_an_upload_is_bounded_in_files_and_bytes(admin_client, settings, monkeypatch):
    response = preview(admin_client, upload=two_files(), source_url="https://example.org/a")
    assert "A source URL belongs to one readout" in response.content.decode()
    monkeypatch.setattr("archive.admin_upload.MAX_FILES", 1)
    response = preview(admin_client, upload=two_files())
    assert "2 files chosen; at most 1 are imported here at a time" in response.content.decode()
    monkeypatch.setattr("archive.admin_upload.MAX_FILES", 20)
    settings.READOUT_MAX_BYTES = 2000
    files = [upload(f"{n}.txt", b"x" * 1900) for n in range(5)]
    response = preview(admin_client, upload=files)
    assert (
        "The 5 files hold 9,500 bytes together; one upload takes at most 8,000 bytes"
        in response.content.decode()
    )
    assert SESSION_KEY not in admin_client.session


def test_saving_several_files_stores_all_or_none(admin_client):
    preview(admin_client, upload=two_files())
    session = admin_client.session
    pending = session[SESSION_KEY]
    pending["files"][1]["text"] = NOT_A_READOUT
    session[SESSION_KEY] = pending
    session.save()
    response = confirm(admin_client)
    assert response["Location"] == URL
    assert not Meeting.objects.exists()
    shown = [str(m) for m in admin_client.get(URL).context["messages"]]
    assert shown[0].startswith("Not imported: b.txt: no recognisable readout")
    assert shown[1] == "Nothing was imported: the 2 files of one upload are imported all or none."


def test_the_same_text_twice_in_one_upload_is_stored_once(admin_client):
    files = [upload("a.txt", SEED.read_bytes()), upload("copy.txt", SEED.read_bytes())]
    html = preview(admin_client, upload=files).content.decode()
    assert "The same text as a.txt above: it is stored once." in html
    confirm(admin_client)
    assert Meeting.objects.count() == 1


def exported(*texts: str) -> bytes:
    """The texts imported, exported as a .jsonl file's records, then deleted from the archive."""
    for text in texts:
        import_text(text, source_name="t")
    lines = [json.dumps(meeting_to_record(m)) for m in Meeting.objects.order_by("pk")]
    Meeting.objects.all().delete()
    return ("\n".join(lines) + "\n").encode()


def test_a_file_of_records_is_previewed_and_saved_as_it_stands(admin_client):
    records = exported(SEED.read_text(encoding="utf-8"), OTHER_QURESHI)
    reviewed = json.loads(records.splitlines()[1])
    reviewed["review_status"] = "reviewed"
    reviewed["title"] = "A title a curator gave"
    records = records.splitlines()[0] + b"\n" + json.dumps(reviewed).encode() + b"\n"
    html = preview(admin_client, upload=upload("export.jsonl", records)).content.decode()
    assert "export.jsonl:1" in html and "export.jsonl:2" in html
    assert "A title a curator gave" in html
    assert "Save the 2 meetings to the archive" in html
    assert not Meeting.objects.exists()
    confirm(admin_client)
    stored = Meeting.objects.get(title="A title a curator gave")
    assert stored.review_status == Meeting.ReviewStatus.REVIEWED
    assert Meeting.objects.count() == 2


def test_a_bad_record_refuses_the_upload_and_names_its_line(admin_client):
    records = exported(SEED.read_text(encoding="utf-8")) + b"{not json\n"
    response = preview(admin_client, upload=upload("export.jsonl", records))
    errors = [str(e) for e in response.context["form"].non_field_errors()]
    assert errors[0].startswith("export.jsonl:2: invalid JSON")
    assert errors[-1] == ALL_OR_NONE
    assert SESSION_KEY not in admin_client.session and not Meeting.objects.exists()
    response = preview(
        admin_client, upload=upload("export.jsonl", exported(SEED.read_text())), publisher="x"
    )
    assert "export.jsonl: a record carries its own publisher" in response.content.decode()


def test_records_that_fail_on_saving_store_nothing(admin_client):
    records = exported(OTHER_QURESHI)
    preview(admin_client, upload=[upload("a.txt", SEED.read_bytes()), upload("r.jsonl", records)])
    session = admin_client.session
    pending = session[SESSION_KEY]
    pending["files"][1]["text"] = '{"title": "x"}\n'
    session[SESSION_KEY] = pending
    session.save()
    confirm(admin_client)
    assert not Meeting.objects.exists()
    shown = [str(m) for m in admin_client.get(URL).context["messages"]]
    assert shown[0].startswith("Not imported: r.jsonl:1: ")


def stale(meeting: Meeting, **fields) -> Meeting:
    """The meeting as an older parser left it: another fingerprint, and `fields`."""
    Meeting.objects.filter(pk=meeting.pk).update(parse_fingerprint="an older parser", **fields)
    return Meeting.objects.get(pk=meeting.pk)


def test_a_stored_text_is_updated_only_when_asked(admin_client, admin_user):
    [result] = import_text(FULL_NAMES, source_name="earlier")
    parsed_title = result.meeting.title
    meeting = stale(result.meeting, title="A title an older parser gave")
    html = preview(admin_client, text=FULL_NAMES).content.decode()
    assert 'tick "Update meetings already stored" to update it from this upload' in html
    assert "updates <a" not in html and "This text updates" not in html
    html = preview(admin_client, text=FULL_NAMES, update="on").content.decode()
    assert "This text updates" in html and "from a new parse of its text" in html
    assert Meeting.objects.get(pk=meeting.pk).title == "A title an older parser gave"

    response = confirm(admin_client)
    assert response["Location"] == reverse("admin:archive_meeting_change", args=[meeting.pk])
    updated = Meeting.objects.get()
    assert updated.title == parsed_title and updated.parse_fingerprint != "an older parser"
    # Its history as the command writes it, by whom.
    reasons = [h.history_change_reason for h in updated.history.all()]
    assert reasons == ["import: update", "import"]
    assert updated.history.first().history_user == admin_user
    shown = [str(m) for m in admin_client.get(response["Location"]).context["messages"]]
    assert updated.review_status != Meeting.ReviewStatus.NEEDS_REVIEW
    assert shown == [f"Updated “{updated}”."]


def test_records_update_the_meetings_stored_from_them(admin_client):
    records = exported(SEED.read_text(encoding="utf-8"), OTHER_QURESHI)
    confirm_upload = {"upload": upload("export.jsonl", records)}
    preview(admin_client, **confirm_upload)
    confirm(admin_client)
    first, second = Meeting.objects.order_by("pk")
    lines = records.splitlines()
    changed = json.loads(lines[1])
    changed["title"] = "A title a curator gave elsewhere"
    records = lines[0] + b"\n" + json.dumps(changed).encode() + b"\n"

    html = preview(admin_client, upload=upload("export.jsonl", records)).content.decode()
    assert html.count("already in the archive: nothing changes") == 2
    html = preview(admin_client, upload=upload("export.jsonl", records), update="on")
    html = html.content.decode()
    assert html.count("already in the archive: nothing changes") == 1
    change = reverse("admin:archive_meeting_change", args=[second.pk])
    assert f'updates <a href="{change}">{second}</a>' in html
    assert "This record updates" in html
    confirm(admin_client)
    assert Meeting.objects.get(pk=second.pk).title == "A title a curator gave elsewhere"
    assert Meeting.objects.get(pk=first.pk).title == first.title
    reasons = [h.history_change_reason for h in Meeting.objects.get(pk=second.pk).history.all()]
    assert reasons == ["import: record", "import: record"]
    assert Meeting.objects.get(pk=first.pk).history.count() == 1


def test_an_update_keeps_curators_edits_and_says_so(admin_client):
    [result] = import_text(FULL_NAMES, source_name="earlier")
    meeting = stale(result.meeting)
    meeting.title = "A title a curator gave"
    meeting.review_status = Meeting.ReviewStatus.REVIEWED
    meeting.save()
    html = preview(admin_client, text=FULL_NAMES, update="on").content.decode()
    assert "reviewed and edited by curators: confirming keeps their edits" in html
    response = confirm(admin_client)
    assert Meeting.objects.get().title == "A title a curator gave"
    shown = [str(m) for m in admin_client.get(response["Location"]).context["messages"]]
    assert shown == [
        f"This text is already in the archive: “{meeting}”. Curators' edits to it are kept."
    ]


def test_an_update_is_saved_all_or_none_with_the_rest_of_the_upload(admin_client):
    [result] = import_text(FULL_NAMES, source_name="earlier")
    meeting = stale(result.meeting, title="A title an older parser gave")
    uploads = [upload("a.txt", FULL_NAMES.encode()), upload("b.txt", SEED.read_bytes())]
    html = preview(admin_client, upload=uploads, update="on").content.decode()
    assert "a.txt" in html and "updates <a" in html
    session = admin_client.session
    pending = session[SESSION_KEY]
    pending["files"][1]["text"] = NOT_A_READOUT
    session[SESSION_KEY] = pending
    session.save()
    confirm(admin_client)
    assert Meeting.objects.get().title == "A title an older parser gave"
    assert Meeting.objects.get().history.count() == 1
    assert meeting.pk == Meeting.objects.get().pk


def test_a_records_preview_names_the_publisher_it_carries(admin_client):
    record = json.loads(exported(SEED.read_text(encoding="utf-8")))
    record["publisher"], record["publisher_key"] = "A ministry named in the record", None
    html = preview(admin_client, upload=upload("r.jsonl", json.dumps(record).encode())).content
    row = re.search(r"<th scope=\"row\">Publisher</th><td>([^<]*)</td>", html.decode())
    assert row.group(1) == "A ministry named in the record"
    confirm(admin_client)
    assert Meeting.objects.get().publisher == "A ministry named in the record"
