"""gunicorn's settings: `gunicorn -c python:hromada.config.gunicorn …wsgi:application`.

Its own error and access logs otherwise print the process's time zone (UTC on most servers)
next to the application's Kyiv time. Here both use the site's zone with its offset and the
application's line format (config/logs.py).
"""

from __future__ import annotations

import os
import time

from hromada.config.logs import TIME_ZONE

# The access log's %(t)s is written by gunicorn with the process's local time.
os.environ["TZ"] = TIME_ZONE
time.tzset()

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
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}

# A request line up to gunicorn's maximum (its default, 4094, answers a long search with its own
# bare English 414); Hromada answers addresses over HROMADA_MAX_URL_LENGTH (4000) with its page.
limit_request_line = 8190
