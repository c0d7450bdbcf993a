"""CACHE_URL chooses a cache the processes share; without it each process keeps its own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import cache_from_url

ROOT = Path(__file__).resolve().parent.parent


def test_cache_urls():
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("file:///var/cache/archive") == {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": "/var/cache/archive",
    }
    assert cache_from_url("db://archive_cache")["LOCATION"] == "archive_cache"
    assert cache_from_url("redis://cache:6379/0")["LOCATION"] == "redis://cache:6379/0"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://cache:11211")


def _shell(code: str, cache_url: str) -> str:
    env = {**os.environ, "DJANGO_DEBUG": "1", "CACHE_URL": cache_url}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def test_a_file_cache_is_shared_between_processes(tmp_path):
    url = f"file://{tmp_path}"
    _shell("from django.core.cache import cache; cache.set('shared', 'yes', 60)", url)
    assert _shell("from django.core.cache import cache; print(cache.get('shared'))", url) == "yes"
