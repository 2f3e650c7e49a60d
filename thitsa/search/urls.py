from django.urls import path

from thitsa.search import views

urlpatterns = [path("search/", views.search_page, name="search")]
