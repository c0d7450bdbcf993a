"""The pages researchers read: each renders with real data, unknown addresses 404, queries stay flat."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from page_builders import MeetingSpec, Said, build, person

from archive.importer import import_readout
from archive.models import Meeting, Participant, Person, Statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_meeting(seed_text):
    return import_readout(seed_text, source_name="seed").meeting


@pytest.fixture
def wang_yi():
    return person("Wang Yi", "CN", slug="wang-yi")


@pytest.fixture
def qureshi():
    return person("Shah Mahmood Qureshi", "PK", slug="qureshi")


def talks(wang_yi, qureshi, day, **extra):
    spec = MeetingSpec(
        title=extra.pop("title", f"Talks on {day}"),
        held_on=day,
        people=[(wang_yi, "Foreign Minister"), (qureshi, "Foreign Minister")],
        said=extra.pop(
            "said",
            [
                Said(0, "Wang Yi said the corridor matters."),
                Said(1, "Qureshi said security first."),
            ],
        ),
        agreed=extra.pop("agreed", ["The two sides agreed to fight terrorism together."]),
        topics=extra.pop("topics", ("security",)),
        **extra,
    )
    return build(spec)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


# --- each page renders with real data ------------------------------------------------------------


def test_home_shows_counts_latest_and_busiest_relationships(client, seed_meeting):
    html = get(client, reverse("archive:home")).content.decode()
    assert seed_meeting.title in html
    assert 'action="/meetings/"' in html and 'name="q"' in html
    assert reverse("archive:relationship", args=["cn", "pk"]) in html
    assert re.search(r"<strong>1</strong>\s*meeting\b", html)
    assert re.search(rf"<strong>{seed_meeting.statements.count()}</strong>\s*statements", html)


def test_meeting_page_shows_the_readout_in_full(client, seed_meeting):
    html = get(client, seed_meeting.get_absolute_url()).content.decode()
    assert seed_meeting.title in html
    assert "Islamabad" in html and "21 March 2022" in html
    assert 'href="/people/wang-yi-cn/"' in html and 'href="/countries/pk/"' in html
    for statement in seed_meeting.statements.all():
        assert f'id="{statement.anchor}"' in html
        assert f'id="src-{statement.anchor}"' in html
    for point in seed_meeting.agreed_points.all():
        assert f'id="{point.anchor}"' in html
        assert f'href="#src-{point.anchor}"' in html
    assert 'name="citation_title"' in html and 'name="DC.publisher"' in html
    assert reverse("archive:meeting-json", args=[seed_meeting.slug]) in html
    for address in ["/meetings/no.such.slug.json", "/meetings/no-such-slug.JSON"]:
        missing = client.get(address)
        assert (missing.status_code, missing["Content-Type"]) == (404, "application/json")
    assert reverse("archive:meeting-cite", args=[seed_meeting.slug, "bib"]) in html
    # Joint statements of a bilateral meeting are "Both sides".
    assert "Both sides" in html and "All sides" not in html


def test_a_country_without_meetings_says_so_rather_than_counting_zeros(client, db):
    html = get(client, "/countries/ae/").content.decode()
    assert (
        '<p class="lede">No meeting with the United Arab Emirates is in the archive yet.</p>'
        in html
    )
    assert "0 counterparts" not in html


def test_country_page_lists_meetings_counterparts_topics_and_timeline(client, seed_meeting):
    html = get(client, reverse("archive:country-detail", args=["pk"])).content.decode()
    assert seed_meeting.title in html
    assert 'href="/relations/cn-pk/"' in html
    assert "Security" in html
    assert '<svg class="timeline-chart" role="group"' in html  # its years are links
    assert "1 dated meeting in 2022." in html


def test_a_country_page_writes_a_name_that_takes_the_as_a_sentence_does(client):
    build(MeetingSpec("Talks", datetime.date(2024, 5, 1), codes=("US", "NL"), topics=("trade",)))
    html = get(client, reverse("archive:country-detail", args=["us"])).content.decode()
    assert ">What the United States agreed</a>" in html
    assert 'title="Readouts involving the United States"' in html
    assert "Meetings per year involving the United States" in html
    assert "opens the search for the meetings of the United States on it" in html
    html = get(client, reverse("archive:relationship", args=["nl", "us"])).content.decode()
    assert "Meetings per year between the Netherlands and the United States" in html
    assert "<title>The Netherlands and the United States" in html
    assert '/">The Netherlands</a> and <a href="/countries/us/">the United States</a></h1>' in html
    feed = client.get("/feeds/relations/nl-us.atom").content.decode()
    assert "<title>Readout archive: The Netherlands and the United States</title>" in feed


def test_country_list_counts_meetings(client, seed_meeting):
    html = get(client, reverse("archive:country-list")).content.decode()
    assert 'href="/countries/pk/"' in html and 'href="/countries/cn/"' in html
    assert 'href="/countries/fr/"' not in html


def test_a_meeting_no_curator_has_checked_says_so(client, seed_meeting):
    note = "Not yet checked by a curator"
    Meeting.objects.filter(pk=seed_meeting.pk).update(review_status="needs_review")
    assert note in get(client, seed_meeting.get_absolute_url()).content.decode()
    Meeting.objects.filter(pk=seed_meeting.pk).update(review_status="reviewed")
    cache.clear()
    assert note not in get(client, seed_meeting.get_absolute_url()).content.decode()


def test_the_country_and_people_lists_as_json(client, seed_meeting):
    countries = client.get(reverse("archive:country-list-json")).json()
    assert countries["count"] == 2
    assert {(c["code"], c["meetings"]) for c in countries["results"]} == {("CN", 1), ("PK", 1)}
    assert countries["results"][0]["url"].endswith("/countries/cn/")
    people = client.get(reverse("archive:person-list-json"), {"q": "wang"}).json()
    assert people["count"] == 1 and people["page"] == 1
    [wang] = people["results"]
    assert (wang["name"], wang["country"], wang["meetings"]) == ("Wang Yi", "CN", 1)
    assert wang["url"].endswith(f"/people/{wang['slug']}/")
    everyone = client.get(reverse("archive:person-list-json"), {"sort": "name"}).json()
    assert [p["name"] for p in everyone["results"]] == sorted(
        p["name"] for p in everyone["results"]
    )


def test_relationship_page_lists_meetings_in_order_and_every_agreed_point(client, wang_yi, qureshi):
    later = talks(wang_yi, qureshi, datetime.date(2023, 5, 1), agreed=["Agreed to meet in 2024."])
    earlier = talks(wang_yi, qureshi, datetime.date(2021, 1, 2), agreed=["Agreed to build a dam."])
    build(
        MeetingSpec(title="Unrelated talks", held_on=datetime.date(2022, 1, 1), codes=("FR", "DE"))
    )
    html = get(client, "/relations/cn-pk/").content.decode()
    assert html.index(earlier.title) < html.index(later.title)
    assert html.index("Agreed to build a dam.") < html.index("Agreed to meet in 2024.")
    assert f'href="{earlier.get_absolute_url()}#a0"' in html
    assert "Unrelated talks" not in html


def test_relationship_pages_through_a_long_history(client, wang_yi, qureshi):
    for i in range(52):
        talks(wang_yi, qureshi, datetime.date(1970 + i, 1, 1), title=f"Round {i}")
    first_page = get(client, "/relations/cn-pk/").content.decode()
    assert "Round 0<" in first_page and "Round 49<" in first_page and "Round 50<" not in first_page
    assert (
        'rel="next" href="?page=2"' in first_page and "52 meetings from 1970 to 2021" in first_page
    )
    second_page = get(client, "/relations/cn-pk/?page=2").content.decode()
    assert "Round 50<" in second_page and "Round 51<" in second_page
    # The canonical redirect keeps the page.
    assert client.get("/relations/pk-cn/?page=2")["Location"] == "/relations/cn-pk/?page=2"
    # Past the last page, the last; no page number, the first (as the meeting list does).
    assert "Round 51<" in get(client, "/relations/cn-pk/?page=9").content.decode()
    for address in ["/countries/pk/", "/topics/security/", wang_yi.get_absolute_url()]:
        assert "Round 51<" in get(client, f"{address}?page=abc").content.decode(), address
        assert "Round 0<" in get(client, f"{address}?page=99").content.decode(), address


def test_relationship_groups_its_meetings_by_year_and_links_each_year(client, wang_yi, qureshi):
    # 30 meetings in 2001, 30 in 2002, one undated: 2002 begins on page 1 and goes on to page 2.
    for i in range(30):
        talks(wang_yi, qureshi, datetime.date(2001, 1, 1 + i), title=f"Early {i}")
        talks(wang_yi, qureshi, datetime.date(2002, 1, 1 + i), title=f"Late {i}")
    talks(wang_yi, qureshi, None, title="Undated talks")
    first_page = get(client, "/relations/cn-pk/").content.decode()
    for year in (2001, 2002):
        heading = (
            f'<h3 class="chronology-year-heading" id="year-{year}">{year} <a class="heading-aside"'
        )
        assert heading in first_page
        # each year leads on to the meeting list narrowed to it, whose months it can then choose
        assert (
            f'href="/meetings/?pair=cn-pk&amp;year={year}">Search and filter {year}' in first_page
        )
    assert '<ol class="chronology" start="31">' in first_page
    assert '<a href="#year-2002">2002</a>' in first_page
    assert '<a href="?page=2#undated">Date unknown</a>' in first_page
    second_page = get(client, "/relations/cn-pk/?page=2").content.decode()
    assert re.search(r'id="year-2002">2002 <span class="qualifier">\(continued\)', second_page)
    assert '<h3 class="chronology-year-heading" id="undated">Date unknown</h3>' in second_page
    assert '<a href="?page=1#year-2001">2001</a>' in second_page


def test_relationship_links_its_exports_in_its_own_order(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2021, 1, 2))
    html = get(client, "/relations/cn-pk/").content.decode()
    assert 'href="/meetings.csv?pair=cn-pk&amp;sort=oldest"' in html
    assert 'href="/agreed.csv?pair=cn-pk&amp;sort=oldest"' in html
    assert 'href="/statements.csv?pair=cn-pk&amp;sort=oldest"' in html


def test_relationship_of_one_topic_exports_what_it_shows(client, db):
    for title, topics in [("Trade talks", ("trade",)), ("Security talks", ("security",))]:
        build(MeetingSpec(title, datetime.date(2021, 3, 1), ("CN", "PK"), topics=topics))
    html = get(client, "/relations/cn-pk/?topic=trade").content.decode()
    # the meetings and who said what at them, as the chronology shows them
    assert 'href="/meetings.csv?pair=cn-pk&amp;topic=trade&amp;sort=oldest"' in html
    assert 'href="/statements.csv?pair=cn-pk&amp;topic=trade&amp;sort=oldest"' in html
    # an agreed point's topic is its own, not its meeting's: the pair's points, said to be all
    assert (
        'href="/agreed.csv?pair=cn-pk&amp;sort=oldest" download>Agreed points of all their'
        " meetings as CSV</a>"
    ) in html


def test_relationship_gives_what_each_side_said_at_each_meeting(client, wang_yi, qureshi):
    meeting = talks(
        wang_yi,
        qureshi,
        datetime.date(2021, 1, 2),
        said=[
            Said(1, "Qureshi said security first."),
            Said(None, "Both sides praised the corridor."),
            Said(0, "Wang Yi said the corridor matters."),
        ],
    )
    html = get(client, "/relations/cn-pk/").content.decode()
    start = html.index('<details class="said">')
    said = html[start : html.index("</details>", start)]
    assert "(3 statements)" in said
    # China's side first (the pair's order), then Pakistan's, then both together.
    assert (
        said.index("Wang Yi, China")
        < said.index("Shah Mahmood Qureshi, Pakistan")
        < said.index("Both sides")
    )
    assert f'href="{meeting.get_absolute_url()}#s2"' in said
    assert said.index("Wang Yi said the corridor matters.") < said.index("Qureshi said security")


def test_home_counts_follow_the_archive(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2020, 1, 1))
    assert re.search(r"<strong>1</strong>\s*meeting\b", get(client, "/").content.decode())
    talks(wang_yi, qureshi, datetime.date(2021, 1, 1))
    html = get(client, "/").content.decode()
    assert re.search(r"<strong>2</strong>\s*meetings", html)
    assert re.search(r"China – Pakistan</a>\s*<span class=\"count\">2 meetings", html)


def test_relationship_address_is_canonical(client, seed_meeting):
    for address in ["/relations/pk-cn/", "/relations/PK-CN/", "/relations/CN-pk/"]:
        response = client.get(address)
        assert response.status_code == 301
        assert response["Location"] == "/relations/cn-pk/"
    assert get(client, "/countries/PK/", status=301)["Location"] == "/countries/pk/"


def test_person_page_lists_meetings_roles_and_statements(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2021, 3, 1))
    spec_people = [(wang_yi, "State Councilor and Foreign Minister"), (qureshi, "Foreign Minister")]
    build(
        MeetingSpec(
            title="Later talks",
            held_on=datetime.date(2022, 3, 21),
            people=spec_people,
            said=[Said(0, "Wang Yi said the partnership is rock-solid.")],
        )
    )
    html = get(client, wang_yi.get_absolute_url()).content.decode()
    assert "Later talks" in html and "Talks on 2021-03-01" in html
    assert "Wang Yi said the partnership is rock-solid." in html
    assert "Qureshi said security first." not in html
    roles = html[html.index("Roles held") : html.index("Meetings and what")]
    assert roles.index(">Foreign Minister<") < roles.index("State Councilor and Foreign Minister")
    assert "1 Mar 2021" in roles and "21 Mar 2022" in roles


def test_person_page_names_who_they_met_most_and_where_each_meeting_was_with(
    client, wang_yi, qureshi
):
    talks(wang_yi, qureshi, datetime.date(2021, 3, 1))
    talks(wang_yi, qureshi, datetime.date(2022, 3, 1))
    lavrov = person("Sergey Lavrov", "RU", slug="lavrov")
    build(
        MeetingSpec(
            title="Moscow talks",
            held_on=datetime.date(2023, 1, 1),
            codes=("CN", "RU"),
            people=[(wang_yi, "Foreign Minister"), (lavrov, "Foreign Minister")],
            said=[Said(0, "Wang Yi said one."), Said(0, "Wang Yi said two.")],
        )
    )
    html = get(client, wang_yi.get_absolute_url()).content.decode()
    met = html[html.index("Most often at the same meetings") : html.index("Meetings and what")]
    assert met.index(qureshi.name) < met.index("Sergey Lavrov")
    assert f'href="/meetings/?person={wang_yi.slug}&amp;person={qureshi.slug}"' in met
    assert 'aria-label="2 meetings with Shah Mahmood Qureshi">2</a>' in met
    assert "1 Mar 2022" in met
    assert "· with Russia</p>" in html and "· with Pakistan</p>" in html
    # Each "In context" link says which statement it leads to.
    assert "Moscow talks, statement 1</span>" in html and "Moscow talks, statement 2</span>" in html
    assert f'href="/agreed/?person={wang_yi.slug}"' in html


def test_meeting_page_links_each_pair_of_a_small_multilateral_meeting(client):
    trilateral = build(
        MeetingSpec(title="Trilateral", held_on=datetime.date(2023, 1, 1), codes=CN_PK_RU)
    )
    html = get(client, trilateral.get_absolute_url()).content.decode()
    for pair, names in [("cn-pk", "China–Pakistan"), ("cn-ru", "China–Russia")]:
        assert f'<a href="/relations/{pair}/">{names}</a>' in html
    assert '<a href="/relations/pk-ru/">Pakistan–Russia</a>' in html
    bilateral = build(MeetingSpec(title="Bilateral", held_on=datetime.date(2023, 1, 2)))
    html = get(client, bilateral.get_absolute_url()).content.decode()
    assert "The whole China–Pakistan relationship" in html and "pairs-heading" not in html
    many = build(
        MeetingSpec(title="Many", held_on=datetime.date(2023, 1, 3), codes=(*CN_PK_RU, "FR", "DE"))
    )
    assert "pairs-heading" not in get(client, many.get_absolute_url()).content.decode()


CN_PK_RU = ("CN", "PK", "RU")


def test_topic_pages(client, seed_meeting):
    html = get(client, reverse("archive:topic-list")).content.decode()
    assert 'href="/topics/security/"' in html
    html = get(client, reverse("archive:topic-detail", args=["security"])).content.decode()
    assert seed_meeting.title in html
    # As a country page links to what it agreed, whatever the number shown beside.
    assert 'href="/agreed/?topic=security">What was agreed on Security</a>' in html
    assert '<svg class="timeline-chart"' in html


def test_seed_is_reachable_from_every_entity_page(client, seed_meeting):
    for address in [
        "/countries/pk/",
        "/relations/cn-pk/",
        "/people/wang-yi-cn/",
        "/topics/security/",
    ]:
        assert seed_meeting.get_absolute_url() in get(client, address).content.decode(), address


# --- unknown addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/meetings/no-such-meeting/",
        "/meetings/no-such-meeting/cite.bib",
        "/countries/zz/",
        "/relations/cn-zz/",
        "/relations/cn-cn/",
        "/people/nobody/",
        "/topics/no-such-topic/",
    ],
)
def test_unknown_addresses_are_404(client, address):
    get(client, address, status=404)


def test_unknown_citation_format_is_404(client, seed_meeting):
    get(client, f"{seed_meeting.get_absolute_url()}cite.doc", status=404)


def test_404_page_uses_the_site_design(client, settings):
    settings.DEBUG = False
    html = get(client, "/countries/zz/", status=404).content.decode()
    assert "Page not found" in html and "archive.css" in html and 'lang="en"' in html


def test_500_page_needs_no_database_or_context(rf):
    from django.views.defaults import server_error

    with CaptureQueriesContext(connection) as captured:
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and not captured.captured_queries
    assert "Something went wrong" in html and 'href="/static/css/archive.css"' in html


# --- the meeting page in detail ------------------------------------------------------------------


def test_consecutive_statements_of_one_speaker_share_a_heading(client, wang_yi, qureshi):
    meeting = talks(
        wang_yi,
        qureshi,
        datetime.date(2022, 1, 1),
        said=[
            Said(0, "First by Wang."),
            Said(0, "Second by Wang."),
            Said(1, "Then Qureshi."),
            Said(None, "Both sides agreed on tea."),
            Said(None, "The spokesperson said the talks went well.", joint=False),
            Said(0, "Wang again."),
        ],
    )
    html = get(client, meeting.get_absolute_url()).content.decode()
    statements = html[html.index('id="statements-heading"') : html.index('id="agreed-heading"')]
    headings = re.findall(r'<h3 class="speaker"[^>]*>(.*?)</h3>', statements, re.S)
    names = [" ".join(re.sub(r"<[^>]+>", " ", heading).split()) for heading in headings]
    assert names == [
        "Wang Yi Foreign Minister",
        "Shah Mahmood Qureshi Foreign Minister",
        "Both sides",
        "Not attributed",  # no speaker, and not both sides either
        "Wang Yi Foreign Minister",
    ]


def test_multilateral_joint_statements_are_all_sides(client, wang_yi, qureshi):
    meeting = build(
        MeetingSpec(
            title="Trilateral",
            held_on=datetime.date(2022, 1, 1),
            codes=("AF", "CN", "PK"),
            people=[(wang_yi, "FM"), (qureshi, "FM")],
            said=[Said(None, "The three sides agreed.")],
        )
    )
    assert "All sides" in get(client, meeting.get_absolute_url()).content.decode()


def test_previous_and_next_meeting_between_the_same_parties(client, wang_yi, qureshi):
    first = talks(wang_yi, qureshi, datetime.date(2020, 1, 1))
    middle = talks(wang_yi, qureshi, datetime.date(2021, 1, 1))
    last = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    build(MeetingSpec(title="Other pair", held_on=datetime.date(2021, 6, 1), codes=("CN", "IN")))
    html = get(client, middle.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html
    assert f'rel="next" href="{last.get_absolute_url()}"' in html
    html = get(client, first.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in html
    assert f'rel="next" href="{middle.get_absolute_url()}"' in html


def test_multilateral_neighbours_need_every_party(client, wang_yi, qureshi):
    trilateral = {"codes": ("AF", "CN", "PK"), "people": [(wang_yi, "FM")]}
    one = build(MeetingSpec(title="Tri 1", held_on=datetime.date(2020, 1, 1), **trilateral))
    talks(wang_yi, qureshi, datetime.date(2021, 1, 1))  # bilateral: not a neighbour
    two = build(MeetingSpec(title="Tri 2", held_on=datetime.date(2022, 1, 1), **trilateral))
    html = get(client, two.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{one.get_absolute_url()}"' in html


def test_date_inferred_and_unknown_are_labelled(client, wang_yi, qureshi):
    inferred = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    Meeting.objects.filter(pk=inferred.pk).update(date_stated=False)
    undated = talks(wang_yi, qureshi, None)
    assert "(date inferred)" in get(client, inferred.get_absolute_url()).content.decode()
    assert "Date unknown" in get(client, undated.get_absolute_url()).content.decode()


def test_hostile_text_is_escaped_everywhere(client, qureshi):
    evil = person("<script>alert(1)</script>", "CN", slug="evil")
    meeting = build(
        MeetingSpec(
            title='<script>alert("title")</script>',
            held_on=datetime.date(2022, 1, 1),
            people=[(evil, '<img src=x onerror="alert(2)">'), (qureshi, "FM")],
            said=[Said(0, "He said <script>alert(3)</script> & left.")],
            agreed=['Agreed: "<b>bold</b>"'],
            source_url="https://example.org/readout?a=1&b=<2>",
        )
    )
    for address in [
        meeting.get_absolute_url(),
        "/countries/cn/",
        "/relations/cn-pk/",
        evil.get_absolute_url(),
        "/",
    ]:
        html = get(client, address).content.decode()
        assert "<script>alert" not in html, address
        assert "<img src=x" not in html and "<b>bold</b>" not in html, address
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert "He said &lt;script&gt;alert(3)&lt;/script&gt; &amp; left." in html


def test_source_link_is_marked_external(client, wang_yi, qureshi):
    meeting = talks(wang_yi, qureshi, datetime.date(2022, 1, 1), source_url="https://mfa.example/r")
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert 'href="https://mfa.example/r" rel="noopener noreferrer nofollow"' in html
    # Named by its site, not as the in-page link to the text below ("The readout as published").
    assert 'nofollow">The original on mfa.example</a>' in html


def test_broken_offsets_do_not_break_the_page(client, wang_yi, qureshi):
    meeting = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    Statement.objects.filter(meeting=meeting, position=0).update(start_offset=5, end_offset=10**6)
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert 'id="src-s0"' not in html and 'id="src-s1"' in html
    assert 'href="#src-s0"' not in html and 'href="#src-s1"' in html


def test_warnings_are_shown_to_staff_only(client, wang_yi, qureshi):
    meeting = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    Meeting.objects.filter(pk=meeting.pk).update(warnings=["Date inferred from the header"])
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert "Date inferred from the header" not in html and "/admin/" not in html
    staff = get_user_model().objects.create_user("curator", password="x", is_staff=True)
    client.force_login(staff)
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert "Date inferred from the header" in html
    assert f'href="/admin/archive/meeting/{meeting.pk}/change/"' in html


def test_meeting_page_shows_an_edit_at_once(client, wang_yi, qureshi):
    meeting = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    address = meeting.get_absolute_url()
    assert "corridor matters" in get(client, address).content.decode()
    assert _queries(client, address) < _queries_cold(client, address)
    statement = meeting.statements.get(position=0)
    statement.text = "Wang Yi said the railway matters."
    statement.save()
    html = get(client, address).content.decode()
    assert "<p>Wang Yi said the railway matters.</p>" in html
    assert "<p>Wang Yi said the corridor matters.</p>" not in html
    meeting.agreed_points.get().delete()
    assert 'id="a0"' not in get(client, address).content.decode()
    wang_yi.name = "Wang Yi (renamed)"
    wang_yi.save()
    assert "Wang Yi (renamed)" in get(client, address).content.decode()
    statement.delete()
    assert "railway matters" not in get(client, address).content.decode()
    assert 'id="s0"' not in get(client, address).content.decode()


def test_numbers_stay_when_a_curator_deletes_an_earlier_entry(client, wang_yi, qureshi):
    """A statement or agreed point cited by its number keeps it: a deletion leaves a gap."""
    meeting = talks(
        wang_yi,
        qureshi,
        datetime.date(2022, 1, 1),
        said=[Said(0, "First said."), Said(1, "Second said."), Said(0, "Third said.")],
        agreed=["Agreed first.", "Agreed second."],
    )
    address = meeting.get_absolute_url()

    def numbers(html: str, kind: str) -> dict[str, str]:
        return dict(re.findall(rf'href="#([{kind}]\d+)" aria-label="[^"]*?(\d+), permalink', html))

    html = get(client, address).content.decode()
    assert numbers(html, "s") == {"s0": "1", "s1": "2", "s2": "3"}
    meeting.statements.get(position=1).delete()
    meeting.agreed_points.get(position=0).delete()
    html = get(client, address).content.decode()
    assert numbers(html, "s") == {"s0": "1", "s2": "3"}
    assert numbers(html, "a") == {"a1": "2"}
    relationship = get(client, "/relations/cn-pk/").content.decode()
    assert f'href="{address}#a1" aria-label="Agreed point 2, in the meeting\'s page">§2<' in (
        relationship
    )


def test_cached_meeting_page_differs_for_staff_and_by_host(client, settings, wang_yi, qureshi):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "archive.example.org"]
    meeting = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    address = meeting.get_absolute_url()
    assert "/admin/" not in get(client, address).content.decode()
    other = client.get(address, HTTP_HOST="archive.example.org").content.decode()
    assert f'href="http://archive.example.org{address}"' in other
    client.force_login(get_user_model().objects.create_user("editor", password="x", is_staff=True))
    assert f"/admin/archive/meeting/{meeting.pk}/change/" in get(client, address).content.decode()
    client.logout()
    assert "/admin/" not in get(client, address).content.decode()


def test_citation_downloads(client, seed_meeting):
    base = seed_meeting.get_absolute_url()
    expected = {
        "bib": "application/x-bibtex",
        "ris": "application/x-research-info-systems",
        "json": "application/vnd.citationstyles.csl+json",
    }
    for fmt, content_type in expected.items():
        response = get(client, f"{base}cite.{fmt}")
        assert response["Content-Type"].startswith(content_type)
        assert (
            response["Content-Disposition"] == f'attachment; filename="{seed_meeting.slug}.{fmt}"'
        )
        assert seed_meeting.title in response.content.decode()
    today = timezone.localdate()
    assert f"urldate = {{{today.isoformat()}}}" in get(client, f"{base}cite.bib").content.decode()


def test_pages_have_no_inline_scripts_or_styles(client, seed_meeting):
    for address in ["/", seed_meeting.get_absolute_url(), "/countries/pk/", "/relations/cn-pk/"]:
        html = get(client, address).content.decode()
        assert "<style" not in html and " style=" not in html, address
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], address


# --- bounded queries -----------------------------------------------------------------------------


def _queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        get(client, address)
    return len(captured)


def _queries_cold(client, address):
    cache.clear()
    return _queries(client, address)


def test_query_counts_do_not_grow_with_rows(client, wang_yi, qureshi):
    def add_meetings(count, start):
        return [
            talks(
                wang_yi,
                qureshi,
                datetime.date(start + i, 1, 1),
                said=[Said(0, f"Point {j}.") for j in range(3 + i)] + [Said(1, "Reply.")],
                agreed=[f"Agreed {j}." for j in range(1 + i)],
            )
            for i in range(count)
        ]

    small = add_meetings(2, 2000)[-1]
    addresses = [
        "/",
        "/countries/",
        "/countries/pk/",
        "/relations/cn-pk/",
        wang_yi.get_absolute_url(),
        "/topics/",
        "/topics/security/",
    ]
    before = {address: _queries(client, address) for address in addresses}
    before_meeting = _queries(client, small.get_absolute_url())
    big = add_meetings(6, 2010)[-1]
    build(MeetingSpec(title="Afghan", held_on=datetime.date(2022, 1, 1), codes=("AF", "PK")))
    after = {address: _queries(client, address) for address in addresses}
    assert after == before
    assert big.statements.count() > small.statements.count()
    assert _queries(client, big.get_absolute_url()) == before_meeting


def test_archive_state_changes_again_when_an_edit_is_committed(
    wang_yi, qureshi, django_capture_on_commit_callbacks
):
    from archive.aggregate_cache import archive_state

    meeting = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    statement = meeting.statements.get(position=0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        statement.text = "Edited."
        statement.save()
        during = archive_state()
    assert callbacks and archive_state() != during


def test_people_index_lists_everyone_who_took_part_and_finds_them(client, wang_yi, qureshi):
    for year in (2021, 2022):
        talks(wang_yi, qureshi, datetime.date(year, 1, 1), said=[])

    def listed(url):
        html = get(client, url).content.decode()
        return re.findall(r'<li><a href="/people/([^/"]+)/">', html)

    # most meetings first, then by name
    assert listed("/people/") == [qureshi.slug, wang_yi.slug]
    assert "2 meetings" in get(client, "/people/").content.decode()
    # by any case or accents of any word of the name, and by country
    assert listed("/people/?q=WANG") == [wang_yi.slug]
    assert listed("/people/?q=qur%C3%A9shi") == [qureshi.slug]
    assert listed("/people/?country=pk") == [qureshi.slug]
    assert "No one in the archive is called" in get(client, "/people/?q=Nobody").content.decode()
    assert listed("/people/?sort=name") == [qureshi.slug, wang_yi.slug]  # S before W


@pytest.mark.parametrize(
    ("address", "summary", "said", "option"),
    [
        ("/people/?country=pk", "1 person from Pakistan.", None, "Pakistan"),
        # a country no one is from has no option of its own: the form keeps it all the same
        (
            "/people/?country=gb",
            "0 people from the United Kingdom.",
            "No one in the archive yet from the United Kingdom.",
            "The United Kingdom",
        ),
        (
            "/people/?country=zz&q=wang",
            "0 people named <q>wang</q> from “ZZ”.",
            "No country has the code “ZZ”: nothing matches it.",
            "ZZ",
        ),
    ],
)
def test_people_index_says_which_country_it_lists(
    client, wang_yi, qureshi, address, summary, said, option
):
    talks(wang_yi, qureshi, datetime.date(2022, 1, 1), said=[])
    html = get(client, address).content.decode()
    assert f'<p class="result-summary" role="status">{summary}</p>' in html
    if said:
        assert f"<p>{said}</p>" in html
    assert re.search(rf'<option value="[A-Z]{{2}}" selected>{option}</option>', html)


def test_people_index_reads_a_fixed_number_of_queries(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2022, 1, 1), said=[])
    get(client, "/people/")  # the index is cached per archive state
    with CaptureQueriesContext(connection) as queries:
        get(client, "/people/?q=wang")
    few = len(queries.captured_queries)
    for year in range(2000, 2010):
        other = Person.objects.create(name=f"Person {year}", slug=f"person-{year}", country_id="CN")
        meeting = talks(wang_yi, qureshi, datetime.date(year, 1, 1), said=[])
        Participant.objects.create(meeting=meeting, person=other, country_id="CN", position=9)
    get(client, "/people/")
    with CaptureQueriesContext(connection) as queries:
        get(client, "/people/?q=wang")
    assert len(queries.captured_queries) == few


def test_people_index_leaves_out_people_without_meetings(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2022, 1, 1), said=[])
    Person.objects.create(name="Nobody Yet", slug="nobody-yet", country_id="CN")
    html = get(client, "/people/").content.decode()
    assert re.findall(r'<li><a href="/people/([^/"]+)/">', html) == [qureshi.slug, wang_yi.slug]
    assert "2 people in all" in html


def test_a_repeat_visit_to_the_people_list_finds_no_one_again(
    client, wang_yi, qureshi, monkeypatch
):
    from archive.views import page_data

    talks(wang_yi, qureshi, datetime.date(2022, 1, 1), said=[])
    first = get(client, "/people/?q=wang&sort=name").content
    # The page of this address and archive state is kept whole: nothing is looked up again.
    monkeypatch.setattr(page_data, "find_people", None)
    assert get(client, "/people/?q=wang&sort=name").content == first


def test_a_readout_published_after_its_meeting_says_so_and_is_cited_so(client, seed_text):
    text = seed_text.replace("On March 21, 2022,", "Yesterday,", 1)
    text = "22 March 2022\n\n" + text
    meeting = import_readout(text, source_name="later").meeting
    assert meeting.held_on == datetime.date(2022, 3, 21)
    assert meeting.published_on == datetime.date(2022, 3, 22)
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert '<dt>Published on</dt><dd><time datetime="2022-03-22">22 March 2022</time>' in html
    assert "(2022, March 22)" in html  # APA
    record = client.get(f"/meetings/{meeting.slug}.json").json()
    assert record["published_on"] == "2022-03-22" and record["date"] == "2022-03-21"


def test_a_meeting_page_says_when_its_entry_was_added_and_last_updated(client, wang_yi, qureshi):
    meeting = talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    html = get(client, meeting.get_absolute_url()).content.decode()
    added = meeting.imported_at.date().isoformat()
    assert f'Entry added to the archive on <time datetime="{added}">' in html
    assert "last updated on" not in html
    later = meeting.imported_at + datetime.timedelta(days=3)
    Meeting.objects.filter(pk=meeting.pk).update(updated_at=later)
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert f'last updated on <time datetime="{later.date().isoformat()}">' in html


def test_an_undated_meeting_says_why_it_has_no_neighbours(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    undated = talks(wang_yi, qureshi, None, title="Talks, date unknown")
    html = get(client, undated.get_absolute_url()).content.decode()
    assert "Undated, so not placed before or after the other meetings" in html
    assert "No other dated meeting" not in html


def test_a_filtered_list_is_not_headed_all_readouts(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2022, 1, 1))
    assert "<h1>All readouts</h1>" in get(client, "/meetings/").content.decode()
    html = get(client, "/meetings/?country=pk").content.decode()
    assert "<h1>Readouts, filtered</h1>" in html and "<title>Readouts, filtered" in html


def test_a_person_page_offers_a_feed_of_their_meetings(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2022, 1, 1), title="Talks in Beijing")
    build(
        MeetingSpec(
            title="Talks without him",
            held_on=datetime.date(2022, 2, 1),
            people=[(qureshi, "Foreign Minister")],
        )
    )
    html = get(client, wang_yi.get_absolute_url()).content.decode()
    feed = f"/feeds/meetings.atom?person={wang_yi.slug}"
    assert f'<a href="{feed}">Atom feed</a>' in html
    assert f'title="Readouts with Wang Yi" href="{feed}"' in html
    atom = get(client, feed).content.decode()
    assert "<title>Readout archive: Wang Yi</title>" in atom
    assert "Talks in Beijing" in atom and "Talks without him" not in atom


@pytest.mark.parametrize(
    ("path", "named"), [("/meetings/", "Search “"), ("/agreed/", "Agreed points matching “")]
)
def test_a_long_search_is_cut_in_the_pages_title(client, db, path, named):
    # a tab, a bookmark or the history shows the title: not a search of 2,000 characters
    words = [f"negotiations{i}" for i in range(150)]
    html = get(client, path + "?q=" + "+".join(words)).content.decode()
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert title.startswith(named + "negotiations0 negotiations1")
    assert title.endswith("… · Readout archive") and len(title) < 120


def test_a_timelines_years_lead_to_their_meetings(client, wang_yi, qureshi):
    for year in (2019, 2021, 2021):
        talks(wang_yi, qureshi, datetime.date(year, 5, 1), title=f"Talks {year}")
    for page, list_url in [
        ("/countries/pk/", "/meetings/?country=pk&year="),
        ("/topics/security/", "/meetings/?topic=security&year="),
    ]:
        html = get(client, page).content.decode().replace("&amp;", "&")
        # the chart's bar and the table's year, for a year with meetings only
        assert html.count(f'href="{list_url}2021"') == 2, page
        assert f'href="{list_url}2020"' not in html
        listed = get(client, list_url + "2021").context["page_obj"].object_list
        assert [m.title for m in listed] == ["Talks 2021", "Talks 2021"]


def test_a_relationships_chart_leads_to_its_years_in_the_chronology(client, wang_yi, qureshi):
    # 2001 fills the first page and goes on to the second, where 2002 begins.
    for i in range(55):
        talks(wang_yi, qureshi, datetime.date(2001, 1, 1) + datetime.timedelta(days=i))
    talks(wang_yi, qureshi, datetime.date(2002, 5, 1))
    for page, links in [
        ("/relations/cn-pk/", {2001: "#year-2001", 2002: "?page=2#year-2002"}),
        ("/relations/cn-pk/?page=2", {2001: "?page=1#year-2001", 2002: "#year-2002"}),
    ]:
        html = get(client, page).content.decode()
        for year, link in links.items():
            # the chart's bar and the table's year
            assert html.count(f'href="{link}"') == 3, (page, year)  # and the list of years
            assert f'<a href="{link}" tabindex="-1"><title>{year}:' in html
        assert 'href="/meetings/?pair=cn-pk&amp;year=2001" tabindex="-1"' not in html


def test_a_relationship_narrows_to_a_topic(client, wang_yi, qureshi):
    talks(wang_yi, qureshi, datetime.date(2019, 2, 1), title="Trade talks", topics=("trade",))
    talks(wang_yi, qureshi, datetime.date(2021, 3, 1), title="Security talks", agreed=["A", "B"])
    talks(wang_yi, qureshi, datetime.date(2022, 4, 1), title="Both", topics=("trade", "security"))
    build(
        MeetingSpec("Other trade talks", datetime.date(2020, 1, 1), ("FR", "DE"), topics=("trade",))
    )
    html = get(client, "/relations/cn-pk/").content.decode()
    # the relationship's topics, each with its meetings, lead to the chronology narrowed to them
    assert re.search(r'<a href="\?topic=trade">Trade <span class="count">2<', html)
    assert re.search(r'<a href="\?topic=security">Security <span class="count">2<', html)
    assert "topic=economy" not in html

    html = get(client, "/relations/cn-pk/?topic=trade").content.decode()
    assert "Trade talks" in html and "Both" in html and "Security talks" not in html
    assert "Other trade talks" not in html
    assert "Showing only the 2 meetings on <strong>Trade</strong>" in html
    assert '<a href="/relations/cn-pk/">show all 3</a>' in html
    assert "2 meetings from 2019 to 2022, 2 agreed points." in html
    assert '<a href="?topic=trade" aria-current="page">Trade' in html
    # the chart counts the topic's meetings, and its years lead into the narrowed chronology
    assert "<title>2021: 0 meetings</title>" in html and "<title>2022: 1 meeting</title>" in html
    assert 'href="/meetings/?pair=cn-pk&amp;topic=trade&amp;year=2019"' in html
    assert 'href="/meetings.csv?pair=cn-pk&amp;topic=trade&amp;sort=oldest"' in html

    html = get(client, "/relations/cn-pk/?topic=Security").content.decode()
    assert "Security talks" in html and "Trade talks" not in html
    assert "2 meetings from 2021 to 2022, 3 agreed points." in html


def test_a_relationship_narrowed_to_a_topic_pages_with_it(client, wang_yi, qureshi):
    for i in range(52):
        talks(wang_yi, qureshi, datetime.date(1970 + i, 1, 1), title=f"Round {i}")
    html = get(client, "/relations/cn-pk/?topic=security").content.decode()
    assert 'rel="next" href="?topic=security&amp;page=2"' in html
    assert 'href="?topic=security&amp;page=2#year-2021"' in html
    html = get(client, "/relations/cn-pk/?topic=security&page=2").content.decode()
    assert "Round 51<" in html and "Round 0<" not in html
    assert 'rel="prev" href="?topic=security&amp;page=1"' in html


@pytest.mark.parametrize("topic", ["no-such-topic", "trade", "%3Cscript%3E"])
def test_a_topic_the_relationship_or_archive_lacks_says_so(client, wang_yi, qureshi, topic):
    talks(wang_yi, qureshi, datetime.date(2021, 3, 1), title="Security talks")
    html = get(client, f"/relations/cn-pk/?topic={topic}").content.decode()
    if topic == "trade":
        assert "No meeting between China and Pakistan on Trade is in the archive yet." in html
        assert "Security talks" not in html
    else:
        # an unknown topic: said, and the whole relationship shown
        assert "No topic is called “" in html and "Security talks" in html
        assert "<script>" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_relationship_query_counts_do_not_grow_with_rows(client, wang_yi, qureshi):
    def add(count, start):
        for i in range(count):
            talks(wang_yi, qureshi, datetime.date(start + i, 3, 1), topics=("security", "trade"))

    add(2, 2000)
    addresses = ["/relations/cn-pk/?topic=security", "/relations/cn-pk/?topic=nope"]
    before = {a: (_queries_cold(client, a), _queries(client, a)) for a in addresses}
    add(6, 2010)
    build(MeetingSpec("Afghan", datetime.date(2022, 1, 1), ("AF", "PK"), topics=("security",)))
    after = {a: (_queries_cold(client, a), _queries(client, a)) for a in addresses}
    assert after == before


def test_a_year_or_months_list_query_counts_do_not_grow_with_rows(client, wang_yi, qureshi):
    def add(count, year):
        for i in range(count):
            talks(
                wang_yi,
                qureshi,
                datetime.date(year, 1 + (i // 3) % 12, 1 + i),
                topics=("security",),
            )

    add(2, 2001)
    addresses = [
        "/meetings/?pair=cn-pk&year=2001",
        "/meetings/?pair=cn-pk&date_from=2001-01-01&date_to=2001-01-31",
        "/meetings/?topic=security&person=wang-yi&year=2001",
        "/meetings/?year=2001",
        "/meetings/?q=corridor&year=2001",
        "/meetings/?q=corridor&date_from=2001-01-01&date_to=2001-01-31",
    ]
    before = {a: (_queries_cold(client, a), _queries(client, a)) for a in addresses}
    add(14, 2001)
    add(3, 2005)
    build(MeetingSpec("Afghan", datetime.date(2001, 1, 1), ("AF", "PK"), topics=("security",)))
    after = {a: (_queries_cold(client, a), _queries(client, a)) for a in addresses}
    assert after == before
    # the way through time costs two queries on a first visit (the years either side, the months
    # of the year) and none on a return: it is cached with the address
    cache.clear()
    with_nav = _queries(client, addresses[0])
    cache.clear()
    assert with_nav - _queries(client, "/meetings/?pair=cn-pk&year=20011") == 2


def test_a_meeting_with_an_inferred_date_is_cited_as_inferred(client, wang_yi, qureshi):
    meeting = talks(wang_yi, qureshi, datetime.date(2025, 2, 13))
    Meeting.objects.filter(pk=meeting.pk).update(date_stated=False)
    html = get(client, meeting.get_absolute_url()).content.decode()
    assert "[February 13, 2025?]." in html and "([2025, February 13?])." in html
    assert 'id="cite-date-inferred"' in html
    assert 'name="citation_date"' not in html and 'name="DC.date"' not in html
    bib = get(client, f"{meeting.get_absolute_url()}cite.bib").content.decode()
    assert "Date inferred: the readout does not state it." in bib


def test_a_relationship_without_meetings_names_its_countries_as_its_heading_does(client, db):
    """ "the United States", "the Philippines" in running text, as in the heading."""
    build(MeetingSpec("Talks", datetime.date(2022, 1, 1), ("JP", "PH"), topics=("trade",)))
    html = get(client, "/relations/af-us/").content.decode()
    assert "No meeting between Afghanistan and the United States is in the archive yet." in html
    html = get(client, "/relations/jp-ph/?topic=security").content.decode()
    assert "No meeting between Japan and the Philippines on Security is in the archive" in html
    html = get(client, "/relations/jp-ph/?topic=nothing").content.decode()
    assert "every meeting between Japan and the Philippines is shown" in html
