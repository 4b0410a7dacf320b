"""Settings shared by every environment. Everything that varies comes from the environment."""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

from cms.transfer.sensitive import SENSITIVE_WAGTAIL_MODELS

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A French page in the site's look when a form fails the CSRF check (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "cms.errors.csrf_failure"

INSTALLED_APPS = [
    # Project apps first so that their templates and translations win.
    "home",
    "cms.standard",
    "cms.taxonomies",
    "cms.videos",
    "cms.toolbox",
    "cms.paths",
    "cms.offers",
    "cms.structures",
    "cms.news",
    "cms.questions",
    "cms.transfer",
    "cms.operations",
    "cms.performance",
    "search",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.forms",
    "community.accounts",
    # Machina, extended by same-label apps in community/ (see community/README.md).
    "machina",
    "machina.apps.forum",
    "community.forum_conversation",
    "community.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "community.forum_moderation",
    "community.forum_tracking",
    "community.forum_member",
    "community.moderation",
    "community.notifications",
    "community.privacy",
    "community.steering",
    "community.contributions",
    "community.pilot",
    "community.experts",
    "community.bookmarks",
    "community.drafts",
    "community.consultations",
    "django_tasks",
    "django_tasks_db",
    "community.forum_permission",
    "mptt",
    "widget_tweaks",
    # Wagtail
    "wagtail_transfer",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    # Login lockout (community/accounts/lockout.py).
    "axes",
    "csp",
    "corsheaders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous readers of public pages, from the shared cache (cms/performance/pagecache.py).
    "cms.performance.pagecache.AnonymousPageCacheMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every response, and a 400 for
    # addresses holding a NUL character or a malformed API or admin parameter: cms/security.py.
    "cms.security.ContentSecurityPolicyMiddleware",
    "cms.security.PermissionsPolicyMiddleware",
    "cms.security.RejectNulBytesMiddleware",
    "cms.security.RejectMalformedParametersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cross-origin reads of the public API and oEmbed only (CORS_URLS_REGEX); before Common.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The Wagtail site of the (validated) host, from the shared cache: cms/performance/shared.py.
    "cms.performance.shared.SiteFromCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # machina's, without a session for anonymous readers; after session and authentication.
    "community.forum_permission.middleware.ForumPermissionMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a refused sign-in (too many failures) into the French lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # templates/machina/ shadows machina's own templates, which come last.
        "DIRS": [
            BASE_DIR / "templates",
            BASE_DIR / "templates" / "machina",
            MACHINA_MAIN_TEMPLATE_DIR,
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "machina.core.context_processors.metadata",
                "cms.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# A PostgreSQL read replica, if wanted: reads of signed-in pages go to it, writes and cached pages
# to the primary (cms/performance/replica.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
    DATABASE_ROUTERS = ["cms.performance.replica.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "cms.performance.replica.ReplicaReadsMiddleware",
    )
# Seconds during which a visitor who has just written reads the primary (the replica's lag).
REPLICA_PAUSE_SECONDS = int(os.environ.get("REPLICA_PAUSE_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Machina's untouched apps keep their models but their migrations are owned by the project, so that
# the project's DEFAULT_AUTO_FIELD never makes makemigrations write into site-packages.
MIGRATION_MODULES = {
    label: f"community.machina_migrations.{label}"
    for label in ("forum", "forum_polls", "forum_tracking", "forum_permission")
}

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out sign-in name before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Sign-in by e-mail address; Django's ModelBackend permissions, kept in the shared cache.
    "community.accounts.backends.CachedPermissionsBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = "/comptes/connexion/"
# Wagtail's admin signs in by e-mail address, like the site (community/accounts/forms.py).
WAGTAILADMIN_USER_LOGIN_FORM = "community.accounts.forms.WagtailSignInForm"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static", MACHINA_MAIN_STATIC_DIR]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Forum attachments: never under MEDIA_ROOT, never served by the web server; only machina's
# permission-checked view reads them (community/forum_conversation/forum_attachments/).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "attachments": {
        "BACKEND": "community.forum_conversation.forum_attachments.storage.PrivateFileSystemStorage"
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media on an object store (S3 or compatible) for sites served by more than one machine:
# MEDIA_STORAGE=s3 with the optional extra (pip install ".[s3]": django-storages and boto3) and the
# AWS_* variables django-storages reads (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL,
# AWS_S3_REGION_NAME, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). Only the backend's dotted path is
# named here: nothing imports django-storages unless the switch is on. Forum attachments stay on a
# private disk shared by the app servers (PRIVATE_MEDIA_ROOT), never on the public store.
if os.environ.get("MEDIA_STORAGE") == "s3":
    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured('MEDIA_STORAGE=s3 needs the s3 extra: pip install ".[s3]"')
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
        },
    }

# Backups (manage.py backup_site): Django JSON with natural keys for content types and permissions.
SERIALIZATION_MODULES = {"portable_json": "cms.operations.serializers"}

REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis unreachable, the site keeps serving without it (cms/performance/redis_cache.py); these
# socket timeouts (seconds) bound what a Redis that does not answer costs a request.
REDIS_CACHE_OPTIONS = {
    "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
    "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "1")),
}
if REDIS_URL:
    _default_cache = {
        "BACKEND": "cms.performance.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": REDIS_CACHE_OPTIONS,
    }
else:
    _default_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": _default_cache,
    # Machina keeps uploaded attachments of a post being edited here between two requests.
    "machina_attachments": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "ATTACHMENTS_CACHE_DIR", str(BASE_DIR / ".cache" / "attachments")
        ),
    },
}
# Lists (catalogue, forum) serve this many pages at most: no request reads deep into a table
# (cms/performance/paging.py).
COMCEP_MAX_PAGES = 100

