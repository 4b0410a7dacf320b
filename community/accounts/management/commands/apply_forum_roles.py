from django.core.management.base import BaseCommand

from community.accounts.roles import apply_forum_permissions


class Command(BaseCommand):
    help = "Create the role groups and apply their forum permissions. Idempotent."

    def handle(self, *args, **options):
        changed = apply_forum_permissions()
        self.stdout.write(f"Droits du forum : {changed} modifié(s).")
