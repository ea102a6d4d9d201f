r"""The ``nrqb`` command line on every model file: the default ``nrqb.toml``, the shipped models
(``--model-file``) and small model files written here.

What is checked against what (every expected number is computed in this file):

* a driven damped cavity, :math:`\langle a\rangle(t) = a_{ss} + (\alpha - a_{ss})
  e^{-(i\Delta + \kappa/2)t}`, :math:`a_{ss} = -iF/(i\Delta + \kappa/2)`; from a coherent start
  at zero temperature :math:`\langle a^\dagger a\rangle = |\langle a\rangle|^2` and all of the
  energy is ergotropy; a thermal (squeezed) start adds :math:`n_0e^{-\kappa t}`
  (:math:`\sinh^2 r\,e^{-\kappa t}`) to the occupation and nothing to the ergotropy;
* two damped modes coupled by :math:`J`: an EP at :math:`J = |\kappa_a - \kappa_b|/4`
  (:math:`\kappa_b = \kappa_a \pm 4J` solved for :math:`\kappa_b`), double eigenvalue
  :math:`-(\kappa_a + \kappa_b)/4`;
* the paper's preset (physics.md): :math:`J = g_ag_b/\sqrt{\Delta_c^2 + \kappa_c^2/4}`,
  :math:`\theta = \operatorname{atan2}(\kappa_c/2, \Delta_c)`; at resonance
  :math:`\langle a\rangle = a_{ss}(1 - e^{-\Lambda_at/2})`, the two-exponential
  :math:`\langle b\rangle(t)` and :math:`R = 4\Gamma^2/\Lambda_b^2` in the steady state; a map's
  nonreciprocal curve :math:`g_ag_b = \kappa_cJ/2` and EP circle :math:`g_a^2 + g_b^2 = 50`
  (derived below);
* the full models: drift matrices written here from the Hamiltonians, solved with NumPy, and the
  shipped models against the independent quadrature solver ``tests/gaussian_reference.py``
  (matrices transcribed here from each model file's Hamiltonian), effective models by its
  zero-frequency elimination;
* user errors: exit status 2, one ``nrqb: error:`` line naming the input as given, no traceback.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg as sla
from gaussian_reference import eliminate, evolve, network, quadrature_system, steady

from nrqb_sym.cli import main
from nrqb_sym.model.names import PAPER_MODEL, shipped_models
from nrqb_sym.runtime.validate import qutip_available

NRQB = shutil.which("nrqb")
PRESET = ["--preset", "nonreciprocal"]
PAPER_COLUMNS = ["t", "E_a", "P_a", "W_a", "E_b", "P_b", "W_b", "R", "eta"]
REPO = Path(__file__).resolve().parents[2]

CAVITY = """
name = "cavity"
description = "one driven damped cavity with a thermal bath"
modes = ["a"]
hamiltonian = "Delta*dag(a)*a + F*(a + dag(a))"

[parameters]
Delta = { kind = "real", default = 0.3 }
F = { kind = "real", default = 0.4 }
kappa = "positive"
n_th = { kind = "nonnegative", default = 0.0 }
omega = { kind = "positive", default = 2.0 }

[energies]
a = "omega"

[[dissipators]]
rate = "kappa*(n_th + 1)"
operator = "a"

[[dissipators]]
rate = "kappa*n_th"
operator = "dag(a)"
"""

PAIR = """
name = "pair"
description = "two damped modes coupled coherently"
modes = ["a", "b"]
hamiltonian = "J*(dag(a)*b + dag(b)*a) + F*(a + dag(a))"

[parameters]
J = { kind = "nonnegative", default = 0.1 }
F = { kind = "real", default = 0.2 }
kappa_a = { kind = "positive", default = 1.0 }
kappa_b = { kind = "positive", default = 0.2 }

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_b"
operator = "b"
"""

#: a driven mode damped through a fast cavity that the effective model eliminates
LOSSY = """
name = "lossy"
description = "a driven mode damped through a bad cavity"
modes = ["a", "c"]
eliminate = ["c"]
hamiltonian = "g*(dag(a)*c + dag(c)*a) + F*(a + dag(a))"

[parameters]
g = { kind = "positive", default = 1.0 }
F = { kind = "real", default = 0.3 }
kappa_a = { kind = "positive", default = 0.1 }
kappa_c = { kind = "positive", default = 20.0 }

[energies]
a = "1"

[[dissipators]]
rate = "kappa_a"
operator = "a"

