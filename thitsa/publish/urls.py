from django.urls import path

from thitsa.publish import views

urlpatterns = [
    path("", views.home, name="home"),
]
