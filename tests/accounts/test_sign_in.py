"""Sign-in takes a password and a code; a role counts only after both."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken

from tests.conftest import make_person
from thitsa.accounts.middleware import SIGNED_IN_AT
from thitsa.accounts.roles import role_of

PASSWORD = "long-passphrase-of-verifier-01"


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def password_step(client, username, password=PASSWORD, next_url="/review/", **headers):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, "next": next_url},
        **headers,
    )


@pytest.fixture
def vera(db):
    return make_person("verifier", "vera@example.org")


def test_it_signs_in_with_a_password_then_a_code(client, vera):
    response = password_step(client, "vera@example.org")
    assert response.status_code == 302
    assert response.url.startswith(reverse("code"))
    # Password alone: still the public.
    assert client.get(reverse("review-queue")).status_code == 302
    response = client.post(
        reverse("code"), {"code": code_for(vera.totp), "next": "/review/"}, follow=False
    )
    assert response.status_code == 302 and response.url == "/review/"
    assert client.get(reverse("review-queue")).status_code == 200


def test_an_address_signs_in_in_any_case(client, vera):
    # Found by a security review: "Vera@Example.org", as a phone capitalises it, was refused.
    response = password_step(client, " Vera@Example.ORG ")
    assert response.status_code == 302 and response.url.startswith(reverse("code"))


def test_a_password_alone_gives_no_role(client, vera):
    password_step(client, "vera@example.org")
    request = client.get("/").wsgi_request
    assert request.user.is_authenticated
    assert role_of(request.user) == "public"


def test_it_refuses_a_wrong_code(client, vera):
    password_step(client, "vera@example.org")
    wrong = f"{(int(code_for(vera.totp)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("code"), {"code": wrong})
    assert response.status_code == 200
    assert "wrong or has expired" in response.content.decode()
    assert client.get(reverse("review-queue")).status_code == 302


def test_a_recovery_code_works_once(client, vera):
    from thitsa.accounts.views import _new_recovery_codes

    codes = _new_recovery_codes(vera)
    assert len(codes) == 10 and len(set(codes)) == 10
    password_step(client, "vera@example.org")
    assert client.post(reverse("code"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("review-queue")).status_code == 200
    client.post(reverse("logout"))
    password_step(client, "vera@example.org")
    assert client.post(reverse("code"), {"code": codes[0]}).status_code == 200
    assert StaticToken.objects.filter(device__user=vera).count() == 9


def test_it_locks_sign_in_after_five_wrong_passwords(client, vera):
    for _ in range(5):
        response = password_step(client, "vera@example.org", "not-the-password-at-all")
        assert response.status_code in (200, 429)
    response = password_step(client, "vera@example.org")
    assert response.status_code == 429
    assert "locked" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_a_new_person_sets_a_password_pairs_an_app_and_gets_recovery_codes(client, db, capsys):
    call_command("user", "add", "Ma.Thida@example.org", "--role", "documenter")
    link = re.search(r"https?://\S+", capsys.readouterr().out).group(0)
    path = link.split("8000", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "seven lanterns over the irrawaddy"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    # The link works once.
    assert "no longer works" in client.get(path, follow=True).content.decode()

    response = password_step(client, "ma.thida@example.org", new, next_url="/")
    assert response.url.startswith(reverse("enrol"))
    page = client.get(reverse("enrol")).content.decode()
    assert "<svg" in page  # the QR code, inline
    device = get_user_model().objects.get(username="ma.thida@example.org").totpdevice_set.get()
    assert not device.confirmed
    response = client.post(reverse("enrol"), {"code": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<code>(\d{5} \d{5})</code>", response.content.decode())
    assert len(codes) == 10
    # Shown once, in answer to the form: no language switch, which asked for the page again
    # and lost them (found by a reviewer of the Burmese interface).
    assert 'class="lang-switch"' not in response.content.decode()
    assert 'class="lang-switch"' in client.get(reverse("home")).content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert role_of(response.wsgi_request.user) == "documenter"


def test_passwords_are_hashed_with_argon2(vera):
    assert vera.password.startswith("argon2")


@pytest.mark.parametrize(
    "password, ok",
    [
        ("short-pass", False),  # under 15 characters
        ("passwordpassword", False),  # a repeat of a common password
        ("iloveyou12345678", False),  # a leaked password with a run of digits
        ("qwertyuiopasdfgh", False),  # a keyboard run
        ("x" * 257, False),  # over the cap
        ("seven lanterns over the irrawaddy", True),  # a passphrase, no composition rules
        ("ခိုင်မာသောစကားဝှက်တစ်ခုဖြစ်သည်", True),  # Burmese is fine
    ],
)
def test_password_rules_follow_asvs(db, password, ok):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_a_session_ends_some_hours_after_sign_in_however_busy(client, signed_in, settings):
    signed_in("verifier")
    assert client.get(reverse("review-queue")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.THITSA_SESSION_MAX_HOURS * 3600 - 1
    session.save()
    assert client.get(reverse("review-queue")).status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_an_idle_session_expires_and_each_request_renews_it(client, signed_in, settings):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    signed_in("verifier")
    assert client.get(reverse("review-queue")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + timedelta(minutes=29)
    # 31 minutes without a request:
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("review-queue")).status_code == 302


def test_the_admin_is_for_admins_with_both_factors(client, signed_in, vera):
    password_step(client, "vera@example.org")
    assert client.get("/admin/").status_code == 302
    client.logout()
    signed_in("verifier", "v2@example.org")
    assert client.get("/admin/").status_code == 302
    client.logout()
    signed_in("admin")
    assert client.get("/admin/").status_code == 200


def test_what_a_signed_in_person_sees_stays_out_of_the_browsers_cache(client, signed_in, db):
    """A seized laptop's browser cache held the review queue and every restricted page a
    verifier had opened: only the witness page said no-store."""
    anonymous = client.get("/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    signed_in("verifier")
    for url in ("/", "/review/", "/incidents/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    api = client.get("/api/v1/incidents", HTTP_AUTHORIZATION="Bearer thitsa_wrong")
    assert "no-store" in api["Cache-Control"]


def test_messages_are_kept_on_the_server_not_in_a_cookie(client, signed_in, db):
    """A message can name a report's title or place: Django's default kept it in a signed,
    readable cookie on the visitor's device."""
    signed_in("admin")
    response = client.post(
        "/admin/reports/source/add/", {"name": "Sentinel Outlet", "kind": "media",
                                       "reliability": "B"}, follow=False,
    )  # fmt: skip
    assert response.status_code == 302
    assert "messages" not in response.cookies
    page = client.get(response["Location"])
    assert "Sentinel Outlet" in page.content.decode()  # the message still shows