[[dissipators]]
rate = "kappa_c"
operator = "c"
"""

TEXTS = {"cavity": CAVITY, "pair": PAIR, "lossy": LOSSY}


# ----------------------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict[str, Path]:
    """The three small model files, with their kernels generated once for this module (so that
    stderr holds only what each command says)."""
    from nrqb_sym.runtime.model import load_model

    folder = tmp_path_factory.mktemp("models")
    out = {}
    for name, text in TEXTS.items():
        path = folder / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        load_model(path, progress=False)
        out[name] = path
    return out


def run(capsys, *argv):
    """``main(argv)`` in process: (exit status, stdout, stderr); argparse's usage errors exit
    from inside the parser."""
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


#: Progress lines a command may print before it fails (deriving a new model file).
PROGRESS = ("nrqb: deriving model",)


def one_error(code, err, *names):
    """Exit status 2, no traceback, exactly one ``nrqb: error:`` line naming ``names`` and
    nothing else on stderr but progress lines; returns the error line."""
    assert code == 2, err
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("nrqb: error:")]
    assert len(errors) == 1, err
    assert all(ln in errors or ln.startswith(PROGRESS) for ln in lines), err
    for n in names:
        assert n in errors[0], (n, errors[0])
    return errors[0]


def csv_columns(out: str) -> dict[str, np.ndarray]:
    rows = list(csv.reader(io.StringIO(out)))
    return {h: np.array([float(r[k]) for r in rows[1:]]) for k, h in enumerate(rows[0])}


def steady_line(out: str) -> dict[str, float]:
    line = next(ln for ln in out.splitlines() if ln.startswith("steady state:"))
    return {k: float(v) for k, v in re.findall(r"(\w+) = ([-+0-9.eEnaif]+)", line)}


def cavity_amplitude(t, kappa, Delta=0.3, F=0.4, alpha=0.0):
    lam = 1j * Delta + kappa / 2
    a_ss = -1j * F / lam
    return a_ss + (alpha - a_ss) * np.exp(-lam * t), a_ss


def paper_values(**over) -> dict[str, float]:
    """The defaults of nrqb.toml as written in the file (read with tomllib)."""
    spec = tomllib.loads(PAPER_MODEL.read_text(encoding="utf-8"))
    vals = {k: float(v["default"]) for k, v in spec["parameters"].items()}
    vals.update(over)
    return vals


def paper_drift(v) -> tuple[np.ndarray, np.ndarray]:
    """``d<x>/dt = M<x> + f`` of the paper's three modes (a, b, c), written from H and the
    dissipators of physics.md (vacuum baths)."""
    J = v["J"] * np.exp(1j * v["theta"])
    M = np.array(
        [
            [-1j * v["Delta_a"] - v["kappa_a"] / 2, -1j * J, -1j * v["g_a"]],
            [-1j * np.conj(J), -1j * v["Delta_b"] - v["kappa_b"] / 2, -1j * v["g_b"]],
            [-1j * v["g_a"], -1j * v["g_b"], -1j * v["Delta_c"] - v["kappa_c"] / 2],
        ]
    )
    return M, np.array([-1j * v["F"], 0, 0])


def schur(M, f, keep=(0, 1), drop=(2,)):
    """Zero-frequency elimination (physics.md): M_PP - M_PQ M_QQ^-1 M_QP and f likewise."""
    P, Q = list(keep), list(drop)
    X = M[np.ix_(P, Q)] @ np.linalg.inv(M[np.ix_(Q, Q)])
    return M[np.ix_(P, P)] - X @ M[np.ix_(Q, P)], f[P] - X @ f[Q]


def steady_amplitudes(M, f):
    return -np.linalg.solve(M, f)


# ----------------------------------------------------------------------------- default model
def test_default_model_preset_table_has_the_fourfold_ratio(capsys):
    """nrqb.toml is the default: the table's columns, times and steady state against
    R = 4 Gamma^2/Lambda_b^2 (physics.md's 3.628 at kappa_b = 0.05 Gamma)."""
    code, out, err = run(capsys, "simulate", *PRESET)
    assert code == 0 and err == "", err
    v = paper_values()
    Gamma = 4 * v["g_a"] * v["g_b"] / v["kappa_c"]
    Lam_a = v["kappa_a"] + 4 * v["g_a"] ** 2 / v["kappa_c"]
    Lam_b = v["kappa_b"] + 4 * v["g_b"] ** 2 / v["kappa_c"]
    R = 4 * Gamma**2 / Lam_b**2
    assert round(R, 3) == 3.628
    lines = out.splitlines()
    header = next(i for i, ln in enumerate(lines) if ln.split()[:1] == ["t"])
    assert lines[header].split() == PAPER_COLUMNS
    rows = [[float(x) for x in ln.split()] for ln in lines[header + 1 : header + 12]]
    assert [r[0] for r in rows] == pytest.approx([20.0 * i for i in range(11)])
    assert rows[-1][PAPER_COLUMNS.index("R")] == pytest.approx(R, rel=1e-5)
    ss = steady_line(out)
    assert ss["R"] == pytest.approx(R, rel=1e-5)
    assert ss["eta"] == pytest.approx(R / (1 + R), rel=1e-5)
    assert ss["E_a"] == pytest.approx((2 * v["F"] / Lam_a) ** 2, rel=1e-5)
    assert "J=0.5" in lines[0] and "theta=1.5708" in lines[0]  # the solved couplings


def test_preset_csv_follows_the_resonant_closed_forms(capsys):
    """kappa_b = 0.3 (Lambda_a != Lambda_b): <a> = a_ss (1 - e^{-Lambda_a t/2}) and the
    two-exponential <b>(t) with M21 = -Gamma, at every printed time."""
    argv = ["simulate", *PRESET, "--set", "kappa_b=0.3", "--t-max", "20", "--points", "5"]
    code, out, err = run(capsys, *argv, "--format", "csv")
    assert code == 0 and err == "", err
    d = csv_columns(out)
    assert list(d) == PAPER_COLUMNS
    t = d["t"]
    assert t == pytest.approx([0, 5, 10, 15, 20])
    G, La, Lb, F = 1.0, 1.05, 1.3, 0.5
    a_ss = -2j * F / La
    a = a_ss * (1 - np.exp(-La * t / 2))
    b_ss = -2 * G * a_ss / Lb
    A = 2 * G * a_ss / (Lb - La)
    b = b_ss + A * np.exp(-La * t / 2) + (-b_ss - A) * np.exp(-Lb * t / 2)
    db = -G * a - Lb / 2 * b
    da = -La / 2 * a - 1j * F
    assert d["E_a"] == pytest.approx(np.abs(a) ** 2, rel=1e-10, abs=1e-14)
    assert d["E_b"] == pytest.approx(np.abs(b) ** 2, rel=1e-10, abs=1e-14)
    assert d["P_a"] == pytest.approx(2 * (a.conj() * da).real, rel=1e-9, abs=1e-14)
    assert d["P_b"] == pytest.approx(2 * (b.conj() * db).real, rel=1e-9, abs=1e-14)
    assert d["W_b"] == pytest.approx(d["E_b"], rel=1e-12)  # a coherent state: all ergotropy
    assert math.isnan(d["R"][0]) and math.isnan(d["eta"][0])  # E_A = 0 at t = 0
    R = np.abs(b[1:]) ** 2 / np.abs(a[1:]) ** 2
    assert d["R"][1:] == pytest.approx(R, rel=1e-9)
    assert d["eta"][1:] == pytest.approx(R / (1 + R), rel=1e-9)


@pytest.mark.parametrize(
    "settings",
    [
        {"kappa_b": 0.01},
        {"kappa_b": 2.0, "g_b": 6.0},
        {"g_a": 4.0, "kappa_c": 80.0, "omega_b": 2.0},
    ],
    ids=lambda s: ",".join(f"{k}={v:g}" for k, v in s.items()),
)
def test_preset_ratio_follows_the_parameters(capsys, settings):
    """R = (omega_b/omega_a) 4 Gamma^2/Lambda_b^2 with Gamma = 4 g_a g_b/kappa_c and
    Lambda_b = kappa_b + 4 g_b^2/kappa_c, after --set."""
    argv = [f"--set={k}={v}" for k, v in settings.items()]
    code, out, err = run(capsys, "simulate", *PRESET, *argv, "--points", "3")
    assert code == 0, err
    v = paper_values(**settings)
    Gamma = 4 * v["g_a"] * v["g_b"] / v["kappa_c"]
    Lam_b = v["kappa_b"] + 4 * v["g_b"] ** 2 / v["kappa_c"]
    R = v["omega_b"] / v["omega_a"] * 4 * Gamma**2 / Lam_b**2
    assert steady_line(out)["R"] == pytest.approx(R, rel=1e-5)


@pytest.mark.parametrize("Delta_c", [0.0, 30.0, -45.0])
def test_preset_solves_the_derived_condition_json(capsys, Delta_c):
    """The preset's J, theta against physics.md's general-Delta_c formulas; the effective and full
    steady states against the drift written here (full: 3x3 solve; effective: Schur
    complement)."""
    for form in ("effective", "full"):
        code, out, err = run(
            capsys,
            "simulate",
            *PRESET,
            f"--set=Delta_c={Delta_c}",
            "--format",
            "json",
            "--points",
            "4",
            "--model",
            form,
        )
        assert code == 0, err
        data = json.loads(out)
        assert data["model"] == "nrqb" and data["form"] == form
        assert len(data["t"]) == len(data["E_b"]) == 4
        assert data["R"][0] is None  # nan at t = 0, written as null
        p = data["parameters"]
        v = paper_values(Delta_c=Delta_c)
        assert p["J"] == pytest.approx(
            v["g_a"] * v["g_b"] / math.hypot(Delta_c, v["kappa_c"] / 2), rel=1e-12
        )
        assert p["theta"] == pytest.approx(math.atan2(v["kappa_c"] / 2, Delta_c), rel=1e-12)
        M, f = paper_drift(p)
        if form == "effective":
            M, f = schur(M, f)
        x = steady_amplitudes(M, f)
        E_a, E_b = abs(x[0]) ** 2, abs(x[1]) ** 2
        ss = data["steady_state"]
        assert ss["E_a"] == pytest.approx(E_a, rel=1e-9)
        assert ss["E_b"] == pytest.approx(E_b, rel=1e-9)
        assert ss["R"] == pytest.approx(E_b / E_a, rel=1e-9)
        if form == "full":
            assert ss["n_c"] == pytest.approx(abs(x[2]) ** 2, rel=1e-9)


@pytest.mark.parametrize("scale", [1e3, 1e-6, 1e-12])
def test_preset_is_unit_independent(capsys, scale):
    """Rescaling every rate, coupling and the drive by s (a change of time unit) leaves the
    preset's theta and the steady ratio R unchanged and scales J by s.  (At s = 1e-12 the
    solved J loses its digits and the stable steady state is called unstable.)"""
    v = paper_values()
    names = ("kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "F")
    argv = [f"--set={n}={v[n] * scale!r}" for n in names]
    code, out, err = run(
        capsys, "simulate", *PRESET, *argv, "--format", "json", "--points", "2", "--t-max", "1"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["parameters"]["J"] == pytest.approx(0.5 * scale, rel=1e-9, abs=0)
    assert data["parameters"]["theta"] == pytest.approx(math.pi / 2, rel=1e-12)
    assert data["steady_state"] is not None, "a damped, driven network has a steady state"
    assert data["steady_state"]["R"] == pytest.approx(4 / 1.05**2, rel=1e-9)


def test_default_model_full_form_and_initial_states(capsys):
    """--model full adds the eliminated mode c (no energy: its occupation n_c); --init of an
    eliminated mode is refused in the effective model and accepted in the full one."""
    code, out, _ = run(capsys, "simulate", "--model", "full", "--format", "csv", "--points", "3")
    assert code == 0
    assert list(csv_columns(out)) == [*PAPER_COLUMNS[:7], "n_c", "R", "eta"]
    code, _, err = run(capsys, "simulate", "--init", "c=0.5")
    one_error(code, err, "--init", "c")
    argv = ["simulate", "--model", "full", "--init", "c=0.5", "--format", "csv", "--points", "2"]
    code, out, err = run(capsys, *argv, "--t-max", "1e-9")
    assert code == 0, err
    assert csv_columns(out)["n_c"][0] == pytest.approx(0.25, rel=1e-12)  # |0.5|^2 at t = 0


def test_small_kappa_c_warns_once_and_names_the_ratio(capsys):
    """kappa_c = 40 with g = 5: one warning line carrying kappa_c/g = 8; the full model and the
    default kappa_c = 100 (ratio 20) print nothing."""
    code, out, err = run(capsys, "simulate", *PRESET, "--set", "kappa_c=40", "--points", "3")
    assert code == 0
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("nrqb: warning:"), err
    got = float(re.search(r"=\s*([0-9.eE+-]+)", lines[0]).group(1))
    assert got == pytest.approx(40 / 5, rel=1e-3)
    assert "steady state:" in out
    for extra in (["--set", "kappa_c=40", "--model", "full"], []):
        code, _, err = run(capsys, "simulate", *PRESET, *extra, "--points", "3")
        assert code == 0 and err == ""


# ----------------------------------------------------------------------------- model files
def test_cavity_csv_against_the_closed_form(capsys, models):
    code, out, err = run(
        capsys,
        "simulate",
        "--model-file",
        models["cavity"],
        "--set",
        "kappa=0.8",
        "--t-max",
        "6",
        "--points",
        "7",
        "--format",
        "csv",
    )
    assert code == 0 and err == "", err
    d = csv_columns(out)
    assert list(d) == ["t", "E_a", "P_a", "W_a"]
    a, _ = cavity_amplitude(d["t"], 0.8)
    da = -(0.3j + 0.4) * a - 0.4j
    assert d["E_a"] == pytest.approx(2 * np.abs(a) ** 2, rel=1e-12, abs=1e-15)
    assert d["P_a"] == pytest.approx(4 * (a.conj() * da).real, rel=1e-10, abs=1e-15)
    assert d["W_a"] == pytest.approx(d["E_a"], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    ("init", "extra"),
    [
        ("a=1+1j", lambda t: 0 * t),
        ("a.n=0.5", lambda t: 0.5 * np.exp(-1.0 * t)),
        ("a.r=0.3", lambda t: np.sinh(0.3) ** 2 * np.exp(-1.0 * t)),
    ],
)
def test_cavity_initial_states(capsys, models, init, extra):
    """<a'a> = |<a>|^2 + (thermal or squeezed part) e^{-kappa t}; the ergotropy of a coherent
    start is its energy, and a thermal part adds energy but no ergotropy."""
    argv = ["simulate", "--model-file", models["cavity"], "--set=kappa=1", "--init", init]
    code, out, err = run(capsys, *argv, "--t-max", "4", "--points", "5", "--format", "csv")
    assert code == 0, err
    d = csv_columns(out)
    alpha = 1 + 1j if init == "a=1+1j" else 0.0
    a, _ = cavity_amplitude(d["t"], 1.0, alpha=alpha)
    assert d["E_a"] == pytest.approx(2 * (np.abs(a) ** 2 + extra(d["t"])), rel=1e-10)
    if init != "a.r=0.3":  # a squeezed state's ergotropy needs the covariance
        assert d["W_a"] == pytest.approx(2 * np.abs(a) ** 2, rel=1e-9, abs=1e-13)


def test_cavity_json_steady_state(capsys, models):
    code, out, _ = run(capsys, "simulate", "--model-file", models["cavity"], "--set=kappa=1")
    assert code == 0
    _, a_ss = cavity_amplitude(0.0, 1.0)
    assert steady_line(out)["E_a"] == pytest.approx(2 * abs(a_ss) ** 2, rel=1e-5)
    argv = ["simulate", "--model-file", models["cavity"], "--set=kappa=1", "--format", "json"]
    code, out, _ = run(capsys, *argv, "--set=n_th=0.2")
    data = json.loads(out)
    assert data["model"] == "cavity" and len(data["t"]) == 11
    assert data["parameters"] == {"Delta": 0.3, "F": 0.4, "kappa": 1.0, "n_th": 0.2, "omega": 2.0}
    ss = data["steady_state"]
    assert ss["E_a"] == pytest.approx(2 * (abs(a_ss) ** 2 + 0.2), rel=1e-12)
    assert ss["W_a"] == pytest.approx(2 * abs(a_ss) ** 2, rel=1e-9)  # thermal part passive


def test_undriven_steady_state_prints_zero_not_minus_zero(capsys, models):
    """An undriven cavity at zero temperature is empty: E_a = 0 exactly."""
    argv = ["simulate", "--model-file", models["cavity"], "--set=kappa=1", "--set=F=0"]
    code, out, err = run(capsys, *argv, "--points", "3")
    assert code == 0, err
    assert out.splitlines()[-1] == "steady state: E_a = 0, W_a = 0"
    assert "-0" not in out.replace(",", " ").split()


def test_eliminated_mode_appears_only_in_the_full_model(capsys, models):
    code, out, _ = run(capsys, "simulate", "--model-file", models["lossy"], "--format", "csv")
    assert code == 0 and list(csv_columns(out)) == ["t", "E_a", "P_a", "W_a"]
    argv = ["simulate", "--model-file", models["lossy"], "--model", "full", "--format", "csv"]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and list(csv_columns(out)) == ["t", "E_a", "P_a", "W_a", "n_c"]
    # no energy declared: occupations only
    code, out, _ = run(capsys, "simulate", "--model-file", models["pair"], "--format", "csv")
    assert code == 0 and list(csv_columns(out)) == ["t", "n_a", "n_b"]


def test_unused_parameter_is_a_warning(capsys, tmp_path):
    f = tmp_path / "extra.toml"
    f.write_text(CAVITY.replace("[parameters]", "[parameters]\nunused = 'real'"), "utf-8")
    code, out, err = run(capsys, "simulate", "--model-file", f, "--set=kappa=1", "--set=unused=0")
    assert code == 0, err
    warned = [ln for ln in err.splitlines() if ln.startswith("nrqb: warning:")]
    assert len(warned) == 1 and "unused" in warned[0] and "extra.toml" in warned[0]
    assert "steady state:" in out


def test_plot_writes_a_png(capsys, models, tmp_path):
    target = tmp_path / "trace.png"
    argv = ["simulate", "--model-file", models["cavity"], "--set=kappa=1", "--points", "21"]
    code, _, err = run(capsys, *argv, "--plot", target)
    assert code == 0 and "Traceback" not in err
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


# ----------------------------------------------------------------------------- shipped models
def shipped_reference(name: str, v: dict):
    """(GaussianModel, omega per energy mode, eliminated modes), transcribed from the model
    files' Hamiltonians and dissipators."""
    if name in ("nrqb", "driven_battery", "squeezed_charger"):
        model = network(
            ("a", "b", "c"),
            {m: v[f"Delta_{m}"] for m in "abc"},
            [
                ("a", "b", v["J"] * np.exp(1j * v["theta"])),
                ("a", "c", v["g_a"]),
                ("b", "c", v["g_b"]),
            ],
            {"a": v["F"], "b": v.get("F_b", 0.0)},
            [(m, v[f"kappa_{m}"], v[f"n_{m}"]) for m in "abc"],
            [("a", "b", v["G"])] if name == "squeezed_charger" else (),
        )
        return model, {"a": v["omega_a"], "b": v["omega_b"]}, ("c",)
    if name == "chain":
        model = network(
            ("a", "b1", "b2", "c1", "c2"),
            {"a": v["Delta_a"], "b1": v["Delta_b"], "b2": v["Delta_b"]},
            [
                ("a", "b1", v["J1"] * np.exp(1j * v["theta1"])),
                ("b1", "b2", v["J2"] * np.exp(1j * v["theta2"])),
                ("a", "c1", v["g1"]),
                ("b1", "c1", v["g1"]),
                ("b1", "c2", v["g2"]),
                ("b2", "c2", v["g2"]),
            ],
            {"a": v["F"]},
            [
                ("a", v["kappa_a"], 0),
                ("b1", v["kappa_b"], 0),
                ("b2", v["kappa_b"], 0),
                ("c1", v["kappa_c"], 0),
                ("c2", v["kappa_c"], 0),
            ],
        )
        return model, {"a": v["omega_a"], "b1": v["omega_b"], "b2": v["omega_b"]}, ("c1", "c2")
    if name == "two_batteries":
        model = network(
            ("a", "b", "d", "c"),
            {m: v[f"Delta_{m}"] for m in "abdc"},
            [
                ("a", "b", v["J_b"] * np.exp(1j * v["theta_b"])),
                ("a", "d", v["J_d"] * np.exp(1j * v["theta_d"])),
                ("a", "c", v["g_a"]),
                ("b", "c", v["g_b"]),
                ("d", "c", v["g_d"]),
            ],
            {"a": v["F"]},
            [(m, v[f"kappa_{m}"], 0) for m in "abdc"],
        )
        return model, {m: v[f"omega_{m}"] for m in "abd"}, ("c",)
    raise AssertionError(f"no reference written for the shipped model {name!r}: add one")


def _expected_columns(mo, omega, index):
    """E, P, W per energy mode and n per other mode from reference moments ``mo`` at ``index``."""
    n = mo.n
    out = {}
    for k, m in enumerate(mo.modes):
        occ = mo.occupations[index, k]
        if m in omega:
            blk = mo.W[index][np.ix_([k, n + k], [k, n + k])] + 0.5 * np.eye(2)
            nu = math.sqrt(max(float(np.linalg.det(blk)), 0.25))
            out[f"E_{m}"] = omega[m] * occ
            out[f"P_{m}"] = omega[m] * mo.occupation_rates[index, k]
            out[f"W_{m}"] = omega[m] * (occ - (nu - 0.5))
        else:
            out[f"n_{m}"] = occ
    return out


#: Shipped Gaussian models (those with ``order`` run the cumulant expansion; tested in
#: test_cumulant_models.py and test_cumulant_qutip.py).
GAUSSIAN_SHIPPED = sorted(
    n for n, p in shipped_models().items() if "order" not in tomllib.loads(p.read_text("utf-8"))
)


def test_every_shipped_model_has_a_reference():
    assert set(GAUSSIAN_SHIPPED) == {
        "nrqb",
        "driven_battery",
        "squeezed_charger",
        "chain",
        "two_batteries",
    }, "a new shipped model: write its reference in shipped_reference()"


@pytest.mark.parametrize("form", ["effective", "full"])
@pytest.mark.parametrize("name", GAUSSIAN_SHIPPED)
def test_shipped_model_simulate_against_the_quadrature_reference(capsys, name, form):
    """simulate --model-file <shipped> (defaults): every column at every time and the steady
    state against tests/gaussian_reference.py (effective: its zero-frequency elimination)."""
    path = shipped_models()[name]
    argv = ["simulate", "--model-file", path, "--model", form, "--format", "json"]
    code, out, err = run(capsys, *argv, "--t-max", "40", "--points", "5")
    assert code == 0 and err == "", err
    data = json.loads(out)
    assert data["model"] == name and data["form"] == form
    v = data["parameters"]
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    assert v == {k: float(p["default"]) for k, p in spec["parameters"].items()}
    model, omega, fast = shipped_reference(name, v)
    system = quadrature_system(model)
    if form == "effective":
        system = eliminate(system, fast)
    t = np.array(data["t"])
    assert t == pytest.approx(np.linspace(0, 40, 5))
    mo = evolve(system, t)
    ss = steady(system)
    for k in range(t.size):
        for col, want in _expected_columns(mo, omega, k).items():
            scale = max(abs(x) for x in data[col] if x is not None) or 1.0
            assert abs(data[col][k] - want) <= 1e-8 * scale, (col, k, data[col][k], want)
    expected_ss = _expected_columns(ss, omega, 0)
    for col, got in data["steady_state"].items():
        if col in expected_ss:
            assert got == pytest.approx(expected_ss[col], rel=1e-8, abs=1e-12), col
    if name == "nrqb":
        assert data["steady_state"]["R"] == pytest.approx(
            expected_ss["E_b"] / expected_ss["E_a"], rel=1e-8
        )
    # every column the table has, and only those
    modes = system.modes
    want_cols = [c for m in modes for c in ((f"E_{m}", f"P_{m}", f"W_{m}") if m in omega else ())]
    want_cols += [f"n_{m}" for m in modes if m not in omega]
    assert set(want_cols) <= set(data) - {"parameters", "model", "form", "steady_state", "t"}


@pytest.mark.parametrize("name", sorted(set(GAUSSIAN_SHIPPED) - {"nrqb"}))
def test_preset_of_a_model_file_without_presets(capsys, name):
    code, _, err = run(capsys, "simulate", "--model-file", shipped_models()[name], *PRESET)
    one_error(code, err, "preset", "nonreciprocal", "none declared")


def test_preset_is_read_from_any_model_file(capsys, tmp_path):
    """A [presets.NAME] in a user's model file works like the paper's: its values, then --set."""
    f = tmp_path / "cav.toml"
    f.write_text(CAVITY + '\n[presets.strong]\ndescription = "x"\nvalues = { kappa = 0.5 }\n')
    argv = ["simulate", "--model-file", f, "--preset", "strong", "--format", "json"]
    code, out, err = run(capsys, *argv, "--points", "2")
    assert code == 0, err
    data = json.loads(out)
    assert data["parameters"]["kappa"] == 0.5
    _, a_ss = cavity_amplitude(0.0, 0.5)
    assert data["steady_state"]["E_a"] == pytest.approx(2 * abs(a_ss) ** 2, rel=1e-10)
    code, out, _ = run(capsys, *argv, "--points", "2", "--set", "F=0.2")
    _, a_ss = cavity_amplitude(0.0, 0.5, F=0.2)
    assert json.loads(out)["steady_state"]["E_a"] == pytest.approx(2 * abs(a_ss) ** 2, rel=1e-10)


# ----------------------------------------------------------------------------- user errors
@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--set", "kappa_b=-0.1"], ["kappa_b"]),
        (["--set", "kappa_a=-1e-9"], ["kappa_a"]),
        (["--set", "F=nan"], ["F"]),
        (["--set", "kappa_b=inf"], ["kappa_b"]),
        (["--set", "Delta_a=-inf"], ["Delta_a"]),
        (["--set", "omega_b=1e400"], ["omega_b"]),
        (["--set", "omega_a=0"], ["omega_a"]),
        (["--set", "kappa_c=0"], ["kappa_c"]),
        (["--set", "kappa_d=1"], ["kappa_d", "unknown"]),
        (["--set", "Gamma=1"], ["Gamma", "unknown"]),
        (["--set", "kappa_b=abc"], ["kappa_b"]),
        (["--set", "kappa_b=1+1"], ["kappa_b"]),
        (["--set", "kappa_b=__import__('os')"], ["kappa_b"]),
        (["--set", "kappa_b="], ["kappa_b"]),
        (["--set", "kappa_b0.3"], ["kappa_b0.3"]),
        (["--set", "=0.3"], ["=0.3"]),
        (["--set", "F=1", "--set", "F=2"], ["F", "twice"]),
        (["--preset", "nosuch"], ["preset", "nosuch"]),
        (["--init", "d=1"], ["--init", "d"]),
        (["--init", "a=__import__('os')"], ["--init", "a"]),
        (["--init", "a.q=1"], ["--init", "a.q"]),
        (["--init", "a.n=-1"], ["--init", "a.n"]),
        (["--points", "1"], ["--points"]),
        (["--points", "0"], ["--points"]),
        (["--t-max", "0"], ["--t-max"]),
        (["--t-max", "nan"], ["--t-max"]),
        (["--t-max", "inf"], ["--t-max"]),
        (["--t-max", "1e16"], ["--t-max"]),
        (["--t-max", "abc"], ["--t-max", "abc"]),
        (["--points", "2.5"], ["--points", "2.5"]),
        (["--format", "xml"], ["--format", "xml"]),
        (["--model", "reduced"], ["--model", "reduced"]),
        (["--bogus"], ["--bogus"]),
        (["--max-memory", "lots"], ["--max-memory", "lots"]),
        (["--model-file", "/nonexistent/m.toml"], ["/nonexistent/m.toml"]),
    ],
)
def test_simulate_user_errors_on_the_default_model(capsys, argv, names):
    code, out, err = run(capsys, "simulate", *argv)
    one_error(code, err, *names)
    assert out == ""


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--set", "kappa=1", "--set", "kapa=2"], ["kapa"]),
        ([], ["kappa", "required"]),
        (["--set", "kappa=-1"], ["kappa"]),
        (["--set", "kappa=abc"], ["kappa"]),
        (["--set", "kappa=1", "--set", "n_th=-0.1"], ["n_th"]),
        (["--set", "kappa=1", *PRESET], ["preset", "nonreciprocal"]),
        (["--set", "kappa=1", "--init", "b=1"], ["--init", "b"]),
        (["--set", "kappa=1", "--points", "1"], ["--points"]),
    ],
)
def test_simulate_user_errors_on_a_model_file(capsys, models, argv, names):
    code, out, err = run(capsys, "simulate", "--model-file", models["cavity"], *argv)
    one_error(code, err, *names)
    assert out == ""


