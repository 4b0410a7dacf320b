from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "community.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The members' page cache reads models of every app: imported once the registry is ready.
        from cms.performance.membercache import register_audience_part

        # What it holds, a page shared by the audience may read (the status, as is_approved too).
        register_audience_part("member", member_audience, user_fields=AUDIENCE_FIELDS)


# The member's fields their audience holds (status and region) and those derived from them alone.
AUDIENCE_FIELDS = ("status", "is_approved", "is_pending", "is_suspended", "region_id", "region")


def member_audience(request):
    """The accounts' part of a member's audience in the members' page cache: their status and
    their region (the home page puts its offers first)."""
    user = request.user
    return (user.status, getattr(user, "region_id", None))
