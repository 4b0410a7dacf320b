"""A JSON serializer for backups: natural keys only where primary keys are not portable.

Content types and permissions are created by ``migrate`` and may get other ids in another
database: they are written, and referred to, by natural key, so ``loaddata`` matches each one with
the database's row or adds it when missing (a permission a data migration created, say). Every
other row keeps its id, so that references without a database constraint (e.g. a page log entry
about a deleted page) survive as they are. The output is plain Django JSON: ``loaddata`` reads it
with its usual ``json`` format.
"""

from django.core.serializers import json

NATURAL_KEY_MODELS = {"contenttypes.ContentType", "auth.Permission"}


class Serializer(json.Serializer):
    def _natural_for(self, field):
        return (
            self.use_natural_foreign_keys
            and field.remote_field.model._meta.label in NATURAL_KEY_MODELS
        )

    def get_dump_object(self, obj):
        data = super().get_dump_object(obj)
        if obj._meta.label in NATURAL_KEY_MODELS:
            data.pop("pk", None)
        return data

    def handle_fk_field(self, obj, field):
        natural, self.use_natural_foreign_keys = (
            self.use_natural_foreign_keys,
            self._natural_for(field),
        )
        try:
            super().handle_fk_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural

    def handle_m2m_field(self, obj, field):
        natural, self.use_natural_foreign_keys = (
            self.use_natural_foreign_keys,
            self._natural_for(field),
        )
        try:
            super().handle_m2m_field(obj, field)
        finally:
            self.use_natural_foreign_keys = natural


Deserializer = json.Deserializer
