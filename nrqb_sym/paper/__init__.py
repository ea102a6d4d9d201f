"""The paper application, on top of the engine's public API: the paper's model is the shipped
``nrqb.toml``, and this package adds what is specific to the paper.

* :mod:`.api`: ``Params``, presets, ``simulate``, ``steady_state``, ``sweep``, ... with the paper's
  names, a thin view over :func:`nrqb_sym.load_model` of ``nrqb.toml``;
* :mod:`.derivation`, :mod:`.documents`, :mod:`.special`: the paper's presentation of the
  derivation (projection operators, the general solution finite at EPs, the resonant closed
  forms, the Sec. 4 EP condition) and ``derivations/*.md``;
* :mod:`.run` with :mod:`.parameters`, :mod:`.data`, :mod:`.claims`, :mod:`.figures`,
  :mod:`.report`: ``nrqb reproduce``;
* :mod:`.units`: physical units (pint).
"""
