from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "thitsa.places"
