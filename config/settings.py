"""Settings for the community programs directory.

One module, configured by environment variables (see the README's configuration table).
The defaults give a working local site; production values that matter are refused when unsafe.
"""

from pathlib import Path

from django.utils.csp import CSP
from import_export.formats.base_formats import JSON

from config import env
from directory.spreadsheets import SpreadsheetSafeCSV

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.get_bool("DJANGO_DEBUG", False)

SECRET_KEY = env.get_secret_key(
    "DJANGO_SECRET_KEY", DEBUG, development_key="django-insecure-local-development-only"
)

ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "import_export",
    "phonenumber_field",
    "directory",
    "organizations",
    "programs",
    "api",
    "editing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "directory.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page, and 304 Not Modified when the visitor's copy is current.
    "django.middleware.http.ConditionalGetMiddleware",
    # Whole pages for anonymous visitors, from CACHE_URL; see directory/cache.py.
    "directory.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Who made an edit, for the history of every program and organization.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login lockout; last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": env.get_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.get_cache("CACHE_URL", "locmem://directory"),
    # Parts of list cards ({% cache %} in templates): small and many, and never stale, as the
    # directory version is in their keys; so each process keeps its own, whatever CACHE_URL
    # says, and they do not push whole pages out of it. 10,000 parts take a few megabytes.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}

# Public pages are cached whole for anonymous visitors (directory/cache.py) and go stale at once
# when anything in these apps (or "app.Model"s) is saved or deleted. 0 seconds turns it off.
PAGE_CACHE_SECONDS = env.get_int("DJANGO_PAGE_CACHE_SECONDS", 600)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_DIRECTORY_DATA = [
    "programs",
    "organizations",
    "directory.Language",
    "directory.Synonym",
]
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/healthz"]
# The program list's facet counts (how many programs each filter option gives) cover every
# program; they are kept this long in the cache for the current directory version. 0: off.
FACET_CACHE_SECONDS = env.get_int("DJANGO_FACET_CACHE_SECONDS", 600)

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out client is refused before its password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editing/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "editing.clients.client_ip"

# Public "suggest an edit" and "propose a program" forms: posts per client address per hour.
SUGGESTIONS_PER_HOUR = env.get_int("DJANGO_SUGGESTIONS_PER_HOUR", 5)
# A post that fails the CSRF check gets its form back, filled in, instead of a bare 403.
CSRF_FAILURE_VIEW = "editing.views.csrf_failure"

# Bulk import in admin (django-import-export): rows are saved only after the preview is
# confirmed, all in one transaction; importing needs the "add" permission, exporting "view".
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Between preview and confirmation the file waits in the database (directory/imports.py).
IMPORT_EXPORT_TMP_STORAGE_CLASS = "directory.imports.PendingImportStorage"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# CSV cells that would run as spreadsheet formulas are escaped on export, as in /programs.csv.
IMPORT_EXPORT_FORMATS = [SpreadsheetSafeCSV, JSON]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
# Phone numbers typed without +country are read as US numbers (django-phonenumber-field).
PHONENUMBER_DEFAULT_REGION = "US"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    # No collectstatic step while developing: serve the files as they are.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Security. Django's own Content-Security-Policy middleware: every script, style, font and
# image comes from this site, and no page has an inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page uses, switched off for this site and anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Only editors have sessions: sign them out after a working day.
SESSION_COOKIE_AGE = 60 * 60 * 12
# Origins allowed to POST forms when a proxy changes the Host header, e.g.
# https://programs.example.mit.edu (comma-separated, with the scheme).
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

HTTPS = env.get_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix: browsers keep these cookies only from HTTPS, for this exact host.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = env.get_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # The preload directive only takes effect once the domain is submitted to the browsers' list.
    SECURE_HSTS_PRELOAD = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (see README).
    if env.get_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