def test_values_are_never_evaluated(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    payload = "__import__('pathlib').Path('PWNED').touch()"
    for argv in (
        ["simulate", "--set", f"F={payload}"],
        ["ep", "--set", f"kappa_b={payload}", "--solve-for", "kappa_b"],
        ["simulate", "--init", f"a={payload}"],
        ["map", "--x", f"g_a={payload}:1:3", "--y", "g_b=1:2:3"],
    ):
        code, _, err = run(capsys, *argv)
        one_error(code, err)
        assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    ("replace", "names"),
    [
        (("F*(a + dag(a))", "F*(a + dag(a)) + a.__class__"), ["bad.toml", "hamiltonian"]),
        (("Delta*dag(a)*a", "Delta*dag(a)*dag(a)*a*a"), ["bad.toml", "quartic"]),
        (('modes = ["a"]', 'modes = "a'), ["bad.toml", "TOML"]),
        (('operator = "dag(a)"', 'operator = "dag(b)"'), ["bad.toml", "b"]),
        (('kappa = "positive"', 'kappa = "imaginary"'), ["bad.toml", "kappa"]),
    ],
    ids=["attribute", "quartic", "toml", "unknown-mode", "kind"],
)
@pytest.mark.parametrize("command", ["simulate", "derive", "generate"])
def test_bad_model_files_are_one_line(capsys, tmp_path, command, replace, names):
    bad = tmp_path / "bad.toml"
    assert CAVITY.count(replace[0]) == 1
    bad.write_text(CAVITY.replace(*replace), "utf-8")
    code, _, err = run(capsys, command, "--model-file", bad)
    one_error(code, err, *names)
    assert not (tmp_path / "bad.nrqb" / "kernels.py").exists()


