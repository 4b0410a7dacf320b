"""Questions and answers taken from the forum: a validated answer, reviewed and kept as a fiche.

A ``QuestionAnswerPage`` is its own page type (not an offer): it holds a question and its answer
as members wrote them, credits the member who asked and the one who answered, and links back to
the discussion it came from. It has no kind, funder or verification date, and it is listed under
its own index, /questions-frequentes/.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.listing import FilteredIndexPage, PortalPage
from cms.taxonomies.mixins import ThemesMixin, checkboxes

ANSWER_FEATURES = ["h3", "h4", "bold", "italic", "link", "ol", "ul", "blockquote", "code"]


class QuestionIndexPage(FilteredIndexPage):
    """The questions members asked and the answers the community validated."""

    forum_shown = None

    initial_title = "Questions fréquentes"
    initial_slug = "questions-frequentes"
    initial_introduction = (
        "Les questions posées sur le forum et les réponses validées par la communauté, "
        "relues par l’équipe éditoriale."
    )

    filterset_class = "cms.questions.filters.QuestionFilter"
    per_page = 20
    subpage_types = ["questions.QuestionAnswerPage"]

    class Meta:
        verbose_name = _("frequently asked questions")
        verbose_name_plural = _("frequently asked questions")

    def listing_items(self):
        return (
            QuestionAnswerPage.objects.visible()
            .child_of(self)
            .order_by("-first_published_at", "-pk")
            .prefetch_related("themes")
        )


class QuestionAnswerPage(ThemesMixin, PortalPage):
    """A question from the forum and its validated answer, credited to both members."""

    forum_shown = "citations"
    introduction = None
    introduction_field = "summary"

    summary = models.TextField(
        _("summary"), max_length=400, blank=True, help_text=_("One or two sentences for listings.")
    )
    question = RichTextField(_("question"), features=ANSWER_FEATURES)
    answer = RichTextField(_("answer"), features=ANSWER_FEATURES)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        verbose_name=_("forum discussion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The discussion this answer comes from."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("question"),
        FieldPanel("answer"),
        MultiFieldPanel(
            [FieldPanel("asked_by", read_only=True), FieldPanel("answered_by", read_only=True)],
            heading=_("Credits"),
        ),
        checkboxes("themes"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("question"),
        index.SearchField("answer"),
    ]

    parent_page_types = ["questions.QuestionIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
