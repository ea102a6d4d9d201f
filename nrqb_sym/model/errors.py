"""Errors of model files (no SymPy here, so the runtime can raise and catch them cheaply)."""

from __future__ import annotations

__all__ = ["ModelError", "ModelWarning"]


class ModelError(ValueError):
    """A model file that cannot be read, parsed or accepted; the message names the file, the key
    and the offending token."""


class ModelWarning(UserWarning):
    """Something in a model file that is accepted but probably not meant (an unused parameter)."""
