from django.contrib import admin

from thitsa.accounts.models import AccessLog, Account, ApiToken


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ("user", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "user__email")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id", "via")
    list_filter = ("action", "object_type", "via")
    search_fields = ("username", "object_id")
    date_hierarchy = "at"

    # The log is append-only: nobody edits or deletes it, not even an admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at")
    readonly_fields = ("digest", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False
