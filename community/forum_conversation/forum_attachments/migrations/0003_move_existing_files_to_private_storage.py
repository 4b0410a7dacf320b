"""Attachments uploaded before the private storage lived under MEDIA_ROOT, where the web server
could serve them: move each file into the private storage (same name) and record its name."""

import os

from django.core.files.storage import default_storage
from django.db import migrations


def move_to_private_storage(apps, schema_editor):
    from community.forum_conversation.forum_attachments.files import display_name
    from community.forum_conversation.forum_attachments.storage import attachment_storage

    Attachment = apps.get_model("forum_attachments", "Attachment")
    private = attachment_storage()
    for attachment in Attachment.objects.all().iterator():
        name = attachment.file.name
        if not attachment.original_name:
            attachment.original_name = display_name(os.path.basename(name))
            attachment.save(update_fields=["original_name"])
        if name and default_storage.exists(name) and not private.exists(name):
            with default_storage.open(name, "rb") as source:
                private.save(name, source)
            default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [("forum_attachments", "0002_private_storage_and_original_name")]

    operations = [migrations.RunPython(move_to_private_storage, migrations.RunPython.noop)]