def test_unreadable_model_files_are_one_line(capsys, tmp_path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00name")
    for path, word in (
        (tmp_path / "missing.toml", "missing.toml"),
        (tmp_path, str(tmp_path)),
        (binary, "UTF-8"),
    ):
        for command in ("simulate", "generate", "ep"):
            extra = ["--solve-for", "J"] if command == "ep" else []
            code, _, err = run(capsys, command, "--model-file", path, *extra)
            one_error(code, err, word)


@pytest.mark.parametrize(
    ("old", "new", "key", "token"),
    [
        (
            'F*(a + dag(a))"',
            'F*(a + dag(a)) + G*(dag(a)*dag(c) + a*c)"\n[parameters.G]\nkind = "nonnegative"',
            "eliminate",
            "'c'",
        ),
        ('operator = "c"', 'operator = "a + dag(c)"', "dissipators[1].operator", "'a + dag(c)'"),
    ],
    ids=["squeezing", "mixed-jump"],
)
def test_refused_elimination_names_file_key_and_token(capsys, tmp_path, old, new, key, token):
    f = tmp_path / "fast.toml"
    assert LOSSY.count(old) == 1
    f.write_text(LOSSY.replace(old, new), "utf-8")
    code, _, err = run(capsys, "generate", "--model-file", f)
    one_error(code, err, f"{f}: {key}: cannot eliminate mode 'c'", f" at {token}")
    assert not (tmp_path / "fast.nrqb" / "kernels.py").exists()


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["simulate", "extra"], ["ep"], ["map", "--x", "g_a=1:2:3"]],
    ids=["no-command", "unknown-command", "positional", "ep-without-solve-for", "map-without-y"],
)
def test_usage_errors_are_one_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    one_error(code, err)
    assert out == ""


