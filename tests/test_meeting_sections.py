"""A release that reports several meetings under headings of their own: one meeting each, from
the parser's split through the command line and the admin upload."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from test_import_command import run

from archive.admin_import import SESSION_KEY
from archive.import_input import ImportFailed
from archive.importer import import_text
from archive.models import Meeting
from archive.parsing import cut_off_heading, meeting_sections, parse_readout

ROOT = Path(__file__).resolve().parent.parent
TRAVEL = (
    ROOT / "tests" / "fixtures" / "readouts" / "us-state" / "travel-meetings-under-headings.txt"
)
URL = reverse("admin:archive_meeting_import")

# The second meeting has nothing of a readout in it: no one, no date, nothing agreed.
ONE_UNREADABLE = """\
Notes from the road

Meeting with Foreign Minister Wang Yi of China

On March 3, 2023, Secretary of State Antony Blinken met Foreign Minister Wang Yi of China in \
Munich. The two sides agreed to keep channels of communication open.

Meeting with the press corps

Questions were taken on many subjects. It rained all day.
"""


def test_each_heading_is_a_meeting_with_the_release_opening_before_it():
    text = TRAVEL.read_text(encoding="utf-8")
    sections = meeting_sections(text)
    assert len(sections) == 3
    opening = text[: text.index("Meeting with Malaysian")]
    for section, heading in zip(
        sections, ["Malaysian Foreign", "Japanese Foreign", "Thai Foreign"], strict=True
    ):
        assert section.startswith(opening)  # headline, date and scene, word for word
        body = section[len(opening) :]
        assert body.startswith(f"Meeting with {heading}")
        assert body.strip() in text
    parsed = [parse_readout(section) for section in sections]
    assert [p.countries for p in parsed] == [("MY", "US"), ("JP", "US"), ("TH", "US")]
    assert [p.title for p in parsed] == [
        "Meeting with Malaysian Foreign Minister Mohamad Hasan",
        "Meeting with Japanese Foreign Minister Iwaya Takeshi",
        "Meeting with Thai Foreign Minister Maris Sangiampongsa",
    ]
    # "The Secretary met with ..." is the Secretary of State the opening names.
    assert {p.participants[0].name for p in parsed} == {"Marco Rubio"}
    assert {(p.location_city, p.location_country) for p in parsed} == {("Kuala Lumpur", "MY")}
    assert [len(p.agreed_points) for p in parsed] == [1, 0, 1]


@pytest.mark.parametrize(
    "text",
    [
        # A headline that names the meeting, then its text.
        "Meeting with Prime Minister of Denmark\n\nToday the Prime Minister met Ms Holmgaard.\n",
        # One heading under the headline.
        "Readout\n\nMeeting with the Foreign Minister of Peru\n\nThe Minister met Mr Ruiz.\n",
        # Headings with nothing under them: a list of meetings, not sections.
        "Schedule\n\nMeeting with the Foreign Minister of Peru\nMeeting with the Foreign "
        "Minister of Chile\n\nThe Minister held both meetings in Lima.\n",
        # A sentence that begins like a heading.
        "Readout\n\nMeeting with Mr Ruiz, the Minister raised trade.\n\nMeeting with Ms Diaz, "
        "the Minister raised fisheries.\n",
    ],
)
def test_one_meeting_stays_one_text(text):
    assert meeting_sections(text) == [text]


@pytest.mark.django_db
def test_the_command_stores_one_meeting_a_heading(tmp_path):
    code, out, err = run(TRAVEL)
    assert (code, err) == (0, "")
    # The counts follow the lines naming the meetings that need review.
    assert out.splitlines()[-1].startswith("created=3 updated=0 unchanged=0 failed=0")
    meetings = list(Meeting.objects.order_by("pk"))
    assert [sorted(m.countries.values_list("code", flat=True)) for m in meetings] == [
        ["MY", "US"],
        ["JP", "US"],
        ["TH", "US"],
    ]
    assert all(m.source_text.startswith("Secretary Rubio's Travel") for m in meetings)
    code, out, _ = run(TRAVEL)
    assert out.splitlines()[-1].startswith("created=0 updated=0 unchanged=3 failed=0")


@pytest.mark.django_db
def test_the_command_stores_a_release_all_or_none(tmp_path):
    """As the admin does: one meeting that cannot be stored keeps the release's others out too,
    each saying why, while the run's other files are stored."""
    bad = tmp_path / "road.txt"
    bad.write_text(ONE_UNREADABLE, encoding="utf-8")
    code, out, err = run(bad, TRAVEL)
    assert code == 1
    assert out.splitlines()[-1].startswith("created=3 updated=0 unchanged=0 failed=2")
    assert err.splitlines() == [
        f"{bad}, meeting 1 of 2: not imported, because meeting 2 of 2 could not be: "
        "the meetings of one release are imported all or none",
        f"{bad}, meeting 2 of 2: no recognisable readout: no participants, no date, no "
        "attributed statements and no agreed points were found",
    ]
    assert Meeting.objects.count() == 3
    assert not Meeting.objects.filter(source_text__startswith="Notes from the road").exists()


