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
    "BACKEND": "gonghui.core.filecrypt.EncryptedFileSystemStorage",
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
# The audit checkpoints of test databases must not land in the working tree's var/, nor be
# written automatically (one test's checkpoints would meet another's log); the audit tests
# turn them on with a file of their own.
GONGHUI_AUDIT_CHECKPOINT_FILE = Path(tempfile.mkdtemp(prefix="gonghui-test-audit-")) / "cp.log"
GONGHUI_AUDIT_CHECKPOINT_EVERY = 0
# An audited action missing from gonghui/core/events.py fails the test that records it.
GONGHUI_STRICT_EVENTS = True
