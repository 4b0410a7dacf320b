from django.urls import path

from cms import converters  # noqa: F401  (registers the "id" converter)

from . import views

app_name = "videos"

urlpatterns = [
    path("embed/videos/<id:pk>/", views.embed, name="embed"),
    path("oembed/", views.oembed, name="oembed"),
    path("partenaires/integrer-nos-videos/", views.partner_guide, name="partner_guide"),
]
