from django.apps import AppConfig
from django.db.models.signals import post_delete


class SearchConfig(AppConfig):
    name = "thitsa.search"

    def ready(self) -> None:
        from thitsa.incidents.models import Incident
        from thitsa.reports.models import SourceReport
        from thitsa.search.index import forget_incident, forget_report

        # Deletes go through the ORM (the admin, a verifier's tools), which signals each row.
        post_delete.connect(forget_report, sender=SourceReport, dispatch_uid="search-report")
        post_delete.connect(forget_incident, sender=Incident, dispatch_uid="search-incident")