# Sessions are written to the database and read from the cache (Redis in production, shared by every
# app server): a signed-in page costs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Public pages for readers without a session come from this cache, under a version number bumped by
# every change they may show (cms/performance/). 0 turns it off. Allowed addresses: the home page,
# every Wagtail page and these prefixes, never the excluded ones.
COMCEP_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
COMCEP_PAGE_CACHE_ALIAS = "default"
# Addresses with a query kept per page and version of public content (?q=<random> cannot fill the
# cache; the address without a query is always kept): cms/performance/pagecache.py.
COMCEP_PAGE_CACHE_VARIANTS = int(os.environ.get("PAGE_CACHE_VARIANTS", "100"))
COMCEP_PAGE_CACHE_PREFIXES = [
    "/offres/",
    "/videos/",
    "/actualites/",
    "/structures/",
    "/forum/",
    "/api/v2/",
    "/plan-du-site/",
    "/sitemap.xml",
    "/robots.txt",
]
# Answers that are the same whoever asks: served from the cache to signed-in members too.
COMCEP_PAGE_CACHE_SHARED_PREFIXES = ["/api/v2/"]
COMCEP_PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/comptes/",
    "/recherche/",
    "/notifications/",
    "/wagtail-transfer/",
    "/documents/",
    "/forum/search/",
    "/forum/member/",
    "/forum/moderation/",
    "/forum/tracking/",
    "/forum/signaler/",
]

# Background work (e-mails, notification fan-out, digests) runs as Django tasks. Production and
# `make run` store them in the database and a `manage.py db_worker` process runs them; the test
# suite runs them at once (cms/settings/test.py).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ComCep <ne-pas-repondre@comcep.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "ComCep"
# The portal's public address: every absolute link it gives out starts with it (e-mails, feeds,
# sitemap, read API, oEmbed; cms/public_urls.py), and the default Wagtail Site follows it at each
# migrate (home/site.py). Scheme and host, no path; https only on port 443 (comcep.E006).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Privacy: the Wagtail admin makes no request to another server (no Gravatar images, no check for
# a new Wagtail release, no "what's new" banner pointing to wagtail.org).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_I18N_ENABLED = False
# Page slugs in ASCII ("aide-regionale-…", not "aide-r%C3%A9gionale-…"); the forum follows suit
# (community/forum_conversation/slugs.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# A partner's page may read the public API and oEmbed from the browser (the partner guide shows
# how): any origin, read-only, never with the visitor's cookies. Nothing else is cross-origin.
CORS_URLS_REGEX = r"^/(api/v2|oembed)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# One index for pages and forum posts (search/). The database backend by default: SQLite FTS5
# (its unicode61 tokenizer ignores case and accents) or PostgreSQL full text with the
# "comcep_french" configuration (French stemming over unaccented words; search/migrations/).
# SEARCH_URL switches to OpenSearch or Elasticsearch for sites that outgrow one database, e.g.
# SEARCH_URL=opensearch+https://user:password@search.example.org:9200 (client: opensearch-py).
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_ENGINES = {
    "opensearch": "modelsearch.backends.opensearch2",
    "opensearch3": "modelsearch.backends.opensearch3",
    "elasticsearch": "modelsearch.backends.elasticsearch8",
    "elasticsearch9": "modelsearch.backends.elasticsearch9",
}
if SEARCH_URL:
    _engine, _, _address = SEARCH_URL.partition("+")
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": SEARCH_ENGINES[_engine],
            "URLS": [_address],
            "INDEX": os.environ.get("SEARCH_INDEX", "comcep"),
            "TIMEOUT": 5,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            # Wagtail's database backend, its full-text queries built safely from any text.
            "BACKEND": "search.backend",
            "SEARCH_CONFIG": "comcep_french",
        }
    }
