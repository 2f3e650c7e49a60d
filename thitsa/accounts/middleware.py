"""Session limits: the idle time-out is Django's own (SESSION_COOKIE_AGE, renewed on every
request); this adds the absolute one, counted from sign-in. And what a signed-in person is
shown stays out of the browser's cache."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "thitsa_signed_in_at"


def session_limits(get_response):
    def middleware(request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            now = time.time()
            if started is None:
                request.session[SIGNED_IN_AT] = now
            elif now - started > settings.THITSA_SESSION_MAX_HOURS * 3600:
                logout(request)
        return get_response(request)

    return middleware


def not_stored_when_signed_in(get_response):
    """Pages and API answers for a signed-in person or a token holder are marked no-store: a
    browser's disk cache keeps restricted pages (a review queue, an evidence item, a report's
    text) for whoever seizes the laptop. Only the witness page said so before."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
        return response

    return middleware


def forwarded_client_ip(request) -> str | None:
    """The client's address behind one proxy (THITSA_BEHIND_PROXY): the last address in
    X-Forwarded-For, the one the proxy itself added (those before it are the client's to
    write), else REMOTE_ADDR."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or request.META.get("REMOTE_ADDR")
