from django.core.management.base import BaseCommand

from community.experts.routing import return_overdue_assignments
from community.steering.alerts import queue_daily_alerts
from community.steering.unanswered import unanswered_delay


class Command(BaseCommand):
    help = (
        "E-mail each moderator and theme referent, once a day, the questions of their rubrics "
        "or themes still without an answer after COMCEP_UNANSWERED_DELAY_HOURS, after giving "
        "back to the moderators the assigned questions still unanswered after "
        "COMCEP_ASSIGNMENT_DELAY_HOURS (cron, daily)."
    )

    def handle(self, *args, **options):
        # Assigned questions still unanswered after COMCEP_ASSIGNMENT_DELAY_HOURS come back to
        # the moderators of their rubric first (community/experts).
        returned = return_overdue_assignments()
        queued = queue_daily_alerts()
        hours = int(unanswered_delay().total_seconds() // 3600)
        self.stdout.write(
            f"Questions sans réponse depuis plus de {hours} h : {queued} résumé(s) envoyé(s) "
            "aux modérateurs et référents ; questions confiées revenues aux modérateurs : "
            f"{returned}."
        )