# Images: at most this many pixels (all frames counted; renditions decode the whole image), and
# every image form refuses with a French error a file the image library cannot read whole
# (cms/images.py).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", "50000000"))
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.images.ImageForm"
# Documents go through Wagtail's view (collection privacy is checked there); only PDF and plain
# text open in the browser, everything else is a download. Never allow html, htm, svg or xml.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]

# wagtail-transfer: the other instances this one can import from, and this one's shared secret
# (required in production: at least 50 random characters; dev.py makes one per checkout).
WAGTAILTRANSFER_SECRET_KEY = os.environ.get("WAGTAILTRANSFER_SECRET_KEY", "")
WAGTAILTRANSFER_SOURCES = {}
if os.environ.get("WAGTAILTRANSFER_SOURCE_URL"):
    WAGTAILTRANSFER_SOURCES[os.environ.get("WAGTAILTRANSFER_SOURCE_NAME", "source")] = {
        "BASE_URL": os.environ["WAGTAILTRANSFER_SOURCE_URL"],
        "SECRET_KEY": os.environ.get("WAGTAILTRANSFER_SOURCE_SECRET_KEY", ""),
    }
# What an import never creates from a reference: pages outside the chosen subtree, and everything
# this project never exports (cms/transfer/policy.py; the comcep.E004 check keeps the two in step).
WAGTAILTRANSFER_NO_FOLLOW_MODELS = [
    "wagtailcore.page",
    "contenttypes.contenttype",
    "wagtailcore.revision",
    # Members, access rights, sessions and logs.
    "accounts.user",
    "accounts.operatoremaildomain",
    "accounts.communitysettings",
    "auth.group",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "wagtailusers.userprofile",
    "wagtailadmin.admin",
    "wagtailadmin.editingsession",
    "wagtailadmin.formstate",
    # Drafts, editorial discussion, access rules and who did what.
    *sorted(SENSITIVE_WAGTAIL_MODELS - {"wagtailcore.revision"}),
    # The forum.
    "forum.forum",
    "forum_conversation.topic",
    "forum_conversation.post",
    "forum_attachments.attachment",
    "forum_polls.topicpoll",
    "forum_polls.topicpolloption",
    "forum_polls.topicpollvote",
    "forum_tracking.forumreadtrack",
    "forum_tracking.topicreadtrack",
    "forum_member.forumprofile",
    "forum_permission.forumpermission",
    "forum_permission.groupforumpermission",
    "forum_permission.userforumpermission",
    "community_moderation.postreport",
    "community_moderation.moderationlogentry",
    "community_moderation.refusedpost",
    # Members' proposals, error reports and the pages their posts cite.
    "contributions.proposal",
    "contributions.errorreport",
    "contributions.pagecitation",
    # Follows, notifications and their delivery records; the dashboard's alert records.
    "notifications.follow",
    "notifications.notification",
    "notifications.notificationpreferences",
    "notifications.digestdelivery",
    "notifications.postfanout",
    "steering.unansweredalert",
    "steering.suggestionopening",
    # Answers to forms and consultations, and who answered.
    "wagtailforms.formsubmission",
    "consultations.consultationsubmission",
    "consultations.participation",
]
# The project's own rules for what other instances may export from this one (cms/transfer/):
# only these models, and of them only published, public content unless the importing instances
# are trusted with drafts and private pages (WAGTAILTRANSFER_EXPORT_UNPUBLISHED).
WAGTAILTRANSFER_EXPORTABLE_MODELS = [
    "wagtailcore.page",
    "videos.playlistitem",
    "wagtailcore.locale",
    "wagtailcore.collection",
    "wagtailimages.image",
    "wagtaildocs.document",
    "taggit.tag",
    "taggit.taggeditem",
    "taxonomies.audience",
    "taxonomies.region",
    "taxonomies.operator",
    "taxonomies.theme",
    "taxonomies.scheme",
]
WAGTAILTRANSFER_EXPORT_UNPUBLISHED = env_bool("WAGTAILTRANSFER_EXPORT_UNPUBLISHED", False)
# How an import recognises what already exists here. Reference lists by their slug: an entry both
# instances hold is reused (and updated), never created twice against its unique name. Members
# are never created by an import (WAGTAILTRANSFER_NO_FOLLOW_MODELS): an offer's editor responsible
# is the account with the same username here, or left empty. Only the username travels.
WAGTAILTRANSFER_LOOKUP_FIELDS = {
    "taxonomies.audience": ["slug"],
    "taxonomies.region": ["slug"],
    "taxonomies.operator": ["slug"],
    "taxonomies.theme": ["slug"],
    "taxonomies.scheme": ["slug"],
    "accounts.user": ["username"],
}
# What an import brings up to date whenever a page refers to it: a theme renamed at the source is
# renamed here, an image or document replaced at the source is replaced here.
WAGTAILTRANSFER_UPDATE_RELATED_MODELS = [
    "wagtailimages.image",
    "wagtaildocs.document",
    "taxonomies.audience",
    "taxonomies.region",
    "taxonomies.operator",
    "taxonomies.theme",
    "taxonomies.scheme",
]

