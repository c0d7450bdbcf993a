"""Security headers on the main pages, and HTTPS-only behaviour under production settings."""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from hardening import ROOT, seed_text

from archive.importer import import_readout
from archive.models import Person, Topic


@pytest.fixture
def main_pages(db) -> list[str]:
    meeting = import_readout(seed_text(), source_name="seed").meeting
    person = Person.objects.filter(participations__meeting=meeting).first()
    topic = Topic.objects.filter(meetings=meeting).first() or Topic.objects.first()
    return [
        reverse("archive:home"),
        reverse("archive:meeting-list"),
        reverse("archive:meeting-list") + "?q=terrorism",
        meeting.get_absolute_url(),
        reverse("archive:country-list"),
        reverse("archive:country-detail", args=["pk"]),
        reverse("archive:relationship", args=["cn", "pk"]),
        person.get_absolute_url(),
        reverse("archive:topic-list"),
        topic.get_absolute_url(),
        reverse("archive:agreed-point-list"),
        reverse("admin:login"),
        "/no-such-page/",
    ]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class InlineCode(HTMLParser):
    """Inline scripts and styles, their nonces, and inline handlers or style attributes."""

    def __init__(self):
        super().__init__()
        self.inline: list[tuple[str, str | None]] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes or tag == "style":
            self.inline.append((tag, attributes.get("nonce")))
        if tag == "link" and attributes.get("rel") == "stylesheet":
            assert attributes.get("href", "").startswith("/"), "stylesheets are self-hosted"
        if tag == "script" and "src" in attributes:
            assert attributes["src"].startswith("/"), "scripts are self-hosted"
        for name, _ in attrs:
            if name.startswith("on") or name == "style":
                self.attributes.append(f"<{tag} {name}=...>")


@pytest.mark.django_db
def test_main_pages_send_a_strict_content_security_policy(client, main_pages):
    for url in main_pages:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        header = response.get("Content-Security-Policy", "")
        assert header, f"no CSP on {url}"
        csp = csp_directives(header)
        assert csp["frame-ancestors"] == ["'none'"], url
        assert csp["object-src"] == ["'none'"], url
        assert csp["base-uri"] == ["'self'"], url
        assert "'self'" in csp["default-src"], url
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in csp[directive], url
            assert "'unsafe-eval'" not in csp[directive], url
            # Django adds the nonce to the header only on pages that use one.
            assert all(v == "'self'" or v.startswith("'nonce-") for v in csp[directive]), url
        assert "*" not in header.split(), url


def test_policy_allows_inline_code_only_by_nonce(settings):
    from django.utils.csp import CSP

    for directive in ("script-src", "style-src"):
        assert CSP.NONCE in settings.SECURE_CSP[directive]
        assert CSP.UNSAFE_INLINE not in settings.SECURE_CSP[directive]


@pytest.mark.django_db
def test_a_nonce_used_by_a_page_is_fresh_and_in_the_header(client, rf):
    from django.middleware.csp import ContentSecurityPolicyMiddleware
    from django.template import engines

    template = engines["django"].from_string(
        '<script nonce="{{ csp_nonce }}">1</script><style nonce="{{ csp_nonce }}"></style>'
    )

    def view(request):
        from django.http import HttpResponse

        return HttpResponse(template.render({}, request))

    middleware = ContentSecurityPolicyMiddleware(view)
    seen = set()
    for _ in range(3):
        response = middleware(rf.get("/"))
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
        csp = csp_directives(response["Content-Security-Policy"])
        assert f"'nonce-{nonce}'" in csp["script-src"]
        assert f"'nonce-{nonce}'" in csp["style-src"]
        seen.add(nonce)
    assert len(seen) == 3


@pytest.mark.django_db
def test_no_inline_script_or_style_without_the_nonce(client, main_pages):
    for url in main_pages:
        response = client.get(url)
        header = response.get("Content-Security-Policy", "")
        match = re.search(r"'nonce-([^']+)'", header)
        parser = InlineCode()
        parser.feed(response.content.decode())
        for tag, nonce in parser.inline:
            assert match and nonce == match.group(1), f"{url}: inline <{tag}> without the nonce"
        # Nonces do not cover attributes: CSP would block these, so none may exist.
        assert parser.attributes == [], (url, parser.attributes[:5])


@pytest.mark.django_db
def test_main_pages_send_the_other_security_headers(client, main_pages):
    for url in main_pages:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "Server" not in response or "Django" not in response["Server"]


@pytest.mark.django_db
def test_downloads_and_health_also_send_nosniff(client, main_pages):
    for url in ["/meetings.csv", "/meetings.json", "/feeds/latest.atom", "/healthz"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Content-Type-Options"] == "nosniff", url


CHILD = """
import json
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

call_command("migrate", verbosity=0)
get_user_model().objects.create_superuser("curator", "c@example.org", "a-long-curator-password-1")
storages = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
out = {}
with override_settings(STORAGES=storages):
    client = Client(HTTP_HOST="archive.example.org")
    plain = client.get("/meetings/?q=x")
    out["plain"] = [plain.status_code, plain.get("Location", "")]
    health = client.get("/healthz")
    out["health"] = health.status_code
    page = client.get("/", secure=True)
    out["page"] = [page.status_code, dict(page.headers)]
    login_page = client.get("/admin/login/", secure=True)
    login = client.post(
        "/admin/login/?next=/admin/",
        {"username": "curator", "password": "a-long-curator-password-1"},
        secure=True,
    )
    out["login"] = login.status_code
    out["cookies"] = {
        name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
               "samesite": c["samesite"]}
        for response in (login_page, login) for name, c in response.cookies.items()
    }
print("RESULT " + json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """What a production process (DJANGO_DEBUG=0) answers, from a fresh database of its own."""
    folder = tmp_path_factory.mktemp("production")
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {
        **base,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "headers-test-secret-key-that-is-long-and-random-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://archive.example.org",
        "DATABASE_URL": f"sqlite:///{folder / 'production.sqlite3'}",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", CHILD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = [x for x in result.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line.removeprefix("RESULT "))


def test_production_redirects_plain_http_to_https(production):
    status, location = production["plain"]
    assert status == 301
    assert location == "https://archive.example.org/meetings/?q=x"
    # Health checks are exempt: they probe over plain HTTP.
    assert production["health"] == 200


def test_production_sends_hsts_and_the_security_headers(production):
    status, headers = production["page"]
    assert status == 200
    hsts = headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts and "preload" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in headers["Content-Security-Policy"]


def test_production_cookies_are_secure_and_session_cookies_http_only(production):
    assert production["login"] == 302, "the login did not succeed"
    cookies = production["cookies"]
    assert {"csrftoken", "sessionid"} <= set(cookies), cookies
    for name, flags in cookies.items():
        assert flags["secure"], name
    assert cookies["sessionid"]["httponly"]
    assert cookies["sessionid"]["samesite"] in {"Lax", "Strict"}
