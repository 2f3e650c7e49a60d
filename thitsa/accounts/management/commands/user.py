from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thitsa.accounts.models import Account, shut_out
from thitsa.accounts.roles import ROLE_NAMES


def _site_hint() -> str:
    # Found by a newcomer: after `thitsa up --port 8714` the link said :8000 and led nowhere.
    if "THITSA_SITE_URL" in os.environ:
        return f"  (on {settings.THITSA_SITE_URL}, THITSA_SITE_URL)"
    return (
        f"  (on {settings.THITSA_SITE_URL}, the default: where the site is reached otherwise, "
        "set THITSA_SITE_URL, e.g. http://127.0.0.1:8714 or https://thitsa.example.org)"
    )


def welcome_link(user) -> str:
    """A link that sets the password once (it stops working when the password changes)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.THITSA_SITE_URL.rstrip("/") + reverse("welcome", args=[uid, token])


def normalise(email: str) -> str:
    """How an address is stored, so " Ko.Aung@example.org" (pasted) finds ko.aung@example.org."""
    return email.strip().lower()


def is_admin(user) -> bool:
    account = getattr(user, "account", None)
    return user.is_superuser or (account is not None and account.role == "admin")


def other_active_admins(user) -> bool:
    admins = get_user_model().objects.filter(is_active=True).exclude(pk=user.pk)
    admins = admins.filter(Q(is_superuser=True) | Q(account__role="admin"))
    # Locked, so two people demoting each other at once cannot both succeed (PostgreSQL). Rows
    # read, not exists(): that drops the OF clause, and PostgreSQL refuses to lock the outer
    # join's nullable side (the accounts table).
    return bool(admins.select_for_update(of=("self",)).values_list("pk", flat=True)[:1])


class Command(BaseCommand):
    help = (
        "Manage people's accounts: user add EMAIL --role ROLE | list | role | disable | enable "
        "| reset"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add a person; prints a one-time link to set a password")
        add.add_argument("email")
        add.add_argument("--role", required=True, choices=ROLE_NAMES)
        add.add_argument(
            "--password",
            action="store_true",
            help="print a generated password instead of a link (no mail, no web access needed)",
        )
        sub.add_parser("list", help="everyone with an account, their role and second factor")
        role = sub.add_parser("role", help="change a person's role")
        role.add_argument("email")
        role.add_argument("role", choices=ROLE_NAMES)
        disable = sub.add_parser("disable", help="block sign-in and revoke every API token")
        disable.add_argument("email")
        enable = sub.add_parser("enable", help="allow sign-in again (API tokens stay revoked)")
        enable.add_argument("email")
        reset = sub.add_parser(
            "reset",
            help="lost phone: remove the second factor and API tokens, print a new one-time link",
        )
        reset.add_argument("email")

    def handle(self, *args, **opts):
        getattr(self, "do_" + opts["action"])(opts)

    def _user(self, email: str):
        email = normalise(email)
        user = get_user_model().objects.select_related("account").filter(username=email).first()
        if user is None:
            raise CommandError(f"no account for {email}: see `thitsa user list`")
        return user

    @transaction.atomic
    def do_add(self, opts):
        email = normalise(opts["email"])
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{opts['email']!r} is not an email address") from None
        User = get_user_model()
        if User.objects.filter(username=email).exists():
            raise CommandError(f"{email} already has an account: `thitsa user role {email} ROLE`")
        role = opts["role"]
        user = User(username=email, email=email, is_staff=role == "admin")
        user.is_superuser = role == "admin"
        if opts["password"]:
            # 160 random bits from the OS; shown once, never stored in clear.
            password = "-".join(secrets.token_urlsafe(4) for _ in range(5))
            validate_password(password, user)
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        Account.objects.create(user=user, role=role)
        if opts["password"]:
            self.stdout.write(f"password (shown once): {password}")
        else:
            self.stdout.write(f"one-time link (works once): {welcome_link(user)}")
            self.stdout.write(_site_hint())
        self.stdout.write(
            f"added {email} as {role}; at first sign-in they pair an authenticator app"
        )

    def do_list(self, opts):
        User = get_user_model()
        users = User.objects.select_related("account").order_by("username")
        for user in users:
            account = getattr(user, "account", None)
            role = account.role if account else ("admin" if user.is_superuser else "-")
            paired = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            state = "active" if user.is_active else "disabled"
            second = "2FA" if paired else "no 2FA yet"
            self.stdout.write(f"{user.username}\t{role}\t{state}\t{second}")
        self.stdout.write(f"{users.count()} accounts")

    @transaction.atomic
    def do_role(self, opts):
        user = self._user(opts["email"])
        if opts["role"] != "admin":
            self._refuse_last_admin(user, "make them " + opts["role"])
        Account.objects.update_or_create(user=user, defaults={"role": opts["role"]})
        user.is_staff = user.is_superuser = opts["role"] == "admin"
        user.save(update_fields=["is_staff", "is_superuser"])
        self.stdout.write(f"{user.username} is now {opts['role']}")

    @transaction.atomic
    def do_disable(self, opts):
        user = self._user(opts["email"])
        self._refuse_last_admin(user, "disable them")
        revoked, ended = shut_out(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        self.stdout.write(
            f"{user.username} disabled; {revoked} API tokens revoked, {ended} browser sessions "
            "ended"
        )

    @transaction.atomic
    def do_enable(self, opts):
        user = self._user(opts["email"])
        user.is_active = True
        user.save(update_fields=["is_active"])
        self.stdout.write(
            f"{user.username} enabled; API tokens revoked and sessions ended on disabling stay so"
        )

    @transaction.atomic
    def do_reset(self, opts):
        user = self._user(opts["email"])
        if not user.is_active:
            # The link would set a password for an account that cannot sign in.
            raise CommandError(
                f"{user.username} is disabled: `thitsa user enable {user.username}` first"
            )
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        # A lost or seized phone may hold a token as well as the authenticator: it goes too.
        # (A new password ends the browser sessions: Django checks the password's hash.)
        revoked, _ = user.api_tokens.all().delete()
        user.set_unusable_password()
        user.save(update_fields=["password"])
        self.stdout.write(f"one-time link (works once): {welcome_link(user)}")
        self.stdout.write(_site_hint())
        self.stdout.write(
            f"{user.username}: second factor removed, {revoked} API tokens revoked; "
            "they pair a new one"
        )

    def _refuse_last_admin(self, user, doing: str) -> None:
        # Without an admin, no one can manage accounts from the site again.
        if user.is_active and is_admin(user) and not other_active_admins(user):
            raise CommandError(
                f"{user.username} is the last active admin: add another admin before you "
                f"{doing} (`thitsa user add EMAIL --role admin`)"
            )
