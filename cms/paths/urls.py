from django.urls import path

from . import views

app_name = "paths"

urlpatterns = [
    path("", views.MyPathsView.as_view(), name="mine"),
    path("<int:pk>/commencer/", views.StartView.as_view(), name="start"),
    path("etapes/<int:pk>/", views.StepView.as_view(), name="step"),
]
