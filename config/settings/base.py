"""Settings for every environment.

Production differs from development only by environment variables (see ``.env.example``).
With ``DJANGO_DEBUG`` on, every setting has a development default so that ``make run`` works on a
bare machine (SQLite, tasks run eagerly); with it off, secrets have no default and a missing one
stops the start-up.
"""

from pathlib import Path

from config.env import BASE_DIR, env
from config.schedule import beat_schedule

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def secret(name: str, dev_default: str) -> str:
    """A secret: required in production, a fixed throwaway value in development."""
    if DEBUG:
        return env(name, default=dev_default)
    return env(name)


# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
SECRET_KEY = secret("DJANGO_SECRET_KEY", "dev-insecure-secret-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_celery_beat",
    "core",
    "units",
    "reports",
    "rewards",
    "publicity",
    "dashboards",
    "demo",  # the demo district and load_demo
    "config",  # the project-wide commands (config/management)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.portal",
                "dashboards.context_processors.dashboard_link",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database: the row is the truth. Every request runs in one transaction.
# PostgreSQL is the reference database; SQLite is the embedded default of `make run`.
# ------------------------------------------------------------------------------
if DEBUG:
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
else:
    DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# SQLite (the demo): WAL, and BEGIN IMMEDIATE waiting up to 20 s: never "database is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL", transaction_mode="IMMEDIATE", timeout=20
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Redis: broker and cache. Without REDIS_URL tasks run eagerly and the cache is in memory.
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="jubao"),
            # A request never waits long on Redis.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ------------------------------------------------------------------------------
# Authentication: staff logins are throttled by django-axes.
# ------------------------------------------------------------------------------
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
LOGIN_URL = "units:login"
LOGIN_REDIRECT_URL = "reports:unit-home"
LOGOUT_REDIRECT_URL = "units:login"

# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip_for_axes"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

SESSION_COOKIE_AGE = 60 * 60 * 12  # a working day
SESSION_COOKIE_HTTPONLY = True

# ------------------------------------------------------------------------------
# Language and time: Simplified Chinese first, Asia/Shanghai dates.
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static and media files. Media holds reporters' photos and scans: never served directly,
# only through views that check permission.
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "private", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Five photos of 10 MB each plus the form; the web server in front must allow as much.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# ------------------------------------------------------------------------------
# Security. `manage.py check --deploy` is clean with production environment variables.
# ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
SILENCED_SYSTEM_CHECKS = [
    # HSTS subdomain and preload decisions belong to the operator of the domain (see README).
    "security.W005",
    "security.W021",
]

# ------------------------------------------------------------------------------
# Reporter protection (DESIGN §5). Keys come from the environment only.
# ------------------------------------------------------------------------------
# Comma-separated Fernet keys; the first encrypts, all decrypt. Rotate by putting a new key first,
# then running `manage.py rotate_field_keys`.
FIELD_ENCRYPTION_KEYS = (
    env.list("FIELD_ENCRYPTION_KEYS", default=["anViYW8tZGV2ZWxvcG1lbnQtb25seS1rZXktMDAwMDE="])
    if DEBUG
    else env.list("FIELD_ENCRYPTION_KEYS")
)
# The cipher behind the one interface; a national SM4 cipher can replace Fernet here.
FIELD_CIPHER_CLASS = env("FIELD_CIPHER_CLASS", default="core.crypto.FernetCipher")
BLIND_INDEX_KEY = secret("BLIND_INDEX_KEY", "dev-blind-index-key")
# Key of the case search's fingerprints of character pairs (reports/search.py). Empty: derived
# from BLIND_INDEX_KEY. After changing it, run `manage.py reindex_case_search`.
SEARCH_INDEX_KEY = env("SEARCH_INDEX_KEY", default="")
RECEIPT_CODE_PEPPER = secret("RECEIPT_CODE_PEPPER", "dev-receipt-pepper")
RECEIPT_CODE_SALT = env("RECEIPT_CODE_SALT", default="jubao-receipt-v1")
RECEIPT_HASH_ITERATIONS = env.int("RECEIPT_HASH_ITERATIONS", default=200_000)

# The client address comes from this request header only when a trusted proxy sets it
# (for example HTTP_X_REAL_IP behind nginx); empty means REMOTE_ADDR.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", default="")

