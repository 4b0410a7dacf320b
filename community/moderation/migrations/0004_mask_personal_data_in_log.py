"""The moderation log kept a refused or deleted post's text as written: mask in the entries
already there the personal data the guard finds (« [NIR masqué] », « [IBAN masqué] »…)."""

from django.db import migrations

from community.privacy.masking import mask_personal_data


def mask_log(apps, schema_editor):
    ModerationLogEntry = apps.get_model("community_moderation", "ModerationLogEntry")
    changed = []
    for entry in ModerationLogEntry.objects.only("pk", "details", "topic_subject").iterator():
        details = mask_personal_data(entry.details)
        subject = mask_personal_data(entry.topic_subject)
        if details != entry.details or subject != entry.topic_subject:
            entry.details, entry.topic_subject = details, subject
            changed.append(entry)
    ModerationLogEntry.objects.bulk_update(changed, ["details", "topic_subject"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("community_moderation", "0003_refused_posts")]

    operations = [migrations.RunPython(mask_log, migrations.RunPython.noop)]
