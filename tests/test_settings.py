"""Settings come from the environment; production values pass Django's deploy check."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-0123456789abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://archive.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_in_production_is_a_clear_error():
    result = run_manage("check", env={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_deploy_check_is_clean_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_switch_on_https_protections():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.STORAGES['staticfiles']['BACKEND'], s.MIDDLEWARE[1])"
    )
    result = run_manage("shell", "-v", "0", "-c", code, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


def test_database_url_selects_the_database():
    code = "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    env = {**PRODUCTION, "DATABASE_URL": "postgres://u@127.0.0.1:5432/somewhere"}
    assert run_manage("shell", "-v", "0", "-c", code, env=env).stdout.strip().endswith("postgresql")
    env = {**PRODUCTION, "DATABASE_URL": ""}
    assert run_manage("shell", "-v", "0", "-c", code, env=env).stdout.strip().endswith("sqlite3")


def test_the_environment_as_env_example_writes_it_starts():
    """`.env.example` exported as it stands (several values left empty) is a working
    development configuration; a number that is not one is named."""
    example = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            example[name] = value
    assert example["DJANGO_HSTS_SECONDS"] == ""
    result = run_manage("check", env=example)
    assert result.returncode == 0, result.stderr
    result = run_manage("check", env={**example, "READOUT_MAX_BYTES": "1MB"})
    assert result.returncode != 0
    assert "READOUT_MAX_BYTES='1MB' is not a number" in result.stderr


def test_the_admin_login_command_make_run_prints_works_in_a_plain_shell():
    """`make run` tells how to create an admin login; typed into a shell, where the Makefile's
    development settings are not exported, the command must still reach Django's command."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    printed = re.search(r'Create an admin login with: (.+?)"', makefile).group(1)
    command = printed.replace("$(PY)", shlex.quote(sys.executable)) + " --help"
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(  # noqa: S602 - the command as typed into a shell
        command, shell=True, cwd=ROOT, env=base, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Used to create a superuser" in result.stdout
