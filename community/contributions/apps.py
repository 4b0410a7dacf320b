from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "community.contributions"
    label = "contributions"
    verbose_name = _("Members' contributions")

    def ready(self):
        # These modules read models of every app: imported once the app registry is ready.
        from cms.performance import invalidation, membercache

        from . import receivers  # noqa: F401  (signal receivers)
        from .links import citation_keys, cited_pages_keys
        from .permissions import member_audience

        invalidation.register_keys("contributions.pagecitation", citation_keys)
        invalidation.register_topic_keys(cited_pages_keys)
        membercache.register_audience_part("contributions", member_audience)
