"""The sync errors, apart from the client so callers catch them without loading httpx."""

from __future__ import annotations


class SyncError(Exception):
    """The service could not be used; str() is one line for people."""


class AuthError(SyncError):
    """The service refused the user or password."""
