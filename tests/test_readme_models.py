r"""Two model files written as a newcomer would after reading the README, against the reference.

* ``two_batteries``: a driven charger ``a`` feeding batteries ``b`` and ``d`` through coherent
  links and a shared bad cavity ``c`` (eliminated), a thermal bath on ``d``;
* ``squeezed``: charger and battery with a two-mode squeezing term ``G*(a*b + dag(a)*dag(b))``
  below threshold, sharing a bad cavity.

Each is loaded with :func:`nrqb_sym.load_model` and simulated in both ``full`` and ``effective``
form, from the vacuum and from a displaced thermal start; the traces (every moment, occupations,
energies, powers) and steady states must agree with the independent Gaussian reference of
:mod:`gaussian_reference` (the full model with its exact solution, the effective model with its
Langevin elimination) to :data:`RTOL` relative.  The reference numbers ``h, s, f`` and the jump
vectors are written out by hand below from the same physics, not read from the package.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest
from gaussian_reference import (
    GaussianModel,
    QuadratureSystem,
    eliminate,
    evolve,
    quadrature_system,
    steady,
)
from model_strategies import load_text, reference_state, trace_errors

RTOL = 1e-6
FLOOR = 1e-6
T = np.concatenate([[0.0], np.geomspace(1e-3, 1.0, 5), np.linspace(2.0, 60.0, 30), [150.0, 400.0]])

TWO_BATTERIES = """\
# Two batteries b and d charged by a driven charger a through a shared bad cavity c.
name = "two_batteries_newcomer"
description = "charger a feeds batteries b and d, directly and through a bad cavity c"
modes = ["a", "b", "d", "c"]
eliminate = ["c"]
hamiltonian = \"\"\"
    Delta_a*dag(a)*a + Delta_b*dag(b)*b + Delta_d*dag(d)*d
    + J_b*(exp(I*theta_b)*dag(a)*b + exp(-I*theta_b)*dag(b)*a)
    + J_d*(exp(I*theta_d)*dag(a)*d + exp(-I*theta_d)*dag(d)*a)
    + g*(dag(a)*c + dag(c)*a) + g*(dag(b)*c + dag(c)*b) + g*(dag(d)*c + dag(c)*d)
    + F*(a + dag(a))
\"\"\"

[parameters]
Delta_a = { kind = "real", default = 0.1 }
Delta_b = { kind = "real", default = -0.2 }
Delta_d = { kind = "real", default = 0.3 }
kappa_a = { kind = "positive", default = 0.1 }
kappa_b = { kind = "positive", default = 0.05 }
kappa_d = { kind = "positive", default = 0.08 }
n_d = { kind = "nonnegative", default = 0.2 }
kappa_c = { kind = "positive", default = 100.0 }
g = { kind = "positive", default = 3.0, latex = 'g' }
J_b = { kind = "nonnegative", default = 0.18 }
theta_b = { kind = "real", default = 1.5707963267948966 }
J_d = { kind = "nonnegative", default = 0.18 }
theta_d = { kind = "real", default = 1.2 }
F = { kind = "real", default = 0.4 }
omega_a = { kind = "positive", default = 1.0 }
omega_b = { kind = "positive", default = 1.0 }
omega_d = { kind = "positive", default = 1.1 }

[energies]
a = "omega_a"
b = "omega_b"
d = "omega_d"

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_b"
operator = "b"

[[dissipators]]
rate = "kappa_d*(n_d + 1)"
operator = "d"

[[dissipators]]
rate = "kappa_d*n_d"
operator = "dag(d)"

[[dissipators]]
rate = "kappa_c"
operator = "c"
"""

SQUEEZED = """\
# A charger a and a battery b with a two-mode squeezing term, sharing a bad cavity c.
name = "squeezed_newcomer"
description = "charger and battery with two-mode squeezing below threshold"
modes = ["a", "b", "c"]
eliminate = ["c"]
hamiltonian = "Delta*(dag(a)*a + dag(b)*b) + J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a) + g_a*(dag(a)*c + dag(c)*a) + g_b*(dag(b)*c + dag(c)*b) + F*(a + dag(a)) + G*(a*b + dag(a)*dag(b))"

