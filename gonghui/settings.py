"""Django settings for Gonghui, read from the environment (see README, 设置)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from gonghui.settings_env import env_bool, env_date, env_list, env_str, local_secrets

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("GONGHUI_VAR_DIR", str(BASE_DIR / "var")))

# "production" turns on every protection that `check --deploy` asks for.
ENVIRONMENT = env_str("GONGHUI_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

if PRODUCTION:
    try:
        SECRET_KEY = os.environ["SECRET_KEY"]
        GONGHUI_DATA_KEY = os.environ["GONGHUI_DATA_KEY"]
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"{exc.args[0]} must be set when GONGHUI_ENV=production"
        ) from exc
else:
    _local = local_secrets(VAR_DIR / "secrets.json")
    SECRET_KEY = env_str("SECRET_KEY", _local["SECRET_KEY"])
    GONGHUI_DATA_KEY = env_str("GONGHUI_DATA_KEY", _local["GONGHUI_DATA_KEY"])

DEBUG = env_bool("GONGHUI_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "ninja",  # serves its own Swagger UI files (no CDN)
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.supervision",
    "gonghui.hardship",
    "gonghui.matching",
    "gonghui.rights",
    "gonghui.unions",
    "gonghui.funds",
    "gonghui.facilities",
    "gonghui.honors",
    "gonghui.portal",
    "gonghui.dashboard",
    "gonghui.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.core.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gonghui.core.errors.ApiErrorsAsJsonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.orgs.middleware.PasswordChangeRequiredMiddleware",
    "gonghui.core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gonghui.core.middleware.AsOfMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gonghui" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gonghui.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_bool(
    "GONGHUI_PG_JIT", False
):
    # The figures' queries are many and short but costed high (correlated subqueries), so
    # PostgreSQL JIT-compiles them: at province scale compiling took longer than running.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

AUTHENTICATION_BACKENDS = ["gonghui.orgs.auth.LockoutModelBackend"]
# 等保 2.0 level 3: at least 8 characters and three character classes.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "gonghui.orgs.passwords.CharacterClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "gonghui.orgs.passwords.GuessablePasswordValidator"},
]
GONGHUI_LOCKOUT_FAILURES = int(env_str("GONGHUI_LOCKOUT_FAILURES", "5"))
GONGHUI_LOCKOUT_MINUTES = int(env_str("GONGHUI_LOCKOUT_MINUTES", "30"))
# Passwords expire after this many days (等保 level 3 practice); 0 = never.
GONGHUI_PASSWORD_MAX_AGE_DAYS = int(env_str("GONGHUI_PASSWORD_MAX_AGE_DAYS", "0"))
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; empty: none is,
# and the client's address is REMOTE_ADDR (rate limits and the audit log key on it).
GONGHUI_TRUSTED_PROXIES = env_list("GONGHUI_TRUSTED_PROXIES", [])

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = int(env_str("GONGHUI_SESSION_IDLE_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every response: the app serves all its own assets (no CDN), and
# no template has an inline script, event handler or style attribute (a test greps them).
# data: images are Bootstrap's SVG icons and ECharts' exports.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env_str("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gonghui" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "gonghui" / "static"]
STORAGES = {
    # Uploads, job outputs and attachments hold personal data: encrypted at rest with the data
    # key (see gonghui.core.filecrypt; files written before stay readable).
    "default": {
        "BACKEND": "gonghui.core.filecrypt.EncryptedFileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {
        # Hashed, compressed files need `collectstatic` first (make demo runs it); tests and
        # debug runs serve the source files.
        "BACKEND": env_str(
            "GONGHUI_STATIC_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on a missing folder

# The figure cache (see gonghui.core.figure_cache): files shared by the app server's workers
# and the background worker, so a figure computed by one is served by all. Django's default
# (memory, 300 entries, per process) overflowed at province scale and recomputed everything.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}

# The code version in every figure's cache key (see gonghui.core.figure_cache): a release tag
# if the deployment sets one, else a digest of the source taken at start-up.
GONGHUI_CODE_VERSION = env_str("GONGHUI_CODE_VERSION", "")
# An audited action not declared in gonghui/core/events.py: an error (tests, debug), or in
# production logged and taken as changing every module's records.
GONGHUI_STRICT_EVENTS = env_bool("GONGHUI_STRICT_EVENTS", DEBUG)

TASKS = {
    "default": {
        "BACKEND": env_str("GONGHUI_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Background jobs (see docs/jobs.md): a running job writes a heartbeat every
# GONGHUI_JOB_HEARTBEAT_SECONDS; one silent for GONGHUI_JOB_STALE_SECONDS lost its worker and is
# failed by `reap_jobs`. Job outputs and abandoned uploads are deleted by
# `purge_expired_files` GONGHUI_FILE_RETENTION_DAYS after they were made.
GONGHUI_JOB_HEARTBEAT_SECONDS = float(env_str("GONGHUI_JOB_HEARTBEAT_SECONDS", "30"))
GONGHUI_JOB_STALE_SECONDS = float(env_str("GONGHUI_JOB_STALE_SECONDS", "300"))
GONGHUI_FILE_RETENTION_DAYS = int(env_str("GONGHUI_FILE_RETENTION_DAYS", "7"))

# Reminders go through Django's mail; SMTP host and credentials in production via MAILERS.
MAILERS = {
    "default": {
        "BACKEND": env_str(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if PRODUCTION
            else "django.core.mail.backends.console.EmailBackend",
        ),
    }
}
if PRODUCTION:
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": int(env_str("EMAIL_PORT", "25")),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gonghui@localhost")

# API paging: bounded limit and offset (a fuzzer's offset of 10^20 is a 422, not a 500).
NINJA_PAGINATION_CLASS = "gonghui.api.types.Pagination"
NINJA_PAGINATION_MAX_LIMIT = 200

# The date the pages open at when the user has not chosen one; the demo sets 2018-06-30.
GONGHUI_DEFAULT_AS_OF = env_date("GONGHUI_DEFAULT_AS_OF")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("GONGHUI_LOG_LEVEL", "WARNING")},
}
GONGHUI_ADMIN_PATH = env_str("GONGHUI_ADMIN_PATH", "sysadmin")

# Checkpoints of the audit log's head (seq + keyed hash + time), appended to a file the
# database cannot rewrite; ship it elsewhere (syslog, WORM storage). See docs/audit.md.
GONGHUI_AUDIT_CHECKPOINT_FILE = Path(
    env_str("GONGHUI_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.log"))
)
GONGHUI_AUDIT_CHECKPOINT_EVERY = int(env_str("GONGHUI_AUDIT_CHECKPOINT_EVERY", "100"))
# An unscoped query on a record model: "raise" (DEBUG and tests), "warn" (production: log the
# stack once per call site, never break a page) or "off"; see docs/scoping.md. It applies to the
# apps whose call sites all say for_user/in_org/unscoped(reason=...) so far:
GONGHUI_STRICT_SCOPES = env_str("GONGHUI_STRICT_SCOPES", "raise" if DEBUG else "warn")
GONGHUI_STRICT_SCOPE_APPS = ("facilities",)
