"""The zip directory of a DOCX or ODT, checked before any part is inflated.

python-docx and odfpy inflate whole parts in memory, so a 5 MB file whose document.xml inflates to
1.2 GB (a zip bomb) would cost gigabytes. The directory states every part's sizes; Python's zipfile
never inflates a part past its stated size (it stops and fails the CRC), so checking the stated
sizes bounds what a reader can be made to inflate.
"""
from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

from ..model.errors import Corrupt, TooLarge
from .limits import RATIO_FLOOR, Limits, megabytes, too_much


# What zipfile raises on a damaged directory besides BadZipFile: a version or compression field it
# does not know (NotImplementedError), a truncated record (EOFError, struct.error), a bad offset (ValueError),
# a damaged deflate stream (zlib.error).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, struct.error, ValueError,
              zlib.error)


def check_archive(path: Path, limits: Limits, kind: str) -> None:
    """Raises TooLarge for a part past the size or ratio limit, Corrupt for a file that is no zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as exc:
        raise Corrupt(f"{path.name}: not a readable {kind} file ({type(exc).__name__})") from None
    for info in infos:
        if too_much(info.file_size, limits.part_size):
            raise TooLarge(f"{path.name}: the part {info.filename} would inflate to {megabytes(info.file_size)}, "
                           f"over the limit of {megabytes(limits.part_size)} (--limit part-size)")
        if info.file_size >= RATIO_FLOOR and too_much(info.file_size, limits.ratio * max(info.compress_size, 1)):
            ratio = info.file_size / max(info.compress_size, 1)
            raise TooLarge(f"{path.name}: the part {info.filename} is compressed {ratio:.0f} times "
                           f"({megabytes(info.compress_size)} inflating to {megabytes(info.file_size)}), over the "
                           f"limit of {limits.ratio} (--limit ratio): a zip bomb, not a document")
