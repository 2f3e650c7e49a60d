from __future__ import annotations

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite

from thitsa.accounts.roles import role_of

# The apps and models of the libraries Thitsa signs people in with, in the reader's language:
# neither library names its apps, and django-otp names its models in English only. (Written
# here, the axes model names reach the catalogue, and axes' own pages take them too.)
_NAMES = {
    "axes": _("Sign-in lockouts"),
    "otp_totp": _("Authenticator apps"),
    "otp_static": _("Recovery codes"),
    ("axes", "accessattempt"): _("access attempts"),
    ("axes", "accesslog"): _("access logs"),
    ("axes", "accessfailurelog"): _("access failures"),
    ("otp_totp", "totpdevice"): _("Authenticator apps"),
    ("otp_static", "staticdevice"): _("Recovery code sets"),
}


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

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            label = app["app_label"]
            app["name"] = _NAMES.get(label, app["name"])
            for model in app["models"]:
                key = (label, model["object_name"].lower())
                model["name"] = capfirst(_NAMES.get(key, model["name"]))
        return apps
