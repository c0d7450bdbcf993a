"""An import keeps its statements out of Django's query log, which DEBUG keeps (a large import
under DEBUG grew by the log and spent about half its time writing it), unless a capture asks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from readout_texts import FULL_NAMES, variant

from archive.import_run import Options, Unit, import_units
from archive.models import Meeting

pytestmark = pytest.mark.django_db


def units(prefix: str) -> list[Unit]:
    return [Unit(f"{prefix}{n}.txt", text=variant(FULL_NAMES)) for n in range(3)]


def test_an_import_under_debug_logs_no_statements(settings):
    settings.DEBUG = True
    connection.queries_log.clear()
    summary = import_units(iter(units("a")), Options())
    assert summary.created == 3
    assert connection.queries == []
    # Once the import is over, the connection logs as DEBUG asks.
    assert Meeting.objects.count() == 3
    assert len(connection.queries) == 1


def test_a_capture_still_sees_the_import_statements():
    with CaptureQueriesContext(connection) as captured:
        summary = import_units(iter(units("b")), Options())
    assert summary.created == 3
    assert any("archive_meeting" in query["sql"] for query in captured)


def test_an_import_within_an_import_keeps_the_log_off_until_the_outer_one_ends(settings):
    from archive.import_run import _statements_unlogged

    settings.DEBUG = True
    connection.queries_log.clear()
    with _statements_unlogged():
        import_units(iter(units("c")), Options())
        assert Meeting.objects.count() == 3
        assert connection.queries == []
    assert Meeting.objects.count() == 3
    assert len(connection.queries) == 1