[parameters]
Delta = "real"
kappa_a = "positive"
kappa_b = "positive"
kappa_c = "positive"
g_a = "positive"
g_b = "positive"
J = "nonnegative"
theta = "real"
F = "real"
G = "nonnegative"
n_b = "nonnegative"
omega_b = "positive"

[energies]
b = "omega_b"

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_b*(n_b + 1)"
operator = "b"

[[dissipators]]
rate = "kappa_b*n_b"
operator = "dag(b)"

[[dissipators]]
rate = "kappa_c"
operator = "c"
"""

TWO_BATTERIES_DEFAULTS = {
    "Delta_a": 0.1, "Delta_b": -0.2, "Delta_d": 0.3, "kappa_a": 0.1, "kappa_b": 0.05,
    "kappa_d": 0.08, "n_d": 0.2, "kappa_c": 100.0, "g": 3.0, "J_b": 0.18,
    "theta_b": math.pi / 2, "J_d": 0.18, "theta_d": 1.2, "F": 0.4, "omega_a": 1.0,
    "omega_b": 1.0, "omega_d": 1.1,
}  # fmt: skip

SQUEEZED_VALUES = {
    "Delta": 0.2, "kappa_a": 0.2, "kappa_b": 0.1, "kappa_c": 80.0, "g_a": 2.0, "g_b": 2.0,
    "J": 0.05, "theta": math.pi / 2, "F": 0.3, "G": 0.06, "n_b": 0.1, "omega_b": 1.5,
}  # fmt: skip


def _e(n: int, i: int) -> np.ndarray:
    return np.eye(n, dtype=complex)[i]


def two_batteries_numbers(p) -> tuple[GaussianModel, dict[str, float]]:
    """Modes (a, b, d, c): h holds the detunings, J_x e^{i theta_x} on (a, x) and g on (x, c)."""
    a, b, d, c = range(4)
    h = np.zeros((4, 4), dtype=complex)
    h[a, a], h[b, b], h[d, d] = p["Delta_a"], p["Delta_b"], p["Delta_d"]
    h[a, b] = p["J_b"] * np.exp(1j * p["theta_b"])
    h[a, d] = p["J_d"] * np.exp(1j * p["theta_d"])
    h[a, c] = h[b, c] = h[d, c] = p["g"]
    h = h + np.triu(h, 1).conj().T
    f = np.array([p["F"], 0, 0, 0], dtype=complex)
    zero = np.zeros(4, dtype=complex)
    jumps = [
        (math.sqrt(p["kappa_a"]) * _e(4, a), zero),
        (math.sqrt(p["kappa_b"]) * _e(4, b), zero),
        (math.sqrt(p["kappa_d"] * (p["n_d"] + 1)) * _e(4, d), zero),
        (zero, math.sqrt(p["kappa_d"] * p["n_d"]) * _e(4, d)),
        (math.sqrt(p["kappa_c"]) * _e(4, c), zero),
    ]
    omega = {"a": p["omega_a"], "b": p["omega_b"], "d": p["omega_d"]}
    return GaussianModel(("a", "b", "d", "c"), h, np.zeros((4, 4)), f, tuple(jumps)), omega


def squeezed_numbers(p) -> tuple[GaussianModel, dict[str, float]]:
    """Modes (a, b, c): G(ab + a'b') is (1/2)(s_ab a'b' + s_ba a'b' + h.c.) with s_ab = s_ba = G."""
    a, b, c = range(3)
    h = np.zeros((3, 3), dtype=complex)
    h[a, a] = h[b, b] = p["Delta"]
    h[a, b] = p["J"] * np.exp(1j * p["theta"])
    h[a, c], h[b, c] = p["g_a"], p["g_b"]
    h = h + np.triu(h, 1).conj().T
    s = np.zeros((3, 3), dtype=complex)
    s[a, b] = s[b, a] = p["G"]
    f = np.array([p["F"], 0, 0], dtype=complex)
    zero = np.zeros(3, dtype=complex)
    jumps = [
        (math.sqrt(p["kappa_a"]) * _e(3, a), zero),
        (math.sqrt(p["kappa_b"] * (p["n_b"] + 1)) * _e(3, b), zero),
        (zero, math.sqrt(p["kappa_b"] * p["n_b"]) * _e(3, b)),
        (math.sqrt(p["kappa_c"]) * _e(3, c), zero),
    ]
    return GaussianModel(("a", "b", "c"), h, s, f, tuple(jumps)), {"b": p["omega_b"]}


CASES = {
    "two_batteries": (TWO_BATTERIES, two_batteries_numbers, TWO_BATTERIES_DEFAULTS, None),
    "two_batteries_values": (
        TWO_BATTERIES,
        two_batteries_numbers,
        {**TWO_BATTERIES_DEFAULTS, "Delta_a": -0.3, "J_d": 0.4, "theta_d": -0.7, "n_d": 0.0},
        {},  # values given explicitly
    ),
    "squeezed": (SQUEEZED, squeezed_numbers, SQUEEZED_VALUES, {}),
    "squeezed_near_threshold": (
        SQUEEZED,
        squeezed_numbers,
        {**SQUEEZED_VALUES, "G": 0.06, "Delta": 0.0, "J": 0.0},
        {},
    ),
}

STARTS = [
    None,
    {"a": {"alpha": 0.3 - 0.2j, "n": 0.1}, "b": {"alpha": 0.1j, "n": 0.25}, "c": {"n": 0.05}},
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    keep = os.environ.get("NRQB_TEST_MODEL_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        return Path(keep)
    return tmp_path_factory.mktemp("readme_models")


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("start", [0, 1], ids=["vacuum", "thermal-coherent"])
def test_readme_model_matches_reference(folder, case, start):
    text, numbers, values, given = CASES[case]
    compiled = load_text(text, folder)
    model, omega = numbers(values)
    full = quadrature_system(model)
    systems = {
        "full": QuadratureSystem(full.modes, full.A, full.c, full.D, omega),
        "effective": QuadratureSystem(*_parts(eliminate(full, ["c"])), omega),
    }
    assert systems["full"].stability_margin() > 0 and systems["effective"].stability_margin() > 0
    # defaults from the file when the case gives no values (the first case), else all values
    use = None if given is None else dict(values)
    worst = {}
    for kind, sys_ in systems.items():
        init = None
        if STARTS[start] is not None:
            init = {m: s for m, s in STARTS[start].items() if m in sys_.modes}
        trace = compiled.simulate(use, T, model=kind, initial=init)
        mo = evolve(sys_, T, reference_state(init, sys_.modes))
        assert np.max(mo.occupations) > 1e-3  # a non-trivial comparison
        for k, v in trace_errors(trace, mo, sys_.omega, FLOOR).items():
            worst[f"{kind} {k}"] = v
        ss = compiled.steady_state(use, model=kind)
        for k, v in trace_errors(ss, steady(sys_), sys_.omega, FLOOR).items():
            worst[f"{kind} steady {k}"] = v
    print(case, "max relative errors:", ", ".join(f"{k} {v:.1e}" for k, v in sorted(worst.items())))
    bad = {k: v for k, v in worst.items() if not v <= RTOL}
    assert not bad, bad


def _parts(sys_: QuadratureSystem):
    return sys_.modes, sys_.A, sys_.c, sys_.D


def test_squeezing_adds_fluctuation_energy(folder):
    """Physics check on the squeezed file: with G > 0 the battery holds more than the coherent
    part |<b>|^2 (pair creation), and the reference says by how much."""
    compiled = load_text(SQUEEZED, folder)
    ss = compiled.steady_state(SQUEEZED_VALUES, model="full")
    excess = ss.occupation["b"] - abs(ss.amplitude["b"]) ** 2
    model, _ = squeezed_numbers(SQUEEZED_VALUES)
    ref = steady(quadrature_system(model))
    want = ref.occupations[0, 1] - abs(ref.amplitudes[0, 1]) ** 2
    no_squeeze = steady(quadrature_system(squeezed_numbers({**SQUEEZED_VALUES, "G": 0.0})[0]))
    thermal_only = no_squeeze.occupations[0, 1] - abs(no_squeeze.amplitudes[0, 1]) ** 2
    assert want > thermal_only * 1.05  # squeezing adds fluctuations beyond the bath's
    assert abs(excess - want) <= RTOL * want
