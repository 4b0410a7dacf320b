from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from cms.taxonomies.models import Operator, Region

from .models import User


def ask_for_email(form):
    """Make a sign-in form (the site's, Wagtail's or Django's admin) ask for the e-mail address:
    members sign in with it (backends.py); their handle is public and signs no one in. The field
    keeps the name ``username``, which Django's ``authenticate`` and axes read."""
    form.username_field = User._meta.get_field("email")  # named in the forms' error messages
    field = form.fields["username"]
    field.label = _("E-mail address")
    field.max_length = 254
    field.widget.attrs.update(maxlength="254", autocomplete="username", inputmode="email")


class LoginForm(AuthenticationForm):
    """Django's sign-in form with the portal's own French wording, by e-mail address."""

    error_messages = {
        "invalid_login": _(
            "Incorrect e-mail address or password. Check what you typed: capital letters matter "
            "in the password. Your @handle does not sign you in: use your e-mail address."
        ),
        "inactive": _("This account is inactive."),
        "suspended": _(
            "Your account is suspended by the moderators: you cannot sign in. Write to the ComCep "
            "team if you think this is a mistake."
        ),
        "unconfirmed": _(
            "Confirm your e-mail address first: open the link we sent you when you signed up."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ask_for_email(self)
        self.fields["username"].help_text = _("The address you joined the community with.")
        self.fields["password"].label = _("Password")

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                # Locked out (community/accounts/lockout.py): check no password at all, so that the
                # answer never depends on whether it was right.
                raise
            # Django refuses inactive accounts with the generic message; say why when the password
            # was right, so that a suspended or unconfirmed member knows what to do.
            member = (
                get_user_model()
                .objects.filter(
                    email__iexact=(self.cleaned_data.get("username") or "").strip(),
                    is_active=False,
                )
                .exclude(email="")
                .first()
            )
            if member and member.check_password(self.cleaned_data.get("password") or ""):
                if member.is_suspended:
                    raise forms.ValidationError(
                        self.error_messages["suspended"], code="suspended"
                    ) from None
                if not member.email_confirmed and member.is_pending:
                    raise forms.ValidationError(
                        self.error_messages["unconfirmed"], code="unconfirmed"
                    ) from None
            raise


class AdminSignInForm(AdminAuthenticationForm):
    """Django's admin sign-in, by e-mail address (set in admin.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ask_for_email(self)


class WagtailSignInForm(WagtailLoginForm):
    """Wagtail's admin sign-in, by e-mail address (WAGTAILADMIN_USER_LOGIN_FORM)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ask_for_email(self)
        self.fields["username"].widget.attrs["placeholder"] = _("Enter your e-mail address")


# What a member says of themselves, on the sign-up and the profile forms.
NAME_FIELDS = ("first_name", "last_name", "display_name")
WORK_FIELDS = ("operator", "structure", "region", "job")


class ProfileFieldsMixin:
    """Labels and choices shared by the sign-up and the profile forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_profile_fields()

    def setup_profile_fields(self):
        self.fields["operator"].queryset = Operator.objects.order_by("sort_order", "name")
        self.fields["operator"].empty_label = _("Choose your operator")
        self.fields["region"].queryset = Region.objects.order_by("sort_order", "name")
        self.fields["region"].empty_label = _("Choose your region")
        for name in ("first_name", "last_name", "display_name", "operator", "structure", "region"):
            self.fields[name].required = True
        self.fields["first_name"].label = _("First name")
        self.fields["last_name"].label = _("Last name")
        self.fields["display_name"].label = _("Public display name")
        self.fields["display_name"].help_text = _(
            "Shown next to your posts, e.g. Sophie M. (France Travail). Never your e-mail address."
        )
        self.fields["operator"].label = _("Operator")
        self.fields["structure"].label = _("Structure")
        self.fields["region"].label = _("Region")
        self.fields["job"].label = _("Job")
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["structure"].widget.attrs["autocomplete"] = "organization"
        self.fields["job"].widget.attrs["autocomplete"] = "organization-title"


class SignUpForm(ProfileFieldsMixin, UserCreationForm):
    """Join the community: a CEP professional, their structure, and the charter accepted."""

    accept_charter = forms.BooleanField(
        label=_("I have read and I accept the community charter."),
        error_messages={"required": _("You must accept the community charter to join.")},
    )

    class Meta:
        model = User
        fields = (*NAME_FIELDS, "email", "username", *WORK_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].label = _("Professional e-mail address")
        self.fields["email"].help_text = _(
            "We send a confirmation link to it. It is never shown to other members."
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["username"].label = _("Public handle")
        # Django focuses the username, here the fifth field: start at the top instead.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs["autocomplete"] = "nickname"
        self.fields["first_name"].widget.attrs["autofocus"] = True
        self.fields["username"].help_text = _(
            "Shown on your profile: members mention you by writing @ and your handle. You sign in "
            "with your e-mail address, not with it. Letters, digits and . + - _ only."
        )
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Password (again)")

    def clean_email(self):
        # An address already registered is not an error here: saying so would tell anyone which
        # addresses have an account. membership.sign_up() warns that address's owner instead.
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self):
        # Same reason: the model's unique-address constraint is not checked on this form (it
        # would answer "another member already has this address"); sign_up() never creates a
        # second account for an address.
        return super()._get_validation_exclusions() | {"email"}

    def clean_username(self):
        # The handle is public (profile, mentions) and signs no one in. It must be unique, so a
        # taken one has to be refused here; the sign-up rate limit slows down anyone probing.
        username = self.cleaned_data.get("username")
        if username and "@" in username:
            # "@" would make it look like (or be) an e-mail address, which is never shown.
            raise forms.ValidationError(
                _("Your handle cannot contain @: letters, digits and . + - _ only."),
                code="invalid",
            )
        if username and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("This handle is not available: choose another one."), code="unique"
            )
        return username


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    """What a member may change about themselves."""

    class Meta:
        model = User
        fields = (*NAME_FIELDS, *WORK_FIELDS)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