# Rate limits (django-ratelimit syntax "count/period"). Carriers put many phones behind one
# address, so the per-address limits are generous.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # a Redis outage must not lock citizens out
TRACK_RATE_PER_IP = env("TRACK_RATE_PER_IP", default="60/h")
TRACK_RATE_PER_CODE = env("TRACK_RATE_PER_CODE", default="30/h")
TRACK_RATE_OVERALL = env("TRACK_RATE_OVERALL", default="3000/h")
REPORT_RATE_PER_IP = env("REPORT_RATE_PER_IP", default="30/h")
# How long a reporter stays signed in to /track/ after entering the receipt code.
TRACK_SESSION_SECONDS = env.int("TRACK_SESSION_SECONDS", default=30 * 60)

# ------------------------------------------------------------------------------
# Intake (DESIGN §3, §5, §8)
# ------------------------------------------------------------------------------
# Empty means the translated default name.
PORTAL_NAME = env("PORTAL_NAME", default="")
PORTAL_HOTLINE = env("PORTAL_HOTLINE", default="12350")
ACCEPTANCE_WORKING_DAYS = env.int("ACCEPTANCE_WORKING_DAYS", default=5)
MAX_PHOTOS_PER_REPORT = env.int("MAX_PHOTOS_PER_REPORT", default=5)
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=50_000_000)
STORED_PHOTO_MAX_SIDE = env.int("STORED_PHOTO_MAX_SIDE", default=2048)
# The encrypted copy of a receipt kept so that a resubmitted form shows the same receipt.
RECEIPT_REPLAY_SECONDS = env.int("RECEIPT_REPLAY_SECONDS", default=15 * 60)
REFERENCE_CACHE_SECONDS = env.int("REFERENCE_CACHE_SECONDS", default=300)  # core.refcache
# Tries at reissuing a lost receipt code, per case and Shanghai day, refused ones included.
RECEIPT_REISSUE_TRIES_PER_DAY = env.int("RECEIPT_REISSUE_TRIES_PER_DAY", default=3)

# ------------------------------------------------------------------------------
# The lifecycle (DESIGN §3). Each case stores the due-date policy it was given.
# ------------------------------------------------------------------------------
CASE_DUE_DAYS = env.int("CASE_DUE_DAYS", default=60)
# Whether the day of acceptance counts as day 1 (then the due date is 59 days later).
DUE_FIRST_DAY_COUNTS = env.bool("DUE_FIRST_DAY_COUNTS", default=False)
# Whether a due date that falls on a holiday or weekend moves to the next working day.
DUE_HOLIDAY_ROLLOVER = env.bool("DUE_HOLIDAY_ROLLOVER", default=True)
EXTENSION_MAX_DAYS = env.int("EXTENSION_MAX_DAYS", default=30)
OBJECTION_WINDOW_DAYS = env.int("OBJECTION_WINDOW_DAYS", default=10)
OBJECTION_REVIEW_DAYS = env.int("OBJECTION_REVIEW_DAYS", default=30)
# The clocks (reports.clocks): offsets in working days (W) or calendar days (D).
# W after the acceptance deadline with no decision: the township leader is told (the intake
# desk is told the day after the deadline).
ACCEPTANCE_ESCALATION_WORKING_DAYS = env.int("ACCEPTANCE_ESCALATION_WORKING_DAYS", default=2)
# W a returned case may wait to be re-routed (受理即转), and a transfer to be acknowledged.
REROUTE_WORKING_DAYS = env.int("REROUTE_WORKING_DAYS", default=1)
ACKNOWLEDGE_WORKING_DAYS = env.int("ACKNOWLEDGE_WORKING_DAYS", default=1)
# D before the due date: the unit's officers are reminded (on the day: the head and the office).
DUE_REMINDER_DAYS = env.list("DUE_REMINDER_DAYS", cast=int, default=[15, 5, 1])
# D overdue: listed supervision (挂牌督办) starts by itself, with a supervision notice.
OVERDUE_LISTING_DAYS = env.int("OVERDUE_LISTING_DAYS", default=7)
# W an extension or a conclusion may wait for endorsement, signature, approval or review.
APPROVAL_WORKING_DAYS = env.int("APPROVAL_WORKING_DAYS", default=2)
# D before an objection's review is due: the office is reminded.
OBJECTION_REVIEW_REMINDER_DAYS = env.int("OBJECTION_REVIEW_REMINDER_DAYS", default=5)
# D before an upstream ticket's deadline: the unit and the office are reminded.
UPSTREAM_REMINDER_DAYS = env.list("UPSTREAM_REMINDER_DAYS", cast=int, default=[5, 1])
# Reports about the same enterprise or place and category within this many days are suggested
# to the intake officer as duplicates.
DUPLICATE_WINDOW_DAYS = env.int("DUPLICATE_WINDOW_DAYS", default=30)

