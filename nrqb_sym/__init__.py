"""nrqb-sym: symbolic derivation and compiled kernels for a nonreciprocal quantum battery.

Quick start::

    import numpy as np
    import nrqb_sym as nq

    p = nq.Params.nonreciprocal(Gamma=1.0, kappa_a=0.05, kappa_b=0.05, kappa_c=100.0, F=0.5)
    tr = nq.simulate(p, np.linspace(0, 200, 1001))
    ss = nq.steady_state(p)          # ss.R -> 4 Gamma^2 / Lambda_b^2
    d = nq.derive()                  # SymPy results of every stage
    d.nonreciprocity                 # {J: ..., theta: ...}
"""

from .derive.pipeline import STAGES, Derivation, derive
from .runtime.network import CompiledModel, load_model
from .runtime.simulation import (
    MODELS,
    PRESETS,
    VACUUM,
    EliminationWarning,
    ExceptionalPoint,
    InitialState,
    ParameterError,
    Params,
    SteadyState,
    Trace,
    check_model,
    derived_rates,
    elimination_error,
    exceptional_points,
    preset,
    simulate,
    simulate_grid,
    steady_state,
)

__version__ = "0.1.0"

__all__ = [
    "STAGES",
    "Derivation",
    "derive",
    "MODELS",
    "PRESETS",
    "VACUUM",
    "InitialState",
    "elimination_error",
    "EliminationWarning",
    "ExceptionalPoint",
    "ParameterError",
    "Params",
    "SteadyState",
    "Trace",
    "check_model",
    "derived_rates",
    "exceptional_points",
    "preset",
    "simulate",
    "simulate_grid",
    "steady_state",
    "load_model",
    "CompiledModel",
    "Sweep",
    "sweep",
]


def __getattr__(name: str):
    # sweep/Sweep are imported on first use: they pull in Numba, which `import nrqb_sym` avoids
    if name in ("sweep", "Sweep"):
        from .runtime import sweep as _sweep

        return getattr(_sweep, name)
    raise AttributeError(f"module 'nrqb_sym' has no attribute {name!r}")
