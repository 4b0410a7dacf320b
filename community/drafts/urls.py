from django.urls import path

from . import views

app_name = "drafts"

urlpatterns = [
    path("", views.DraftListView.as_view(), name="list"),
    path("enregistrer/", views.SaveDraftView.as_view(), name="save"),
    path("<int:pk>/supprimer/", views.DeleteDraftView.as_view(), name="delete"),
]
