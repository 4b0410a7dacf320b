from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("proposer/", views.ProposeView.as_view(), name="propose"),
    path("mes-propositions/", views.MyProposalsView.as_view(), name="my_proposals"),
    path(
        "signaler-une-erreur/<int:page_pk>/",
        views.ReportErrorView.as_view(),
        name="report_error",
    ),
    path(
        "transformer-en-fiche/<int:topic_pk>/",
        views.MakeFicheView.as_view(),
        name="make_fiche",
    ),
]
