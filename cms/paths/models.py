"""Development paths ("Parcours"): editors compose a path from existing pieces — UODC videos,
fiches, toolbox tools, questions and answers, forum discussions — in steps with a short text each;
a member starts a path, marks its steps done and finds their progress in "Mes parcours"."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, PageChooserPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.listing import IndexPage, PortalPage

# The page types a step may point to (the admin's chooser offers these only).
STEP_PAGE_TYPES = [
    "videos.VideoPage",
    "offers.OfferPage",
    "toolbox.ToolPage",
    "questions.QuestionAnswerPage",
]


class PathIndexPage(IndexPage):
    """The paths at /parcours/: each with its number of steps."""

    initial_title = "Parcours"
    initial_slug = "parcours"
    initial_introduction = (
        "Des parcours pour développer les compétences du conseil en évolution professionnelle : "
        "la posture d’écoute, rester neutre quand la personne attend une réponse immédiate, les "
        "publics fragiles, les outils. Chaque étape s’appuie sur une vidéo, une fiche, un outil ou "
        "une discussion du forum ; suivez votre progression dans « Mes parcours »."
    )
    subpage_types = ["paths.PathPage"]
    forum_shown = None

    class Meta:
        verbose_name = _("path index")
        verbose_name_plural = _("path indexes")

    def paths(self):
        return list(
            PathPage.objects.child_of(self)
            .visible()
            .annotate(step_count=models.Count("steps"))
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["paths"] = self.paths()
        return context


class PathPage(PortalPage):
    """One path: an introduction (required: what the path teaches) and its ordered steps."""

    introduction = models.TextField(_("introduction"), help_text=_("What the path teaches."))
    duration = models.CharField(
        _("estimated duration"), max_length=60, blank=True, help_text=_("E.g. “2 hours”.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("duration"),
        InlinePanel("steps", heading=_("Steps"), label=_("Step"), min_num=1),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["paths.PathIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("path")
        verbose_name_plural = _("paths")


class PathStep(Orderable):
    """A step of a path: a short text and one piece to read, watch or use."""

    path = ParentalKey(PathPage, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(
        _("text"), max_length=800, help_text=_("What to look for in this step, in a few lines.")
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("video, fiche, tool or question"),
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
        help_text=_("The number at the end of the topic’s address."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        PageChooserPanel("page", page_type=STEP_PAGE_TYPES),
        FieldPanel("topic", widget=forms.NumberInput),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if bool(self.page_id) == bool(self.topic_id):
            raise ValidationError(
                _("Choose either a page (video, fiche, tool, question) or a forum discussion.")
            )


class PathEnrolment(models.Model):
    """A member started a path."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_enrolments"
    )
    path = models.ForeignKey(PathPage, on_delete=models.CASCADE, related_name="enrolments")
    started_at = models.DateTimeField(_("started on"), auto_now_add=True)

    class Meta:
        verbose_name = _("path followed")
        verbose_name_plural = _("paths followed")
        constraints = [
            models.UniqueConstraint(fields=["member", "path"], name="paths_one_enrolment")
        ]

    def __str__(self):
        return f"{self.member} — {self.path}"


class StepCompletion(models.Model):
    """A member marked a step done."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="path_steps_done"
    )
    step = models.ForeignKey(PathStep, on_delete=models.CASCADE, related_name="completions")
    done_at = models.DateTimeField(_("done on"), auto_now_add=True)

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [
            models.UniqueConstraint(fields=["member", "step"], name="paths_step_done_once")
        ]

    def __str__(self):
        return f"{self.member} — {self.step}"