def test_help_of_every_command(capsys):
    commands = ["derive", "generate", "simulate", "ep", "validate", "validity", "map"]
    for argv in ([], *[[c] for c in commands], ["reproduce"]):
        code, out, err = run(capsys, *argv, "--help")
        assert code == 0 and err == ""
        assert out.startswith(f"usage: nrqb {' '.join(argv)}".rstrip())
        if argv and argv != ["reproduce"]:
            assert "--model-file FILE" in out


# ----------------------------------------------------------------------------- ep
def test_ep_of_two_coupled_damped_modes(capsys, models):
    argv = ["ep", "--model-file", models["pair"], "--set", "kappa_a=1", "--set", "kappa_b=0.2"]
    code, out, _ = run(capsys, *argv, "--solve-for", "J")
    assert code == 0 and out.startswith("J = 0.2 ")
    code, out, _ = run(capsys, *argv, "--solve-for", "J", "--format", "json")
    (row,) = json.loads(out)
    assert row["value"] == pytest.approx(abs(1 - 0.2) / 4, rel=1e-10)
    assert complex(*row["eigenvalue"]) == pytest.approx(-(1 + 0.2) / 4, abs=1e-12)
    # kappa_b = kappa_a +- 4 J: two EPs
    argv = ["ep", "--model-file", models["pair"], "--set", "kappa_a=1", "--set", "J=0.1"]
    code, out, _ = run(capsys, *argv, "--solve-for", "kappa_b", "--format", "json")
    rows = json.loads(out)
    assert [r["value"] for r in rows] == pytest.approx([0.6, 1.4], rel=1e-10)
    assert [r["eigenvalue"][0] for r in rows] == pytest.approx([-0.4, -0.6], rel=1e-10)


def test_ep_errors(capsys, models):
    pair = ["--model-file", models["pair"]]
    for argv, names in (
        ([*pair, "--solve-for", "G"], ["G"]),
        ([*pair, "--solve-for", "F"], ["F", "does not depend"]),
        (["--model-file", models["lossy"], "--solve-for", "g"], ["g", "does not depend"]),
        ([*PRESET, "--solve-for", "kappa_z"], ["kappa_z"]),
        ([*PRESET, "--solve-for", "omega_a"], ["omega_a"]),
        ([*PRESET, "--set", "kappa_b=-1", "--solve-for", "J"], ["kappa_b"]),
    ):
        code, _, err = run(capsys, "ep", *argv)
        one_error(code, err, *names)


def test_ep_of_a_full_model(capsys, models):
    """lossy.toml's full model is a pair of damped modes coupled by g: EP at
    g = |kappa_a - kappa_c|/4."""
    argv = ["ep", "--model-file", models["lossy"], "--set=kappa_a=0.1", "--set=kappa_c=2"]
    code, out, err = run(capsys, *argv, "--solve-for", "g", "--model", "full", "--format", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["value"] for r in rows] == pytest.approx([(2 - 0.1) / 4], rel=1e-8)
    assert {r["model"] for r in rows} == {"full"}


