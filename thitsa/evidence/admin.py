from django.contrib import admin

from thitsa.accounts.audit import log_access
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # An item's metadata (its GPS, the camera's owner) read in the admin: logged, as a
        # download from the vault's page is.
        if request.method == "GET" and str(object_id).isdecimal():
            log_access(request.user, "view", "evidence", object_id, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        return False  # files come in through the upload page or `thitsa evidence add`

    def has_delete_permission(self, request, obj=None):
        return False
