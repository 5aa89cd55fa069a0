"""The `hromada` console script: the same as `manage.py`, plus `hromada --version`."""

import os
import sys


def main() -> None:
    # Django's own `--version` would print Django's version; operators want ours.
    if sys.argv[1:] == ["--version"]:
        from hromada import __version__

        print(f"hromada {__version__}")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
