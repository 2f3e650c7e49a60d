"""Template context: the role a page is seen as, so templates show only what it may use."""

from __future__ import annotations

from thitsa.accounts.roles import CAPABILITIES, role_of


def role(request):
    current = role_of(getattr(request, "user", None))
    return {
        "role": current,
        "may": {cap: current in roles for cap, roles in CAPABILITIES.items()},
    }
