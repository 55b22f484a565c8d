"""Uploaded recordings (advice items, officers' answers): checked for type and length, and kept
under `INSTANCE_DIR/media/farming/` with names the gateway chooses, never the uploader's.

WAV is read with the standard `wave` module (its frames give the length). MP3 is recognised by
its ID3 tag or frame sync and its length estimated from the first frame's bitrate (exact for
constant-bitrate files, which voice recorders write).
"""

from __future__ import annotations

import io
import secrets
import wave
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 8 * 1024 * 1024
MP3_BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)  # MPEG-1 L3
MP3_BITRATES_V2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)  # MPEG-2 L3


class AudioError(ValueError):
    """The upload is not a WAV or MP3 recording the line can play; the message says why (in
    Indonesian, for the operator)."""


@dataclass(frozen=True, slots=True)
class Checked:
    """An accepted recording: its suffix and length."""

    suffix: str
    seconds: int


def check_audio(data: bytes, max_seconds: int) -> Checked:
    """Accept a WAV or MP3 recording of at most `max_seconds`; raise `AudioError` otherwise."""
    if not data:
        raise AudioError("Berkas kosong.")
    if len(data) > MAX_BYTES:
        raise AudioError(f"Berkas terlalu besar (lebih dari {MAX_BYTES // (1024 * 1024)} MB).")
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        try:
            with wave.open(io.BytesIO(data)) as wav:
                seconds = wav.getnframes() / float(wav.getframerate() or 1)
        except (wave.Error, EOFError) as exc:
            raise AudioError(f"Berkas WAV tidak dapat dibaca ({exc}).") from None
        suffix = ".wav"
    elif data[:3] == b"ID3" or (data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        seconds, suffix = _mp3_seconds(data), ".mp3"
    else:
        raise AudioError("Jenis berkas tidak didukung: unggah rekaman WAV atau MP3.")
    if seconds <= 0.2:
        raise AudioError("Rekaman terlalu pendek.")
    if seconds > max_seconds:
        raise AudioError(f"Rekaman {seconds:.0f} detik; paling lama {max_seconds} detik.")
    return Checked(suffix, max(1, round(seconds)))


def _mp3_seconds(data: bytes) -> float:
    start = 0
    if data[:3] == b"ID3" and len(data) >= 10:  # skip the tag (its size is syncsafe)
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        start = 10 + size
    frame = data.find(b"\xff", start)
    while 0 <= frame < len(data) - 4 and data[frame + 1] & 0xE0 != 0xE0:
        frame = data.find(b"\xff", frame + 1)
    if frame < 0 or frame >= len(data) - 4:
        raise AudioError("Berkas MP3 tidak dapat dibaca.")
    version_bits, index = (data[frame + 1] >> 3) & 0x3, data[frame + 2] >> 4
    table = MP3_BITRATES if version_bits == 0x3 else MP3_BITRATES_V2
    if not 0 < index < len(table):
        raise AudioError("Berkas MP3 tidak dapat dibaca (bitrate).")
    return (len(data) - frame) * 8 / (table[index] * 1000)


def keep(folder: Path, checked: Checked, data: bytes, name: str | None = None) -> Path:
    """Write an accepted recording under `folder` (a random name unless `name`), via a partial
    file renamed into place; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ((name or secrets.token_hex(16)) + checked.suffix)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target
