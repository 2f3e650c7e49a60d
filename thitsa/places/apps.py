from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "thitsa.places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from thitsa.places.models import Place

        # One place saved or deleted (the admin, a script): the saved resolver index is
        # stale. Loads of many places (bulk, no signals) reset it themselves.
        post_save.connect(_forget_saved_index, sender=Place, dispatch_uid="places-index")
        post_delete.connect(_forget_saved_index, sender=Place, dispatch_uid="places-index")


def _forget_saved_index(**_kwargs) -> None:
    from thitsa.places.index_cache import forget

    forget()
