"""The archive in a real browser: Debian's Chromium driven by Playwright against a live server.

A researcher's path: search on the home page, narrow by a facet, open the meeting, follow a
statement to its place in the source, export the list as CSV. Then an axe accessibility check of
every main page, and full-page screenshots (desktop and 375px wide) saved in `screenshots/`.
The path runs with JavaScript switched off, since every page must work without it.
"""

import contextlib
import csv
import datetime
import importlib
import io
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside one
# unless told that this thread is not really asynchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readouts"
SEED_SLUG_WORDS = ("wang-yi", "qureshi")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

# Migrations load the countries and topics; flushing after each transactional test would lose
# them, so they are restored from the serialised test database.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def archive(seed_text):
    """The seed and the readouts written for tests, imported the way staff import them."""
    from archive.import_cache import ImportCache
    from archive.import_input import ImportFailed
    from archive.importer import import_readout

    restore_reference_data()
    cache = ImportCache()
    seed = import_readout(seed_text, source_name="seed", cache=cache).meeting
    for path in sorted(FIXTURES.rglob("*.txt")):
        with contextlib.suppress(ImportFailed):  # some fixtures test refusals
            import_readout(path.read_text(encoding="utf-8"), source_name=path.name, cache=cache)
    add_earlier_talks(seed)
    return seed


def restore_reference_data() -> None:
    """Countries and topics, as migration 0002 loads them (idempotent).

    A transactional test flushes every table when it ends. serialized_rollback restores them only
    when the test database was serialised at creation, which depends on the other tests collected
    with these, so the data is loaded here again whatever ran before.
    """
    from django.apps import apps

    importlib.import_module("archive.migrations.0002_load_countries_and_topics").load(apps, None)


def add_earlier_talks(seed) -> None:
    """Earlier China-Pakistan talks (written for tests) so the relationship has a history."""
    from page_builders import MeetingSpec, Said, build

    wang_yi, qureshi = (p.person for p in seed.participants.order_by("position")[:2])
    history = [
        (
            2019,
            "Wang Yi and Qureshi: strategic dialogue",
            "The two sides agreed to hold the third strategic dialogue in Islamabad.",
        ),
        (
            2020,
            "Wang Yi and Qureshi: talks in Hainan",
            "The two sides agreed to speed up the second phase of the Economic Corridor.",
        ),
        (
            2021,
            "Wang Yi and Qureshi: talks in Chengdu",
            "The two sides agreed to work together on the Dasu attack investigation.",
        ),
    ]
    for year, title, agreed in history:
        build(
            MeetingSpec(
                title=title,
                held_on=datetime.date(year, 8, 21),
                people=[
                    (wang_yi, "State Councilor and Foreign Minister"),
                    (qureshi, "Foreign Minister"),
                ],
                said=[
                    Said(0, "Wang Yi said that the all-weather partnership is rock-solid."),
                    Said(1, "Qureshi said that Pakistan values the corridor."),
                ],
                agreed=[agreed],
                topics=("security", "economy"),
            )
        )


