from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class User(AbstractUser):
    """A member of the portal. The public never sees the e-mail address, only the display name
    and the handle (``username``, written ``@handle`` to mention the member).

    A member signs in with the e-mail address (``backends.py``), never with the handle: the
    address is unique whatever its case (a deleted account keeps none).

    A member signs up, confirms the e-mail address, then waits (status *pending*) until a moderator
    approves the account, unless the address belongs to a domain allow-listed for an operator.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending approval")
        APPROVED = "approved", _("approved")
        SUSPENDED = "suspended", _("suspended")
        DELETED = "deleted", _("deleted")

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name other members see you by in the forum."),
    )
    status = models.CharField(
        _("membership status"),
        max_length=16,
        choices=Status.choices,
        default=Status.APPROVED,
        db_index=True,
    )
    operator = models.ForeignKey(
        "taxonomies.Operator",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    region = models.ForeignKey(
        "taxonomies.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    structure = models.CharField(
        _("structure"),
        max_length=150,
        blank=True,
        help_text=_("Your employer or local site, e.g. France Travail Lille Centre."),
    )
    job = models.CharField(
        _("job"), max_length=120, blank=True, help_text=_("e.g. CEP counsellor, team leader.")
    )
    email_confirmed = models.BooleanField(_("e-mail address confirmed"), default=False)
    charter_accepted_at = models.DateTimeField(_("charter accepted on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    premoderated_posts_remaining = models.PositiveSmallIntegerField(
        _("posts still to be reviewed before publication"),
        default=0,
        help_text=_("Set at sign-up: the first posts of a new member wait for a moderator."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique",
                violation_error_message=_("Another member already has this e-mail address."),
            )
        ]

    def __str__(self):
        return str(self.get_display_name())

    def get_session_auth_hash(self):
        """What the session check compares: computed from the password hash, or kept beside a
        copy of the member that does not carry it (``CachedPermissionsBackend.get_user``)."""
        return self.__dict__.get("session_auth_hash") or super().get_session_auth_hash()

    def set_password(self, raw_password):
        self.__dict__.pop("session_auth_hash", None)
        super().set_password(raw_password)

    @property
    def is_approved(self):
        """An active member whose membership is approved: the one rule for what members may do
        (read ``user.is_authenticated and user.is_approved`` where the reader may be a visitor)."""
        return self.is_active and self.status == self.Status.APPROVED

    @classmethod
    def approved_members(cls):
        """The members for whom ``is_approved`` holds, as a queryset."""
        return cls.objects.filter(is_active=True, status=cls.Status.APPROVED)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def is_suspended(self):
        return self.status == self.Status.SUSPENDED

    @property
    def is_deleted(self):
        return self.status == self.Status.DELETED

    def get_display_name(self):
        """The name shown on every public page: never the e-mail address."""
        if self.status == self.Status.DELETED:
            return _("Deleted member")
        if self.display_name:
            return self.display_name
        full_name = " ".join(part for part in (self.first_name, self.last_name[:1]) if part)
        if full_name:
            return f"{full_name}." if self.last_name else full_name
        return _("Member no. %(number)s") % {"number": self.pk}


class OperatorEmailDomain(models.Model):
    """An e-mail domain whose members are approved at sign-up, without waiting for a moderator."""

    operator = models.ForeignKey(
        "taxonomies.Operator",
        verbose_name=_("operator"),
        on_delete=models.CASCADE,
        related_name="email_domains",
    )
    domain = models.CharField(
        _("e-mail domain"),
        max_length=120,
        unique=True,
        help_text=_("The part after the @, e.g. francetravail.fr. Sub-domains are not included."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("allow-listed e-mail domain")
        verbose_name_plural = _("allow-listed e-mail domains")

    def __str__(self):
        return f"{self.domain} ({self.operator})"

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)

    @classmethod
    def operator_for(cls, email):
        """The operator whose allow-list holds the domain of ``email``, or None."""
        domain = email.rsplit("@", 1)[-1].strip().lower()
        match = cls.objects.select_related("operator").filter(domain=domain).first()
        return match.operator if match else None


@register_setting(icon="group")
class CommunitySettings(BaseGenericSetting):
    """What editors choose for the community, in Wagtail's Settings menu: the charter page that
    the sign-up form links to (community/accounts/charter.py)."""

    charter_page = models.ForeignKey(
        "standard.StandardPage",
        verbose_name=_("community charter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the sign-up form links to: members accept it when they join."),
    )

    panels = [FieldPanel("charter_page")]

    class Meta:
        verbose_name = _("community")
