from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "thitsa.incidents"
