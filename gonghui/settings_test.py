"""Settings for the test suite: the real settings, with fast hashing and static files served
from source (no collectstatic needed)."""

import tempfile
from pathlib import Path

from gonghui.settings import *
from gonghui.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Forgetting the door is an error in tests (orgs/scoping.py).
GONGHUI_STRICT_SCOPES = "raise"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads from tests go to a throw-away folder, not the working tree's var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gonghui-test-media-"))
STORAGES["default"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(MEDIA_ROOT)},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Each test clears the cache (conftest); memory is faster than files and per process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
