from django.urls import path

from thitsa.accounts import views

urlpatterns = [
    path("login/", views.SignIn.as_view(), name="login"),
    path("login/code/", views.code, name="code"),
    path("enrol/", views.enrol, name="enrol"),
    path("recovery/", views.recovery, name="recovery"),
    path("logout/", views.sign_out, name="logout"),
    path("welcome/<uidb64>/<token>/", views.Welcome.as_view(), name="welcome"),
    path("tokens/", views.tokens, name="tokens"),
]
