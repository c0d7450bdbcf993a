import importlib

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate


def reinstall_search_triggers(sender, using="default", **kwargs) -> None:
    """Put back the SQLite FTS5 triggers after every migrate.

    SQLite cannot alter a column in place: Django rebuilds the table and its triggers are lost,
    so a later migration touching archive_meeting would silently stop the index being kept.
    The triggers are created with IF NOT EXISTS, so this is a no-op when they are there.
    """
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if "archive_meeting_fts" not in connection.introspection.table_names():
        return
    migration = importlib.import_module(f"archive.migrations.{_search_triggers(connection)}")
    with connection.schema_editor() as schema_editor:
        migration.install_sqlite_triggers(schema_editor)
    if "archive_tally" in connection.introspection.table_names():
        from . import tally

        tally.install(connection)  # the page counts' triggers, and the counts recomputed


def _search_triggers(connection) -> str:
    """The migration whose triggers the database's full-text index is kept by: 0018's fold the
    letters that have no mark to drop, 0003's do not."""
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    folding = ("archive", FOLDING_TRIGGERS) in applied
    return FOLDING_TRIGGERS if folding else "0003_full_text_search"


FOLDING_TRIGGERS = "0018_sqlite_search_folds_letters"


# The tag of the check below, which the import command runs without the site's other checks.
PARSER_CHECKS = "parser"


def compiled_parser_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when the compiled parser was built from other sources than are there now: it would
    run the old code."""
    from . import native

    state = native.status()
    if not state.startswith("stale"):
        return []
    return [
        checks.Warning(
            f"The compiled parser does not match its sources ({state}).",
            hint="Run `make parser` (or `python -m archive.native build`) to rebuild it, or "
            "`python -m archive.native clean` to run the Python parser.",
            id="archive.W001",
        )
    ]


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Readout archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(reinstall_search_triggers, sender=self)
        checks.register(compiled_parser_check, PARSER_CHECKS)
