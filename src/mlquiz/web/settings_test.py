"""Settings for the test suite: a throwaway data directory, grading run inline, fast hashing.

The production hasher (Argon2) is checked by a test against ``mlquiz.web.settings``.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("MLQUIZ_DATA_DIR", tempfile.mkdtemp(prefix="mlquiz-test-"))
os.environ.setdefault("MLQUIZ_SECRET_KEY", "mlquiz-tests-only-" + "k" * 40)

from mlquiz.web.settings import *  # noqa: F403

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "grading"],
    }
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
