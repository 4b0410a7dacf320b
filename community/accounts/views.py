from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView, UpdateView

from cms.public_urls import public_domain, public_scheme
from community.ratelimits import RateLimitedMixin

from . import membership
from .charter import charter_page
from .forms import DeleteAccountForm, ProfileForm, SignUpForm
from .lockout import release


class SignUpView(RateLimitedMixin, FormView):
    template_name = "accounts/sign_up.html"
    form_class = SignUpForm
    rate_limits = ("signup",)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect("forum:index")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(charter=charter_page(self.request), **kwargs)

    def form_valid(self, form):
        membership.sign_up(form, self.request)
        self.request.session["signed_up_email"] = form.cleaned_data["email"]
        return redirect("accounts:sign_up_done")


class SignUpDoneView(TemplateView):
    template_name = "accounts/sign_up_done.html"


class ConfirmEmailView(View):
    def get(self, request, uidb64, token):
        User = get_user_model()
        try:
            user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
        except (ValueError, TypeError, OverflowError, User.DoesNotExist):
            user = None
        if user is None or not default_token_generator.check_token(user, token):
            return render(request, "accounts/confirm_invalid.html", status=400)
        if user.is_suspended or user.is_deleted:
            return render(request, "accounts/confirm_invalid.html", status=400)
        if not user.email_confirmed:
            approved = membership.confirm_email(user)
        else:
            approved = not user.is_pending
        login(request, user, backend="community.accounts.backends.CachedPermissionsBackend")
        if approved:
            messages.success(
                request,
                _("Your e-mail address is confirmed and your account is active: welcome!"),
            )
        else:
            messages.info(
                request,
                _(
                    "Your e-mail address is confirmed. A moderator will now check your "
                    "membership: until then you can read the rubrics but not post."
                ),
            )
        return redirect("forum:index")


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    template_name = "accounts/profile_form.html"
    form_class = ProfileForm
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile is saved."))
        return super().form_valid(form)


class DeleteAccountView(LoginRequiredMixin, FormView):
    template_name = "accounts/delete_account.html"
    form_class = DeleteAccountForm

    def get_form_kwargs(self):
        return {"user": self.request.user, **super().get_form_kwargs()}

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        membership.delete_account(user)
        messages.success(
            self.request,
            _("Your account is deleted. Your posts stay in the forum, signed “Deleted member”."),
        )
        return redirect(reverse("forum:index"))


class SignInView(auth_views.LoginView):
    """Django's sign-in, by e-mail address (backends.py). Axes locks a sign-in name out from one
    address after repeated failures (lockout.py); failures are not limited per address alone, so
    that an attack from an agency's address never blocks its other members."""


class PasswordResetView(RateLimitedMixin, auth_views.PasswordResetView):
    """Django's reset request: the same answer for a known or unknown address; a few e-mails per
    address and per visitor an hour."""

    rate_limits = ("password_reset", "password_reset_ip")

    @property
    def extra_email_context(self):
        # The link in the e-mail starts with the public address, not the request's host.
        return {"protocol": public_scheme(), "domain": public_domain()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        # Proving the address is theirs lifts a sign-in lockout on the account.
        release(form.user)
        return response
