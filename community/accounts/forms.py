from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's sign-in form with the portal's own French wording."""

    error_messages = {
        "invalid_login": _(
            "Incorrect username or password. Check what you typed: capital letters matter."
        ),
        "inactive": _("This account is inactive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = _("Password")