def test_ep_of_the_paper_model(capsys):
    """Fully nonreciprocal (M12 = 0) at resonance: EP iff Lambda_a = Lambda_b, i.e.
    kappa_b = kappa_a + 4 (g_a^2 - g_b^2)/kappa_c, double eigenvalue -Lambda_a/2; detuned
    (Delta_a != Delta_b) there is none.  The full model's EP in J is checked on the 3x3 drift
    written here: two eigenvalues meet there and split away from it."""
    for g_a, kappa_b in ((5.0, 0.05), (6.0, 0.05 + 4 * (36 - 25) / 100)):
        argv = ["ep", *PRESET, f"--set=g_a={g_a}", "--set", "kappa_b=0.3", "--format", "json"]
        code, out, err = run(capsys, *argv, "--solve-for", "kappa_b")
        assert code == 0 and err == "", err
        (row,) = json.loads(out)
        assert row["value"] == pytest.approx(kappa_b, rel=1e-8)
        Lam_a = 0.05 + 4 * g_a**2 / 100
        assert row["eigenvalue"][0] == pytest.approx(-Lam_a / 2, rel=1e-8)
    code, out, _ = run(capsys, "ep", *PRESET, "--set=Delta_a=0.2", "--solve-for", "kappa_b")
    assert code == 0 and out.startswith("no exceptional point")
    code, out, _ = run(
        capsys, "ep", *PRESET, "--solve-for", "J", "--model", "full", "--format", "json"
    )
    assert code == 0
    (row,) = json.loads(out)
    J = row["value"]
    assert row["model"] == "full"

    def gap(J):
        ev = np.sort_complex(np.linalg.eigvals(paper_drift(paper_values(J=J))[0]))
        d = np.abs(ev[:, None] - ev[None, :]) + np.eye(3) * 1e9
        return d.min() / np.abs(ev).max()

    assert gap(J) < 1e-4
    assert gap(J * 1.01) > 30 * gap(J) and gap(J * 0.99) > 30 * gap(J)


# ----------------------------------------------------------------------------- derive
def test_derive_formats_and_stages(capsys, models):
    f = models["pair"]
    code, out, err = run(capsys, "derive", "--model-file", f, "--stage", "moments")
    assert code == 0, err
    assert out.startswith("== moments ==") and "Stage 3" in out and "Stage 2" not in out
    code, md, _ = run(
        capsys, "derive", "--model-file", f, "--stage", "moments", "--format", "markdown"
    )
    assert code == 0 and "==" not in md.splitlines()[0] and md.strip() in out
    code, out, _ = run(capsys, "derive", "--model-file", f, "--format", "json")
    data = json.loads(out)
    assert data["model"] == "pair"
    assert list(data["documents"]) == [
        "model",
        "reduction",
        "moments",
        "steady",
        "spectrum",
        "nonreciprocity",
        "observables",
    ]
    # two modes: the EP polynomials in the rates and J are closed
    assert data["forms"]["full: EP polynomial in J"] == "closed form"
    # each document carries the digest of the kernels the model runs on
    from nrqb_sym.runtime.model import load_model

    digest = load_model(f, progress=False).digest
    for text in data["documents"].values():
        assert f"Model+pipeline hash: sha256:{digest}" in text


def test_derive_of_the_default_model_prints_the_shipped_documents(capsys):
    """One path: derive on nrqb.toml (the default) prints derivations/models/nrqb/*.md (bodies
    equal; only the regenerate command in the header differs)."""
    code, out, err = run(
        capsys, "derive", "--stage", "moments", "--stage", "spectrum", "--format", "json"
    )
    assert code == 0, err
    docs = json.loads(out)["documents"]
    assert list(docs) == ["moments", "spectrum"]
    for stage, file in (("moments", "03_moments.md"), ("spectrum", "05_spectrum.md")):
        shipped = (REPO / "derivations" / "models" / "nrqb" / file).read_text(encoding="utf-8")
        assert docs[stage].split("-->", 1)[1].strip() == shipped.split("-->", 1)[1].strip()


def test_derive_errors(capsys, models):
    for argv, names in (
        (["--model-file", models["pair"], "--stage", "solutions"], ["--stage", "solutions"]),
        (["--stage", "nonsense"], ["--stage", "nonsense"]),
        (["--format", "latex"], ["--format latex"]),
        (["--paper", "--stage", "nonsense"], ["--stage", "nonsense"]),
        (["--format", "pdf"], ["--format", "pdf"]),
    ):
        code, out, err = run(capsys, "derive", *argv)
        one_error(code, err, *names)
        assert out == ""


# ----------------------------------------------------------------------------- generate
def _header_digest(text: str) -> str:
    m = re.search(r"Model\+pipeline hash: sha256:([0-9a-f]{64})", text[:2000])
    assert m, text[:400]
    return m.group(1)


