"""A photo sent with the citizens' form: checked to be a real JPEG, PNG or WebP image of a
sane size, and stored re-encoded as JPEG without any metadata, so the EXIF location (and the
phone's make and serial) never reaches the disk. Pillow reads it; nothing else is trusted."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # larger is a decompression bomb, not a phone's photo
LONGEST_SIDE = 2048  # what an operator needs to see the problem
FORMATS = ("JPEG", "PNG", "WEBP")


class PhotoError(ValueError):
    """Not a photo the page takes."""


def cleaned(data: bytes) -> bytes:
    """The photo as a metadata-free JPEG; `PhotoError` when it is too big or not an image."""
    if len(data) > MAX_BYTES:
        raise PhotoError("too large")
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in FORMATS:
                raise PhotoError(f"format {image.format}")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("too many pixels")
            upright = ImageOps.exif_transpose(image)  # keep the orientation, drop the rest
            upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            upright.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise PhotoError(str(exc)) from None
    return out.getvalue()


def keep(media: Path, report_id: int, data: bytes) -> Path:
    """Write a cleaned photo under `media/photos/<report>/`, as the worker keeps MMS photos."""
    folder = media / "photos" / str(report_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"web-{len(list(folder.iterdir())) + 1}.jpg"
    path.write_bytes(data)
    return path
