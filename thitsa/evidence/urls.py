from django.urls import path, re_path

from thitsa.evidence import views

SHA = r"(?P<sha>[0-9a-f]{64})"

urlpatterns = [
    path("", views.evidence_list, name="evidence-list"),
    path("add/", views.add, name="evidence-add"),
    re_path(rf"^{SHA}/$", views.detail, name="evidence-detail"),
    re_path(rf"^{SHA}/original$", views.download_original, name="evidence-original"),
    # Public copies by their own hash: the original's never leaves the restricted zone.
    re_path(rf"^public/{SHA}$", views.download_public, name="evidence-public"),
    re_path(rf"^{SHA}/publish/$", views.publish, name="evidence-publish"),
]
