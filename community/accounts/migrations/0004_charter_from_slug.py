"""Point the new community settings at the charter page that used to be found by its slug."""

from django.db import migrations

# The slug the sign-up form used to look the charter up by, before CommunitySettings.
FORMER_CHARTER_SLUG = "charte-de-la-communaute"


def fill_charter_setting(apps, schema_editor):
    StandardPage = apps.get_model("standard", "StandardPage")
    CommunitySettings = apps.get_model("accounts", "CommunitySettings")
    if CommunitySettings.objects.exists():
        return
    page = (
        StandardPage.objects.filter(slug=FORMER_CHARTER_SLUG).order_by("-live", "path").first()
    )
    if page is not None:
        CommunitySettings.objects.create(charter_page=page)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_community_settings"),
        ("standard", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill_charter_setting, migrations.RunPython.noop)]
