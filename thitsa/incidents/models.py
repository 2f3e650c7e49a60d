from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thitsa.incidents.taxonomy import GRADES
from thitsa.reports.models import DATE_PRECISIONS

GEO_PRECISIONS = [("exact", _("exact")), ("township", _("township")), ("state", _("state"))]
VISIBILITY = [("public", _("public")), ("restricted", _("restricted"))]
CASUALTY_FIELDS = ("killed", "injured", "killed_children", "injured_children")


class Incident(models.Model):
    """One event, built from the reports that describe it."""

    public_id = models.CharField(
        _("public id"), max_length=20, unique=True, help_text=_("e.g. MMR-2025-000123")
    )
    date = models.DateField(_("date"), db_index=True)
    date_precision = models.CharField(max_length=5, choices=DATE_PRECISIONS, default="day")
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    # Copied from the place so counts by township/state need no join over a million rows.
    township = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place_path = models.CharField(max_length=120, blank=True, db_index=True)
    geo_precision = models.CharField(max_length=10, choices=GEO_PRECISIONS, default="township")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    event_type = models.CharField(_("event type"), max_length=60, blank=True, db_index=True)
    sub_event_type = models.CharField(_("sub-event type"), max_length=60, blank=True)
    attack_means = models.CharField(_("attack means"), max_length=40, blank=True)
    # ";school;market;": a filter on one code is an indexable LIKE on both databases.
    targets = models.CharField(_("targets"), max_length=300, blank=True, default="")
    weapons = models.CharField(_("weapons"), max_length=300, blank=True, default="")
    perpetrator = models.CharField(_("perpetrator"), max_length=200, blank=True, db_index=True)

    killed_min = models.PositiveIntegerField(default=0)
    killed_max = models.PositiveIntegerField(default=0)
    injured_min = models.PositiveIntegerField(default=0)
    injured_max = models.PositiveIntegerField(default=0)
    killed_children_min = models.PositiveIntegerField(default=0)
    killed_children_max = models.PositiveIntegerField(default=0)
    injured_children_min = models.PositiveIntegerField(default=0)
    injured_children_max = models.PositiveIntegerField(default=0)

    grade = models.CharField(_("grade"), max_length=12, choices=GRADES, default="weak")
    source_count = models.PositiveIntegerField(default=0)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_my = models.TextField(_("summary (Burmese)"), blank=True)
    visibility = models.CharField(max_length=10, choices=VISIBILITY, default="public")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "public_id"]
        verbose_name = _("incident")
        indexes = [
            models.Index(fields=["township", "date"]),
            models.Index(fields=["state", "date"]),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def target_list(self) -> list[str]:
        return [t for t in self.targets.split(";") if t]

    @property
    def weapon_list(self) -> list[str]:
        return [w for w in self.weapons.split(";") if w]

    def reconcile(self) -> None:
        """Recompute casualty ranges, place, type and grade from the linked reports."""
        from thitsa.incidents.reconcile import reconcile_incidents

        reconcile_incidents([self.pk])
        self.refresh_from_db()
