"""Read replicas: researchers' reads go to a replica, every write to the primary.

Installed by config/settings.py only when DATABASE_REPLICA_URL is set (see docs/scaling.md). The
replica is a streaming replica of the primary, so it gets its schema by replication, never by
`migrate`.
"""

from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

# Logins, sessions, lockouts and the admin read what they have just written; replication lag
# must not log a curator out or hide the entry they saved.
PRIMARY_ONLY_APPS = frozenset({"admin", "auth", "axes", "sessions"})


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        # Inside a transaction on the primary (an import, an admin save) read your own writes.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db == PRIMARY:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
