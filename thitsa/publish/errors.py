"""The 500 page with a working language switch: Django's own server_error renders 500.html
without a CSRF token, so the switch's form could not be posted."""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.middleware.csrf import get_token
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    # No RequestContext: the context processors read the database, which may be what failed.
    # The CSRF token comes from the cookie (CSRF_USE_SESSIONS is off), not the database.
    context = {
        "csrf_token": get_token(request),
        # A failed POST's address answers GET with 405: send the switch home instead.
        "next": request.get_full_path() if request.method == "GET" else "/",
    }
    return HttpResponseServerError(loader.get_template("500.html").render(context))
