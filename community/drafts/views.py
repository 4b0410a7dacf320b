"""Drafts on the server: saved as the member types (fetch), on preview (the forms' mixin),
listed in "Mes brouillons", deleted once posted or by the member."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from . import services
from .models import Draft


class SignedInMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)


def saved_message(draft):
    when = time_format(timezone.localtime(draft.updated_at), "H:i")
    return _("Draft saved at %(time)s.") % {"time": when}


class SaveDraftView(SignedInMixin, View):
    """POST ``kind`` ("reply" or "topic"), ``target`` (topic or rubric id), ``subject``,
    ``content``: JSON with the message to announce. 404 where the member may not write."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            pk = int(request.POST.get("target", ""))
        except ValueError:
            raise Http404 from None
        target = services.writable_target(request, request.POST.get("kind"), pk)
        if target is None:
            raise Http404
        draft = services.save_draft(
            request.user, target, request.POST.get("subject"), request.POST.get("content")
        )
        message = saved_message(draft) if draft else _("Nothing to save yet.")
        return JsonResponse({"saved": draft is not None, "message": message})


class DraftListView(SignedInMixin, TemplateView):
    template_name = "drafts/draft_list.html"

    def get_context_data(self, **kwargs):
        lines = services.my_drafts(self.request)
        for line in lines:
            line["url"] = services.resume_url(line["draft"]) if line["available"] else ""
        return super().get_context_data(lines=lines, **kwargs)


class DeleteDraftView(SignedInMixin, View):
    """Another member's draft answers 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        get_object_or_404(Draft, pk=pk, user=request.user).delete()
        messages.success(request, _("The draft has been deleted."))
        return redirect("drafts:list")


class DraftFormMixin:
    """For the reply and new-topic forms: the draft saved on each preview (without JavaScript),
    offered when the form opens, filled in with ``?brouillon=reprendre``, deleted once posted."""

    def draft_target(self):
        topic = self.get_topic()
        return {"topic": topic} if topic is not None else {"forum": self.get_forum()}

    def current_draft(self):
        if not hasattr(self, "_current_draft"):
            user = self.request.user
            self._current_draft = (
                services.draft_of(user, self.draft_target()) if user.is_authenticated else None
            )
        return self._current_draft

    def resuming(self):
        return self.request.method == "GET" and self.request.GET.get("brouillon") == "reprendre"

    def get_post_form_kwargs(self):
        kwargs = super().get_post_form_kwargs()
        draft = self.current_draft() if self.resuming() else None
        if draft is not None:
            initial = {"content": draft.content}
            if draft.subject:
                initial["subject"] = draft.subject
            kwargs["initial"] = {**kwargs.get("initial", {}), **initial}
        return kwargs

    def post(self, request, *args, **kwargs):
        if "preview" in request.POST and request.user.is_authenticated:
            self._current_draft = services.save_draft(
                request.user,
                self.draft_target(),
                request.POST.get("subject"),
                request.POST.get("content"),
            )
        response = super().post(request, *args, **kwargs)
        posted = getattr(self, "forum_post", None)
        if "preview" not in request.POST and posted is not None and response.status_code == 302:
            services.delete_draft(request.user, self.draft_target())
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic = self.get_topic()
        context["draft_kind"] = services.REPLY if topic is not None else services.NEW_TOPIC
        context["draft_target"] = topic.pk if topic is not None else self.get_forum().pk
        draft = self.current_draft()
        context["draft_to_resume"] = (
            draft
            if draft is not None and self.request.method == "GET" and not self.resuming()
            else None
        )
        context["draft_resumed"] = draft is not None and self.resuming()
        if draft is not None and "preview" in self.request.POST:
            context["draft_message"] = saved_message(draft)
        return context
