"""Consultations of the members, and what was done with what they said.

``ConsultationPage``: a questionnaire built in the Wagtail admin with Wagtail's form builder
(``ConsultationQuestion``: short or long text, single or multiple choice, a 1–5 scale), open to an
audience between two dates, answered once per member. Each member's answer is marked by a
``Participation`` row holding a keyed hash of (consultation, member) under a unique constraint,
never linked to the answer: an anonymous consultation's ``ConsultationSubmission`` carries no
member at all; a named one carries its member (unique too).

``YouSaidEntry``: "Vous avez dit, nous avons fait" — a change made to the portal and what
prompted it (a consultation question, a beta feedback item, an accepted proposal).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.fields import RichTextField
from wagtail.models import PageManager, PageViewRestriction

from cms.listing import PortalPage, PortalPageQuerySet
from cms.performance.invalidation import cache

from . import audience as audiences

SCALE = "scale"
QUESTION_TYPES = [
    ("singleline", _("Short text")),
    ("multiline", _("Long text")),
    ("radio", _("Single choice")),
    ("checkboxes", _("Multiple choice")),
    (SCALE, _("Scale from 1 to 5")),
]
CHOICE_TYPES = ("radio", "checkboxes")
TEXT_TYPES = ("singleline", "multiline")
SCALE_VALUES = [1, 2, 3, 4, 5]


class ConsultationFormBuilder(FormBuilder):
    def create_scale_field(self, field, options):
        options["choices"] = [(value, str(value)) for value in SCALE_VALUES]
        return forms.TypedChoiceField(widget=forms.RadioSelect, coerce=int, **options)


class ConsultationIndexPage(PortalPage):
    """/consultations/: the consultations open to the member, behind sign-in."""

    # It lists what each member has answered.
    member_cached = False

    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("consultations index")
        verbose_name_plural = _("consultations indexes")

    def serve(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)

    @classmethod
    def ensure_under(cls, home):
        """/consultations/ under ``home``, visible to signed-in members only (kept out of the
        search, the sitemap, the API); return it."""
        index = cls.objects.child_of(home).first()
        if index is None:
            index = home.add_child(
                instance=cls(title=str(_("Consultations")), slug="consultations")
            )
        PageViewRestriction.objects.get_or_create(
            page=index, restriction_type=PageViewRestriction.LOGIN
        )
        return index

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["consultations"] = ConsultationPage.objects.open_for(request.user)
        return context


class ConsultationQuerySet(PortalPageQuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)

    def for_member(self, user):
        return self.live().filter(audience__in=audiences.audiences_of(user))

    def open_for(self, user):
        """The live consultations open now to ``user``, each with ``answered`` (two queries)."""
        consultations = list(self.for_member(user).open_now().order_by("closes_at", "pk"))
        keys = {participation_key(page.pk, user.pk): page for page in consultations}
        answered = set(
            Participation.objects.filter(member_key__in=keys).values_list("member_key", flat=True)
        )
        for key, page in keys.items():
            page.answered = key in answered
        return consultations


ConsultationManager = PageManager.from_queryset(ConsultationQuerySet)


def participation_key(page_id, user_id):
    """A keyed hash of (consultation, member): says "has answered", links to no answer."""
    return salted_hmac("comcep.consultations.participation", f"{page_id}:{user_id}").hexdigest()


def answered_cache_key(user):
    """Where the home page keeps which open consultations ``user`` answered."""
    return f"comcep:consultations:answered:{user.pk}"


class AlreadyAnswered(Exception):
    pass


class ConsultationPage(AbstractForm, PortalPage):
    # The form, and whether the member answered, are each member's own.
    member_cached = False
    introduction = None
    introduction_field = "intro"

    intro = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "ul", "link"]
    )
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, features=["bold", "italic", "ul", "link"]
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=audiences.CHOICES, default=audiences.PILOT
    )
    opens_at = models.DateTimeField(_("opens on"))
    closes_at = models.DateTimeField(_("closes on"))
    anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_(
            "Anonymous: the answers are stored without the member. Named: each answer shows "
            "its member in the results."
        ),
    )
    opening_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConsultationManager()
    form_builder = ConsultationFormBuilder

    content_panels = [
        *AbstractForm.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("anonymous"),
            ],
            heading=_("Who answers, and when"),
        ),
        InlinePanel("form_fields", label=_("Questions"), min_num=1),
        FieldPanel("thank_you_text"),
    ]
    search_fields = []
    parent_page_types = ["consultations.ConsultationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing date must follow the opening.")})

    def with_content_json(self, content):
        """A revision published later never says the opening was not announced yet."""
        page = super().with_content_json(content)
        if self.pk:
            page.opening_notified_at = (
                ConsultationPage.objects.filter(pk=self.pk)
                .values_list("opening_notified_at", flat=True)
                .first()
            )
        return page

    def get_submission_class(self):
        return ConsultationSubmission

    def is_for(self, user):
        return self.audience in audiences.audiences_of(user)

    @property
    def is_open(self):
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def is_closed(self):
        return timezone.now() >= self.closes_at

    def has_answered(self, user):
        return Participation.objects.filter(
            consultation=self, member_key=participation_key(self.pk, user.pk)
        ).exists()

    def get_sitemap_urls(self, request=None):
        return []

    def serve(self, request, *args, **kwargs):
        user = request.user
        if getattr(request, "is_preview", False):  # the editor's preview: the form, never saved
            context = self.get_context(request)
            context.update(form=self.get_form(page=self, user=user), answered=False, preview=True)
            return TemplateResponse(request, self.get_template(request), context)
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.is_for(user) or timezone.now() < self.opens_at:
            raise Http404
        form = None
        answered = self.has_answered(user)
        if self.is_open and not answered:
            if request.method == "POST":
                form = self.get_form(request.POST, page=self, user=user)
                if form.is_valid():
                    try:
                        submission = self.process_form_submission(form, user)
                    except AlreadyAnswered:
                        answered = True
                    else:
                        return self.render_landing_page(request, submission, *args, **kwargs)
            else:
                form = self.get_form(page=self, user=user)
        context = self.get_context(request)
        context.update(form=form if not answered else None, answered=answered)
        return TemplateResponse(request, self.get_template(request), context)

    def process_form_submission(self, form, user):
        """Mark the member's participation, then store the answer (without the member when
        anonymous), in one transaction; ``AlreadyAnswered`` if the member had answered."""
        try:
            with transaction.atomic():
                Participation.objects.create(
                    consultation=self, member_key=participation_key(self.pk, user.pk)
                )
                return ConsultationSubmission.objects.create(
                    page=self,
                    form_data=form.cleaned_data,
                    member=None if self.anonymous else user,
                )
        except IntegrityError as error:
            raise AlreadyAnswered from error
        finally:
            # Now, and once committed (a home page read meanwhile kept the state before).
            cache().delete(answered_cache_key(user))
            transaction.on_commit(lambda: cache().delete(answered_cache_key(user)))


class ConsultationQuestion(AbstractFormField):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=QUESTION_TYPES
    )
    field_type.required_on_save = True

    class Meta(AbstractFormField.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.label


class ConsultationSubmission(AbstractFormSubmission):
    """One answer. ``member`` is empty when the consultation is anonymous."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("answer to a consultation")
        verbose_name_plural = _("answers to consultations")
        constraints = [
            models.UniqueConstraint(fields=["page", "member"], name="one_named_answer_per_member")
        ]


class Participation(models.Model):
    """A member answered a consultation: a keyed hash, no member id, no time, no answer."""

    consultation = models.ForeignKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="participations"
    )
    member_key = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "member_key"], name="one_answer_per_member"
            )
        ]

    def __str__(self):
        return f"{self.consultation_id}"


class YouSaidEntry(models.Model):
    """A change made to the portal, and what prompted it."""

    title = models.CharField(_("what we did"), max_length=200)
    description = models.TextField(_("details"), max_length=2000, blank=True)
    done_on = models.DateField(_("done on"), default=timezone.localdate)
    published = models.BooleanField(_("shown to members"), default=True)
    feedback = models.ForeignKey(
        "pilot.Feedback",
        verbose_name=_("beta feedback"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="you_said_entries",
    )
    consultation = models.ForeignKey(
        ConsultationPage,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="you_said_entries",
    )
    question = models.CharField(_("consultation question"), max_length=255, blank=True)
    proposal = models.ForeignKey(
        "pilot.Proposal",
        verbose_name=_("accepted proposal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="you_said_entries",
        limit_choices_to={"status": "accepted"},
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("“you said, we did” entry")
        verbose_name_plural = _("“you said, we did” entries")

    def __str__(self):
        return self.title
