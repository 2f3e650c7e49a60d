from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from thitsa.api.api import api

# Django's own 500 view gives its page no CSRF token: the language switch could not post.
handler500 = "thitsa.publish.errors.server_error"


def _api_not_found(request):
    return JsonResponse({"detail": "Not Found"}, status=404)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Any other address under the API is a JSON 404 too: a script parses what it gets.
    re_path(r"^api/v1/", csrf_exempt(_api_not_found)),
    path("accounts/", include("thitsa.accounts.urls")),
    path("evidence/", include("thitsa.evidence.urls")),
    # set_language: the header's language switch posts here (CSRF-protected).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("thitsa.search.urls")),
    path("", include("thitsa.publish.urls")),
]
