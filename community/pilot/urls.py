from django.urls import path

from . import views

app_name = "pilot"

urlpatterns = [
    path("avis/", views.FeedbackView.as_view(), name="feedback"),
    path("avis/mes-avis/", views.MyFeedbackView.as_view(), name="my_feedback"),
    path("forum/propositions/", views.ProposalListView.as_view(), name="proposals"),
    path(
        "forum/propositions/nouvelle/", views.ProposalCreateView.as_view(), name="proposal_create"
    ),
    path(
        "forum/propositions/<int:pk>/soutenir/",
        views.SupportView.as_view(action="support"),
        name="proposal_support",
    ),
    path(
        "forum/propositions/<int:pk>/retirer/",
        views.SupportView.as_view(action="withdraw"),
        name="proposal_withdraw",
    ),
    path(
        "forum/propositions/<int:pk>/decision/",
        views.DecisionView.as_view(),
        name="proposal_decision",
    ),
]
