from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # set_language: the header's language switch posts here (CSRF-protected).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("thitsa.search.urls")),
    path("", include("thitsa.publish.urls")),
]
