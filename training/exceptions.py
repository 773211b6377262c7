"""The one exception services raise for input they refuse."""
from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A refusal with a message for the user.

    The message is a lazy gettext string with `{name}` placeholders; it is translated into
    the reader's language when shown, then the parameters are filled in.
    """

    def __init__(self, message, field: str | None = None, **params: Any):
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params

    def __str__(self) -> str:
        return str(self.message).format(**self.params)
