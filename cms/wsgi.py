import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()

# What loading the application created (models, Wagtail, machina: about 190,000 objects) stays
# for the life of the process: kept out of the garbage collector's reach, the full collections
# that run every few hundred requests no longer walk it (a pause of about 80 ms each, measured by
# `manage.py bench_search`).
gc.freeze()
