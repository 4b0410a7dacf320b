"""« Ces questions ont peut-être déjà une réponse »: the new-topic form's suggestions.

- ``SimilarQuestionsMixin`` (on ``TopicCreateView``): the list under the subject field, computed
  on the server whenever the form comes back (its "Vérifier" button, which sends the form without
  checking it and loses nothing typed; the preview; a form with errors);
- ``SimilarQuestionsView``: the same list as an HTML fragment, for the form's script as the
  subject is typed (static/js/similar-questions.js); members who may start a topic in the rubric
  only, rate-limited;
- ``OpenSuggestionView``: the link of a suggested discussion; records that it was opened (a
  question perhaps avoided, community/steering/suggestions.py) and leads to it.

The matching is search/similar.py's, which reads the forum through the visibility surface.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import View
from django_ratelimit.core import get_usage
from machina.core.db.models import get_model

from cms.performance.membercache import mark_uncacheable
from community.ratelimits import KEYS
from community.steering.suggestions import record_opening
from search.similar import Suggestions, suggestions

from .selectors import visible_topics

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")

# The name of the form's "Vérifier" button.
CHECK = "verifier"
TEMPLATE = "forum_conversation/partials/similar_questions.html"


def may_start_topic(request, forum):
    handler = request.forum_permission_handler
    return request.user.is_authenticated and handler.can_add_topic(forum, request.user)


def rate_limited(request):
    """Whether the member asked for suggestions too often (counts this request)."""
    usage = get_usage(
        request,
        group="comcep:similar_questions",
        key=KEYS["similar_questions"],
        rate=settings.COMCEP_RATE_LIMITS["similar_questions"],
        increment=True,
    )
    return bool(usage and usage["should_limit"])


class SimilarQuestionsMixin:
    """The suggestions in the new-topic form, and its "Vérifier" button."""

    def post(self, request, *args, **kwargs):
        if CHECK in request.POST:
            return self.show_similar_questions()
        return super().post(request, *args, **kwargs)

    def show_similar_questions(self):
        """The form as it was sent, not checked (no error shown for what is not typed yet), with
        the suggestions for its subject."""
        self.object = None
        self.preview = False
        self.init_attachment_cache()
        post_form = self.get_post_form(self.get_post_form_class())
        attachment_formset = self.get_attachment_formset(self.get_attachment_formset_class())
        poll_option_formset = self.get_poll_option_formset(self.get_poll_option_formset_class())
        post_form._errors = ErrorDict()  # shown as typed, without being checked
        return self.render_to_response(
            self.get_context_data(
                post_form=post_form,
                attachment_formset=attachment_formset,
                poll_option_formset=poll_option_formset,
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forum = self.get_forum()
        context["similar_questions_url"] = reverse(
            "community:similar_questions", kwargs={"forum_pk": forum.pk}
        )
        subject = ""
        if self.request.method == "POST":
            subject = context["post_form"]["subject"].value() or ""
        context["similar"] = suggestions(self.request, subject) if subject else Suggestions("")
        mark_uncacheable(self.request)
        return context


@method_decorator(never_cache, name="dispatch")
class SimilarQuestionsView(View):
    """GET ?sujet=…: the suggestions for that subject, as the fragment the form shows."""

    def get(self, request, forum_pk):
        forum = get_object_or_404(Forum, pk=forum_pk)
        if not may_start_topic(request, forum):
            raise PermissionDenied
        if rate_limited(request):
            return HttpResponse(status=429)
        similar = suggestions(request, request.GET.get("sujet", ""))
        html = render_to_string(TEMPLATE, {"similar": similar}, request=request)
        return HttpResponse(html)


@method_decorator(never_cache, name="dispatch")
class OpenSuggestionView(View):
    """The link of a suggested discussion: recorded as opened, then the discussion itself."""

    def get(self, request, topic_pk):
        if not request.user.is_authenticated:
            raise PermissionDenied
        topics = visible_topics(request, Topic.objects.filter(approved=True))
        topic = topics.select_related("forum").filter(pk=topic_pk).first()
        if topic is None:
            raise Http404
        record_opening(request.user, topic)
        return redirect(topic.get_absolute_url())
