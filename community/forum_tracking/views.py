"""machina's read-tracking views (machina loads this module before its own)."""

from django.shortcuts import get_object_or_404
from machina.apps.forum_tracking.views import MarkTopicsReadView as MachinaMarkTopicsReadView
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")


class MarkTopicsReadView(MachinaMarkTopicsReadView):
    def get_controlled_object(self):
        """The rubric whose permission is checked: a 404 when there is none (machina's raised
        DoesNotExist, a 500)."""
        return get_object_or_404(Forum, pk=self.kwargs["pk"])
