"""Web input is never trusted, and only staff can change anything.

A readout full of markup, script, `javascript:` links, formulas and very long words is imported;
every page, the admin, the feeds, CSV and JSON must show it as inert text. Every view is walked with
a table of hostile query parameters and must answer 200/301/302/400/404, never 500. The admin login
locks out brute force, forms need CSRF tokens, and the admin import refuses big or binary uploads.
"""

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hardening import (
    FORMULA,
    HOSTILE_READOUT,
    LONG_WORD,
    SCRIPT,
    diff_snapshots,
    seed_text,
    snapshot,
)

from archive.importer import import_readout
from archive.models import AgreedPoint, Meeting, Person, Statement, Topic

OK_STATUSES = {200, 301, 302, 400, 404}
CITE_FORMATS = ["bib", "ris", "json"]
ATOM = "{http://www.w3.org/2005/Atom}"

# Query parameters the list views read, and values an attacker or a broken link sends.
PARAMETERS = [
    "q",
    "page",
    "per_page",
    "sort",
    "country",
    "pair",
    "person",
    "topic",
    "kind",
    "publisher",
    "date_from",
    "date_to",
    "year",
    "has_agreed",
    "review",
    "format",
]
HOSTILE_VALUES = [
    "' OR 1=1 --",
    "'; DROP TABLE archive_meeting; --",
    '" OR ""="',
    "1) UNION SELECT password FROM auth_user --",
    '"unbalanced',
    '""',
    "*",
    "**",
    "a*b*",
    "NEAR(a b)",
    "NEAR(",
    "AND OR NOT",
    "OR",
    "-",
    "--",
    '-""',
    "&|!():*",
    "a:b {c} [d] ^e ~f \\g",
    "<script>alert(1)</script>",
    "%00",
    "\x00",
    "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "😀" * 50,
    "x" * 10_000,
    "-1",
    "0",
    "999999999",
    "99999999999999999999999999",
    "1e309",
    "abc",
    "1.5",
    "true",
    "2022-13-45",
    "0000-00-00",
    "-relevance",
    "__class__",
]


@pytest.fixture
def hostile(db):
    """The seed and the hostile readout imported; a person and a topic with markup in names."""
    seed = import_readout(seed_text(), source_name="seed").meeting
    meeting = import_readout(HOSTILE_READOUT, source_name="hostile").meeting
    person = Person.objects.filter(participations__meeting=meeting).first()
    if person is not None:
        person.aliases = [*person.aliases, SCRIPT]
        person.save()
    topic = Topic.objects.filter(meetings=meeting).first() or Topic.objects.first()
    topic.description = f"Topic {SCRIPT} description"
    topic.save()
    Meeting.objects.filter(pk=meeting.pk).update(
        title=f"Talks {SCRIPT} {LONG_WORD[:200]}",
        location_city=f"Islamabad{SCRIPT}",
        publisher=f"Ministry <b>bold</b> {SCRIPT}",
    )
    meeting.refresh_from_db()
    return {"meeting": meeting, "seed": seed, "person": person, "topic": topic}


def concrete_urls(data) -> list[str]:
    """One URL for every pattern of the site (archive and health), filled with real values."""
    meeting, person, topic = data["meeting"], data["person"], data["topic"]
    codes = sorted(meeting.countries.values_list("code", flat=True)) or ["CN", "PK"]
    values = {
        "fmt": CITE_FORMATS[0],
        "slug": meeting.slug,
        "code": codes[0].lower(),
        "a": codes[0].lower(),
        "b": (codes[1] if len(codes) > 1 else "PK").lower(),
    }
    urls = []
    for name, pattern in archive_patterns():
        kwargs = {k: values[k] for k in pattern.pattern.regex.groupindex}
        if name == "archive:person-detail" and person is not None:
            kwargs["slug"] = person.slug
        if name in {"archive:topic-detail", "archive:feed-topic"}:
            kwargs["slug"] = topic.slug
        if name == "archive:meeting-cite":
            urls += [reverse(name, kwargs={**kwargs, "fmt": fmt}) for fmt in CITE_FORMATS]
            continue
        urls.append(reverse(name, kwargs=kwargs))
    return urls