def test_generate_check_cycle(capsys, tmp_path):
    f = tmp_path / "pair.toml"
    f.write_text(PAIR, encoding="utf-8")
    folder = tmp_path / "pair.nrqb"
    code, _, err = run(capsys, "generate", "--model-file", f, "--check")
    assert code == 1 and "no generated kernels" in err and "nrqb generate --model-file" in err
    assert not folder.exists()
    code, out, _ = run(capsys, "generate", "--model-file", f)
    assert code == 0 and str(folder) in out
    written = sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".md"))
    assert folder / "kernels.py" in written and len(written) >= 8
    digest = _header_digest((folder / "kernels.py").read_text(encoding="utf-8"))
    for p in written:  # every generated file: the pedigree header with one digest
        text = p.read_text(encoding="utf-8")
        assert "GENERATED FILE - DO NOT EDIT." in text[:200], p
        assert _header_digest(text) == digest, p
        assert "Regenerate with: nrqb generate --model-file pair.toml" in text[:2000], p
    code, out, _ = run(capsys, "generate", "--model-file", f, "--check")
    assert code == 0 and "up to date" in out

    kernels = folder / "kernels.py"
    kernels.write_text(kernels.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (folder / "derivations" / "extra.md").write_text("orphan\n", encoding="utf-8")
    (folder / "derivations" / "01_model.md").unlink()
    code, _, err = run(capsys, "generate", "--model-file", f, "--check")
    assert code == 1
    for rel in ("kernels.py", "derivations/extra.md", "derivations/01_model.md"):
        assert rel in err
    assert "edited" in kernels.read_text(encoding="utf-8")  # --check writes nothing
    code, out, _ = run(capsys, "generate", "--model-file", f)
    assert code == 0 and "kernels.py" in out
    assert not (folder / "derivations" / "extra.md").exists()
    assert run(capsys, "generate", "--model-file", f, "--check")[0] == 0

    # an edited model file: the folder is refused as a whole, in one line
    f.write_text(PAIR.replace("default = 0.1 }", "default = 0.15 }"), encoding="utf-8")
    code, _, err = run(capsys, "generate", "--model-file", f, "--check")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "another version of the model file" in lines[0]
    assert "nrqb generate --model-file" in lines[0]


def test_generate_options(capsys, tmp_path):
    f = tmp_path / "pair.toml"
    f.write_text(PAIR, encoding="utf-8")
    out_dir = tmp_path / "elsewhere"
    code, _, _ = run(capsys, "generate", "--model-file", f, "--out", out_dir)
    assert code == 0 and (out_dir / "kernels.py").is_file()
    assert not (tmp_path / "pair.nrqb").exists()
    for argv, names in (
        (["--model-file", f, "--root", out_dir], ["--root"]),
        (["--out", out_dir], ["--out"]),
        (["--root", tmp_path, "--check"], ["--root", "generated/"]),
        (["--model-file", f, "--out", REPO / "nrqb_sym" / "nope"], ["--out", "refusing"]),
    ):
        code, _, err = run(capsys, "generate", *argv)
        one_error(code, err, *names)
    assert not (REPO / "nrqb_sym" / "nope").exists()


def test_generate_a_copy_of_the_paper_model_gives_the_shipped_kernels(capsys, tmp_path):
    """One path for every model file: nrqb.toml copied elsewhere generates the same kernels and
    documents as the shipped ones (the same digest; only the regenerate command differs)."""
    f = tmp_path / "nrqb.toml"
    shutil.copyfile(PAPER_MODEL, f)
    code, _, err = run(capsys, "generate", "--model-file", f)
    assert code == 0, err
    folder = tmp_path / "nrqb.nrqb"
    pairs = [(folder / "kernels.py", REPO / "generated" / "nrqb.py")]
    pairs += [
        (p, REPO / "derivations" / "models" / "nrqb" / p.name)
        for p in sorted((folder / "derivations").glob("*.md"))
    ]
    assert len(pairs) >= 8
    for mine, shipped in pairs:
        a = mine.read_text(encoding="utf-8").splitlines()
        b = shipped.read_text(encoding="utf-8").splitlines()
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        assert len(diff) == 1 and "Regenerate with:" in diff[0][0], (mine, diff[:3])


@pytest.mark.parametrize("name", ["nrqb", "chain"])
def test_generate_check_of_a_shipped_model_file(capsys, tmp_path, monkeypatch, name):
    """generate --check --model-file on a shipped model file must agree with load_model, which
    runs it on the shipped kernels in generated/ (current: their header carries the digest of
    the model file), whatever the user cache holds."""
    from nrqb_sym.runtime.model import load_model

    monkeypatch.setenv("NRQB_CACHE_DIR", str(tmp_path / "empty-cache"))
    path = shipped_models()[name]
    cm = load_model(path, progress=False)
    assert cm.folder == REPO / "generated"  # the shipped kernels are current
    code, out, err = run(capsys, "generate", "--model-file", path, "--check")
    assert code == 0, err
    assert "up to date" in out


@pytest.mark.slow
def test_generate_check_of_the_checkout(capsys):
    """The default generate --check: generated/ and derivations/ are current (slow: renders
    every shipped model and the paper's documents)."""
    code, out, err = run(capsys, "generate", "--check")
    assert code == 0, err
    assert "up to date" in out


# ----------------------------------------------------------------------------- validate, validity
@pytest.mark.skipif(not qutip_available(), reason="needs qutip")
def test_validate_with_qutip(capsys, models):
    code, out, err = run(
        capsys,
        "validate",
        "--model-file",
        models["cavity"],
        "--set=kappa=1",
        "--set=F=0.05",
        "--set=n_th=0.01",
        "--cutoff",
        "8",
        "--t-max",
        "3",
        "--points",
        "4",
    )
    assert code == 0, err
    devs = [float(ln.split()[-1]) for ln in out.splitlines() if "max relative deviation" in ln]
    assert len(devs) == 2 and max(devs) < 1e-5
    for argv, names in (
        (["--cutoff", "1"], ["--cutoff"]),
        (["--set=kappa=1", "--init", "z=1"], ["z"]),
        (["--set=kappa=1", *PRESET], ["preset"]),
    ):
        code, _, err = run(capsys, "validate", "--model-file", models["cavity"], *argv)
        one_error(code, err, *names)


@pytest.mark.skipif(not qutip_available(), reason="needs qutip")
def test_validate_the_default_model_with_qutip(capsys):
    """nrqb.toml (no --model-file) against qutip.mesolve on a truncated Fock space: a weak drive
    keeps the top Fock level empty, and every first moment and occupation of the three modes
    agrees."""
    argv = ["validate", "--set=F=0.05", "--cutoff", "4", "--points", "3", "--t-max", "1"]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    devs = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"(<\w+'?\w*>)\s+max relative deviation ([0-9.e+-]+)", out)
    }
    assert set(devs) == {"<a>", "<a'a>", "<b>", "<b'b>", "<c>", "<c'c>"}
    assert max(devs.values()) < 1e-6
    top = float(re.search(r"top Fock level: ([0-9.e+-]+)", out).group(1))
    assert top < 1e-8


def test_validity_of_the_default_model_against_an_independent_solution(capsys):
    """effective vs full, each solved here with the quadrature reference (full: the 3x3 drift
    of physics.md; effective: its zero-frequency elimination) on the same times."""
    code, out, err = run(capsys, "validity", "--points", "51")
    assert code == 0 and err == "", err
    got = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"max relative deviation of (\w+): ([0-9.e+-]+)", out)
    }
    assert set(got) == {"E_a", "E_b"}
    v = paper_values()
    model, omega, fast = shipped_reference("nrqb", v)
    full = quadrature_system(model)
    t = np.linspace(0, 20, 51)
    mf, me = evolve(full, t), evolve(eliminate(full, fast), t)
    for k, m in enumerate("ab"):
        ef, ee = mf.occupations[:, k], me.occupations[:, k]
        want = np.max(np.abs(ef - ee)) / np.max(np.abs(ef))
        assert got[f"E_{m}"] == pytest.approx(want, rel=2e-3)
        assert 1e-4 < want < 1e-2  # physics.md: 0.2-0.6 % at kappa_c/g = 20
    M, f = paper_drift(v)
    E_a = abs(steady_amplitudes(M, f)[0]) ** 2
    m = re.search(r"steady state E_a: full ([0-9.e+-]+), effective ([0-9.e+-]+)", out)
    assert float(m.group(1)) == pytest.approx(E_a, rel=1e-5)
    assert float(m.group(2)) == pytest.approx(E_a, rel=1e-5)  # exact at zero frequency


def test_validity_on_model_files(capsys, models, tmp_path):
    code, out, _ = run(capsys, "validity", "--model-file", models["cavity"], "--set=kappa=1")
    assert code == 0 and "eliminates no mode" in out
    code, _, err = run(capsys, "validity", "--model-file", models["lossy"], "--map", "m.png")
    one_error(code, err, "--map")
    target = tmp_path / "v.png"
    code, out, err = run(
        capsys,
        "validity",
        "--model-file",
        models["lossy"],
        "--points",
        "21",
        "--map",
        target,
        "--x",
        "g=0.5:1.5:3",
        "--y",
        "kappa_c=10:40:3:log",
    )
    assert code == 0, err
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    devs = [float(ln.split()[-1]) for ln in out.splitlines() if "max relative deviation" in ln]
    assert len(devs) == 1 and 0 < devs[0] < 0.05


