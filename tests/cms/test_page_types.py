"""Strict page trees, and every page type created by an editor through the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from cms.news.models import NewsIndexPage, NewsPage
from cms.offers.models import OfferIndexPage, OfferPage
from cms.questions.models import QuestionAnswerPage, QuestionIndexPage
from cms.standard.models import StandardPage
from cms.structures.models import StructureIndexPage, StructurePage
from cms.taxonomies.models import Operator
from cms.toolbox.models import ToolboxIndexPage
from home.models import HomePage


def allowed_parents(model):
    return {parent._meta.label for parent in model.allowed_parent_page_models()}


def test_page_tree_rules():
    assert allowed_parents(HomePage) == {"wagtailcore.Page"}
    assert {m._meta.label for m in HomePage.allowed_subpage_models()} == {
        "offers.OfferIndexPage",
        "structures.StructureIndexPage",
        "news.NewsIndexPage",
        "videos.VideoIndexPage",
        "questions.QuestionIndexPage",
        "toolbox.ToolboxIndexPage",
        "paths.PathIndexPage",
        "consultations.ConsultationIndexPage",
        "standard.StandardPage",
    }
    for index in (
        OfferIndexPage,
        StructureIndexPage,
        NewsIndexPage,
        QuestionIndexPage,
        ToolboxIndexPage,
    ):
        assert allowed_parents(index) == {"home.HomePage"}
        assert index.max_count == 1
    assert allowed_parents(OfferPage) == {"offers.OfferIndexPage"}
    assert allowed_parents(NewsPage) == {"news.NewsIndexPage"}
    assert allowed_parents(StructurePage) == {
        "structures.StructureIndexPage",
        "structures.StructurePage",
    }
    assert {m._meta.label for m in OfferIndexPage.allowed_subpage_models()} == {"offers.OfferPage"}
    assert OfferPage.allowed_subpage_models() == []
    assert NewsPage.allowed_subpage_models() == []
    assert allowed_parents(StandardPage) == {"home.HomePage", "standard.StandardPage"}
    assert allowed_parents(QuestionAnswerPage) == {"questions.QuestionIndexPage"}
    assert QuestionAnswerPage.allowed_subpage_models() == []


def test_offers_cannot_be_created_outside_the_catalogue(portal, catalogue):
    assert not OfferPage.can_create_at(portal)
    assert OfferPage.can_create_at(catalogue)
    assert not OfferIndexPage.can_create_at(portal)  # only one catalogue


def create_through_admin(client, parent, model, fields):
    add_url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    form_page = client.get(add_url)
    assert form_page.status_code == 200
    data = querydict_from_html(form_page.content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")  # an empty StreamField, as the admin's script would post
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    return Page.objects.get(slug=fields["slug"], depth=parent.depth + 1).specific


@pytest.mark.django_db
def test_editor_creates_every_page_type_through_the_admin(admin_client, portal, reference_lists):
    catalogue = create_through_admin(
        admin_client, portal, OfferIndexPage, {"title": "Offres", "slug": "offres"}
    )
    offer = create_through_admin(
        admin_client,
        catalogue,
        OfferPage,
        {
            "title": "Aide individuelle à la formation",
            "slug": "aif",
            "kind": "funding",
            "summary": "Un financement de France Travail.",
            "funder": "France Travail",
            "verified_on": "2026-11-01",
        },
    )
    assert offer.live and offer.funder == "France Travail"

    structures = create_through_admin(
        admin_client, portal, StructureIndexPage, {"title": "Structures", "slug": "structures"}
    )
    structure = create_through_admin(
        admin_client,
        structures,
        StructurePage,
        {
            "title": "Apec",
            "slug": "apec",
            "operator": str(Operator.objects.get(slug="apec").pk),
            "summary": "Les cadres.",
            "appointments": rich_text("<p>En ligne.</p>"),
        },
    )
    assert structure.live

    news_index = create_through_admin(
        admin_client, portal, NewsIndexPage, {"title": "Actualités", "slug": "actualites"}
    )
    news = create_through_admin(
        admin_client,
        news_index,
        NewsPage,
        {
            "title": "Le CEP a dix ans",
            "slug": "cep-dix-ans",
            "summary": "Bilan.",
            "date": "2026-11-20",
        },
    )
    assert news.live
    page = create_through_admin(
        admin_client,
        portal,
        StandardPage,
        {"title": "Mentions légales", "slug": "mentions-legales"},
    )
    assert page.live

    questions = create_through_admin(
        admin_client,
        portal,
        QuestionIndexPage,
        {"title": "Questions fréquentes", "slug": "questions-frequentes"},
    )
    answer = create_through_admin(
        admin_client,
        questions,
        QuestionAnswerPage,
        {
            "title": "Qui finance une VAE ?",
            "slug": "qui-finance-une-vae",
            "question": rich_text("<p>Qui finance une VAE ?</p>"),
            "answer": rich_text("<p>Le CPF, entre autres.</p>"),
        },
    )
    assert answer.live


def test_training_needs_its_own_fields_with_french_errors(admin_client, catalogue):
    add_url = reverse("wagtailadmin_pages:add", args=["offers", "offerpage", catalogue.pk])
    data = querydict_from_html(admin_client.get(add_url).content.decode(), form_id="page-edit-form")
    data["body-count"] = "0"
    data.update(
        {
            "title": "Formation sans durée",
            "slug": "formation-sans-duree",
            "kind": "training",
            "summary": "x",
        }
    )
    response = admin_client.post(add_url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indiquez la durée de la formation." in html
    assert "Formation sans durée" in html  # what the editor typed is kept
    assert not OfferPage.objects.filter(slug="formation-sans-duree").exists()