def open_page(browser, *, javascript=True, viewport=DESKTOP):
    context = browser.new_context(
        viewport=viewport, java_script_enabled=javascript, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_search_facet_meeting_source_span_and_csv(browser, live_server, archive, javascript):
    from playwright.sync_api import expect

    page = open_page(browser, javascript=javascript)
    page.goto(live_server.url + "/")
    # Two words the seed holds: a single common word would match enough fixtures to push
    # Pakistan out of the twelve countries a facet lists.
    page.fill("#home-q", "terrorism corridor")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/meetings/?q=terrorism*")
    results = page.locator("ol.results")
    expect(results).to_contain_text(archive.title)
    expect(results.locator("mark").first).to_have_text(re.compile("terror|corridor", re.I))

    # Narrow by a facet: Pakistan among the countries.
    facet = page.locator("section.facet").filter(has=page.locator("h2", has_text="Countr"))
    facet.locator("a", has_text="Pakistan").first.click()
    page.wait_for_url("**country=pk*")
    results_url = page.url
    expect(page.locator("ol.results")).to_contain_text(archive.title)

    # Open the meeting; follow a statement and an agreed point to their places in the source.
    page.locator("ol.results a", has_text=archive.title).first.click()
    page.wait_for_url(f"**{archive.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(archive.title)
    statement = archive.statements.order_by("position").last()
    point = archive.agreed_points.order_by("position").first()
    for entry in (statement, point):
        page.locator(f"#{entry.anchor} a[href='#src-{entry.anchor}']").click()
        page.wait_for_url(f"**#src-{entry.anchor}")
        expect(page.locator(f"#src-{entry.anchor}")).to_be_in_viewport()
        assert page.evaluate("document.querySelector(':target').id") == f"src-{entry.anchor}"
        # The passage links back to the entry, whose permalink is the page address + anchor.
        page.locator(f"a.span-ref[href='#{entry.anchor}']").click()
        page.wait_for_url(f"**#{entry.anchor}")
        expect(page.locator(f"#{entry.anchor}")).to_be_in_viewport()
    # A permalink opened directly lands on its entry.
    page.goto(live_server.url + statement.get_absolute_url())
    expect(page.locator(f"#{statement.anchor}")).to_be_in_viewport()

    # Export the filtered list as CSV: the same meetings as the page.
    page.goto(results_url)
    shown = page.locator("ol.results > li").count()
    with page.expect_download() as download_info:
        page.locator("a", has_text="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == shown
    assert any(archive.title in row.values() for row in rows)
    assert page.csp_errors == []
    page.context.close()


def test_copy_buttons_copy_a_citation_or_select_it(browser, live_server, archive):
    from playwright.sync_api import expect

    def words(text: str) -> str:
        return " ".join(text.split())

    page = open_page(browser)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + archive.get_absolute_url())
    citation = words(page.locator("#cite-chicago").inner_text())
    button = page.locator(".cite-box .copy-button").first
    button.click()
    expect(button).to_have_text("Copied")
    assert words(page.evaluate("navigator.clipboard.readText()")) == citation
    expect(button).to_have_text("Copy", timeout=5_000)
    # APA's title is italic: pasted into a word processor, it stays so.
    apa = page.locator(".cite-box .copy-button").nth(1)
    apa.click()
    expect(apa).to_have_text("Copied")  # the write has finished
    copied = page.evaluate(
        "navigator.clipboard.read().then(items => items[0].getType('text/html'))"
        ".then(blob => blob.text())"
    )
    assert re.search(r"<i>[^<]+</i> \[Readout\]", copied), copied
    page.context.close()

    # A browser that refuses the clipboard: the citation is selected, and the button says so.
    page = open_page(browser)
    page.add_init_script(
        "navigator.clipboard.write = navigator.clipboard.writeText = "
        "() => Promise.reject(new Error('no'))"
    )
    page.goto(live_server.url + archive.get_absolute_url())
    button = page.locator(".cite-box .copy-button").first
    button.click()
    expect(button).to_have_text("Selected: press Ctrl+C")
    assert words(page.evaluate("window.getSelection().toString()")) == citation
    page.context.close()


def test_a_printed_meeting_keeps_the_record_and_drops_what_only_a_screen_can_use(
    browser, live_server, archive
):
    page = open_page(browser)
    page.goto(live_server.url + archive.get_absolute_url())
    page.emulate_media(media="print")

    def shown(selector: str) -> bool:
        return page.locator(selector).first.evaluate("e => getComputedStyle(e).display != 'none'")

    for kept in ("h1", ".facts", ".entries", ".source-text", "#cite-chicago", "#entry-dates"):
        assert shown(kept), kept
    for dropped in (".site-header", ".page-toc", ".entry-links", ".downloads", ".data-links"):
        assert not shown(dropped), dropped
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_main_pages_pass_axe(browser, live_server, archive, viewport):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page = open_page(browser, viewport=viewport)
    failures = {}
    for address in main_pages(archive):
        page.goto(live_server.url + address)
        violations = axe.run(page).response["violations"]
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
        if serious:
            failures[address] = serious
    assert failures == {}
    assert page.csp_errors == []
    page.context.close()


def test_a_long_search_fits_a_phone(browser, live_server, db):
    page = open_page(browser, viewport=PHONE)
    word = "verylongwordwithoutspaces" * 3
    for address in (
        f"/meetings/?q={word}",
        f"/meetings/?q=-{word}",
        f"/agreed/?q={word}",
        f"/said/?q={word}",
    ):
        page.goto(live_server.url + address)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (address, overflow)
    # the hints' "-exclude" is one piece: no line ends after its hyphen
    for address, hint in (("/meetings/", "#search-help"), ("/", "#home-q-help")):
        page.goto(live_server.url + address)
        code = page.locator(f"{hint} code", has_text="-").first
        assert code.evaluate("element => getComputedStyle(element).whiteSpace") == "nowrap"
    page.context.close()


def test_a_chart_of_thirty_years_has_legible_year_labels_on_a_phone(browser, live_server, db):
    from playwright.sync_api import expect

    from archive.importer import import_readout

    restore_reference_data()
    for year in range(1996, 2026):  # written for tests: one readout a year
        text = (
            f"On March 3, {year}, Foreign Minister Li Ming held talks with Foreign Minister "
            f"Ahmed Khan of Pakistan in Beijing.\n\nAhmed Khan said that the talks of {year} "
            "went well.\n"
        )
        import_readout(text, source_name=f"year-{year}.txt", publisher="cn-mfa")
    labels = """() => [...document.querySelectorAll('.timeline-chart .timeline-label')]
        .map(t => t.getBoundingClientRect())
        .filter(r => r.height > 0)
        .map(r => [r.left, r.right, r.height])"""
    for viewport in ({"width": 390, "height": 844}, DESKTOP):
        page = open_page(browser, viewport=viewport)
        page.goto(live_server.url + "/countries/pk/")
        shown = page.evaluate(labels)
        assert len(shown) >= 5, viewport
        assert min(height for _, _, height in shown) >= 11, (viewport, shown)
        # no label runs into the next one
        assert all(a[1] <= b[0] for a, b in zip(shown, shown[1:], strict=False)), shown
        # the numbers stay a table below the chart
        page.get_by_text("Show the numbers").click()
        expect(page.locator(".timeline-data table")).to_contain_text("1996")
        page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_a_result_of_many_participants_names_them_beside_their_label(
    browser, live_server, db, viewport
):
    from page_builders import MeetingSpec, build, person

    restore_reference_data()
    names = ["Joseph R. Biden", "Justin Trudeau", "Emmanuel Macron", "Olaf Scholz"]
    names += ["Giorgia Meloni", "Rishi Sunak"]
    codes = ("US", "CA", "FR", "DE", "IT", "GB")
    people = [(person(name, code), "Leader") for name, code in zip(names, codes, strict=True)]
    build(MeetingSpec("Call of six leaders", datetime.date(2023, 10, 22), codes, people=people))
    page = open_page(browser, viewport=viewport)
    page.goto(live_server.url + "/meetings/")
    label, names_shown = (
        page.locator(".result-facts > div", has_text="Participants").locator(tag).first
        for tag in ("dt", "dd")
    )
    # the names begin on the label's line and wrap under it, not all on a line of their own
    assert names_shown.bounding_box()["y"] == label.bounding_box()["y"]
    page.context.close()


def test_a_long_role_keeps_a_readable_width_on_a_phone(browser, live_server, db):
    from page_builders import MeetingSpec, build, person

    restore_reference_data()
    role = (
        "Member of the Political Bureau of the Communist Party of China Central Committee,"
        " Director of the Office of the Central Foreign Affairs Commission"
    )
    minister = person("Li Ming", "CN", slug="li-ming-cn")
    build(MeetingSpec("Talks", datetime.date(2024, 7, 26), people=[(minister, role)]))
    page = open_page(browser, viewport=PHONE)
    page.goto(live_server.url + "/people/li-ming-cn/")
    cell = page.locator("table.roles tbody th").first
    assert cell.bounding_box()["width"] >= 180
    # the table scrolls sideways in its own region, not the page
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.context.close()


def test_a_csv_for_excel_link_stays_on_one_line_on_a_phone(browser, live_server, db):
    restore_reference_data()
    page = open_page(browser, viewport=PHONE)
    page.goto(live_server.url + "/meetings/")
    links = page.locator("ul.downloads a", has_text="for Excel")
    assert links.count() == 2
    for link in links.all():
        lines = link.evaluate("a => new Set([...a.getClientRects()].map(r => r.top)).size")
        assert lines == 1, link.get_attribute("href")
    page.context.close()


def test_a_list_that_cannot_be_exported_says_why_instead_of_a_download(browser, live_server, db):
    page = open_page(browser)
    page.goto(live_server.url + "/meetings/?country=zz&year=2022")
    page.locator("a", has_text="Download as CSV").click()
    page.wait_for_url("**/meetings.csv?country=zz&year=2022")
    text = page.locator("body").inner_text()
    assert text.startswith("No CSV file was made")
    assert "country: No country has the code “zz”: nothing matches it." in text
    page.context.close()


def main_pages(seed) -> list[str]:
    wang_yi = seed.participants.filter(person__name__icontains="Wang").first().person
    return [
        "/",
        "/meetings/?q=terrorism",
        seed.get_absolute_url(),
        "/countries/pk/",
        "/relations/cn-pk/",
        wang_yi.get_absolute_url(),
        "/topics/security/",
        "/countries/",
        "/topics/",
        "/agreed/",
        "/said/?q=terrorism",
        "/people/",
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_screenshots(browser, live_server, archive, viewport):
    SCREENSHOTS.mkdir(exist_ok=True)
    suffix = "" if viewport is DESKTOP else "-375"
    page = open_page(browser, viewport=viewport)
    shots = {
        "home": "/",
        "results": "/meetings/?q=terrorism",
        "meeting": archive.get_absolute_url(),
        "country": "/countries/pk/",
        "relationship": "/relations/cn-pk/",
        "said": "/said/?q=terrorism",
    }
    for name, address in shots.items():
        page.goto(live_server.url + address)
        path = SCREENSHOTS / f"{name}{suffix}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        # Nothing may be wider than the screen: no sideways scrolling on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (address, overflow)
    page.context.close()


def test_a_records_history_fits_a_phone_each_change_across_the_screen(browser, live_server, db):
    from django.contrib.auth import get_user_model

    from archive.models import Country, Person

    restore_reference_data()
    get_user_model().objects.create_superuser("curator", "c@example.org", "pw-curator-1")
    person = Person.objects.create(
        name="Wang Yi", slug="wang-yi-cn", country=Country.objects.get(code="CN")
    )
    person.aliases = ["Wang", "Wang Yi (Foreign Minister of the People's Republic of China)"]
    person.save()
    for viewport, narrowest in (({"width": 390, "height": 844}, 300), (DESKTOP, 300)):
        page = open_page(browser, viewport=viewport)
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", "curator")
        page.fill("#id_password", "pw-curator-1")
        page.click("input[type=submit]")
        page.goto(live_server.url + f"/admin/archive/person/{person.pk}/history/")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (viewport, overflow)
        changes = page.locator("#change-history tbody tr").first.locator("td").last
        assert "Foreign Minister of the People's Republic of China" in changes.inner_text()
        assert changes.bounding_box()["width"] >= narrowest, viewport
        # A row with no reason and no user: no label left standing over nothing.
        if viewport["width"] < 768:
            row = page.locator("#change-history tbody tr").first
            for label in ("Changed by", "Change reason"):
                assert not row.locator(f'td[data-label="{label}"]').is_visible(), label
        assert page.csp_errors == []
        page.context.close()