# ----------------------------------------------------------------------------- map
def test_map_json_against_closed_forms(capsys):
    r"""Plane (g_a, g_b) of nrqb.toml at J = 1/2, theta = pi/2: last value of E_b at t = 300
    equals the effective steady state solved here; the nonreciprocal set of (a, b) is
    M_ab = J - 2 g_a g_b/kappa_c = 0, i.e. g_a g_b = 25; the EP set D = (M11 - M22)^2 +
    4 M12 M21 = 4 (g_a^2 - g_b^2)^2/kappa_c^2 - (1 - Gamma^2) = 0, i.e. g_a^2 + g_b^2 = 50."""
    code, out, err = run(
        capsys,
        "map",
        "--x",
        "g_a=3:7:4",
        "--y",
        "g_b=3:7:3",
        "--observable",
        "E_b",
        "--reduce",
        "last",
        "--t-max",
        "300",
        "--points",
        "301",
        "--pair",
        "a,b",
        "--format",
        "json",
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["x"]["name"] == "g_a" and data["y"]["name"] == "g_b"
    xs, ys = np.array(data["x"]["values"]), np.array(data["y"]["values"])
    assert xs == pytest.approx(np.linspace(3, 7, 4)) and ys == pytest.approx([3, 5, 7])
    values = np.array(data["values"], dtype=float)
    assert values.shape == (4, 3)
    for i, ga in enumerate(xs):
        for j, gb in enumerate(ys):
            M, f = schur(*paper_drift(paper_values(g_a=ga, g_b=gb)))
            E_b = abs(steady_amplitudes(M, f)[1]) ** 2
            assert values[i, j] == pytest.approx(E_b, rel=1e-8), (ga, gb)
    nr = data["curves"]["nonreciprocal"]
    pts = np.concatenate([np.array(line) for line in nr["lines"]] or [np.empty((0, 2))])
    assert len(pts) > 10 and not nr["everywhere"]
    assert pts[:, 0] * pts[:, 1] == pytest.approx(25.0, rel=1e-3)
    ep = data["curves"]["exceptional_points"]
    pts = np.concatenate([np.array(line) for line in ep["lines"]] or [np.empty((0, 2))])
    assert len(pts) > 10
    assert pts[:, 0] ** 2 + pts[:, 1] ** 2 == pytest.approx(50.0, rel=1e-6)


def test_map_nonreciprocal_point_in_the_coupling_plane(capsys):
    """Plane (J, theta): M_ab = -(i J e^{i theta} + Gamma/2) vanishes at the single point
    J = Gamma/2, theta = pi/2."""
    argv = ["map", "--x", "J=0.2:0.8:4", "--y", "theta=1:2:3", "--pair", "a,b", "--points", "5"]
    code, out, err = run(capsys, *argv, "--format", "json")
    assert code == 0, err
    pts = np.array(json.loads(out)["curves"]["nonreciprocal"]["points"])
    assert pts.shape == (1, 2)
    assert pts[0] == pytest.approx([0.5, math.pi / 2], rel=1e-6)


def test_map_formats_carry_the_same_grid(capsys, tmp_path):
    """csv on stdout, npz and json by --out, and --plot: one grid, the same numbers."""
    base = ["map", "--x", "g_a=4:6:4", "--y", "g_b=4:6:3", "--points", "31"]
    code, out, err = run(capsys, *base, "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["g_a", "g_b", "max_P_b"] and len(rows) == 1 + 4 * 3
    assert [(float(r[0]), float(r[1])) for r in rows[1:5]] == pytest.approx(
        [(4, 4), (4, 5), (4, 6), (4 + 2 / 3, 4)]
    )
    target = tmp_path / "m.npz"
    code, _, err = run(capsys, *base, "--out", target, "--plot", tmp_path / "m.png")
    assert code == 0 and "written to" in err
    with np.load(target) as z:
        assert z["values"].shape == (4, 3)
        assert z["values"].ravel() == pytest.approx([float(r[2]) for r in rows[1:]], rel=1e-15)
    assert (tmp_path / "m.png").read_bytes()[:4] == b"\x89PNG"
    code, _, _ = run(capsys, *base, "--out", tmp_path / "m.json")
    data = json.loads((tmp_path / "m.json").read_text())
    assert np.ravel(data["values"]) == pytest.approx([float(r[2]) for r in rows[1:]], rel=1e-15)


def test_map_on_a_model_file_finds_the_ep_line(capsys, models):
    """pair.toml in the plane (kappa_b, J): EP lines J = |kappa_a - kappa_b|/4 (kappa_a = 1);
    the default observable is the occupation of the last mode (no energies declared)."""
    argv = ["map", "--model-file", models["pair"], "--x", "kappa_b=0.2:1.8:5", "--y", "J=0:0.3:4"]
    code, out, err = run(capsys, *argv, "--points", "21", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["observable"] == "n_b"
    lines = data["curves"]["exceptional_points"]["lines"]
    pts = np.concatenate([np.array(line) for line in lines])
    assert len(pts) > 10
    assert pts[:, 1] == pytest.approx(np.abs(1 - pts[:, 0]) / 4, abs=1e-9)


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["--x", "g_a=3:7", "--y", "g_b=3:7:3"], ["--x", "g_a=3:7"]),
        (["--x", "g_a", "--y", "g_b=3:7:3"], ["--x"]),
        (["--x", "=3:7:3", "--y", "g_b=3:7:3"], ["--x"]),
        (["--x", "g_a=a:7:3", "--y", "g_b=3:7:3"], ["--x", "START"]),
        (["--x", "g_a=3:7:x", "--y", "g_b=3:7:3"], ["--x", "N"]),
        (["--x", "g_a=3:7:1", "--y", "g_b=3:7:3"], ["--x", "N"]),
        (["--x", "g_a=3:3:3", "--y", "g_b=3:7:3"], ["--x", "differ"]),
        (["--x", "g_a=inf:7:3", "--y", "g_b=3:7:3"], ["--x", "finite"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=-1:7:3:log"], ["--y", "log"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=1:7:3:lin"], ["--y"]),
        (["--x", "g_a=3:7:3", "--y", "g_a=3:7:3"], ["--y", "g_a", "differ"]),
        (["--x", "zz=3:7:3", "--y", "g_a=3:7:3"], ["zz"]),
        (["--x", "kappa_a=-1:1:3", "--y", "g_a=3:7:3"], ["kappa_a"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--observable", "Q_b"], ["Q_b"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--observable", "x_a"], ["x_a"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--pair", "a,z"], ["--pair", "z"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--pair", "a"], ["--pair"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--pair", "a,c"], ["--pair", "c"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--format", "npz"], ["npz", "--out"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--out", "m.txt"], ["--out", "m.txt"]),
        (["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--reduce", "median"], ["--reduce"]),
        (
            ["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--out", "/nonexistent/dir/m.json"],
            ["--out", "/nonexistent/dir/m.json"],
        ),
        (
            ["--x", "g_a=3:7:3", "--y", "g_b=3:7:3", "--plot", "/nonexistent/dir/m.png"],
            ["--plot", "/nonexistent/dir/m.png"],
        ),
    ],
)
def test_map_user_errors(capsys, argv, names):
    code, _, err = run(capsys, "map", *argv, "--points", "5")
    one_error(code, err, *names)


# ----------------------------------------------------------------------------- console script
@pytest.mark.skipif(NRQB is None, reason="console script not installed")
def test_console_script(models, tmp_path):
    """The installed ``nrqb``: a user error (status 2, one line, nothing on stdout) and a run of
    the default model (R of the steady state against 4 Gamma^2/Lambda_b^2)."""
    bad = subprocess.run(
        [NRQB, "simulate", "--model-file", str(models["cavity"]), "--set", "kappa=x"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    one_error(bad.returncode, bad.stderr, "kappa")
    assert bad.stdout == ""
    ok = subprocess.run(
        [NRQB, "simulate", *PRESET, "--format", "csv", "--points", "3"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert ok.returncode == 0 and ok.stderr == "", ok.stderr
    d = csv_columns(ok.stdout)
    assert list(d) == PAPER_COLUMNS
    assert d["R"][-1] == pytest.approx(4 / 1.05**2, rel=1e-9)
    # nothing was written beside the working directory
    assert sorted(tmp_path.iterdir()) == []


def test_module_entry_point(tmp_path):
    """``python -m nrqb_sym.cli`` behaves like the script: one error line, status 2."""
    res = subprocess.run(
        [sys.executable, "-m", "nrqb_sym.cli", "simulate", *PRESET, "--set", "kappa_b=nan"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    one_error(res.returncode, res.stderr, "kappa_b")
    assert res.stdout == ""


def test_reference_closed_form_matches_expm():
    """Sanity of the reference used above: scipy's expm of the 2x2 resonant drift reproduces the
    two-exponential <b>(t) (so a failure above is the package's, not the closed form's)."""
    G, La, Lb, F, t = 1.0, 1.05, 1.3, 0.5, 7.0
    aug = np.zeros((3, 3), complex)
    aug[:2, :2] = [[-La / 2, 0], [-G, -Lb / 2]]
    aug[0, 2] = -1j * F
    z = sla.expm(aug * t) @ np.array([0, 0, 1])
    a_ss = -2j * F / La
    b_ss = -2 * G * a_ss / Lb
    A = 2 * G * a_ss / (Lb - La)
    b = b_ss + A * np.exp(-La * t / 2) + (-b_ss - A) * np.exp(-Lb * t / 2)
    assert z[1] == pytest.approx(b, rel=1e-12)
    assert z[0] == pytest.approx(a_ss * (1 - np.exp(-La * t / 2)), rel=1e-12)


@pytest.mark.parametrize("text", ["-1", "-1e-0", "-0.50"])
def test_bad_value_is_shown_as_typed(capsys, text):
    """A value breaking its declared kind is quoted as the user typed it, not as Python's float."""
    code, _, err = run(capsys, "simulate", "--points", "2", "--set", f"kappa_a={text}")
    line = one_error(code, err, "kappa_a")
    assert line == f"nrqb: error: kappa_a = {text}: must be > 0 (declared positive)"
