"""Tell each audience about the consultations that opened since the last run.

    manage.py announce_consultations     # every 10 minutes, beside publish_scheduled

A consultation published while open is announced at once; one published before its opening date
is announced by this command once the date has passed. Each consultation is announced once,
whatever the number of runs.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from community.consultations.models import ConsultationPage
from community.consultations.receivers import announce_opening


class Command(BaseCommand):
    help = "Notify the audience of every live consultation that has opened and was not announced."

    def handle(self, *args, **options):
        waiting = ConsultationPage.objects.live().open_now().filter(opening_notified_at=None)
        consultations = told = 0
        for page in waiting:
            members = announce_opening(page)
            consultations += bool(members)
            told += members
        self.stdout.write(
            _("Consultations announced: %(consultations)d; members told: %(members)d.")
            % {"consultations": consultations, "members": told}
        )
