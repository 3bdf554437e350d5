"""Why an input could not be read: one stable code each, so a batch row and the JSON can carry it."""
from __future__ import annotations


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
