"""Coproduce settings: one file, everything from the environment.

The defaults suit a laptop (SQLite, console email, in-process tasks). Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL; with DEBUG off the
HTTPS and cookie settings below switch on so ``manage.py check --deploy`` is clean.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from coproduce.sso_providers import sso_apps
from coproduce.storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COPRODUCE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DEBUG", True)
# The fallback key is only usable with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "local-development-only-key-not-for-production-use-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # allauth's passkey list uses it
    "crispy_forms",
    "crispy_bootstrap5",
    # Sign-in, password change and reset, second sign-in step (projects/accounts/).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on through OpenID Connect (projects/accounts/sso.py).
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # Each sign-in's time, address and browser, for the account page (coproduce/sessions.py).
    "allauth.usersessions",
    # Readiness page template and the `health_check` command (/health/ready/).
    "health_check",
    # The REST API under /api/, its OpenAPI schema and docs page (projects/api/).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "projects",
    "logicmodels",
    "evaluation",
]

MIDDLEWARE = [
    # First, so every log line of the request (and each redirect) carries its id.
    "coproduce.middleware.request_id",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: reads the language cookie and Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    # Staff pages stay in English until their strings are translated.
    "coproduce.middleware.EnglishStaffPages",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who, from which page and request: the context of every history event.
    "coproduce.history.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Pages under a project's old slug redirect to its present one.
    "projects.middleware.old_project_slugs",
    # Idle and absolute sign-in limits (SESSION_IDLE_MINUTES, SESSION_HOURS).
    "coproduce.middleware.session_limits",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "coproduce.middleware.content_security_policy",
    "coproduce.middleware.no_store_personal_pages",
    "allauth.account.middleware.AccountMiddleware",
    # People who must use a second sign-in step see only the set-up pages until they have one.
    "projects.accounts.middleware.mfa_enrolment_required",
]

ROOT_URLCONF = "coproduce.urls"

# The REST API (projects/api/auth.py, base.py): tokens or the browser's sign-in, pages of 50.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "projects.api.auth.TokenAuthentication",
        # Signed-in browser use (the docs page); writes need the CSRF token.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["projects.api.base.ScopedAccess"],
    "DEFAULT_PAGINATION_CLASS": "projects.api.base.Pages",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "projects.api.base.api_exceptions",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Coproduce API",
    "DESCRIPTION": (
        "Read and log a programme's co-production records. Every call acts as the "
        "token's owner, with the same access as their pages."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Docs page assets come from our own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    # No validator badge: it would load an image from swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "projects.api.schema.error_answers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "RoleCategoryEnum": "projects.models.RoleCategory",
        "StageEnum": "projects.models.DiamondStage",
        "ActivityKindEnum": "projects.models.ActivityKind",
        "TransitionKindEnum": "projects.models.TransitionKind",
        "ProjectStatusEnum": "projects.models.ProjectStatus",
        "LogicModelKindEnum": "logicmodels.models.ModelKind",
        "VersionStatusEnum": "logicmodels.models.VersionStatus",
        "ReportKindEnum": "evaluation.models.ReportKind",
        "JobStatusEnum": "evaluation.models.JobStatus",
    },
}
WSGI_APPLICATION = "coproduce.wsgi.application"

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
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'coproduce.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages' queries are short; PostgreSQL's JIT compiler, which starts on
    # queries it guesses are costly, added tens of milliseconds to them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth (projects/accounts/): sign in with username or email and password;
# accounts come from invitations or admin, never from an open sign-up form.
ACCOUNT_ADAPTER = "projects.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Invited people prove their address by opening the invitation, so sign-in does not
# wait for a second confirmation email.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# The sign-in cookie lasts SESSION_HOURS (with the idle limit), as before allauth.
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Coproduce: "
ACCOUNT_PREVENT_ENUMERATION = True
# A reset request for an address with no account sends nothing (the page looks the same).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Throttling (allauth's rate limits, kept in the cache: Redis in production). Failed
# sign-ins count per username (or email) *and* address together, so a stranger cannot
# lock someone out from elsewhere, plus a limit per address across usernames. Only
# allowed tries are counted, so trying again while refused does not extend the wait.
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "15"))
LOGIN_FAILURE_MINUTES = int(os.environ.get("LOGIN_FAILURE_MINUTES", "15"))
PASSWORD_RESETS_PER_EMAIL = int(os.environ.get("PASSWORD_RESETS_PER_EMAIL", "3"))
PASSWORD_RESETS_PER_ADDRESS = int(os.environ.get("PASSWORD_RESETS_PER_ADDRESS", "10"))
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": (
        f"{LOGIN_FAILURES_PER_ADDRESS}/{LOGIN_FAILURE_MINUTES}m/ip,"
        f"{LOGIN_FAILURES_PER_ACCOUNT}/{LOGIN_FAILURE_MINUTES}m/key"
    ),
    "reset_password": (
        f"{PASSWORD_RESETS_PER_ADDRESS}/h/ip,{PASSWORD_RESETS_PER_EMAIL}/h/key"
    ),
    "reset_password_from_key": "20/h/ip",
    "change_password": "5/m/user",
}
# Second sign-in step: authenticator app with recovery codes, passkeys and security keys.
MFA_ADAPTER = "projects.accounts.adapter.MFAAdapter"
MFA_FORMS = {"add_webauthn": "projects.accounts.forms.AddWebAuthnForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Coproduce"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG or env_bool("WEBAUTHN_ALLOW_HTTP", False)

# Single sign-on (projects/accounts/sso.py): Microsoft Entra ID for the listed tenants
# and one generic OpenID Connect provider, each only when its variables are set. An SSO
# sign-in finds an account by verified email or an invitation; it never opens one.
SOCIALACCOUNT_ADAPTER = "projects.accounts.sso.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": sso_apps(os.environ)}}
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
# The "Sign in with ..." buttons post, so a link elsewhere cannot start a sign-in.
SOCIALACCOUNT_LOGIN_ON_GET = False

LANGUAGE_CODE = "en-gb"
# Participant pages (scoring and review links) are in English and Welsh.
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "coproduce_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # keeps WhiteNoise from warning
NODE_MODULES = BASE_DIR / "node_modules"
# Third-party front-end files are served straight from the npm install (package-lock.json).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("lib/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("lib/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
# Uploaded evidence and generated reports. They are never served from MEDIA_URL:
# every download goes through a view that checks project membership.
MEDIA_URL = "/media/"
EVIDENCE_MAX_UPLOAD_BYTES = int(
    os.environ.get("EVIDENCE_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024))
)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# MEDIA_ROOT on this host, or a private S3 bucket when AWS_STORAGE_BUCKET_NAME is set
# (coproduce/storage.py lists the variables).
STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Cache for derived figures (e.g. a scoring round's medians), keyed so that any change
# to the underlying rows makes a new key. Per process by default; with CACHE_URL
# (redis://...) shared by every process and host.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
        }
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    )
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Every form shows its text limits and a live count (coproduce/forms.py).
FORM_RENDERER = "coproduce.forms.FormRenderer"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "coproduce@localhost")

# Invitations to a programme or project: the emailed link works once, for this many
# days. Sends are limited per invited address and per sender's IP address within a
# rolling window, so the invitation form cannot be used to flood someone's inbox.
INVITATION_DAYS = int(os.environ.get("INVITATION_DAYS", "14"))
INVITATION_SENDS_PER_ADDRESS = int(os.environ.get("INVITATION_SENDS_PER_ADDRESS", "3"))
INVITATION_SENDS_PER_IP = int(os.environ.get("INVITATION_SENDS_PER_IP", "20"))
INVITATION_THROTTLE_HOURS = int(os.environ.get("INVITATION_THROTTLE_HOURS", "24"))

# The one disclosure rule for small groups (coproduce/disclosure.py): groups of fewer
# people than this are combined or not shown, and their comments carry no group.
DISCLOSURE_MIN_GROUP = int(os.environ.get("DISCLOSURE_MIN_GROUP", "3"))

# Celery: without a broker, tasks run in-process (eagerly) so `make run` needs no Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get(
    "REDIS_URL", ""
)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Without a broker, run tasks in a background thread of the web process instead of
# inside the request, so a report request answers at once (coproduce/background.py).
TASKS_IN_THREAD = env_bool("TASKS_IN_THREAD", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or (
    CELERY_BROKER_URL or None
)
# Results live in our own tables (e.g. report jobs); tasks that return values opt in.
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 150
# Redis re-delivers unacknowledged tasks after this; keep it above the hard limit.
# Report recovery does not wait for it: the sweep below notices a dead worker from
# its lease and publishes the job again.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 300,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
# Report jobs: the worker renews its lease every heartbeat while it renders, so a
# lease only runs out when the worker has stopped; the sweep (on the beat schedule)
# then hands the job to another worker.
REPORT_LEASE_SECONDS = int(os.environ.get("REPORT_LEASE_SECONDS", "15"))
REPORT_HEARTBEAT_SECONDS = float(os.environ.get("REPORT_HEARTBEAT_SECONDS", "3"))
REPORT_SWEEP_SECONDS = float(os.environ.get("REPORT_SWEEP_SECONDS", "5"))
# A render that raises (or stops its worker) is tried this many times in all.
REPORT_ATTEMPTS = int(os.environ.get("REPORT_ATTEMPTS", "3"))
REPORT_RETRY_DELAY_SECONDS = float(os.environ.get("REPORT_RETRY_DELAY_SECONDS", "5"))
# New report jobs one person may ask for in an hour (asking again while the same
# report is being made does not count).
REPORT_REQUESTS_PER_HOUR = int(os.environ.get("REPORT_REQUESTS_PER_HOUR", "20"))
# Email in the background (evaluation/mail/): tries per message, the first wait
# before trying again (doubling each time), how often the sweep looks, reminder days
# before a link closes, and weeks without activity before facilitators are nudged.
MAIL_ATTEMPTS = int(os.environ.get("MAIL_ATTEMPTS", "5"))
MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "60"))
MAIL_SWEEP_SECONDS = float(os.environ.get("MAIL_SWEEP_SECONDS", "30"))
MAIL_REMINDER_DAYS = int(os.environ.get("MAIL_REMINDER_DAYS", "3"))
MAIL_QUIET_WEEKS = int(os.environ.get("MAIL_QUIET_WEEKS", "6"))
# The site's own address, for links in emails sent by the schedule (no request).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
CELERY_BEAT_SCHEDULE = {
    "report-sweep": {
        "task": "evaluation.tasks.report_sweep",
        "schedule": REPORT_SWEEP_SECONDS,
        # A sweep still queued when the next one is due is dropped, not piled up.
        "options": {"expires": REPORT_SWEEP_SECONDS},
    },
    # Subject access downloads left waiting (broker down) or stranded are sent again.
    "subject-access-sweep": {
        "task": "evaluation.tasks.subject_access_sweep",
        "schedule": 60.0,
        "options": {"expires": 60},
    },
    # Erase people whose programme's retention period has ended (manage.py retention).
    "retention": {
        "task": "evaluation.tasks.retention_run",
        "schedule": crontab(hour=3, minute=15),
    },
    # Email (evaluation/mail/): send again what failed or was left waiting, remind
    # people whose links close soon, the commissioners' weekly digest and the nudge
    # about quiet projects. `manage.py run_schedule` runs all of these once.
    "mail-sweep": {
        "task": "evaluation.tasks.mail_sweep",
        "schedule": MAIL_SWEEP_SECONDS,
        "options": {"expires": MAIL_SWEEP_SECONDS},
    },
    "mail-reminders": {
        "task": "evaluation.tasks.mail_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "mail-weekly-digest": {
        "task": "evaluation.tasks.mail_weekly_digest",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "mail-inactivity-nudges": {
        "task": "evaluation.tasks.mail_inactivity_nudges",
        "schedule": crontab(hour=8, minute=30, day_of_week="mon"),
    },
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Beat keeps its schedule state in a file; VAR_DIR is writable in the image and in CI.
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get(
    "CELERY_BEAT_SCHEDULE_FILENAME", str(VAR_DIR / "celerybeat-schedule")
)
# Workers log through LOGGING below (JSON in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A web request must not hang when Redis is down: publish briefly, then leave the job
# queued for the sweep (`manage.py report_sweep`) to publish again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}

if not DEBUG:
    # The header the HTTPS proxy sets to say the visitor used HTTPS. Trust it only
    # behind a proxy that overwrites it; set it empty when there is no proxy.
    _proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto")
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = (
            "HTTP_" + _proxy_header.upper().replace("-", "_"),
            "https",
        )
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Container and load-balancer probes call the health pages over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^health/"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The app holds what people said about their care: a sign-in lasts a working day,
# not Django's two weeks, even on a shared computer that is never closed.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "10")) * 3600
# ...and ends sooner when nobody has used it for this long (coproduce/middleware.py).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))

# Who runs this site, named on the accessibility statement and the privacy notice.
OPERATOR_NAME = os.environ.get("OPERATOR_NAME", "the organisation that runs this site")
OPERATOR_EMAIL = os.environ.get("OPERATOR_EMAIL", "")
OPERATOR_ADDRESS = os.environ.get("OPERATOR_ADDRESS", "")

# Plain text on a laptop; LOG_FORMAT=json (set by docker-compose, the image and CI) writes
# one JSON object per line with the request id (coproduce/logging.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "coproduce.logging.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "coproduce.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Error reports to Sentry, only when SENTRY_DSN is set. No personal data leaves: the
# SDK's own PII sending is off and coproduce.sentry.scrub_event removes the rest.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    from coproduce.sentry import scrub_event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
