"""Session limits: the idle time-out is Django's own (SESSION_COOKIE_AGE, renewed on every
request); this adds the absolute one, counted from sign-in."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

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
