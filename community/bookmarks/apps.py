from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BookmarksConfig(AppConfig):
    name = "community.bookmarks"
    label = "bookmarks"
    verbose_name = _("Bookmarks")

    def ready(self):
        # The app's models and what uses them load only once the app registry is ready.
        from .models import Bookmark
        from .services import bookmarks_changed

        post_save.connect(bookmarks_changed, sender=Bookmark, dispatch_uid="bookmark_saved")
        post_delete.connect(bookmarks_changed, sender=Bookmark, dispatch_uid="bookmark_deleted")
