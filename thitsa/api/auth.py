"""Who is calling: a bearer token, else a browser session (both factors), else the public.

No token is the public; a bad, expired or revoked token is 401, never silently the public: a
script with a broken token must not think it sees everything there is.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from ninja.errors import AuthenticationError
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from thitsa.accounts.models import ApiToken
from thitsa.api.errors import ApiError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BadToken(AuthenticationError):
    """The Authorization header is there but names no active token."""

    def __init__(self, message: str) -> None:
        super().__init__(401, message)


class Token(HttpBearer):
    """`Authorization: Bearer thitsa_...`; optional (see the module docstring)."""

    # Read by django-ninja's docs page only: it then gives its "Try it out" the CSRF token, which
    # a signed-in browser's writes need (checked in __call__), as the site's forms send it.
    csrf = True

    def __call__(self, request):
        header = request.headers.get("Authorization")
        # An empty header too: a script whose token variable is unset must hear so.
        if header is not None:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key.strip():
                raise BadToken("use the header 'Authorization: Bearer <token>'")
            return self.authenticate(request, key.strip())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # A browser session: reads as is; a write must carry the CSRF token, as a form would.
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                # 403, not 401: the caller is known; asking for a bearer token misled.
                raise ApiError(
                    "X-CSRFToken", "a signed-in browser must send the CSRF token", status=403
                )
            return user
        # Anonymous: truthy, so django-ninja lets the request through as the public.
        return AnonymousUser()

    def authenticate(self, request, token: str):
        user = ApiToken.user_for(token)
        if user is None:
            raise BadToken("the token is unknown, expired or revoked")
        request.user = user
        return user
