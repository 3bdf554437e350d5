"""Why an input could not be read: one stable code each, so a batch row and the JSON can carry it."""
from __future__ import annotations

from dataclasses import dataclass


class InputError(Exception):
    """A document psedcheck cannot check. The message is one line, meant for the user."""

    code = "input"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(InputError):
    code = "not-found"


class NoDocuments(InputError):
    code = "no-documents"


class Unsupported(InputError):
    code = "unsupported"


class Corrupt(InputError):
    code = "corrupt"


class Encrypted(InputError):
    code = "encrypted"


class Empty(InputError):
    code = "empty"


class Scanned(InputError):
    code = "scanned"


class ConversionFailed(InputError):
    code = "conversion-failed"


class TimedOut(InputError):
    code = "timeout"


class TooLarge(InputError):
    """Past one of the limits on what a document may cost (ingest/limits.py): size, pixels, depth."""
    code = "too-large"


class OutOfMemory(InputError):
    """The document needed more memory than the per-document ceiling of the process reading it."""
    code = "out-of-memory"


class Unreadable(InputError):
    """The operating system could not read the file (permissions, an I/O error)."""
    code = "unreadable"


@dataclass(frozen=True)
class Note:
    """Something about the reading of a document worth telling that did not stop it: the encoding
    a text file was read in, bytes replaced, pages whose text layer was garbage. Same shape as an error."""

    code: str
    message: str  # in English, for logs and as the fallback
    values: tuple[tuple[str, str], ...] = ()  # what the reports put into the note's text in their language
