"""nrqb-sym: symbolic derivation and compiled kernels for open linear bosonic networks.

Any model file runs through one engine (parse -> derive -> generate kernels -> run)::

    import numpy as np
    import nrqb_sym as nq

    m = nq.load_model("my_network.toml")       # kernels generated once, cached by hash
    tr = m.simulate({"F": 0.5}, np.linspace(0, 50, 501))
    tr.energy["b"], tr.power["b"], tr.ergotropy["b"]

The paper's nonreciprocal quantum battery is the shipped model file ``nrqb.toml``; its
application layer (:mod:`nrqb_sym.paper`) keeps the paper's API::

    p = nq.Params.nonreciprocal(Gamma=1.0, kappa_a=0.05, kappa_b=0.05, kappa_c=100.0, F=0.5)
    tr = nq.simulate(p, np.linspace(0, 200, 1001))
    ss = nq.steady_state(p)          # ss.R -> 4 Gamma^2 / Lambda_b^2

Importing the package loads neither SymPy nor Numba: every name below is imported on first use,
and SymPy only when a model's kernels are missing or stale.
"""

from __future__ import annotations

import importlib

__version__ = "0.2.0"

#: Public name -> module that defines it.
_EXPORTS = {
    "load_model": "nrqb_sym.runtime.model",
    "CompiledModel": "nrqb_sym.runtime.model",
    "Trace": "nrqb_sym.runtime.model",
    "SteadyState": "nrqb_sym.runtime.model",
    "ExceptionalPoint": "nrqb_sym.runtime.model",
    "Sweep": "nrqb_sym.runtime.model",
    "ParameterError": "nrqb_sym.runtime.values",
    "NoSteadyState": "nrqb_sym.runtime.values",
    "EliminationWarning": "nrqb_sym.runtime.values",
    "UnphysicalWarning": "nrqb_sym.runtime.values",
    "ModelError": "nrqb_sym.model.errors",
    "Params": "nrqb_sym.paper.api",
    "PRESETS": "nrqb_sym.paper.api",
    "preset": "nrqb_sym.paper.api",
    "simulate": "nrqb_sym.paper.api",
    "steady_state": "nrqb_sym.paper.api",
    "sweep": "nrqb_sym.paper.api",
    "simulate_grid": "nrqb_sym.paper.api",
    "exceptional_points": "nrqb_sym.paper.api",
    "derived_rates": "nrqb_sym.paper.api",
    "elimination_error": "nrqb_sym.paper.api",
    "InitialState": "nrqb_sym.paper.api",
    "VACUUM": "nrqb_sym.paper.api",
    "PaperTrace": "nrqb_sym.paper.api",
    "PaperSteadyState": "nrqb_sym.paper.api",
    "paper_model": "nrqb_sym.paper.api",
    "derive": "nrqb_sym.paper.derivation",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'nrqb_sym' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
