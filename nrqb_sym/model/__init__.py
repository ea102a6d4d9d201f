"""The model layer: model files (:mod:`.spec`, parsed by :mod:`.expressions`), the
normal-ordered operator algebra (:mod:`.algebra`), names shared with the runtime (:mod:`.names`)
and the errors (:mod:`.errors`).

A model file is read with :func:`nrqb_sym.model.spec.load_spec` into a frozen
:class:`~nrqb_sym.model.spec.ModelSpec`; the paper's model is the shipped file
:data:`~nrqb_sym.model.names.PAPER_MODEL`.  Importing this package loads no SymPy: only
:mod:`.spec`, :mod:`.expressions` and :mod:`.algebra` do.
"""
