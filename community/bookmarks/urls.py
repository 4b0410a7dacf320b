from django.urls import path

from . import views

app_name = "bookmarks"

urlpatterns = [
    path("", views.BookmarkListView.as_view(), name="list"),
    path("sauvegarder/", views.ToggleView.as_view(), name="toggle"),
    path("<int:pk>/note/", views.NoteView.as_view(), name="note"),
    path("<int:pk>/supprimer/", views.DeleteView.as_view(), name="delete"),
]
