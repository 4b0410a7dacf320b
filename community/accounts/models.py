from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of the portal. The public never sees the e-mail address, only the display name."""

    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("The name other members see you by in the forum."),
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.get_display_name()

    def get_display_name(self):
        """The name shown on every public page: never the e-mail address nor the login."""
        if self.display_name:
            return self.display_name
        full_name = " ".join(part for part in (self.first_name, self.last_name[:1]) if part)
        if full_name:
            return f"{full_name}." if self.last_name else full_name
        return _("Member no. %(number)s") % {"number": self.pk}
