"""The one place Hromada reads its environment.

Every setting an operator may change is read here, with its default, and is
documented in `.env.example`. Nothing else in the code calls `os.environ`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[3]


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def present(*names: str) -> list[str]:
    """Which of `names` are set (non-empty): for variables that are no longer read."""
    return [name for name in names if os.environ.get(name)]


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def flag(name: str, default: bool = False) -> bool:
    """A yes/no variable (DEBUG, HTTPS, …): strict, like `boolean`, so a typo such as `ture`
    stops the start instead of quietly switching the setting off."""
    return boolean(name, default)


def boolean(name: str, default: bool) -> bool:
    """A value that is neither true nor false stops the start with an error naming the
    variable (a typo must not silently switch the setting off)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}")


def items(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def number(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def positive(name: str, default: int, *, minimum: int = 1) -> int:
    """A whole number of at least `minimum`; a clear error naming the variable otherwise."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


def rate(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """A rate limit written `COUNT/SECONDS` (e.g. `5/600`: five in ten minutes)."""
    raw = os.environ.get(name)
    if not raw:
        return default
    count, slash, seconds = raw.partition("/")
    try:
        limit = (int(count), int(seconds))
    except ValueError:
        limit = (0, 0)
    if not slash or min(limit) < 1:
        raise ValueError(f"{name} must look like 5/600 (count/seconds, both > 0), not {raw!r}")
    return limit


def var_dir() -> Path:
    """Where the embedded database, media and generated secrets live by default."""
    return Path(text("HROMADA_VAR_DIR", str(PROJECT_DIR / "var")))


def secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    configured = text("SECRET_KEY")
    if configured:
        return configured
    key_file = var_dir() / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    # Several processes may start at once (web server, worker, parallel tests): the key is
    # written whole to a file of this process, then linked into place; the first link wins
    # and everyone reads that one, never a half-written or a second key.
    draft = key_file.with_name(f".secret_key.{os.getpid()}")
    draft.write_text(secrets.token_urlsafe(50))
    draft.chmod(0o600)
    try:
        os.link(draft, key_file)
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return key_file.read_text().strip()


def email_settings() -> dict[str, object]:
    """Settings from EMAIL_URL: smtp://user:pass@host:port, smtps://…, console:, locmem:,
    file:/path/to/folder (one file per message; `make run` keeps its mail in var/mail)."""
    from urllib.parse import unquote, urlparse

    raw = text("EMAIL_URL", "console:")
    url = urlparse(raw)
    if url.scheme in {"console", ""}:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if url.scheme == "file":
        if not url.path:
            raise ValueError("EMAIL_URL: file: needs a folder, e.g. file:/srv/hromada/mail")
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(url.path),
        }
    if url.scheme in {"smtp", "smtps", "submission"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": url.hostname or "localhost",
            "EMAIL_PORT": url.port or (465 if url.scheme == "smtps" else 587),
            "EMAIL_HOST_USER": unquote(url.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(url.password or ""),
            "EMAIL_USE_SSL": url.scheme == "smtps",
            "EMAIL_USE_TLS": url.scheme == "submission",
        }
    raise ValueError(f"EMAIL_URL: unsupported scheme {url.scheme!r}")


def choice(name: str, allowed: tuple[str, ...]) -> str:
    """One of `allowed` ("" when unset); a clear error naming the variable otherwise."""
    raw = os.environ.get(name, "").strip()
    if raw and raw not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(allowed)} or unset, not {raw!r}")
    return raw


def s3_storages() -> dict[str, dict[str, object]]:
    """`STORAGES` entries for S3-compatible storage: the public media when S3_BUCKET is set,
    the private files (under `private/`) when S3_PRIVATE_BUCKET or S3_BUCKET is set. Both use
    S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY and S3_SECRET_KEY (unset: boto3's own lookup).

    No ACL is sent unless S3_PUBLIC_ACL / S3_PRIVATE_ACL ask for one: AWS buckets made since
    2023 have ACLs disabled ("bucket owner enforced") and refuse a PUT that names any ACL but
    bucket-owner-full-control, while an object without one is private in every bucket. Public
    media get plain URLs (no signature that expires inside a cached page): the bucket policy,
    or S3_PUBLIC_ACL=public-read on a bucket with ACLs, makes them readable."""
    public_bucket = text("S3_BUCKET")
    private_bucket = text("S3_PRIVATE_BUCKET") or public_bucket
    public_acl = choice("S3_PUBLIC_ACL", ("public-read",))
    private_acl = choice("S3_PRIVATE_ACL", ("private", "bucket-owner-full-control"))
    options: dict[str, object] = {
        "endpoint_url": text("S3_ENDPOINT_URL") or None,
        "region_name": text("S3_REGION") or None,
        "access_key": text("S3_ACCESS_KEY") or None,
        "secret_key": text("S3_SECRET_KEY") or None,
        "file_overwrite": False,
    }
    found: dict[str, dict[str, object]] = {}
    if public_bucket:
        found["default"] = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": public_bucket,
                "default_acl": public_acl or None,
                "querystring_auth": False,
                "custom_domain": text("S3_CUSTOM_DOMAIN") or None,
                **options,
            },
        }
    if private_bucket:
        found["private"] = {
            "BACKEND": "hromada.core.private_s3.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": private_bucket,
                "location": "private",
                "default_acl": private_acl or None,
                **options,
            },
        }
    return found


# Open-data resource files (uploads and the files harvest_ckan copies) are larger than other
# uploads; gunicorn's worker timeout (config/gunicorn.py) is derived from the same limit.
def opendata_max_upload_bytes() -> int:
    return positive("OPENDATA_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
