from django.core.management.base import BaseCommand

from community.steering.alerts import queue_daily_alerts
from community.steering.unanswered import unanswered_delay


class Command(BaseCommand):
    help = (
        "E-mail each moderator, once a day, the questions of their rubrics still without an "
        "answer after COMCEP_UNANSWERED_DELAY_HOURS (cron, daily)."
    )

    def handle(self, *args, **options):
        queued = queue_daily_alerts()
        hours = int(unanswered_delay().total_seconds() // 3600)
        self.stdout.write(
            f"Questions sans réponse depuis plus de {hours} h : {queued} résumé(s) envoyé(s) "
            "aux modérateurs."
        )