# ------------------------------------------------------------------------------
# Rewards (DESIGN §4)
# ------------------------------------------------------------------------------
# When several rules apply: "highest" (default), "item" (the listed item first) or "formula".
REWARD_RULE_WINNER = env("REWARD_RULE_WINNER", default="highest")
REWARD_CLAIM_DAYS = env.int("REWARD_CLAIM_DAYS", default=60)
# D before the claim deadline: the reporter is reminded.
REWARD_CLAIM_REMINDER_DAYS = env.list("REWARD_CLAIM_REMINDER_DAYS", cast=int, default=[30, 7])
# D an unclaimed reward stays publicly announced before it is waived.
REWARD_ANNOUNCEMENT_DAYS = env.int("REWARD_ANNOUNCEMENT_DAYS", default=30)
# Whether a verified 重大事故隐患 that brought no fine earns the formula's minimum (3,000 yuan
# under 19号). Off: only a fine, a listed item or a concealed death gives an amount. Many
# places switch it on. Each decision keeps the value it used.
REWARD_MAJOR_HAZARD_MINIMUM = env.bool("REWARD_MAJOR_HAZARD_MINIMUM", default=False)
# Whether several listed items verified in one report add up (at most the standard's maximum).
# Off: the highest of them counts. Each decision keeps the value it used.
REWARD_LISTED_ITEMS_ADD_UP = env.bool("REWARD_LISTED_ITEMS_ADD_UP", default=False)
# Wrong receipt codes finance may type for one reward in a day before the counter check waits
# for the next day (every try is recorded on the case's timeline).
REWARD_COUNTER_CODE_TRIES = env.int("REWARD_COUNTER_CODE_TRIES", default=5)

# ------------------------------------------------------------------------------
# Publicity (DESIGN §6)
# ------------------------------------------------------------------------------
# The monthly form of month M covers the calendar month (start day 1), or from this day of the
# month before; it is due on the first MONTHLY_FORM_DUE_DAY on or after the period's end, with
# reminders on the MONTHLY_FORM_REMINDER_DAYS of that month and the late list the day after.
MONTHLY_FORM_PERIOD_START_DAY = env.int("MONTHLY_FORM_PERIOD_START_DAY", default=1)
MONTHLY_FORM_DUE_DAY = env.int("MONTHLY_FORM_DUE_DAY", default=20)
# A district's (or city's) own form, sent on to the level above it, is due later: it rolls up
# its townships' forms, due on MONTHLY_FORM_DUE_DAY.
MONTHLY_FORM_DISTRICT_DUE_DAY = env.int("MONTHLY_FORM_DISTRICT_DUE_DAY", default=25)
MONTHLY_FORM_REMINDER_DAYS = env.list("MONTHLY_FORM_REMINDER_DAYS", cast=int, default=[15, 19])
# Which kinds of unit submit a monthly form (each to the level above).
MONTHLY_FORM_UNIT_KINDS = env.list(
    "MONTHLY_FORM_UNIT_KINDS",
    default=["township", "department", "village", "community", "station", "member"],
)
# D before a key task's deadline: the unit is reminded.
KEY_TASK_REMINDER_DAYS = env.list("KEY_TASK_REMINDER_DAYS", cast=int, default=[7, 1])

