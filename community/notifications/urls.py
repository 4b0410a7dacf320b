from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/", views.NotificationOpenView.as_view(), name="open"),
    path("tout-lu/", views.MarkAllReadView.as_view(), name="mark_all_read"),
    path("abonnements/", views.FollowListView.as_view(), name="follows"),
    path("suivre/", views.FollowView.as_view(), name="follow"),
    path("preferences/", views.PreferencesView.as_view(), name="preferences"),
    path("resume/", views.DigestPreviewView.as_view(), name="digest_preview"),
    path("desabonnement/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
