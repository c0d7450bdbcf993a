"""Shared fixtures and the rules for database- and browser-specific tests.

`@pytest.mark.postgres` / `@pytest.mark.sqlite` tests run only on that database; on the other one
they are deselected (listed as such in the summary). REQUIRE_POSTGRES=1 makes a run on anything but
PostgreSQL an error. `@pytest.mark.browser` tests need Debian's Chromium: skipped without it, and a
failure with REQUIRE_BROWSER=1.
"""

import os
import shutil

import pytest
from django.db import connection

CHROMIUM = "/usr/bin/chromium"


def _required(name: str) -> bool:
    return os.environ.get(name, "") not in {"", "0", "false", "no"}


def pytest_configure(config):
    if _required("REQUIRE_POSTGRES") and "postgres" not in os.environ.get("DATABASE_URL", ""):
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL does not point at PostgreSQL")


def pytest_collection_modifyitems(config, items):
    other = {"postgresql": "sqlite", "sqlite": "postgres"}.get(connection.vendor, "")
    keep, drop = [], []
    for item in items:
        (drop if other and item.get_closest_marker(other) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(autouse=True)
def _browser_available(request):
    if request.node.get_closest_marker("browser") and not shutil.which("chromium"):
        if _required("REQUIRE_BROWSER"):
            pytest.fail("REQUIRE_BROWSER=1 but Debian's chromium is not installed")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _tally_recounted_after_flush(request, django_db_blocker):
    """On SQLite a transactional test's database is emptied one DELETE per table, in no set
    order, and the page counts' triggers (archive/tally.py) fire on those deletes: recount."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional and connection.vendor == "sqlite":
        from archive import tally

        with django_db_blocker.unblock():
            tally.install(connection)


@pytest.fixture
def seed_text():
    from pathlib import Path

    return (
        Path(__file__).resolve().parent.parent
        / "seeds"
        / "2022-03-21-china-mfa-wang-yi-qureshi-islamabad.txt"
    ).read_text(encoding="utf-8")
