"""Demo expertise: a few members declare themes and publics and appear in the directory, and
two référents (a theme, an operator) appointed by the demo moderator. Idempotent."""

from django.contrib.auth import get_user_model

from cms.taxonomies.models import Audience, Operator, Theme

from .models import Expertise, Referent

# username: (themes, publics, in the directory, shows their structure)
EXPERTISE = {
    "julien": (("Validation des acquis", "Formation"), ("Cadres",), True, True),
    "amina": (("Publics fragiles", "Retour à l’emploi"), ("Jeunes de 16 à 25 ans",), True, True),
    "thomas": (
        ("Handicap et emploi",),
        ("Personnes en situation de handicap",),
        True,
        False,
    ),
    "sophie": (("Financement", "Reconversion"), ("Demandeurs d’emploi",), True, False),
    "lea": (("Reconversion",), ("Cadres",), False, False),
    "marc": (("Financement",), ("Demandeurs d’emploi", "Salariés"), True, True),
}
# username: ("theme" or "operator", name)
REFERENTS = {
    "thomas": ("theme", "Handicap et emploi"),
    "marc": ("operator", "France Travail"),
}


def load(stdout):
    User = get_user_model()
    members = {user.username: user for user in User.objects.filter(username__in=EXPERTISE)}
    themes = {theme.name: theme for theme in Theme.objects.all()}
    audiences = {audience.name: audience for audience in Audience.objects.all()}
    created = 0
    for username, (theme_names, audience_names, listed, structure) in EXPERTISE.items():
        member = members.get(username)
        if member is None:
            continue
        expertise, new = Expertise.objects.get_or_create(
            user=member, defaults={"in_directory": listed, "show_structure": structure}
        )
        if new:
            expertise.themes.set([themes[name] for name in theme_names if name in themes])
            expertise.audiences.set(
                [audiences[name] for name in audience_names if name in audiences]
            )
            created += 1
    moderator = User.objects.filter(username="moderateur").first()
    appointed = 0
    for username, (kind, name) in REFERENTS.items():
        member = members.get(username)
        scope = (
            Theme.objects.filter(name=name).first()
            if kind == "theme"
            else Operator.objects.filter(name=name).first()
        )
        if member is None or scope is None:
            continue
        _referent, new = Referent.objects.get_or_create(
            user=member, **{kind: scope}, defaults={"appointed_by": moderator}
        )
        appointed += new
    stdout.write(f"Entraide : {created} profil(s) déclaré(s), {appointed} référent(s) nommé(s).")
