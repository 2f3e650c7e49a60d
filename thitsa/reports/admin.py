from django.contrib import admin
from django.db import models

from thitsa.reports.models import Source, SourceReport

# Witness is deliberately not registered and not inline: restricted fields stay out of the
# admin until access to them is gated by role and logged.


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "reliability")
    list_filter = ("kind", "reliability")
    search_fields = ("name",)


@admin.register(SourceReport)
class SourceReportAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "source",
        "event_date",
        "place",
        "killed_min",
        "incident",
        "linked_by",
    )
    list_filter = ("import_format", "source__kind", "language")
    search_fields = ("title", "url", "external_id", "place_text", "source__name")
    list_select_related = ("source", "place", "incident")
    raw_id_fields = ("place", "incident")
    readonly_fields = ("import_key", "imported_at")
    date_hierarchy = "event_date"
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
