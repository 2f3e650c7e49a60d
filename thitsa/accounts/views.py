"""Sign-in in two steps (password, then a code), enrolment of an authenticator app with
recovery codes, the one-time welcome link, and API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thitsa.accounts.forms import CodeForm, TokenForm
from thitsa.accounts.models import ApiToken
from thitsa.accounts.roles import role_of
from thitsa.publish.templatetags.publish import num

RECOVERY_CODES = 10
ENROL_DEVICE = "thitsa_enrol_device"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def _with_next(name: str, request) -> str:
    target = _next(request)
    return reverse(name) + (f"?next={target}" if target != "/" else "")


class _SignInForm(AuthenticationForm):
    def clean_username(self):
        # `thitsa user add` keeps addresses in lower case: "Ma.Thida@Example.org", as a phone
        # capitalises it, was refused as a wrong password. An account made otherwise (in the
        # admin) is still found by its own spelling.
        name = (self.cleaned_data.get("username") or "").strip()
        if not get_user_model().objects.filter(username=name).exists():
            name = name.lower()
        return name


class SignIn(auth_views.LoginView):
    """Step one: the password. Django's login view, so django-axes counts failures."""

    template_name = "accounts/login.html"
    authentication_form = _SignInForm
    redirect_authenticated_user = False

    def form_valid(self, form):
        super().form_valid(form)
        step = "code" if user_has_device(form.get_user(), confirmed=True) else "enrol"
        return redirect(_with_next(step, self.request))


@never_cache
@sensitive_post_parameters("code")
@login_required
def code(request):
    """Step two: a code from the authenticator app (or a recovery code)."""
    if request.user.is_verified():
        return redirect(_next(request))
    if not user_has_device(request.user, confirmed=True):
        return redirect(_with_next("enrol", request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                used = _("Recovery code used: %(n)s left. Make new ones soon.")
                messages.warning(request, used % {"n": num(left)})
            return redirect(_next(request))
        form.add_error("code", _("That code is wrong or has expired. Try the current one."))
    return render(request, "accounts/code.html", {"form": form, "next": _next(request)})


@never_cache
@sensitive_post_parameters("code")
@login_required
def enrol(request):
    """First sign-in: pair an authenticator app, confirm one code, get recovery codes."""
    if user_has_device(request.user, confirmed=True):
        return redirect(_with_next("code", request))
    device = None
    if pk := request.session.get(ENROL_DEVICE):
        device = TOTPDevice.objects.filter(pk=pk, user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="app", confirmed=False)
        request.session[ENROL_DEVICE] = device.pk
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save()
            del request.session[ENROL_DEVICE]
            otp_login(request, device)
            codes = _new_recovery_codes(request.user)
            return render(
                request, "accounts/recovery.html", {"codes": codes, "next": _next(request)}
            )
        form.add_error(
            "code", _("That code does not match. Check the phone's clock and try again.")
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": _next(request),
            # Inline SVG: no image request, no third party, works under default-src 'self'.
            "qr_svg": qr.svg_inline(scale=4, dark="#111", light="#fff"),
            "secret": _base32(device.bin_key),
        },
    )


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _new_recovery_codes(user) -> list[str]:
    """Ten single-use codes (replacing any earlier ones); shown once, stored by django-otp."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [f"{c[:5]} {c[5:]}" for c in codes]


@never_cache
@require_POST
def recovery(request):
    """New recovery codes, for a user signed in with both factors."""
    if role_of(request.user) == "public":
        return redirect(reverse("login"))
    codes = _new_recovery_codes(request.user)
    return render(request, "accounts/recovery.html", {"codes": codes, "next": "/"})


@require_POST
def sign_out(request):
    logout(request)
    return redirect("/")


class Welcome(auth_views.PasswordResetConfirmView):
    """The one-time link `thitsa user add` prints: choose a password, then pair an app."""

    template_name = "accounts/welcome.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Password set. Sign in to pair your authenticator app."))
        return response


@never_cache
def tokens(request):
    """API tokens of the signed-in user: make one (its key shown once) or revoke one."""
    if role_of(request.user) == "public":
        return redirect(reverse("login") + "?next=" + request.path)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and "revoke" in request.POST:
        get_object_or_404(ApiToken, pk=request.POST["revoke"], user=request.user).delete()
        messages.success(request, _("Token revoked."))
        return redirect("tokens")
    if request.method == "POST" and form.is_valid():
        expires = timezone.now() + timedelta(days=form.cleaned_data["days"])
        _token, new_key = ApiToken.issue(request.user, form.cleaned_data["name"], expires)
        form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "new_key": new_key, "tokens": request.user.api_tokens.all()},
    )
