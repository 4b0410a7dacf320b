"""The counsellors' toolbox: tool pages under /boite-a-outils/, filterable, each with the videos
that teach it and the discussions that cite it (through the forum's visibility rules)."""

import io

import pytest
from machina.core.db.models import get_model

from cms.toolbox import demo as toolbox_demo
from cms.toolbox.models import ToolboxIndexPage, ToolPage
from home.models import HomePage
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.conftest import page_queries, text_of
from tests.factories import RubricFactory, TopicFactory

Post = get_model("forum_conversation", "Post")


@pytest.fixture
def toolbox(portal):
    index, created = ToolboxIndexPage.ensure_under(portal)
    assert created and index.url == "/boite-a-outils/"
    return index


def test_page_types_only_go_where_they_belong(db):
    assert ToolboxIndexPage.allowed_parent_page_models() == [HomePage]
    assert ToolboxIndexPage.allowed_subpage_models() == [ToolPage]
    assert ToolPage.allowed_parent_page_models() == [ToolboxIndexPage]
    assert ToolPage.allowed_subpage_models() == []
    assert not ToolPage.can_create_at(HomePage())


def test_the_index_filters_by_audience_and_theme(client, make_tool, themes, audiences):
    make_tool(
        "Mon Compte Formation", themes=[themes["financement"]], audiences=[audiences["salaries"]]
    )
    make_tool("Métierscope", themes=[themes["reconversion"]], audiences=[audiences["cadres"]])
    everything = text_of(client.get("/boite-a-outils/").content.decode())
    assert "Mon Compte Formation" in everything and "Métierscope" in everything
    assert "2 outils trouvés" in everything

    by_theme = text_of(client.get("/boite-a-outils/?theme=financement").content.decode())
    assert "Mon Compte Formation" in by_theme and "Métierscope" not in by_theme
    by_audience = text_of(client.get("/boite-a-outils/?audience=cadres").content.decode())
    assert "Métierscope" in by_audience and "Mon Compte Formation" not in by_audience
    ignored = client.get("/boite-a-outils/?audience=inconnu")
    assert ignored.status_code == 200


def test_the_toolbox_is_in_the_main_navigation(client, toolbox):
    page = client.get("/").content.decode()
    assert 'href="/boite-a-outils/"' in page and "Boîte à outils" in page


def test_a_tool_page_lists_its_videos_and_the_discussions_that_cite_it(
    client, make_tool, make_video, make_member, rubric
):
    video = make_video("Mobiliser le CPF avec la personne accompagnée")
    make_video("Une autre capsule")
    tool = make_tool("Mon Compte Formation", videos=[video])
    author = make_member("julien", "Julien T.")
    TopicFactory(
        forum=rubric,
        poster=author,
        subject="Reste à charge du CPF",
        content=f"Voir la fiche [Mon Compte Formation](http://testserver{tool.url}) : utile.",
    )
    TopicFactory(forum=rubric, poster=author, subject="Sans lien", content="Rien à voir.")

    page = text_of(client.get(tool.url).content.decode())
    assert "Mobiliser le CPF avec la personne accompagnée" in page
    assert "Une autre capsule" not in page
    assert "Reste à charge du CPF" in page and "Sans lien" not in page
    assert "Caisse des Dépôts" in page


def test_hidden_and_pilot_discussions_are_not_listed_to_others(
    client, make_tool, make_member, rubric, portal
):
    tool = make_tool("France VAE")
    author = make_member("julien", "Julien T.")
    pilot_rubric = RubricFactory(pilot=True)
    from community.accounts.roles import apply_forum_permissions

    apply_forum_permissions()
    TopicFactory(
        forum=pilot_rubric, poster=author, subject="Sujet pilote VAE", content=f"[Lien]({tool.url})"
    )
    topic = TopicFactory(forum=rubric, poster=author, subject="Sujet public", content="Bonjour")
    Post.objects.create(
        topic=topic, poster=author, content=f"Voir [France VAE]({tool.url})", is_hidden=True
    )

    counsellor = make_member("sophie", "Sophie M.")
    client.force_login(counsellor)
    page = text_of(client.get(tool.url).content.decode())
    assert "Sujet pilote VAE" not in page and "Sujet public" not in page

    pilot = make_member("nadia", "Nadia R.", groups=("Conseillers", "Groupe pilote"))
    client.force_login(pilot)
    assert "Sujet pilote VAE" in text_of(client.get(tool.url).content.decode())


def test_toolbox_pages_cost_the_same_whatever_the_data(
    client, make_tool, make_video, make_member, rubric, themes, audiences
):
    author = make_member("julien", "Julien T.")
    client.force_login(author)

    def add(start, number):
        tools = []
        for index in range(start, start + number):
            videos = [make_video(f"Capsule {index}-{n}") for n in range(2)]
            tool = make_tool(
                f"Outil {index}",
                themes=list(themes.values())[: 1 + index % 3],
                audiences=list(audiences.values()),
                videos=videos,
            )
            tools.append(tool)
        return tools

    first = add(0, 2)[0]
    TopicFactory(forum=rubric, poster=author, subject="Cite 0", content=f"[Outil]({first.url})")
    small_index, _ = page_queries(client, "/boite-a-outils/")
    small_tool, _ = page_queries(client, first.url)

    add(2, 8)
    for n in range(5):
        TopicFactory(
            forum=rubric, poster=author, subject=f"Cite {n + 1}", content=f"[Outil]({first.url})"
        )
    large_index, response = page_queries(client, "/boite-a-outils/")
    assert "Outil 9" in response.content.decode()
    large_tool, response = page_queries(client, first.url)
    assert "Cite 5" in response.content.decode()
    assert (small_index, small_tool) == (large_index, large_tool)


def test_the_demo_toolbox_holds_real_tools_and_loads_once(portal, reference_lists):
    out = io.StringIO()
    toolbox_demo.load(portal, out)
    toolbox_demo.load(portal, out)
    tools = ToolPage.objects.live()
    assert tools.count() >= 12
    titles = set(tools.values_list("title", flat=True))
    assert {"Mon Compte Formation", "France VAE", "La Bonne Boîte", "Pix"} <= titles
    assert all(tool.website.startswith("https://") for tool in tools)
    assert ToolPage.objects.filter(operator__slug="france-travail").count() >= 3


def test_tools_are_in_the_site_search(client, make_tool):
    from django.core.management import call_command

    make_tool("Diagoriente", purpose="Identifier ses compétences à partir de ses expériences.")
    call_command("update_index", stdout=io.StringIO())
    page = text_of(client.get("/recherche/", {"q": "compétences expériences"}).content.decode())
    assert "Diagoriente" in page
