"""machina's post and topic forms, extended (machina loads this module before its own).

- a topic gets its themes, chosen from the catalogue's theme vocabulary;
- the first posts of a member who signed up wait for a moderator (``COMCEP_PREMODERATED_POSTS``);
- a post's text is capped (``COMCEP_POST_MAX_LENGTH``);
- a beneficiary's personal data is caught before it is published (community/privacy): the author
  removes it or confirms it is not a beneficiary's; a confirmed social security number or IBAN
  keeps the post for a moderator;
- a new topic or reply is created once: its form carries a one-time token kept with the post.
"""

import uuid

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.forms import PostForm as MachinaPostForm
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm
from machina.core.loading import get_class

from cms.performance.invalidation import member_key, update
from cms.taxonomies.models import Theme
from community.moderation.models import ModerationLogEntry
from community.privacy.forms import PersonalDataGuardMixin

from .models import Post

get_anonymous_user_forum_key = get_class(
    "forum_permission.shortcuts", "get_anonymous_user_forum_key"
)


def needs_review(user):
    return user.is_authenticated and user.premoderated_posts_remaining > 0


def count_reviewed_post(user):
    # Shown on no page; the member's own copy (who reads) is kept under their number.
    update(
        get_user_model().objects.filter(pk=user.pk, premoderated_posts_remaining__gt=0),
        keys=(member_key(user.pk),),
        premoderated_posts_remaining=F("premoderated_posts_remaining") - 1,
    )


CONTENT_HELP = _(
    "Markdown is accepted: **bold**, *italics*, lists, [link](https://…). Never write the name or "
    "details of a person you accompany."
)


def hold_for_review(post, user):
    """A new member's post waits for a moderator (the topic follows its first post)."""
    if post.approved and needs_review(user):
        post.approved = False
        count_reviewed_post(user)
    return post


class ContentLengthMixin:
    """A post's text is capped (``COMCEP_POST_MAX_LENGTH`` characters); a longer one is sent back
    with its text kept, so that the member can shorten it or split it."""

    def clean_content(self):
        content = self.cleaned_data["content"]
        limit = settings.COMCEP_POST_MAX_LENGTH
        if len(content) > limit:
            raise forms.ValidationError(
                _(
                    "Your message is too long: %(length)s characters, %(limit)s at most. "
                    "Shorten it or split it into several replies."
                ),
                code="max_length",
                params={"length": len(content), "limit": limit},
            )
        return content


class PostPersonalDataGuardMixin(PersonalDataGuardMixin):
    """The subject and the text are checked; a confirmed NIR or IBAN is held for a moderator,
    whether the post is new or edited (the topic follows its first post)."""

    personal_data_fields = ("subject", "content")

    def hold_personal_data(self, post):
        if self.personal_data_requires_review():
            post.approved = False
            post.held_for_personal_data = True
        return post

    def update_post(self, post):
        super().update_post(post)
        self.hold_personal_data(post)


SUBMISSION_FIELD = "submission_token"


class SubmissionTokenMixin:
    """A new post is created once per form sent (issue: a retry after an error page, a double
    click or the browser's "back" made a second post).

    The form of a new topic or reply carries a one-time token: a hidden field holding a new UUID
    each time the empty form is rendered, sent back with the form when it has errors or is
    previewed (so a retry of the same form sends the same token). The post keeps it, and the
    database refuses a second post of the same author with the same token (``Post.Meta``
    constraints), whichever process handles the retry; the view then leads to the post the first
    sending created (``views.SubmittedOnceMixin``). An edit has no token: sending it again changes
    nothing.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            return
        self.fields[SUBMISSION_FIELD] = forms.UUIDField(required=False, widget=forms.HiddenInput)
        if not self.is_bound:
            self.initial[SUBMISSION_FIELD] = uuid.uuid4()
            return
        try:
            uuid.UUID(str(self.data.get(self.add_prefix(SUBMISSION_FIELD), "")))
        except ValueError:
            # A form rendered before tokens existed, or an altered value: this sending gets a token
            # of its own, which the form keeps if it comes back with errors.
            self.renew_token()

    def renew_token(self):
        """A new token for a bound form sent back: sending it again makes a new post."""
        self.data = self.data.copy()
        self.data[self.add_prefix(SUBMISSION_FIELD)] = str(uuid.uuid4())

    @property
    def one_time_token(self):
        if SUBMISSION_FIELD not in self.fields:
            return None
        return getattr(self, "cleaned_data", {}).get(SUBMISSION_FIELD)

    def create_post(self):
        post = super().create_post()
        post.submission_token = self.one_time_token
        return post

    def holds_the_text_of(self, post):
        """Whether this sending repeats ``post`` (a retry) rather than a text changed since."""
        content = post.content.raw if hasattr(post.content, "raw") else str(post.content)
        return content == self.cleaned_data.get("content")

    def post_sent_earlier(self):
        """The post its author already created by sending this form (its token), if any."""
        token = self.one_time_token
        if token is None:
            return None
        if self.user.is_authenticated:
            author = {"poster": self.user}
        else:
            key = get_anonymous_user_forum_key(self.user)
            if not key:
                return None
            author = {"poster__isnull": True, "anonymous_key": key}
        return (
            Post.objects.filter(submission_token=token, **author)
            .select_related("topic", "topic__forum")
            .first()
        )


class ModeratorEditLogMixin:
    """An edit of someone else's post is a moderation action: it goes to the moderation log."""

    def save(self, commit=True):
        editing_other = bool(self.instance.pk) and self.instance.poster_id != self.user.pk
        post = super().save(commit)
        if commit and editing_other:
            ModerationLogEntry.objects.record(
                self.user,
                ModerationLogEntry.Action.EDIT_POST,
                post=post,
                details=self.cleaned_data.get("update_reason") or "",
            )
        return post


class PostForm(
    SubmissionTokenMixin,
    PostPersonalDataGuardMixin,
    ContentLengthMixin,
    ModeratorEditLogMixin,
    MachinaPostForm,
):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].label = _("Subject")
        self.fields["content"].help_text = CONTENT_HELP

    def create_post(self):
        return self.hold_personal_data(hold_for_review(super().create_post(), self.user))


class TopicForm(
    SubmissionTokenMixin,
    PostPersonalDataGuardMixin,
    ContentLengthMixin,
    ModeratorEditLogMixin,
    MachinaTopicForm,
):
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("sort_order", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose one or more themes so that colleagues find your topic across rubrics."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].label = _("Subject")
        self.fields["content"].help_text = CONTENT_HELP
        if self.instance.pk and self.instance.topic_id:
            self.fields["themes"].initial = list(self.instance.topic.themes.all())
        # Themes come right after the subject.
        order = ["subject", "themes"]
        self.order_fields(order + [name for name in self.fields if name not in order])

    def create_topic(self):
        topic = super().create_topic()
        if needs_review(self.user) or self.personal_data_requires_review():
            topic.approved = False
        return topic

    def create_post(self):
        return self.hold_personal_data(hold_for_review(super().create_post(), self.user))

    def save(self, commit=True):
        post = super().save(commit)
        if commit:
            post.topic.themes.set(self.cleaned_data.get("themes") or [])
        return post
