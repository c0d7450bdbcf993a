"""Errors reach the log with the request path; visitors get the 500 page, never a traceback."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import include, path

ROOT = Path(__file__).resolve().parent.parent
SECRET_DETAIL = "internal-detail-7f3a: password=hunter2"


def exploding_view(request):
    raise RuntimeError(SECRET_DETAIL)


# A URLconf for these tests only: the real site plus one view that fails.
urlpatterns = [
    path("boom/", exploding_view),
    path("", include("config.urls")),
]


class ListHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def request_log():
    handler = ListHandler()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_error_is_logged_with_its_path_and_the_visitor_sees_no_traceback(client, request_log):
    client.raise_request_exception = False
    response = client.get("/boom/?q=something")
    assert response.status_code == 500
    body = response.content.decode()
    for leak in ("Traceback", SECRET_DETAIL, "RuntimeError", "exploding_view", 'File "'):
        assert leak not in body
    errors = [r for r in request_log if r.levelno >= logging.ERROR]
    assert errors, "the error did not reach the django.request log"
    record = errors[-1]
    assert "/boom/" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is RuntimeError
    assert getattr(record, "status_code", None) == 500


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_missing_page_is_a_404_without_internals(client):
    response = client.get("/no-such-page-at-all/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Traceback" not in body
    assert "urlpatterns" not in body and "URLconf" not in body


CHILD = """
import sys
sys.path.insert(0, {tests!r})
from django.test import Client, override_settings
storages = {{
    "default": {{"BACKEND": "django.core.files.storage.FileSystemStorage"}},
    "staticfiles": {{"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
}}
with override_settings(ROOT_URLCONF="test_logging", STORAGES=storages):
    response = Client(raise_request_exception=False).get("/boom/", HTTP_HOST="127.0.0.1")
with open({body!r}, "w") as handle:
    handle.write(str(response.status_code) + "\\n" + response.content.decode())
"""


def test_errors_are_written_to_stdout_in_production(tmp_path):
    """The process's standard output (what a container platform collects) carries the error."""
    body_file = tmp_path / "body.txt"
    code = CHILD.format(tests=str(ROOT / "tests"), body=str(body_file))
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env = {
        **base,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "logging-test-secret-key-that-is-long-and-random-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, _, body = body_file.read_text().partition("\n")
    assert status == "500"
    assert "Traceback" not in body and SECRET_DETAIL not in body
    lines = [line for line in result.stdout.splitlines() if "level=ERROR" in line]
    assert lines, f"no error line on stdout; stderr was:\n{result.stderr[-2000:]}"
    assert any("logger=django.request" in line and "/boom/" in line for line in lines)
    # The traceback belongs in the log, for the operator.
    assert SECRET_DETAIL in result.stdout
