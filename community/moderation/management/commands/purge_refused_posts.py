from django.conf import settings
from django.core.management.base import BaseCommand

from community.moderation.models import RefusedPost


class Command(BaseCommand):
    help = (
        "Delete the refused posts kept for their authors longer than COMCEP_REFUSED_POSTS_DAYS "
        "days (run it daily)."
    )

    def handle(self, *args, **options):
        deleted, _ = RefusedPost.objects.expired().delete()
        self.stdout.write(
            f"{deleted} refused post(s) older than {settings.COMCEP_REFUSED_POSTS_DAYS} days "
            "deleted."
        )
