"""`/healthz`: a cheap probe for load balancers and the container health check.

It answers without authentication and without touching a template or a session, so a probe
never creates state. A database failure gives 503 with no details: the reason goes to the log,
not to whoever asked.
"""

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("archive.health")


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "not ready"; the log keeps the reason
        logger.exception("health check: database unavailable")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    if database_is_up():
        return JsonResponse({"status": "ok", "database": "ok"})
    return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
