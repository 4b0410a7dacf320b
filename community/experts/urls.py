from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("annuaire/", views.DirectoryView.as_view(), name="directory"),
    path("comptes/profil/entraide/", views.ExpertiseView.as_view(), name="expertise"),
    path(
        "forum/questions-qui-m-attendent/",
        views.WaitingQuestionsView.as_view(),
        name="waiting_questions",
    ),
    path(
        "forum/sujets/<int:topic_pk>/solliciter/",
        views.RequestHelpView.as_view(),
        name="request_help",
    ),
    path("forum/sujets/<int:topic_pk>/confier/", views.AssignView.as_view(), name="assign"),
    path("forum/moderation/referents/", views.ReferentsView.as_view(), name="referents"),
    path(
        "forum/moderation/referents/<int:pk>/retirer/",
        views.RemoveReferentView.as_view(),
        name="remove_referent",
    ),
]
