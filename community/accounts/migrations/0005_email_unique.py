"""Members sign in with their e-mail address: make it unique, whatever its case.

Sign-up already refuses to create a second account for an address, so existing members need
nothing. Should two accounts share an address anyway (created by hand in an administration), the
one that signed in last keeps it (an active account first) and the others' address is emptied:
they can no longer sign in until an administrator gives them their own address. Deleted accounts
keep no address and are not concerned.
"""

import django.db.models.functions.text
from django.db import migrations, models


def free_shared_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    members = (
        User.objects.exclude(email="")
        .order_by(
            "-is_active",
            models.F("last_login").desc(nulls_last=True),
            "-date_joined",
            "-pk",
        )
        .values_list("pk", "email")
    )
    owners = set()
    emptied = []
    for pk, email in members.iterator():
        address = email.lower()
        if address in owners:
            emptied.append(pk)
        else:
            owners.add(address)
    if emptied:
        User.objects.filter(pk__in=emptied).update(email="")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_charter_from_slug"),
    ]

    operations = [
        migrations.RunPython(free_shared_addresses, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("email", ""), _negated=True),
                name="accounts_user_email_unique",
                violation_error_message="Another member already has this e-mail address.",
            ),
        ),
    ]
