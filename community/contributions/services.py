"""What members' contributions do to the catalogue: draft pages, reviews, comments, fiches."""

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.models import Comment, Site

from cms.offers.models import OfferIndexPage, OfferPage
from cms.performance.invalidation import update
from cms.questions.models import ANSWER_FEATURES, QuestionAnswerPage, QuestionIndexPage
from community.forum_conversation.markup import render_markdown

from .fiche_text import clean_for_fiche
from .models import ErrorReport, Proposal
from .tasks import notify_error_report

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


SLUG_LENGTH = 60


def slug_of(title, limit=SLUG_LENGTH):
    """``title`` as a slug of at most ``limit`` characters, cut between two words."""
    slug = slugify(title)
    if len(slug) > limit:
        cut = slug[: limit + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:limit]
    return slug.strip("-")


def unique_slug(parent, title):
    base = slug_of(title) or "page"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def paragraphs_html(text):
    """Plain text typed by a member as escaped HTML paragraphs (a blank line between two)."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br/>')}</p>" for block in blocks if block)


def start_review(page):
    """Put ``page`` in its "Relecture" workflow, started by the site on the member's behalf.

    The member has no admin access: the workflow is started with no requesting user, so Wagtail
    sends its own admin notifications only to the editors; the member hears of the outcome from
    ``receivers.py``.
    """
    workflow = page.get_workflow()
    if workflow is None:
        return None
    return workflow.start(page, None)


@transaction.atomic
def propose_offer(contributor, data):
    """A draft offer from a member's proposal (``ProposalForm.cleaned_data``), in review."""
    index = OfferIndexPage.objects.first()
    body = paragraphs_html(data.get("body", ""))
    page = OfferPage(
        title=data["title"],
        slug=unique_slug(index, data["title"]),
        kind=data["kind"],
        summary=data["summary"],
        body=[{"type": "paragraph", "value": body}] if body else [],
        source_url=data["source_url"],
        funder=data.get("funder", ""),
        duration=data.get("duration", ""),
        modality=data.get("modality", ""),
        owner=contributor,
        live=False,
    )
    page.regions = list(data.get("regions") or [])
    page.audiences = list(data.get("audiences") or [])
    page.themes = list(data.get("themes") or [])
    index.add_child(instance=page)
    page.save_revision(user=contributor)
    proposal = Proposal.objects.create(page=page, contributor=contributor)
    start_review(page)
    return proposal


@transaction.atomic
def report_error(page, reporter, text):
    """A comment on ``page`` in its editor, for the editors; its owner editor is told."""
    comment = Comment.objects.create(
        page=page, user=reporter, text=text, contentpath="title", position=""
    )
    report = ErrorReport.objects.create(page=page, reporter=reporter, comment=comment, text=text)
    transaction.on_commit(lambda: notify_error_report.enqueue(report.pk))
    return report


def to_rich_text(html):
    """A post's rendered (already sanitised) HTML, kept to what the answer's editor allows."""
    return EditorHTMLConverter(features=ANSWER_FEATURES).to_database_format(html or "")


def _rendered(post):
    return getattr(post.content, "rendered", None) or escape(str(post.content or ""))


def _fiche_html(post):
    """The post as a fiche says it: without greetings, thanks or @mentions (``fiche_text``)."""
    raw = getattr(post.content, "raw", None)
    cleaned = clean_for_fiche(raw) if raw is not None else ""
    return render_markdown(cleaned) if cleaned else _rendered(post)


@transaction.atomic
def fiche_from_answer(topic, user):
    """The draft question-and-answer page of a resolved topic (the existing one if any)."""
    existing = QuestionAnswerPage.objects.filter(topic_id=topic.pk).first()
    if existing is not None:
        return existing, False
    index = QuestionIndexPage.objects.first()
    if index is None:  # under the site's home page, the root of the default site
        home = Site.objects.select_related("root_page").get(is_default_site=True).root_page
        index, _created = QuestionIndexPage.ensure_under(home)
    question_post, answer = topic.first_post, topic.validated_post
    page = QuestionAnswerPage(
        title=topic.subject[:255],
        slug=unique_slug(index, topic.subject),
        question=to_rich_text(_fiche_html(question_post)),
        answer=to_rich_text(_fiche_html(answer)),
        asked_by_id=topic.poster_id,
        answered_by_id=answer.poster_id,
        topic=topic,
        owner=user,
        live=False,
    )
    page.themes = list(topic.themes.all())
    index.add_child(instance=page)
    page.save_revision(user=user)
    return page, True


def mark_published(page_id):
    """The proposal of a page just published: "publiée" (return it when it changed)."""
    proposal = (
        Proposal.objects.filter(page_id=page_id).exclude(status=Proposal.Status.PUBLISHED).first()
    )
    if proposal is None:
        return None
    proposal.status = Proposal.Status.PUBLISHED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    return proposal


def mark_refused(page_id, comment):
    proposal = Proposal.objects.filter(page_id=page_id).first()
    if proposal is None:
        return None
    proposal.status = Proposal.Status.REFUSED
    proposal.editor_comment = comment or ""
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "editor_comment", "decided_at"])
    return proposal


def mark_in_review(page_id):
    update(
        Proposal.objects.filter(page_id=page_id, status=Proposal.Status.REFUSED),
        status=Proposal.Status.IN_REVIEW,
        decided_at=None,
    )
