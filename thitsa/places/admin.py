from django.contrib import admin

from thitsa.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("pcode", "name_en", "name_my", "level", "township", "state")
    list_filter = ("level",)
    search_fields = ("pcode", "name_en", "name_my")
    list_select_related = ("township", "state")
    # ~91k places: select boxes over them would render every row.
    raw_id_fields = ("parent", "township", "state")
    show_full_result_count = False
    ordering = ("pcode",)
