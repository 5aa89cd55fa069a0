"""Hromada settings. Every operator-facing value comes from `hromada.config.env`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from hromada.config import env

BASE_DIR = Path(__file__).resolve().parent.parent  # src/hromada
VAR_DIR = env.var_dir()
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.flag("DEBUG", False)
SECRET_KEY = env.secret_key()
ALLOWED_HOSTS = env.items("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env.items("CSRF_TRUSTED_ORIGINS")
BASE_URL = env.text("BASE_URL", "http://127.0.0.1:8000")

DATABASE_URL = env.text("DATABASE_URL")
USING_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))

INSTALLED_APPS = [
    # Hromada modules first, so their templates override Wagtail's.
    "hromada.core",
    "hromada.portal",
    "hromada.reports",
    "hromada.organizations",
    "hromada.acts",
    "hromada.opendata",
    "hromada.correspondence",
    "hromada.activities",
    "hromada.monitoring",
    "hromada.participation",
    "hromada.outreach",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "hromada.core.users_app.StaffUsersConfig",  # wagtail.users, with our account rules
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Background jobs
    "django_tasks",
    "django_tasks_db",
    # Security
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]
if USING_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    # While the maintenance file exists, every request is answered 503 (portal/middleware.py).
    "hromada.portal.middleware.MaintenanceMiddleware",
    # Then: a cached anonymous page is answered before the rest of the stack runs
    # (core/middleware.py; it stores the headers the whole stack added).
    "hromada.core.middleware.AnonymousPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hromada.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hromada.core.middleware.LanguageMiddleware",
    "hromada.core.middleware.SiteMiddleware",
    # Our error pages for bare answers, long addresses and maintenance (portal/middleware.py).
    "hromada.portal.middleware.ErrorPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in (core/two_factor.py): which device, if any, verified this session;
    # then staff who still owe the second step are sent to it.
    "django_otp.middleware.OTPMiddleware",
    "hromada.core.two_factor_middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes goes last: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hromada.config.urls"
WSGI_APPLICATION = "hromada.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "hromada.core.context_processors.city",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# Read (and checked) even on SQLite, so a bad value fails at start wherever it is set.
DB_CONN_MAX_AGE = env.positive("DB_CONN_MAX_AGE", 60, minimum=0)
# A reused connection is checked (one `SELECT 1`) at the start of each request: without it the
# first query after a database restart or failover fails instead. See docs/operations.md.
DB_CONN_HEALTH_CHECKS = env.boolean("DB_CONN_HEALTH_CHECKS", True)
# SQLite's tuning, applied however SQLite is configured (the embedded default or a
# `DATABASE_URL=sqlite:///...`): WAL lets the web server read while the worker writes,
# `BEGIN IMMEDIATE` takes the write lock at the start of a transaction (so a reader that later
# writes waits instead of failing with "database is locked"), and a writer waits up to 20 s.
# Options given in the URL's query string win.
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASES: dict[str, dict[str, Any]]
if DATABASE_URL:
    DATABASES = {
        "default": dict(
            dj_database_url.parse(
                DATABASE_URL,
                conn_max_age=DB_CONN_MAX_AGE,
                conn_health_checks=DB_CONN_HEALTH_CHECKS,
            )
        )
    }
else:
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "hromada.sqlite3"}
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
REDIS_URL = env.text("REDIS_URL")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis's RedisCache, with an outage turned into misses (core/cache.py).
            "BACKEND": "hromada.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            # Given up on quickly: a page is better rendered uncached than late.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            # Distinct per site when several share one Redis (and per test run in CI).
            "KEY_PREFIX": env.text("CACHE_KEY_PREFIX", "hromada"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "hromada",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
PAGE_CACHE_SECONDS = env.number("PAGE_CACHE_SECONDS", 300)
# With a shared cache, signed-in requests read their session from it instead of the database
# (written through to the database, so a cache flush logs nobody out).
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Background jobs (django-tasks) -----------------------------------------
TASK_BACKEND = env.text("TASK_BACKEND", "rq" if REDIS_URL else "db")
_TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "hromada.core.task_backend.CommitAwareRQBackend",  # jobs reach Redis on commit
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in _TASK_BACKENDS:
    raise ValueError(f"TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {TASK_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASK_BACKEND], "QUEUES": ["default"]}}
if TASK_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
    # RQ's own Job calls the queued function, and a django-tasks Task is not callable: every
    # job would fail with "'Task' object is not callable". This job class runs the Task, and
    # django-rq's commands (`hromada rqworker default --with-scheduler`) take it from here.
    RQ = {"JOB_CLASS": "django_tasks_rq.Job"}

# --- Authentication and its protection ---------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_ENABLED = env.flag("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env.number("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
# The lock-out counts the same client address as the forms' rate limits (HROMADA_TRUSTED_PROXIES).
AXES_CLIENT_IP_CALLABLE = "hromada.core.spam.login_client_address"
# Set but no longer read (the proxies are HROMADA_TRUSTED_PROXIES): `hromada check` warns.
HROMADA_OBSOLETE_ENV = env.present("PROXY_COUNT")

LOGIN_URL = "wagtailadmin_login"


# Two-factor sign-in (core/two_factor.py): the name authenticator apps show for the account.
def OTP_TOTP_ISSUER(device: Any) -> str:
    from hromada.core.two_factor import issuer

    return issuer(device)


# --- Public forms: spam resistance (core/spam.py) ---------------------------
# Reverse proxies (addresses or networks, e.g. "127.0.0.1,10.0.0.0/24") whose X-Forwarded-For
# header names the client for the forms' rate limits. Empty: the header is never believed.
HROMADA_TRUSTED_PROXIES = env.items("HROMADA_TRUSTED_PROXIES")
# Rate-limit counts and used form tokens: in the cache only when it is shared by every worker
# (Redis); otherwise in the database (core.RateCounter), not in each worker's memory.
HROMADA_RATE_LIMITS_IN_CACHE = bool(REDIS_URL)
# A public form sent sooner than this many seconds after it was shown is refused.
HROMADA_FORM_MIN_SECONDS = env.positive("HROMADA_FORM_MIN_SECONDS", 5, minimum=0)

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("uk", "Українська"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["hromada.config.formats"]
LANGUAGE_COOKIE_NAME = "hromada_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media files ----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(VAR_DIR / "media")))
# Files that may hold personal data (correspondence attachments): outside MEDIA_ROOT, no public
# URL, served only through permission-checked views (hromada.core.private_files).
PRIVATE_MEDIA_ROOT = Path(env.text("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "hromada.core.private_files.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# S3-compatible storage (the `s3` extra): public media with S3_BUCKET, private files under the
# `private/` prefix of S3_PRIVATE_BUCKET (default: S3_BUCKET) with no URL (env.s3_storages).
S3_BUCKET = env.text("S3_BUCKET")
STORAGES.update(env.s3_storages())
# Front-end packages from package.json, installed by `npm ci --omit=dev` (`make install` runs
# `npm install`): Leaflet's dist is served from here as /static/vendor/leaflet/ and collected
# with everything else. Without it the problem-report maps stay plain SVG (a system check says so).
NODE_MODULES_DIR = Path(env.text("NODE_MODULES_DIR") or env.PROJECT_DIR / "node_modules")
LEAFLET_DIR = NODE_MODULES_DIR / "leaflet" / "dist"
STATICFILES_DIRS: list[Any] = [("vendor/leaflet", LEAFLET_DIR)] if LEAFLET_DIR.is_dir() else []
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Error pages (portal/errors.py): CSRF failures get our page with a "reload the form" hint;
# addresses longer than this get our 414 (below gunicorn's request-line limit, 8190 in
# config/gunicorn.py, and nginx's 8 KB buffer, so a long search reaches our page);
# while the maintenance file exists every request is answered 503 (docs/operations.md).
CSRF_FAILURE_VIEW = "hromada.portal.errors.csrf_failure"
HROMADA_MAX_URL_LENGTH = env.number("HROMADA_MAX_URL_LENGTH", 4000)
HROMADA_MAINTENANCE_FILE = env.text("HROMADA_MAINTENANCE_FILE", str(VAR_DIR / "maintenance"))
FILE_UPLOAD_PERMISSIONS = 0o644

# Upload limits applied by hromada.core.uploads to every upload field.
UPLOAD_MAX_IMAGE_BYTES = env.number("UPLOAD_MAX_IMAGE_BYTES", 15 * 1024 * 1024)
UPLOAD_MAX_DOCUMENT_BYTES = env.number("UPLOAD_MAX_DOCUMENT_BYTES", 50 * 1024 * 1024)
# Open-data resource files (uploads and the files harvest_ckan copies) are larger.
OPENDATA_MAX_UPLOAD_BYTES = env.opendata_max_upload_bytes()
# Hosts besides a CKAN source's own origin that `harvest_ckan` may download its uploads from
# (`host` or `host:port`), e.g. the storage a portal redirects its downloads to.
OPENDATA_HARVEST_FILE_HOSTS = env.items("OPENDATA_HARVEST_FILE_HOSTS")
# The daily link check requests stewards' links only on public IP addresses unless this is on.
OPENDATA_LINKCHECK_ALLOW_PRIVATE = env.flag("OPENDATA_LINKCHECK_ALLOW_PRIVATE", False)
# Media monitoring requests feeds and the article pages their items link to only on public
# IP addresses (every redirect hop too) unless this is on (hromada.core.outbound).
MONITORING_FETCH_ALLOW_PRIVATE = env.flag("MONITORING_FETCH_ALLOW_PRIVATE", False)
# Hosts whose /s/<channel> pages are Telegram channel previews read as feeds (tests add theirs).
MONITORING_TELEGRAM_HOSTS = ["t.me"]
# Older preview pages (?before=) read in one pass when a channel has that many new posts.
MONITORING_TELEGRAM_PAGES = env.positive("MONITORING_TELEGRAM_PAGES", 5)
# `hromada import_acts` downloads the files a CSV names by URL only from public IP addresses
# (every redirect hop too) unless this is on (hromada.core.outbound).
ACTS_IMPORT_ALLOW_PRIVATE = env.flag("ACTS_IMPORT_ALLOW_PRIVATE", False)

# --- The city's channels (outreach) -------------------------------------------
# Without a token nothing is posted and the admin shows no "post to" boxes.
TELEGRAM_BOT_TOKEN = env.text("TELEGRAM_BOT_TOKEN")
# The channel: "@name" (public) or its numeric id.
TELEGRAM_CHANNEL = env.text("TELEGRAM_CHANNEL")
TELEGRAM_API_URL = env.text("TELEGRAM_API_URL", "https://api.telegram.org")
FACEBOOK_PAGE_ID = env.text("FACEBOOK_PAGE_ID")
FACEBOOK_PAGE_TOKEN = env.text("FACEBOOK_PAGE_TOKEN")
# Graph API with a pinned version: a new version changes fields and errors.
FACEBOOK_GRAPH_URL = env.text("FACEBOOK_GRAPH_URL", "https://graph.facebook.com/v25.0")
# The channels' servers on a private network (tests, an intranet relay).
OUTREACH_ALLOW_PRIVATE_ADDRESSES = env.flag("OUTREACH_ALLOW_PRIVATE_ADDRESSES", False)
# Seconds a host name in those requests may take to resolve (hromada.core.outbound): a slow
# or hostile DNS server must not hold a worker. The request's connect timeout caps it too.
HROMADA_OUTBOUND_DNS_TIMEOUT = env.positive("HROMADA_OUTBOUND_DNS_TIMEOUT", 5)

# --- Residents' identity: ID.GOV.UA and the identity key (participation/residents) -------
# The portal's registration with ID.GOV.UA (docs/operations.md). With no client id the
# sign-in is not offered (in DEBUG, `make run` starts the local stand-in and sets these).
IDGOVUA_CLIENT_ID = env.text("IDGOVUA_CLIENT_ID")
IDGOVUA_CLIENT_SECRET = env.text("IDGOVUA_CLIENT_SECRET")
IDGOVUA_URL = env.text("IDGOVUA_URL", "https://id.gov.ua").rstrip("/")
IDGOVUA_AUTH_TYPES = env.items("IDGOVUA_AUTH_TYPES", "dig_sign,bank_id,diia_id")
if set(IDGOVUA_AUTH_TYPES) - {"dig_sign", "bank_id", "diia_id"}:
    raise ValueError(
        f"IDGOVUA_AUTH_TYPES takes dig_sign, bank_id, diia_id, not {IDGOVUA_AUTH_TYPES!r}"
    )
# The encrypted user-info mode: the portal's encryption certificate (base64) sent as `cert`,
# and the dotted path of a function that decrypts `encryptedUserInfo` into the fields.
IDGOVUA_CERT = env.text("IDGOVUA_CERT")
IDGOVUA_DECRYPTOR = env.text("IDGOVUA_DECRYPTOR")
# Let the client reach ID.GOV.UA on a private or loopback address (the stand-in, tests).
IDGOVUA_ALLOW_PRIVATE = env.flag("IDGOVUA_ALLOW_PRIVATE", False)
# The local stand-in ID.GOV.UA server (`hromada idgovua_standin`): refused unless DEBUG or this.
IDGOVUA_STANDIN_ENABLED = env.flag("IDGOVUA_STANDIN_ENABLED", False)
# The secret of the identity key (HMAC of the РНОКПП or passport number), kept apart from the
# database: without it the database alone cannot tell whose a key is.
RESIDENT_ID_KEY = env.text("RESIDENT_ID_KEY")
if IDGOVUA_CLIENT_ID and not RESIDENT_ID_KEY:
    raise ValueError("IDGOVUA_CLIENT_ID is set but RESIDENT_ID_KEY is not: set both")
# Levels per action, over the defaults of participation/verification.py, e.g.
# "petition.sign=email_confirmed" (a city whose charter allows it).
PARTICIPATION_LEVELS = env.items("PARTICIPATION_LEVELS")

# --- E-mail -----------------------------------------------------------------
for _name, _value in env.email_settings().items():
    globals()[_name] = _value
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers -------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview frames the page from the same origin.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
HTTPS = env.flag("HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", False)

# --- Maps (problem reports: the point picker and the public map) ----------------------------
# Leaflet is served from our own static files; only the tiles come from a tile server. When
# they are unreachable the map stays grey and the address field does the job; empty turns
# the tile map off (plain SVG map only).
MAP_TILE_URL = env.text("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.text("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
MAP_TILE_ATTRIBUTION_URL = env.text(
    "MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)


def _tile_origin(template: str) -> list[str]:
    """The tile server for the CSP's img-src: {s} subdomains become a wildcard."""
    from urllib.parse import urlsplit

    parts = urlsplit(template.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    # Wagtail's admin relies on inline scripts and styles; the public site does not.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:", *_tile_origin(MAP_TILE_URL)],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "media-src": [_SELF],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
    },
}