def archive_patterns():
    """(namespaced name, pattern) for every named URL of the archive app."""
    found = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace == "archive":
                found.append((f"archive:{entry.name}", entry))

    walk(get_resolver().url_patterns, None)
    assert len(found) >= 10, found
    return found


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class MarkupAudit(HTMLParser):
    """Collects what would be live in a browser: script elements, event handlers, URL schemes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = True
            if "src" not in attributes and "nonce" not in attributes:
                self.problems.append("inline <script> without a nonce")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            scheme = (value or "").strip().lower()
            if name in URL_ATTRIBUTES and scheme.startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                self.problems.append(f"{name}={scheme[:40]} on <{tag}>")
        if tag in {"b", "img", "iframe", "object", "embed"} and (
            tag != "img" or attributes.get("src") == "x"
        ):
            self.problems.append(f"readout markup became a <{tag}> element")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(" in data:
            self.problems.append("readout text inside a script element")


def assert_inert_html(body: str, url: str) -> None:
    """No hostile markup survives as markup: it may only appear as escaped text."""
    audit = MarkupAudit()
    audit.feed(body)
    assert audit.problems == [], (url, audit.problems)
    assert 'alert("pwned")</script>' not in body, url


# Escaping on every page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_shows_hostile_text_escaped(client, hostile):
    seen_escaped = False
    problems = []
    for url in concrete_urls(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        content_type = response["Content-Type"]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        body = body.decode()
        try:
            if "html" in content_type:
                assert_inert_html(body, url)
                seen_escaped |= "&lt;script&gt;" in body
            elif "json" in content_type:
                json.loads(body)  # well-formed, so the markup is a string inside it
                assert response["X-Content-Type-Options"] == "nosniff"
            elif "atom" in content_type or "xml" in content_type:
                assert_inert_feed(body, url)
            else:
                # CSV, BibTeX, RIS: plain text downloads, never rendered as HTML.
                assert "html" not in content_type, (url, content_type)
        except AssertionError as error:
            problems.append(f"{url}: {str(error)[:300]}")
    assert problems == []
    assert seen_escaped, "the hostile readout was not shown on any page"


def assert_inert_feed(body: str, url: str) -> None:
    root = ET.fromstring(body)  # noqa: S314 - our own output, parsed to check its escaping
    for element in root.iter():
        text = element.text or ""
        if element.get("type") in {"html", "xhtml"}:
            # Feed readers render these as HTML: the readout's markup must arrive escaped.
            assert "<script" not in text.lower() and "onerror=" not in text.lower(), (url, text)
        if element.tag == f"{ATOM}link":
            assert not element.get("href", "").lower().startswith("javascript:"), url
    assert "<script" not in body.lower(), url


@pytest.mark.django_db
def test_meeting_page_escapes_statements_and_agreed_points(client, hostile):
    meeting = hostile["meeting"]
    response = client.get(meeting.get_absolute_url())
    body = response.content.decode()
    assert_inert_html(body, meeting.get_absolute_url())
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in body or (
        "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in body
    )
    assert Statement.objects.filter(meeting=meeting, text__contains="<script>").exists()


@pytest.mark.django_db
def test_feeds_escape_hostile_text(client, hostile):
    meeting = hostile["meeting"]
    codes = sorted(meeting.countries.values_list("code", flat=True))
    urls = [
        reverse("archive:feed-latest"),
        reverse("archive:feed-topic", args=[hostile["topic"].slug]),
    ]
    urls += [reverse("archive:feed-country", args=[c.lower()]) for c in codes]
    if len(codes) >= 2:
        urls.append(reverse("archive:feed-relationship", args=[codes[0].lower(), codes[1].lower()]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert_feed(response.content.decode(), url)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "archive:meeting-export-csv",
        "archive:agreed-point-export-csv",
        "archive:statement-export-csv",
    ],
)
def test_csv_exports_neutralise_formula_cells(client, hostile, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "csv" in response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) > 1
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [cell[:60] for cell in cells if cell.startswith(FORMULA_START)]
    assert dangerous == [], dangerous
    # The formula is kept, as text, so nothing is lost.
    if name == "archive:meeting-export-csv":
        assert any(FORMULA in cell for cell in cells) or any("<script>" in c for c in cells)


@pytest.mark.django_db
def test_json_exports_keep_hostile_text_as_data(client, hostile):
    meeting = hostile["meeting"]
    for url in [
        reverse("archive:meeting-export-json"),
        reverse("archive:meeting-json", args=[meeting.slug]),
        reverse("archive:statement-export-json"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        # Decodes as JSON (one document, or one object per line), markup intact as data.
        try:
            json.loads(text)
        except json.JSONDecodeError:
            for line in text.splitlines():
                if line.strip():
                    json.loads(line)
        assert "pwned" in text


# Hostile parameters on every view --------------------------------------------------------------


# A dozen values that cover every class above, for the walk over all pages; the search and list
# views get the whole table below.
WALK_VALUES = [
    "' OR 1=1 --",
    '"unbalanced',
    "NEAR(",
    "&|!():*",
    "<script>alert(1)</script>",
    "\x00",
    "x" * 10_000,
    "-1",
    "99999999999999999999999999",
    "abc",
    "2022-13-45",
    "__class__",
]
PER_PARAMETER_VALUES = {
    "q": HOSTILE_VALUES,
    "page": ["-1", "0", "999999999", "99999999999999999999999999", "abc", "1e309", "1.5", ""],
    "per_page": ["-1", "0", "999999999", "abc", "1e309"],
    "sort": [
        "-relevance",
        "__class__",
        "held_on; DROP TABLE x",
        "relevance",
        "title",
        "x" * 10_000,
    ],
}
GENERIC_VALUES = ["'; DROP TABLE archive_meeting; --", "\x00", "x" * 10_000, "abc", "-1"]


@pytest.mark.django_db
def test_every_view_survives_every_hostile_parameter(client, hostile):
    """All parameters at once, one hostile value per request, on every page of the site."""
    client.raise_request_exception = False  # collect every failure, then report
    failures = []
    for url in concrete_urls(hostile):
        for value in WALK_VALUES:
            query = urlencode([(name, value) for name in PARAMETERS])
            response = client.get(f"{url}?{query}")
            if response.status_code not in OK_STATUSES:
                failures.append((url, value[:40], response.status_code))
    assert failures == []


LIST_VIEWS = ["archive:meeting-list", "archive:agreed-point-list", "archive:meeting-export-json"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", LIST_VIEWS)
def test_list_views_survive_each_hostile_parameter_alone(client, hostile, name):
    """Each parameter alone (so no other bad value hides a failure), with repeats and blanks."""
    client.raise_request_exception = False  # collect every failure, then report
    url = reverse(name)
    failures = []
    for parameter in PARAMETERS:
        values = PER_PARAMETER_VALUES.get(parameter, GENERIC_VALUES)
        if parameter == "q" and name != "archive:meeting-list":
            values = WALK_VALUES  # the whole search table runs once, on the meeting list
        for value in values:
            response = client.get(url, {parameter: value})
            if response.status_code not in OK_STATUSES:
                failures.append((parameter, value[:40], response.status_code))
        repeated = f"{url}?{parameter}=a&{parameter}=b&{parameter}=&{parameter}"
        if client.get(repeated).status_code not in OK_STATUSES:
            failures.append((parameter, "repeated", "error"))
    assert failures == []


@pytest.mark.django_db
def test_search_results_never_echo_markup(client, hostile):
    response = client.get(reverse("archive:meeting-list"), {"q": '<script>alert("q")</script>'})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'alert("q")</script>' not in body
    assert_inert_html(body, "search")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/meetings/%3Cscript%3Ealert(1)%3C%2Fscript%3E/",
        "/meetings/no-such-meeting/",
        "/meetings/no-such-meeting/cite.bib",
        "/meetings/no-such-meeting.json",
        "/countries/zz/",
        "/countries/%00%00/",
        "/relations/pk-pk/",
        "/relations/zz-yy/",
        "/relations/cn-zz/",
        "/people/" + "x" * 3000 + "/",
        "/topics/no-such-topic/",
        "/feeds/countries/zz.atom",
        "/feeds/topics/nothing.atom",
        "/feeds/relations/zz-yy.atom",
        "/" + quote("'; DROP TABLE archive_meeting; --") + "/",
        "/meetings/../../etc/passwd",
        "/static/../config/settings.py",
    ],
)
def test_hostile_paths_are_404s_not_errors(client, hostile, url):
    response = client.get(url)
    assert response.status_code in {301, 302, 404}, (url, response.status_code)
    assert b"Traceback" not in response.content


# Only staff change things ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_public_url_accepts_a_write(client, hostile):
    browser = Client(enforce_csrf_checks=True)
    before = snapshot()
    for url in [*concrete_urls(hostile), "/healthz"]:
        for method in ("post", "put", "patch", "delete"):
            # A forged cross-site request is refused outright...
            response = getattr(browser, method)(url, data={"title": "changed"})
            assert response.status_code in {403, 405}, (method, url, response.status_code)
            # ...and even with the CSRF check out of the way, no page writes anything.
            response = getattr(client, method)(url, data={"title": "changed"})
            assert response.status_code < 500, (method, url, response.status_code)
    assert diff_snapshots(before, snapshot()) == []


@pytest.mark.django_db
def test_anonymous_and_non_staff_users_cannot_reach_the_admin(client, hostile):
    User = get_user_model()
    User.objects.create_user("reader", password="a-long-reader-password-1")
    meeting = hostile["meeting"]
    urls = [
        reverse("admin:archive_meeting_changelist"),
        reverse("admin:archive_meeting_change", args=[meeting.pk]),
        reverse("admin:archive_meeting_delete", args=[meeting.pk]),
    ]
    if import_url():
        urls.append(import_url())
    before = snapshot()
    for logged_in in (False, True):
        if logged_in:
            client.force_login(User.objects.get(username="reader"))
        for url in urls:
            assert client.get(url).status_code == 302, url
            assert client.post(url, {"post": "yes", "title": "x"}).status_code == 302, url
    assert diff_snapshots(before, snapshot()) == []


def import_url() -> str | None:
    try:
        return reverse("admin:archive_meeting_import")
    except Exception:
        return None


@pytest.fixture
def staff(db, settings):
    # A fast hasher: these tests are about access, not about password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User = get_user_model()
    return User.objects.create_superuser("curator", "c@example.org", "a-long-curator-password-1")


@pytest.mark.django_db
def test_admin_pages_show_hostile_text_escaped(client, hostile, staff):
    client.force_login(staff)
    meeting = hostile["meeting"]
    urls = [
        reverse("admin:archive_meeting_changelist"),
        reverse("admin:archive_meeting_changelist") + "?q=" + quote(SCRIPT),
        reverse("admin:archive_meeting_change", args=[meeting.pk]),
        reverse("admin:archive_meeting_history", args=[meeting.pk]),
        reverse("admin:archive_person_changelist"),
        reverse("admin:archive_topic_changelist"),
        reverse("admin:archive_topic_change", args=[hostile["topic"].pk]),
    ]
    if hostile["person"] is not None:
        urls.append(reverse("admin:archive_person_change", args=[hostile["person"].pk]))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert 'alert("pwned")</script>' not in body, url
        assert "<b>bold</b>" not in body, url
        assert "<img src=x onerror" not in body, url


@pytest.mark.django_db
def test_admin_changelist_survives_hostile_parameters(client, hostile, staff):
    client.raise_request_exception = False  # collect every failure, then report
    client.force_login(staff)
    targets = {
        "admin:archive_meeting_changelist": ("q", "o", "p", "review_status__exact", "kind__exact"),
        "admin:archive_person_changelist": ("q", "country__code__exact", "needs_review__exact"),
    }
    failures = []
    for name, parameters in targets.items():
        for value in WALK_VALUES:
            for parameter in parameters:
                response = client.get(reverse(name), {parameter: value})
                if response.status_code not in OK_STATUSES:
                    failures.append((name, parameter, value[:20], response.status_code))
    assert failures == []


# Brute force and CSRF ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_admin_login_is_locked_out_after_repeated_failures(staff, settings):
    client = Client()
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(login, {"username": "curator", "password": "wrong-guess"})
        assert response.status_code in {200, 403, 429}
    # Now even the right password is refused, from this address, for this user.
    response = client.post(login, {"username": "curator", "password": "a-long-curator-password-1"})
    assert response.status_code in {403, 429}
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db
def test_csrf_is_enforced_on_admin_forms(hostile, staff):
    client = Client(enforce_csrf_checks=True)
    # Without a token even the login form refuses.
    response = client.post(
        reverse("admin:login"), {"username": "curator", "password": "a-long-curator-password-1"}
    )
    assert response.status_code == 403
    client.force_login(staff)
    meeting = hostile["meeting"]
    before = snapshot()
    targets = [
        reverse("admin:archive_meeting_change", args=[meeting.pk]),
        reverse("admin:archive_meeting_delete", args=[meeting.pk]),
        reverse("admin:archive_meeting_changelist"),
    ]
    if import_url():
        targets.append(import_url())
    for url in targets:
        response = client.post(url, {"title": "changed", "post": "yes", "text": seed_text()})
        assert response.status_code == 403, url
    assert diff_snapshots(before, snapshot()) == []


# The admin import page --------------------------------------------------------------------------


def _import_form_response(client, upload=None, text=None, extra=None):
    data = dict(extra or {})
    if upload is not None:
        data["upload"] = upload
    if text is not None:
        data["text"] = text
    return client.post(import_url(), data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filename, content",
    [
        ("huge.txt", b"Wang Yi said that trade matters. " * 40_000),
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(256)),
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("latin1.txt", "Müller met Qureshi in Zürich on May 1, 2022.".encode("latin-1")),
        ("empty.txt", b""),
    ],
)
def test_admin_import_refuses_big_or_wrong_uploads(client, staff, filename, content, settings):
    if not import_url():
        pytest.skip("the admin import page is not there yet")
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.READOUT_MAX_BYTES = 1024 * 1024
    client.force_login(staff)
    before = snapshot()
    upload = SimpleUploadedFile(filename, content, content_type="application/octet-stream")
    response = _import_form_response(client, upload=upload)
    assert response.status_code in {200, 400, 413}, response.status_code
    assert Meeting.objects.count() == 0
    assert diff_snapshots(before, snapshot()) == []
    if response.status_code == 200:
        body = response.content.decode()
        assert "errorlist" in body or "error" in body.lower()
        assert "<script>alert(1)</script>" not in body


@pytest.mark.django_db
def test_admin_import_rejects_a_request_body_over_the_limit(client, staff, settings):
    if not import_url():
        pytest.skip("the admin import page is not there yet")
    client.force_login(staff)
    text = "Wang Yi said that trade matters. " * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 30)
    response = client.post(import_url(), {"text": text, "save": "1"})
    assert response.status_code in {200, 400, 413}
    assert Meeting.objects.count() == 0
    assert AgreedPoint.objects.count() == 0


@pytest.mark.django_db
def test_admin_import_preview_escapes_and_confirm_needs_the_session_token(client, staff):
    if not import_url():
        pytest.skip("the admin import page is not there yet")
    client.force_login(staff)
    response = client.post(import_url(), {"text": HOSTILE_READOUT})
    assert response.status_code == 200
    body = response.content.decode()
    assert_inert_html(body, "import preview")
    assert Meeting.objects.count() == 0, "the preview must not write"
    token = client.session["archive_import_pending"]["token"]
    # A forged or replayed confirmation stores nothing.
    response = client.post(import_url(), {"confirm": "1", "token": "forged"})
    assert response.status_code == 302
    assert Meeting.objects.count() == 0
    response = client.post(import_url(), {"confirm": "1", "token": token})
    assert response.status_code == 302
    assert Meeting.objects.count() == 1
    assert client.post(import_url(), {"confirm": "1", "token": token}).status_code == 302
    assert Meeting.objects.count() == 1


# One visitor's input is never another's page ----------------------------------------------------


@pytest.mark.django_db
def test_one_visitors_search_never_shows_on_another_visitors_page(hostile):
    marker = "visitorsecretmarker7f3a"
    first, second = Client(), Client()
    for url in ["/meetings/", "/agreed/", "/said/", "/"]:
        assert first.get(url, {"q": marker}).status_code == 200
    for url in concrete_urls(hostile):
        response = second.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert marker.encode() not in body, url


@pytest.mark.django_db
def test_a_pending_admin_import_belongs_to_its_own_session(hostile, settings):
    if not import_url():
        pytest.skip("the admin import page is not there yet")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User = get_user_model()
    alice = User.objects.create_superuser("alice", "a@example.org", "a-long-password-alice-1")
    bob = User.objects.create_superuser("bob", "b@example.org", "a-long-password-bob-12")
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    count = Meeting.objects.count()
    text = seed_text().replace("Islamabad", "Lahore")
    assert first.post(import_url(), {"text": text}).status_code == 200
    token = first.session["archive_import_pending"]["token"]
    # Bob cannot confirm Alice's preview, even with her token: it lives in her session only.
    assert second.post(import_url(), {"confirm": "1", "token": token}).status_code == 302
    assert Meeting.objects.count() == count
    assert first.post(import_url(), {"confirm": "1", "token": token}).status_code == 302
    assert Meeting.objects.count() == count + 1


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["pwned", "script", "alert", "onerror", "javascript", "img src"])
def test_highlighted_snippets_of_hostile_text_stay_escaped(client, hostile, query):
    """Search snippets mark matches inside the hostile text itself: the marks must not unescape it."""
    for name in ("archive:meeting-list", "archive:agreed-point-list"):
        response = client.get(reverse(name), {"q": query})
        assert response.status_code == 200
        body = response.content.decode()
        assert_inert_html(body, f"{name}?q={query}")
    response = client.get(reverse("archive:meeting-list"), {"q": query})
    assert hostile["meeting"].slug in response.content.decode(), "the search should find it"


@pytest.mark.django_db
def test_curator_offsets_out_of_range_never_break_the_meeting_page(client, hostile):
    """Spans edited by hand (overlapping, past the end, splitting markup) still render escaped."""
    meeting = hostile["meeting"]
    length = len(meeting.source_text)
    start = meeting.source_text.index("<script>") + 3
    spans = [(0, length + 500), (start, start + 5), (length - 2, length + 10), (5, 5), (3, 2)]
    for statement, (begin, end) in zip(
        meeting.statements.order_by("position"), spans, strict=False
    ):
        Statement.objects.filter(pk=statement.pk).update(
            start_offset=begin, end_offset=max(begin, end)
        )
    AgreedPoint.objects.filter(meeting=meeting).update(start_offset=start - 1, end_offset=start + 2)
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert_inert_html(response.content.decode(), "meeting with edited spans")


@pytest.mark.django_db
def test_staff_without_archive_permissions_cannot_import_or_edit(client, hostile, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clerk = get_user_model().objects.create_user("clerk", password="a-long-clerk-password-1")
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    meeting = hostile["meeting"]
    before = snapshot()
    if import_url():
        assert client.get(import_url()).status_code == 403
        assert client.post(import_url(), {"text": seed_text()}).status_code == 403
    change = reverse("admin:archive_meeting_change", args=[meeting.pk])
    assert client.get(change).status_code in {302, 403}
    assert client.post(change, {"title": "changed"}).status_code in {302, 403}
    actions = reverse("admin:archive_meeting_changelist")
    response = client.post(actions, {"action": "mark_reviewed", "_selected_action": [meeting.pk]})
    assert response.status_code in {302, 403}
    assert diff_snapshots(before, snapshot()) == []


class FormAudit(HTMLParser):
    """POST forms and whether each carries a CSRF token field."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self.forms.append(
                {"method": method, "token": False, "action": attributes.get("action")}
            )
        elif tag == "input" and self.forms and attributes.get("name") == "csrfmiddlewaretoken":
            self.forms[-1]["token"] = bool(attributes.get("value"))


@pytest.mark.django_db
def test_every_post_form_carries_a_csrf_token(client, hostile, staff):
    urls = [u for u in concrete_urls(hostile) if not u.endswith((".csv", ".json", ".atom"))]
    admin_urls = [
        reverse("admin:login"),
        reverse("admin:archive_meeting_changelist"),
        reverse("admin:archive_meeting_change", args=[hostile["meeting"].pk]),
        reverse("admin:archive_person_changelist"),
    ]
    if import_url():
        admin_urls.append(import_url())
    checked = 0
    for url in urls + admin_urls:
        if url in admin_urls and url != reverse("admin:login"):
            client.force_login(staff)
        audit = FormAudit()
        audit.feed(client.get(url).content.decode())
        for form in audit.forms:
            if form["method"] == "post":
                checked += 1
                assert form["token"], (url, form)
    assert checked >= 3
