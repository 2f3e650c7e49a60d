from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from thitsa.accounts.roles import role_of


class AdminSite(OTPAdminSite):
    """The admin: only the admin role, signed in with both factors (through /accounts/login/)."""

    login_template = None
    site_header = _("Thitsa administration")
    site_title = _("Thitsa admin")

    def has_permission(self, request):
        return super().has_permission(request) and role_of(request.user) == "admin"

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
