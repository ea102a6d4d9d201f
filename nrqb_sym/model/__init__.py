"""The model layer: model files (:mod:`.spec`, parsed by :mod:`.expressions`), the operator form
of the paper pipeline (:mod:`.core`) and the operator algebra (:mod:`.algebra`,
:mod:`.operators`).

A model file is read with :func:`load_spec` into a frozen :class:`ModelSpec`; the paper's model is
the shipped file :data:`PAPER_MODEL`, and :func:`shipped_models` lists the others.
"""

from .expressions import parse_expression
from .spec import (
    KINDS,
    PAPER_MODEL,
    Channel,
    ModelError,
    ModelSpec,
    ModelWarning,
    Parameter,
    load_spec,
    parse_spec,
    shipped_models,
)

__all__ = [
    "KINDS",
    "PAPER_MODEL",
    "Channel",
    "ModelError",
    "ModelSpec",
    "ModelWarning",
    "Parameter",
    "load_spec",
    "parse_spec",
    "parse_expression",
    "shipped_models",
]
