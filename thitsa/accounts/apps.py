from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "thitsa.accounts"
    verbose_name = _("accounts")

    def ready(self) -> None:
        # Wherever an account is disabled (`thitsa user disable`, or the admin's "active" box),
        # its sessions and tokens end with it.
        post_save.connect(_shut_out_if_disabled, sender=settings.AUTH_USER_MODEL)


def _shut_out_if_disabled(sender, instance, **kwargs) -> None:
    if not instance.is_active:
        from thitsa.accounts.models import shut_out

        shut_out(instance)
