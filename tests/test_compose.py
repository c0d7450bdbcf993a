"""docker-compose.yml describes the production shape; Docker cannot run here, so it is read."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load_compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_database_has_a_healthcheck_and_a_named_volume():
    compose = load_compose()
    db = compose["services"]["db"]
    assert "pg_isready -h 127.0.0.1" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_migrate_runs_once_after_the_database_is_healthy():
    migrate = load_compose()["services"]["migrate"]
    assert "migrate" in migrate["command"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert migrate.get("restart") == "no"


def test_web_is_gunicorn_gated_on_database_and_migration():
    web = load_compose()["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert web["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn" in dockerfile
    assert "collectstatic" in dockerfile


def test_no_secrets_in_the_file():
    text = (ROOT / "docker-compose.yml").read_text()
    compose = load_compose()
    for service in compose["services"].values():
        for key, value in (service.get("environment") or {}).items():
            if any(word in key for word in ("SECRET", "PASSWORD")):
                assert str(value).startswith("${"), f"{key} must come from the environment"
    assert "DATABASE_URL: postgres://archive:${POSTGRES_PASSWORD" in text
