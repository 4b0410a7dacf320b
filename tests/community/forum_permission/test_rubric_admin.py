"""The rubrics' admin (Django admin, machina's forms): a link rubric's address typed without a
scheme is kept as https, as every other address field of the site."""

from machina.core.db.models import get_model

from tests.conftest import form_fields
from tests.factories import MemberFactory

Forum = get_model("forum", "Forum")


def test_a_link_rubric_typed_without_a_scheme_points_to_https(client, portal):
    client.force_login(MemberFactory(admin=True))
    add_url = "/django-admin/forum/forum/add/"
    data = form_fields(client.get(add_url).content.decode(), "form#forum_form")
    data.update(
        type=Forum.FORUM_LINK,
        name="Site de France VAE",
        link="vae.gouv.fr",
        description="",
        parent="",
    )
    response = client.post(add_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Forum.objects.get(name="Site de France VAE").link == "https://vae.gouv.fr"
