from django.contrib import admin

from thitsa.evidence.models import CustodyEntry, Evidence


class CustodyInline(admin.TabularInline):
    model = CustodyEntry
    fields = ["seq", "at", "actor", "action", "detail", "previous_hash", "entry_hash"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["sha256", "media_type", "size", "visibility", "added_by", "added_at"]
    list_filter = ["visibility", "media_type"]
    search_fields = ["sha256", "public_sha256", "original_name"]
    # The file and its hashes are facts: only the links are edited here (publish from the page).
    readonly_fields = [
        "sha256", "size", "media_type", "original_name", "metadata", "captured_at", "lat", "lon",
        "public_sha256", "public_media_type", "phash", "visibility", "added_by", "added_at",
        "custody_head", "near_duplicates",
    ]  # fmt: skip
    raw_id_fields = ["reports", "incidents"]
    inlines = [CustodyInline]

    def has_add_permission(self, request):
        return False  # files come in through the upload page or `thitsa evidence add`

    def has_delete_permission(self, request, obj=None):
        return False
