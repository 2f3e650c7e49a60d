from django.contrib import admin
from django.urls import include, path

from thitsa.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("thitsa.accounts.urls")),
    path("evidence/", include("thitsa.evidence.urls")),
    # set_language: the header's language switch posts here (CSRF-protected).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("thitsa.search.urls")),
    path("", include("thitsa.publish.urls")),
]
