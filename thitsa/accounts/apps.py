from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thitsa.accounts"
    verbose_name = _("accounts")

    def ready(self) -> None:
        # Wherever an account is disabled (`thitsa user disable`, or the admin's "active" box),
        # its sessions and tokens end with it.
        post_save.connect(_shut_out_if_disabled, sender=settings.AUTH_USER_MODEL)
        # A new password (in the admin, or by the person) ends the API tokens too: Django ends
        # the other browser sessions, and a token from a seized laptop still read restricted
        # incidents after the password was changed for that very reason.
        pre_save.connect(_note_new_password, sender=settings.AUTH_USER_MODEL)
        post_save.connect(_revoke_tokens_on_new_password, sender=settings.AUTH_USER_MODEL)


def _shut_out_if_disabled(sender, instance, **kwargs) -> None:
    if not instance.is_active:
        from thitsa.accounts.models import shut_out

        shut_out(instance)


def _note_new_password(sender, instance, **kwargs) -> None:
    if instance.pk:
        before = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
        instance._new_password = before is not None and before != instance.password


def _revoke_tokens_on_new_password(sender, instance, created, update_fields=None, **kwargs):
    # Not a hash made anew at sign-in (Django saves only the password then, after an upgrade
    # of its hasher): the same password, and every token would end at the next sign-in.
    rehashed = update_fields is not None and set(update_fields) == {"password"}
    if not created and not rehashed and getattr(instance, "_new_password", False):
        instance.api_tokens.all().delete()
        instance._new_password = False
