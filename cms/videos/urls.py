from django.urls import path

from . import views

app_name = "videos"

urlpatterns = [
    path("embed/videos/<int:pk>/", views.embed, name="embed"),
    path("oembed/", views.oembed, name="oembed"),
    path("partenaires/integrer-nos-videos/", views.partner_guide, name="partner_guide"),
]