@pytest.mark.django_db
def test_the_dry_run_names_each_meeting(tmp_path):
    code, out, _ = run("--dry-run", "--json", TRAVEL)
    assert code == 0
    files = [line.split('"title"')[0] for line in out.strip().splitlines()]
    assert len(files) == 3
    assert f"{TRAVEL}, meeting 3 of 3" in files[2]
    assert not Meeting.objects.exists()


def preview(client, text):
    response = client.post(URL, {"preview": "Preview", "text": text})
    assert response.status_code == 200
    return response.content.decode()


def confirm(client):
    return client.post(URL, {"confirm": "Save", "token": client.session[SESSION_KEY]["token"]})


@pytest.mark.django_db
def test_the_admin_previews_and_saves_each_meeting(admin_client):
    html = preview(admin_client, TRAVEL.read_text(encoding="utf-8"))
    assert "This text reports 3 separate meetings" in html
    assert "Meeting 2 of 3: Meeting with Japanese Foreign Minister Iwaya Takeshi" in html
    assert "Save the 3 meetings to the archive" in html
    assert not Meeting.objects.exists()
    response = confirm(admin_client)
    ids = sorted(Meeting.objects.values_list("pk", flat=True))
    assert len(ids) == 3
    assert response.status_code == 302
    assert response["Location"].endswith(f"?id__in={','.join(map(str, ids))}")
    listing = admin_client.get(response["Location"]).content.decode()
    assert listing.count("Imported “") == 3
    assert "Meeting with Thai Foreign Minister Maris Sangiampongsa" in listing
    # The three stored meetings, again: each says so.
    again = preview(admin_client, TRAVEL.read_text(encoding="utf-8"))
    assert again.count("This meeting is already in the archive") == 3


@pytest.mark.django_db
def test_the_admin_saves_all_the_meetings_or_none(admin_client):
    html = preview(admin_client, ONE_UNREADABLE)
    assert "The text, meeting 2 of 2: no recognisable readout" in html
    assert SESSION_KEY not in admin_client.session
    assert not Meeting.objects.exists()
    uploaded = admin_client.post(
        URL,
        {"preview": "Preview", "upload": SimpleUploadedFile("road.txt", ONE_UNREADABLE.encode())},
    )
    assert "road.txt, meeting 2 of 2: no recognisable readout" in uploaded.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_import_text_writes_nothing_when_one_meeting_fails():
    with pytest.raises(
        ImportFailed, match=r"^pasted, meeting 1 of 2: not imported, because"
    ) as refused:
        import_text(ONE_UNREADABLE, source_name="pasted")
    assert (
        str(refused.value)
        .splitlines()[1]
        .startswith("pasted, meeting 2 of 2: no recognisable readout")
    )
    assert not Meeting.objects.exists()
    assert [r.status for r in import_text(TRAVEL.read_text(), source_name="pasted")] == [
        "created"
    ] * 3


WHOLE = TRAVEL.read_text(encoding="utf-8")
# A download that stopped in the last meeting's heading.
CUT_OFF = WHOLE[
    : WHOLE.index("Meeting with Thai") + len("Meeting with Thai Foreign Minister Maris")
]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        # cut after the last heading, mid-name: the two meetings before it have text
        (CUT_OFF, "Meeting with Thai Foreign Minister Maris"),
        # whole, or cut inside a meeting's text: nothing shows the cut
        (WHOLE, None),
        (WHOLE.rpartition("Sangiampongsa")[0], None),
        # a list of meetings, none with text under it, is one readout (meeting_sections)
        (
            "Notes\n\nMeeting with Foreign Minister Wang Yi\n\nMeeting with Prime Minister Li\n",
            None,
        ),
        # a text of one meeting whose headline is such a heading
        ("Meeting with Foreign Minister Wang Yi\n\nOn March 3, 2023, they met in Munich.\n", None),
    ],
)
def test_a_release_cut_off_after_a_heading_is_told_by_that_heading(text, heading):
    assert cut_off_heading(text) == heading


def test_a_release_cut_off_after_a_heading_is_refused_whole_and_named(tmp_path, admin_client):
    path = tmp_path / "cut.txt"
    path.write_text(CUT_OFF, encoding="utf-8")
    heading = "Meeting with Thai Foreign Minister Maris"
    for args in [(path,), ("--dry-run", path)]:
        code, _, err = run(*args)
        assert code == 1
        assert err.startswith(f"{path}: the text ends at the heading '{heading}")
        assert err.rstrip().endswith("the release looks cut off; import the whole text")
    assert not Meeting.objects.exists()
    uploaded = admin_client.post(
        URL, {"preview": "Preview", "upload": SimpleUploadedFile("cut.txt", CUT_OFF.encode())}
    ).content.decode()
    assert "cut.txt: the text ends at the heading" in uploaded
    assert "Save to the archive" not in uploaded
    with pytest.raises(ImportFailed, match="the release looks cut off"):
        import_text(CUT_OFF, source_name="pasted")
    assert not Meeting.objects.exists()
