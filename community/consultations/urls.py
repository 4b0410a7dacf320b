from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("vous-avez-dit/", views.YouSaidView.as_view(), name="you_said"),
]
