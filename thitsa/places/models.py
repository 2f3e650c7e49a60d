from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Ordered from the top of the hierarchy down; a place's parent is always at an earlier level.
LEVELS = [
    ("country", _("country")),
    ("state", _("state/region")),
    ("district", _("district")),
    ("township", _("township")),
    ("town", _("town")),
    ("tract", _("village tract")),
    ("ward", _("ward")),
    ("village", _("village")),
]
LEVEL_RANK = {code: rank for rank, (code, _label) in enumerate(LEVELS)}


class Place(models.Model):
    """A place in the MIMU hierarchy, keyed by its P-code."""

    pcode = models.CharField(
        _("P-code"), max_length=20, primary_key=True, help_text=_("MIMU P-code, e.g. MMR005010")
    )
    level = models.CharField(_("level"), max_length=10, choices=LEVELS, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Ancestors' P-codes joined by "/", ending with this place's own: "everything inside X" is a
    # prefix match, which both SQLite and PostgreSQL answer from an index.
    path = models.CharField(_("P-code path"), max_length=120, db_index=True)
    township = models.ForeignKey(
        "self",
        verbose_name=_("township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The township the place lies in (itself for a township)."),
    )
    state = models.ForeignKey(
        "self",
        verbose_name=_("state/region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name_en = models.CharField(_("English name"), max_length=200)
    name_my = models.CharField(_("Burmese name"), max_length=200, blank=True)
    alt_names = models.JSONField(
        _("alternative names"),
        default=list,
        blank=True,
        help_text=_('Other spellings and former names, e.g. ["Depayin", "Dipeyin"]'),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["pcode"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.get_level_display()}, {self.pcode})"

    @property
    def label(self) -> str:
        """English and Burmese name together, as pages show them."""
        return f"{self.name_en} · {self.name_my}" if self.name_my else self.name_en
