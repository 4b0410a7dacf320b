from django.urls import path

from .views import follow_page

urlpatterns = [
    path("fiches/<int:page_id>/suivre/", follow_page, name="follow_page"),
]
