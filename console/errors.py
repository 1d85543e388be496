"""Errors the services raise; the CLI and the widgets turn them into messages."""

from __future__ import annotations


class ConsoleError(Exception):
    exit_code = 1


class InputError(ConsoleError):
    """Bad input: names the field, so the user knows what to fix."""

    exit_code = 2

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class PermissionDenied(ConsoleError):
    exit_code = 3


class SignInRefused(PermissionDenied):
    """A sign-in refused, and why: "wrong" (name or password), "locked", "deactivated",
    "no_password" (a seat shows each in its own words)."""

    def __init__(self, message: str, reason: str = "wrong") -> None:
        super().__init__(message)
        self.reason = reason


class NotFound(ConsoleError):
    exit_code = 4


class Conflict(ConsoleError):
    """Someone else changed the record first (optimistic locking)."""

    exit_code = 5


class Unavailable(ConsoleError):
    """The database cannot be reached: nothing was saved."""

    exit_code = 6
