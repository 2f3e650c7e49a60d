from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thitsa.accounts.roles import ROLES

TOKEN_PREFIX = "thitsa_"


class Account(models.Model):
    """A person's role in Thitsa (the login itself is Django's user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account",
    )
    role = models.CharField(_("role"), max_length=12, choices=ROLES)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return f"{self.user.username} ({self.role})"


class AppendOnly(models.Model):
    """Rows that are written once: no update, no delete (the ORM refuses both)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} rows are append-only")


class AccessLog(AppendOnly):
    """One read of restricted data: who, what, when; never the data."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the log outlives a deleted account.
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(
        _("action"), max_length=20, help_text=_("e.g. view, download, export")
    )
    object_type = models.CharField(
        _("record type"), max_length=40, help_text=_("e.g. witness, incident, evidence")
    )
    object_id = models.CharField(_("record id"), max_length=80)
    via = models.CharField(
        _("read via"), max_length=20, blank=True, help_text=_("page, api or cli")
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        when = f"{self.at:%Y-%m-%d %H:%M}"
        return f"{when} {self.username} {self.action} {self.object_type} {self.object_id}"


class ApiToken(models.Model):
    """A key for the API. Only its SHA-256 is stored: the key is shown once, when made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. laptop script"))
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True)
    # The first characters, so a user can tell their tokens apart without the secret.
    prefix = models.CharField(_("start of the token"), max_length=16)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str, expires_at=None) -> tuple[ApiToken, str]:
        """A new token for `user`; returns it and the key, which is never stored."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, digest=cls.digest_of(key), prefix=key[:12],
            expires_at=expires_at,
        )  # fmt: skip
        return token, key

    @classmethod
    def user_for(cls, key: str):
        """The active user a key belongs to, or None (unknown, expired, or user disabled)."""
        if not key.startswith(TOKEN_PREFIX):
            return None
        token = (
            cls.objects.select_related("user", "user__account")
            .filter(digest=cls.digest_of(key))
            .first()
        )
        now = timezone.now()
        if token is None or not token.user.is_active:
            return None
        if token.expires_at is not None and token.expires_at <= now:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=now)
        user = token.user
        # A token stands for both factors: it was made by a user who had passed them.
        user.is_verified = lambda: True
        return user


def shut_out(user) -> tuple[int, int]:
    """End a person's browser sessions and revoke their API tokens; (tokens, sessions). A
    disabled account whose sessions lived on was signed in again on a seized laptop the moment
    it was enabled (Django only hides an inactive user's session, it does not end it)."""
    from django.contrib.sessions.models import Session

    tokens, _ = user.api_tokens.all().delete()
    theirs = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=theirs).delete()
    return tokens, len(theirs)