def test_a_lockout_holds_one_account_from_one_address(client, vera, db):
    """Found by an adversary's review: five wrong passwords for one account locked every
    account at that address (an office behind one NAT), and the account from everywhere."""
    from tests.conftest import make_person

    make_person("verifier", "colleague@example.org")
    for _ in range(5):
        password_step(client, "vera@example.org", "not-the-password-at-all")
    assert password_step(client, "vera@example.org").status_code == 429
    colleague = password_step(client, "colleague@example.org", "long-passphrase-of-verifier-01")
    assert colleague.status_code == 302
    elsewhere = password_step(client, "vera@example.org", REMOTE_ADDR="203.0.113.9")
    assert elsewhere.status_code == 302


def test_a_burmese_page_counts_the_recovery_codes_left_in_burmese_digits(client, vera):
    # Found by a Burmese-speaking reviewer: "... 9 ခု ကျန်သည်" in Latin digits.
    from thitsa.accounts.views import _new_recovery_codes

    codes = _new_recovery_codes(vera)
    client.cookies["django_language"] = "my"
    password_step(client, "vera@example.org")
    client.post(reverse("code"), {"code": codes[0]})
    html = client.get(reverse("review-queue")).content.decode()
    assert "၉ ခု ကျန်သည်" in html


def test_a_new_token_is_shown_without_a_language_switch_that_would_lose_it(client, db):
    """Found by a reviewer of the Burmese interface: switching language on a page shown once
    (the recovery codes, a new API token) asked for it again, and the secret was gone."""
    from tests.conftest import make_person, sign_in

    sign_in(client, make_person("analyst"))
    page = client.get(reverse("tokens")).content.decode()
    assert 'class="lang-switch"' in page
    made = client.post(reverse("tokens"), {"name": "laptop script", "days": 30})
    html = made.content.decode()
    assert 'class="secret"' in html and 'class="lang-switch"' not in html
