from django.contrib import admin
from django.urls import include, path

from archive.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]