# --- Wagtail ----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Hromada"
# Seconds the admin sidebar of a user is reused (hromada.core.admin_sidebar; 0: built each page).
ADMIN_SIDEBAR_CACHE_SECONDS = env.positive("ADMIN_SIDEBAR_CACHE_SECONDS", 600, minimum=0)
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILIMAGES_IMAGE_MODEL = "core.HromadaImage"
WAGTAILDOCS_DOCUMENT_MODEL = "core.HromadaDocument"
WAGTAILIMAGES_IMAGE_FORM_BASE = "hromada.core.forms.ValidatedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "hromada.core.forms.ValidatedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = UPLOAD_MAX_IMAGE_BYTES
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "doc",
    "odt",
    "ods",
    "xlsx",
    "xls",
    "csv",
    "txt",
    "zip",
    "rtf",
]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# Wagtail's oEmbed finder (all its providers) with a bounded wait and answer size.
WAGTAILEMBEDS_FINDERS = [{"class": "hromada.portal.embeds.OEmbedFinder"}]
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Avatars are the users' initials drawn locally: no request to an outside avatar service.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

# --- Correspondence (public-information requests and appeals) ---------------------
# Requesters' data and attachments of cases closed this many years ago are erased.
CORRESPONDENCE_ANONYMIZE_AFTER_YEARS = env.positive("CORRESPONDENCE_ANONYMIZE_AFTER_YEARS", 5)
# Submissions per client address: (count, seconds); the status page allows 6× as many look-ups.
CORRESPONDENCE_FORM_RATE_LIMIT = env.rate("CORRESPONDENCE_FORM_RATE_LIMIT", (5, 600))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Kyiv time with its offset, whatever the process's TZ; gunicorn's own logs use the same
    # formatter (config/gunicorn.py), so the lines of every process agree.
    "formatters": {"plain": {"()": "hromada.config.logs.LocalTimeFormatter"}},
    # The level is the handler's too: db_worker sets its job logger to INFO itself, so only
    # the handler can keep its line per job off a quiet console (`make run`: LOG_LEVEL=WARNING).
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "level": env.text("LOG_LEVEL", "INFO"),
        }
    },
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # httpx logs every request's URL at INFO; ID.GOV.UA's protocol puts the client secret,
        # the codes and the access tokens in the query (participation/residents/idgovua.py).
        "httpx": {"level": "WARNING"},
    },
}

# Ask video providers for embed codes when a page is published (off in tests: no internet).
FETCH_VIDEO_EMBEDS = env.flag("FETCH_VIDEO_EMBEDS", True)
