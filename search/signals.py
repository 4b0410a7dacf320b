"""Keep forum posts in the index as they change (Wagtail does the same for pages).

modelsearch indexes a post when it is saved and forgets it when it is deleted, but only posts of
``Post.get_indexed_objects()`` (approved, not hidden) are written: a post that a moderator hides, or
that waits for approval, is removed here. Readers never rely on this alone: every search is also
filtered through ``visible_to`` at query time.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from machina.core.db.models import get_model
from wagtail.search import index

from cms.performance.invalidation import bump

Post = get_model("forum_conversation", "Post")


@receiver(post_save, sender=Post, dispatch_uid="site_search_forget_unreadable_post")
def forget_unreadable_post(sender, instance, raw=False, **kwargs):
    if not raw and (instance.is_hidden or not instance.approved):
        index.remove_object(instance)


@receiver(post_save, sender="site_search.SearchSynonym", dispatch_uid="site_search_synonyms_saved")
@receiver(post_delete, sender="site_search.SearchSynonym", dispatch_uid="site_search_synonyms_gone")
def forget_synonyms(sender, raw=False, **kwargs):
    """A synonym changed: every search reads the list again (and cached pages are rebuilt)."""
    if not raw:
        bump()
