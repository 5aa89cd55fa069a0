"""gunicorn's settings: `gunicorn -c python:hromada.config.gunicorn …wsgi:application`.

Its own error and access logs otherwise print the process's time zone (UTC on most servers)
next to the application's Kyiv time. Here both use the site's zone with its offset and the
application's line format (config/logs.py).
"""

from __future__ import annotations

import os
import time

from hromada.config import env
from hromada.config.logs import TIME_ZONE

# The access log's %(t)s is written by gunicorn with the process's local time.
os.environ["TZ"] = TIME_ZONE
time.tzset()

LOG_LEVEL = env.text("LOG_LEVEL", "INFO")

access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "generic": {"()": "hromada.config.logs.LocalTimeFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "generic"},
        "error_console": {"class": "logging.StreamHandler", "formatter": "generic"},
    },
    "loggers": {
        # LOG_LEVEL as for the application (`make run` sets WARNING: no line per worker boot).
        "gunicorn.error": {"level": LOG_LEVEL, "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": LOG_LEVEL, "handlers": ["console"], "propagate": False},
    },
}

# A worker answering one request longer than `timeout` seconds is killed (sync workers, as in
# `make run`). The longest request Hromada accepts is an open-data upload of up to
# OPENDATA_MAX_UPLOAD_BYTES, checked while the steward waits: about 4 MB/s of one core was
# measured for a CSV check, so 1 MB/s plus a minute leaves room for a busy machine
# (200 MB: 260 s). nginx's proxy_read_timeout for /admin/ must stay above it (docs/operations.md).
UPLOAD_CHECK_BYTES_PER_SECOND = 1024 * 1024
timeout = 60 + env.opendata_max_upload_bytes() // UPLOAD_CHECK_BYTES_PER_SECOND

# A request line up to gunicorn's maximum (its default, 4094, answers a long search with its own
# bare English 414); Hromada answers addresses over HROMADA_MAX_URL_LENGTH (4000) with its page.
limit_request_line = 8190
