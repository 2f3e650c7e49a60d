from django.contrib import admin

from thitsa.incidents.models import Incident
from thitsa.reports.models import SourceReport


class ReportInline(admin.TabularInline):
    model = SourceReport
    fields = (
        "source",
        "title",
        "event_date",
        "killed_min",
        "killed_max",
        "link_score",
        "linked_by",
    )
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Reports are linked by matching (or from the report's own page), not created here.
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    list_display = (
        "public_id",
        "date",
        "place",
        "event_type",
        "killed_min",
        "killed_max",
        "grade",
        "source_count",
        "visibility",
    )
    list_filter = ("visibility", "grade", "event_type", "date_precision", "geo_precision")
    search_fields = ("public_id", "summary_en", "summary_my", "perpetrator", "place__name_en")
    list_select_related = ("place",)
    raw_id_fields = ("place", "township", "state")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "date"
    inlines = [ReportInline]
    show_full_result_count = False