# Machina
MACHINA_FORUM_NAME = "Forum ComCep"
MACHINA_BASE_TEMPLATE_NAME = "base.html"
MACHINA_USER_DISPLAY_NAME_METHOD = "get_display_name"
MACHINA_PROFILE_AVATARS_ENABLED = False
# A plain, accessible textarea: machina's JavaScript editor needs an icon font we do not ship.
MACHINA_MARKUP_WIDGET = "django.forms.widgets.Textarea"
# Posts: Markdown, then sanitised with an allow-list (community/forum_conversation/markup.py).
MACHINA_MARKUP_LANGUAGE = ("community.forum_conversation.markup.render_markdown", {})

# Community: anonymous visitors may read the public rubrics (re-apply the roles after a
# change: manage.py apply_forum_roles); the first N posts of a member who signed up wait for a
# moderator's approval.
COMCEP_FORUM_ANONYMOUS_READ = env_bool("COMCEP_FORUM_ANONYMOUS_READ", True)
COMCEP_PREMODERATED_POSTS = int(os.environ.get("COMCEP_PREMODERATED_POSTS", "2"))
# Days a refused post's text is kept for its author ("Mes messages refusés"), then purged by
# `manage.py purge_refused_posts` (daily).
COMCEP_REFUSED_POSTS_DAYS = int(os.environ.get("COMCEP_REFUSED_POSTS_DAYS", "30"))
# Largest forum attachment accepted, in bytes (10 MiB by default).
COMCEP_ATTACHMENT_MAX_BYTES = int(
    os.environ.get("COMCEP_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)

# Abuse controls. Sign-in (community/accounts/lockout.py): members sign in with their e-mail
# address (community/accounts/backends.py). After COMCEP_LOGIN_FAILURE_LIMIT failed attempts for one
# sign-in name from one address (whether the account exists or not), every attempt for that name
# from that address, the right password included, is refused for COMCEP_LOGIN_COOLOFF_MINUTES,
# counted from the last failure that counted: attempts during the lockout do not extend it. Applies
# to the site, Wagtail's and Django's admin sign-in.
AXES_FAILURE_LIMIT = int(os.environ.get("COMCEP_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("COMCEP_LOGIN_COOLOFF_MINUTES", "15")))
# Per sign-in name *and* address, never per name alone (anyone could lock anyone out) nor per
# address alone (a whole agency may share one address).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_CALLABLE = "community.accounts.lockout.sign_in_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "community.accounts.lockout.locked_out_response"
# Failed attempts only: successful sign-ins are not logged (no needless personal data).
AXES_DISABLE_ACCESS_LOG = True
# The request header that holds the visitor's address: REMOTE_ADDR, or the header the reverse
# proxy overwrites (e.g. HTTP_X_REAL_IP). Used by the lockout and by the rate limits.
COMCEP_CLIENT_IP_HEADER = os.environ.get("COMCEP_CLIENT_IP_HEADER", "REMOTE_ADDR")
AXES_IPWARE_META_PRECEDENCE_ORDER = (COMCEP_CLIENT_IP_HEADER,)
RATELIMIT_IP_META_KEY = COMCEP_CLIENT_IP_HEADER

# Rate limits (community/ratelimits.py), counted in the default cache (use Redis in production:
# REDIS_URL; the in-process cache counts per process). "N/m", "N/h" or "N/d". Only what succeeds
# counts (a post saved, an e-mail sent, a report filed); sign-in failures are the lockout's (above).
# Override some with the environment, e.g. COMCEP_RATE_LIMITS="post=5/m,signup=3/h".
COMCEP_RATE_LIMITS = {
    "post": "10/m",  # topics and replies, per member
    "post_hourly": "100/h",  # per member
    "post_ip": "60/m",  # per address (many members behind one address)
    "signup": "5/h",  # sign-up forms sent, per address
    "password_reset": "3/h",  # reset e-mails asked for one e-mail address
    "password_reset_ip": "10/h",  # per address
    "report": "20/h",  # post reports, per member
    "report_ip": "60/h",  # per address
    "proposal": "10/h",  # resources proposed for the catalogue, per member
    "proposal_ip": "30/h",  # per address
    "feedback": "10/h",  # beta feedback sent, per member
    "rubric_proposal": "5/h",  # rubric and theme proposals, per member
    "expert_request": "10/h",  # "Solliciter un expert" requests sent, per member
    "similar_questions": "60/m",  # suggestions asked while typing a new question, per member
}
# Redis unreachable, nothing is counted and nothing is refused (sign-in lockout is kept in the
# database by django-axes and still applies).
RATELIMIT_FAIL_OPEN = True
COMCEP_RATE_LIMITS |= dict(
    item.split("=", 1) for item in env_list("COMCEP_RATE_LIMITS") if "=" in item
)
# A suggested discussion opened from the new-topic form counts as a question avoided unless its
# reader posts a topic within this many minutes (community/steering/stats.py).
COMCEP_AVOIDED_QUESTION_MINUTES = int(os.environ.get("COMCEP_AVOIDED_QUESTION_MINUTES", "30"))
# Longest post (topic or reply) in characters, Markdown included.
COMCEP_POST_MAX_LENGTH = int(os.environ.get("COMCEP_POST_MAX_LENGTH", "20000"))
# A question with no answer after this many hours is listed on the community dashboard and the
# moderators' queue, and is in their daily summary (manage.py alert_unanswered).
COMCEP_UNANSWERED_DELAY_HOURS = int(os.environ.get("COMCEP_UNANSWERED_DELAY_HOURS", "48"))
# A question assigned to a member and still unanswered after this many hours comes back to the
# moderators of its rubric (manage.py alert_unanswered).
COMCEP_ASSIGNMENT_DELAY_HOURS = int(os.environ.get("COMCEP_ASSIGNMENT_DELAY_HOURS", "72"))
# Members asked for their help on one question, in all ("Solliciter un expert": 3 at a time).
COMCEP_EXPERT_REQUESTS_PER_TOPIC = int(os.environ.get("COMCEP_EXPERT_REQUESTS_PER_TOPIC", "6"))

# Videos: how a UODC video link becomes its player address. Each rule is a regular
# expression matched against the video's address and the player address built from its named groups.
# Links that match no rule go through Wagtail's oEmbed finders (WAGTAILEMBEDS_FINDERS).
COMCEP_VIDEO_PLAYER_RULES = [
    {
        "pattern": r"^https://(?:www\.)?uodc\.fr/capsules/(?P<id>[A-Za-z0-9_-]+)/?$",
        "player": "https://player.uodc.fr/embed/{id}",
        "host_name": "UODC",
    },
]
# No WAGTAILAPI_BASE_URL: the read API's detail_url and html_url both come from the Wagtail Site,
# which follows WAGTAILADMIN_BASE_URL.
WAGTAILAPI_LIMIT_MAX = 50

# Security headers that hold in every environment.
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy of public and forum pages (django-csp): no inline script or style. A page
# with a video player adds its player's origin to frame-src; the embed page lists the partners in
# frame-ancestors; the admin has a relaxed policy (cms/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Error reports mask the personal data the guard finds in the request and the frames' variables.
DEFAULT_EXCEPTION_REPORTER_FILTER = "community.privacy.reporting.PersonalDataReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Months after which a catalogue page's "verified on" date is too old (by kind of offer).
FRESHNESS_MONTHS = {"funding": 6, "aid_scheme": 6, "default": 12}