# ------------------------------------------------------------------------------
# Dashboards (DESIGN §2, §7)
# ------------------------------------------------------------------------------
# The roll-ups are refreshed with the clocks, at most this often; ended months are frozen.
DASHBOARD_REFRESH_SECONDS = env.int("DASHBOARD_REFRESH_SECONDS", default=30 * 60)
# A unit needs this many concluded cases in the period to be ranked in the league table.
DASHBOARD_LEAGUE_MIN_CASES = env.int("DASHBOARD_LEAGUE_MIN_CASES", default=5)
# The monthly assessment (dashboards/assessment.py): each part's points (they add up to 100).
# Points are earned by work done, never given for having nothing to judge, so a unit with no
# case, no lead and no form scores nothing and cannot outrank a unit that worked:
# - on_time: cases concluded in the month, in proportion to those concluded by their due date;
# - overdue (deadlines kept): earned with cases in hand in the month (transferred, concluded or
#   falling due), less ASSESSMENT_OVERDUE_PENALTY per overdue case, never below zero;
# - leads: ASSESSMENT_LEAD_POINTS per lead the unit registered itself and per case filed (立案)
#   in the month, up to the part's points;
# - forms: the monthly form on time in full, late half, missing nothing (by its submission);
# - publicity: the share of the 七个一 targets done; without a target, earned by recording work;
# - tasks: the share of the key tasks due that were done in time; none due earns nothing.
ASSESSMENT_WEIGHTS = {
    "on_time": env.int("ASSESSMENT_WEIGHT_ON_TIME", default=35),
    "overdue": env.int("ASSESSMENT_WEIGHT_OVERDUE", default=15),
    "leads": env.int("ASSESSMENT_WEIGHT_LEADS", default=10),
    "forms": env.int("ASSESSMENT_WEIGHT_FORMS", default=15),
    "publicity": env.int("ASSESSMENT_WEIGHT_PUBLICITY", default=15),
    "tasks": env.int("ASSESSMENT_WEIGHT_TASKS", default=10),
}
# How a district (or city) assesses the units directly below it, its townships and its
# departments, on the figures of their whole subtree: the same parts, its own weights.
DISTRICT_ASSESSMENT_WEIGHTS = {
    "on_time": env.int("DISTRICT_ASSESSMENT_WEIGHT_ON_TIME", default=30),
    "overdue": env.int("DISTRICT_ASSESSMENT_WEIGHT_OVERDUE", default=15),
    "leads": env.int("DISTRICT_ASSESSMENT_WEIGHT_LEADS", default=15),
    "forms": env.int("DISTRICT_ASSESSMENT_WEIGHT_FORMS", default=15),
    "publicity": env.int("DISTRICT_ASSESSMENT_WEIGHT_PUBLICITY", default=15),
    "tasks": env.int("DISTRICT_ASSESSMENT_WEIGHT_TASKS", default=10),
}
ASSESSMENT_OVERDUE_PENALTY = env.int("ASSESSMENT_OVERDUE_PENALTY", default=5)
ASSESSMENT_LEAD_POINTS = env.int("ASSESSMENT_LEAD_POINTS", default=5)

# ------------------------------------------------------------------------------
# Celery. https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The visibility timeout must exceed the longest task, or Redis hands it to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT,
    # Publishing never makes a request wait: fail fast, the outbox sweep re-sends.
    "max_retries": 0,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The one schedule (config/schedule.py: every job, how often, what it does). The database
# scheduler copies it into django-celery-beat's tables, where the last run of each entry is
# visible (and /healthz shows the latest tick).
CELERY_BEAT_SCHEDULE = beat_schedule()

# ------------------------------------------------------------------------------
# Notifications (core.notify). Links in messages start with PORTAL_BASE_URL.
# ------------------------------------------------------------------------------
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# The text-message gateway: a class with send(phone, template_code, params). Chinese gateways
# send only pre-approved templates; SMS_TEMPLATE_IDS maps our template names to their ids.
SMS_BACKEND = env("SMS_BACKEND", default="core.notify.ConsoleSmsBackend")
SMS_TEMPLATE_IDS = env.dict("SMS_TEMPLATE_IDS", default={})
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(BASE_DIR / "sms.log"))  # FileSmsBackend
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=5.0)
# Group robots (core.robots) take 20 messages a minute each; when more wait, several are merged
# into one text of at most WEBHOOK_MESSAGE_MAX_BYTES (企业微信 text: 2048 bytes, 钉钉: 20000).
WEBHOOK_PER_MINUTE = env.int("WEBHOOK_PER_MINUTE", default=20)
WEBHOOK_MESSAGE_MAX_BYTES = env.int("WEBHOOK_MESSAGE_MAX_BYTES", default=2000)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)

# ------------------------------------------------------------------------------
# E-mail and logging
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@localhost")
ADMINS = [("Operator", a) for a in env.list("DJANGO_ADMIN_EMAILS", default=[])]

# Logs carry at most the last 4 digits of a phone and never an ID number or a receipt code: code
# masks what it logs (core.redaction), and this filter on every handler catches what slips
# through. Error reports leave out POST data and frame variables (what a reporter typed).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "core.redaction.RedactingFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["redact", "require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.redaction.ReporterSafeExceptionFilter"
