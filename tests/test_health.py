"""`/healthz` answers for load balancers: 200 with a working database, 503 without, no details."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "health-check-secret-key-that-is-long-and-random-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
}

# Calls /healthz through Django's test client in a fresh process with the given environment.
PROBE = (
    "import json; from django.test import Client;"
    "r = Client(raise_request_exception=False).get('/healthz', secure={secure}, HTTP_HOST='127.0.0.1');"
    "print(json.dumps({{'status': r.status_code, 'body': r.content.decode(),"
    " 'location': r.get('Location', '')}}))"
)


def probe(env: dict[str, str], secure: bool = False) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", PROBE.format(secure=secure)],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_needs_no_login_and_sets_no_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_reports_an_unreachable_database_as_503_without_details():
    # Port 9 on loopback has no PostgreSQL: the connection is refused at once.
    env = {**PRODUCTION, "DATABASE_URL": "postgres://nobody:secret@127.0.0.1:9/nowhere"}
    answer = probe(env)
    assert answer["status"] == 503
    assert json.loads(answer["body"]) == {"status": "error", "database": "unavailable"}
    for leak in ("secret", "nobody", "127.0.0.1", "Traceback", "psycopg", "refused"):
        assert leak not in answer["body"]


def test_healthz_is_not_redirected_to_https_in_production(tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    answer = probe(env)
    # Plain HTTP, as a container health check asks: no redirect to https.
    assert answer["status"] == 200, answer
    assert answer["location"] == ""
