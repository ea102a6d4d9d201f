"""The full three-mode model against qutip.mesolve on a truncated Fock space.

QuTiP integrates the density matrix; the kernels solve the derived moment equations.  The two
agree to the truncation error, which is reported by the comparison (top-level population).
qutip is part of the ``test`` extra, so these tests run (they are not skipped) in CI.
"""

from __future__ import annotations

import numpy as np
import pytest

import nrqb_sym as nq
from nrqb_sym.cli import main
from nrqb_sym.runtime.validate import qutip_comparison

CASES = [
    # (Gamma, kappa_a, kappa_b, kappa_c, F, Delta_a, n_a, n_b, n_c, initial, cutoff)
    (1.0, 0.2, 0.3, 10.0, 0.05, 0.0, 0.0, 0.0, 0.0, nq.InitialState(), 5),
    (1.0, 0.5, 0.1, 8.0, 0.08, 0.4, 0.0, 0.0, 0.0, nq.InitialState(alpha=0.05j), 5),
    (0.5, 0.3, 0.3, 6.0, 0.04, -0.2, 0.02, 0.01, 0.03, nq.InitialState(n_b0=0.02), 6),
]


@pytest.mark.parametrize("case", CASES, ids=["vacuum", "detuned-coherent", "thermal"])
def test_full_model_matches_qutip(case):
    Gamma, ka, kb, kc, F, Da, na, nb, nc, init, cutoff = case
    p = nq.Params.nonreciprocal(Gamma, ka, kb, kc, F, Delta_a=Da, n_a=na, n_b=nb, n_c=nc)
    t = np.linspace(0, 4, 9)
    cmp = qutip_comparison(p, t, initial=init, cutoff=cutoff)
    assert cmp.max_population_top < 1e-5  # the truncation allows the comparison
    assert cmp.max_rel_error <= 1e-5, cmp.rel_error
    # the comparison is not vacuous: the battery gets energy
    assert np.max(cmp.qutip["<b' b>"]) > 1e-4


def test_truncation_is_visible_when_cutoff_is_too_small():
    """With a cutoff of 2 the comparison must show a large deviation (the check can fail)."""
    p = nq.Params.nonreciprocal(1.0, 0.2, 0.3, 10.0, 0.6)
    cmp = qutip_comparison(p, np.linspace(0, 4, 5), cutoff=2)
    assert cmp.max_rel_error > 1e-3


def test_cli_validate(capsys):
    code = main(
        [
            "validate",
            "--preset",
            "nonreciprocal",
            "--set",
            "kappa_c=10",
            "--set",
            "F=0.05",
            "--set",
            "kappa_a=0.2",
            "--t-max",
            "2",
            "--points",
            "5",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "qutip.mesolve" in out and "<b' b>" in out
    worst = max(
        float(line.split()[-1]) for line in out.splitlines() if "relative deviation" in line
    )
    assert worst < 1e-5


def test_cli_validity_map(tmp_path, capsys):
    png = tmp_path / "map.png"
    code = main(
        [
            "validity",
            "--preset",
            "nonreciprocal",
            "--set",
            "kappa_c=50",
            "--t-max",
            "10",
            "--points",
            "51",
            "--map",
            str(png),
        ]
    )
    assert code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    out = capsys.readouterr().out
    assert "E_B" in out


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["simulate", "--preset", "nonreciprocal", "--set", "n_b=-1"], "n_b"),
        (["simulate", "--preset", "nonreciprocal", "--init", "alpha=1+"], "alpha"),
        (["simulate", "--preset", "nonreciprocal", "--init", "n_q0=1"], "n_q0"),
        (["simulate", "--preset", "nonreciprocal", "--init", "gamma=1"], "gamma"),
    ],
)
def test_cli_thermal_and_initial_errors(argv, name, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nrqb: error:") and name in err[0]


def test_cli_simulate_reports_ergotropy(capsys):
    assert (
        main(
            [
                "simulate",
                "--preset",
                "nonreciprocal",
                "--set",
                "n_b=0.5",
                "--points",
                "3",
                "--format",
                "json",
            ]
        )
        == 0
    )
    import json

    out = json.loads(capsys.readouterr().out)
    # with a warm battery bath the energy exceeds the ergotropy by about omega_b n_b-ish amounts
    assert out["ergotropy_B"][-1] < out["E_B"][-1]
    assert out["steady_state"]["ergotropy_B"] < out["steady_state"]["E_B"]
