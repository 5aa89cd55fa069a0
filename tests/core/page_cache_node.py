"""One node of the cross-process page-cache test (tests/core/test_page_cache_processes.py).

Run as its own process with the shared database and Redis in its environment; it answers one
JSON command per line on stdin with one JSON line on stdout:
  {"get": PATH}                      → {"status", "cache", "body"} (an anonymous visit)
  {"relabel": KIND, "label": TEXT}   → {"previous": TEXT} (the acts kind label saved here)
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    from hromada.acts.models import ActKindLabels
    from hromada.core.selectors import default_site

    client = Client()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if "get" in command:
            response = client.get(command["get"])
            answer = {
                "status": response.status_code,
                "cache": response.get("X-Cache", ""),
                "body": response.content.decode(),
            }
        else:
            labels = ActKindLabels.for_site(default_site())
            previous = getattr(labels, command["relabel"])
            setattr(labels, command["relabel"], command["label"])
            labels.save()
            answer = {"previous": previous}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
