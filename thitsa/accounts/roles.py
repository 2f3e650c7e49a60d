"""Who may do what: roles and their capabilities, as data (DESIGN.md, "Security model").

A signed-in user counts as their role only once their second factor is verified; before that
(password given, code not yet) they are as anonymous as the public.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

ROLES = [
    ("analyst", _("analyst: restricted figures and aggregates")),
    ("documenter", _("documenter: adds reports and evidence")),
    ("verifier", _("verifier: links, grades and publishes")),
    ("admin", _("admin: everything, and the users")),
]
ROLE_NAMES = [name for name, _label in ROLES]

# capability -> the roles that have it. "public" (anonymous) has none of these.
CAPABILITIES: dict[str, frozenset[str]] = {
    # figures that count restricted incidents too (numbers, never the records behind them)
    "view_restricted_figures": frozenset({"analyst", "documenter", "verifier", "admin"}),
    # restricted incidents and reports, evidence metadata and files
    "view_restricted": frozenset({"documenter", "verifier", "admin"}),
    # witness names, contacts and notes (each read is logged)
    "view_witness": frozenset({"documenter", "verifier", "admin"}),
    "add_report": frozenset({"documenter", "verifier", "admin"}),
    "add_evidence": frozenset({"documenter", "verifier", "admin"}),
    # the review queue: link, reject, merge, split, grade
    "verify": frozenset({"verifier", "admin"}),
    "publish": frozenset({"verifier", "admin"}),
    "manage_users": frozenset({"admin"}),
}


def role_of(user) -> str:
    """The role a request acts as: 'public' unless signed in with both factors (or a token)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return "public"
    # django-otp's middleware sets is_verified(); API tokens are issued only to verified users
    # and mark the user verified themselves.
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        return "public"
    if user.is_superuser:
        return "admin"
    account = getattr(user, "account", None)
    return account.role if account is not None else "public"


def can(user, capability: str) -> bool:
    return role_of(user) in CAPABILITIES[capability]


def _back_to(request) -> str:
    """Where to come back after signing in. A form sent after the session ended (an accept, a
    split, a date given) came back to its action's address, which only takes a form: a blank
    405 page, the decision lost. It comes back to the page the form was on, saying so."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    from django.contrib import messages

    messages.warning(
        request, _("Your session had ended, so nothing was changed: please do it again.")
    )
    return page_sent_from(request) or "/"


def page_sent_from(request) -> str:
    """The path (and query) of this site's page the request came from, or "" when the
    Referer is missing or another site's."""
    from urllib.parse import urlsplit

    from django.utils.http import url_has_allowed_host_and_scheme

    page = request.headers.get("Referer", "")
    if not page or not url_has_allowed_host_and_scheme(
        page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    parts = urlsplit(page)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def requires(capability: str):
    """View decorator: sign in (both factors) first, then 403 unless the role may."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if can(request.user, capability):
                return view(request, *args, **kwargs)
            if role_of(request.user) == "public":
                return redirect_to_login(_back_to(request))
            raise PermissionDenied

        return wrapped

    return decorator
