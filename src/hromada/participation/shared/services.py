"""What the components' services share: today's date, the residents' photos and the
similarity of titles."""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hromada.core.uploads import validated_image

MAX_PHOTOS = 5
SIMILARITY = 0.75


def today() -> dt.date:
    return timezone.localdate()


def photo(file: IO[bytes], field: str) -> SimpleUploadedFile:
    """A resident's photo judged by content and re-encoded; a bad one is an error on ``field``."""
    try:
        return validated_image(file)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
