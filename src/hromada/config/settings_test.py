"""Test settings: the real settings with jobs run immediately and faster hashing."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher

from hromada.config.settings import *  # noqa: F403
from hromada.config.settings import STATIC_ROOT, STORAGES, TASKS

TASKS["default"]["BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Production's algorithm at one iteration: fast in tests, and a copy of the test database
    served with the production settings (the browser tests' server) still accepts the demo
    admin's password (the iterations are read from each stored hash)."""

    iterations = 1


PASSWORD_HASHERS = ["hromada.config.settings_test.FastPBKDF2PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
FETCH_VIDEO_EMBEDS = False
# The open-data link tests check links on servers at 127.0.0.1 (one test turns this off).
OPENDATA_LINKCHECK_ALLOW_PRIVATE = True
# The monitoring tests serve their feeds from 127.0.0.1 too (the SSRF tests turn it off).
MONITORING_FETCH_ALLOW_PRIVATE = True
# The acts import tests serve the files a CSV names from 127.0.0.1 too (one test turns it off).
ACTS_IMPORT_ALLOW_PRIVATE = True
# whitenoise warns when the collected-static folder is missing; tests serve from finders.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Residents' identity: the stand-in ID.GOV.UA server runs on 127.0.0.1 in the tests.
IDGOVUA_ALLOW_PRIVATE = True
RESIDENT_ID_KEY = "test-resident-id-key"
