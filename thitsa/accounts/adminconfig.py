from django.contrib.admin.apps import AdminConfig


class ThitsaAdminConfig(AdminConfig):
    """Django's admin on a site that asks for both factors and the admin role."""

    default_site = "thitsa.accounts.admin_site.AdminSite"
