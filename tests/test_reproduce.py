r"""Tests of ``nrqb reproduce``: the figure data against the paper's claims and independent
closed forms, a smoke test of the command, and the physical-units path.

Independent references (not taken from the package's code):

* physics.md: at resonance and with the nonreciprocity condition (J = Gamma/2, theta = pi/2,
  Delta_c = 0), ``<a>_ss = -2iF/Lambda_a`` and ``E_B/E_A = 4 Gamma^2/Lambda_b^2``; with
  g_a = g_b the elimination gives Gamma_a = Gamma_b = Gamma, so Lambda_x = kappa_x + Gamma;
  kappa_b = 0.05 Gamma gives R = 3.628, eta = 0.784.
* From physics.md's drift matrix with M_12 = 0, M_21 = -Gamma, M_22 = -i Delta_b - Lambda_b/2:
  ``<b>_ss = Gamma <a>_ss/(-i Delta_b - Lambda_b/2)``, so E_B = E_A Gamma^2/(Delta_b^2 +
  Lambda_b^2/4); and at Lambda_a = Lambda_b = Lambda from vacuum,
  ``<b>(t) = -Gamma a_ss [(2/Lambda)(1 - e^{-Lambda t/2}) - t e^{-Lambda t/2}]`` (integrating
  factor), whose modulus grows monotonically (derivative (Lambda t/2) e^{-Lambda t/2} >= 0).
* The EP discriminant D = (M_11 - M_22)^2 + 4 M_12 M_21 with J = Gamma/2 gives
  4 M_12 M_21 = 2i Gamma^2 cos(theta); at charger-battery detuning delta this fixes
  cos(theta) = delta (Lambda_b - Lambda_a)/(2 Gamma^2) with Lambda_b - Lambda_a = 2|delta|
  (physics.md), and with Lambda_a = Lambda_b, theta = pi/2: J = sqrt(Gamma^2 - delta^2)/2; at
  zero detuning and theta = pi/2: J^2 = Gamma^2/4 + (Lambda_a - Lambda_b)^2/16.
* Units: Gamma/2pi = 4 (g_a/2pi)(g_b/2pi)/(kappa_c/2pi) = 4 * 1 * 1/20 MHz = 0.2 MHz;
  1/Gamma = 1/(2 pi 0.2 MHz) = 0.795775 us.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from nrqb_sym.paper import claims as pclaims
from nrqb_sym.paper import data as pdata
from nrqb_sym.paper import figures
from nrqb_sym.paper import parameters as pars
from nrqb_sym.runtime.simulation import ParameterError, steady_state

GAMMA = 1.0
KAPPA = 0.05  # kappa_a (and kappa_b unless swept) in units of Gamma
F = 0.5
LAMBDA = KAPPA + GAMMA
E_A_RES = 4 * F**2 / LAMBDA**2  # |<a>_ss|^2 at resonance, omega_a = 1


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def f2a():
    return pdata.fig2a_data()


@pytest.fixture(scope="module")
def f2b():
    return pdata.fig2b_data()


@pytest.fixture(scope="module")
def f2c():
    return pdata.fig2c_data()


@pytest.fixture(scope="module")
def f2d():
    return pdata.fig2d_data()


@pytest.fixture(scope="module")
def f3ab():
    return pdata.fig3ab_data()


@pytest.fixture(scope="module")
def f3cd():
    return pdata.fig3cd_data()


@pytest.fixture(scope="module")
def f3ef():
    return pdata.fig3ef_data()


@pytest.fixture(scope="module")
def f4a():
    return pdata.fig4a_data()


@pytest.fixture(scope="module")
def f4b():
    return pdata.fig4b_data()


def test_parameters_are_the_stated_ones():
    p = pars.base_params()
    assert p.kappa_a == pytest.approx(KAPPA) and p.kappa_b == pytest.approx(KAPPA)
    assert p.kappa_c == pytest.approx(100.0)
    assert p.g_a == pytest.approx(5.0) and p.g_b == pytest.approx(5.0)  # 4 g^2/kappa_c = 1
    assert p.J == pytest.approx(0.5) and p.theta == pytest.approx(math.pi / 2)
    assert p.kappa_c / p.g_a >= 10  # elimination regime


def test_steady_grid_matches_steady_state():
    pts = [
        pars.detuned(pars.base_params(kappa_b=k), "charger-battery", d)
        for k, d in [(0.05, 0.0), (0.7, 0.3), (3.0, 1.5)]
    ]
    pts.append(pars.base_params().replace(theta=0.3))
    ss = pars.steady_grid(pts)
    for i, p in enumerate(pts):
        ref = steady_state(p)
        assert ss["E_B"][i] == pytest.approx(ref.E_B, rel=1e-9)
        assert ss["E_A"][i] == pytest.approx(ref.E_A, rel=1e-9)


# --------------------------------------------------------------------------- Fig. 2
def test_fourfold_ratio_limit(f2b):
    kb, R = f2b["kappa_b"], f2b["R"]
    np.testing.assert_allclose(R, 4 * GAMMA**2 / (kb + GAMMA) ** 2, rtol=1e-8)
    assert np.all(np.diff(R) < 0)  # R grows as kappa_b/Gamma decreases ...
    assert R[np.argmin(kb)] == pytest.approx(4.0, rel=5e-3)  # ... towards four
    assert np.all(R <= 4.0)


def test_eta_preset_value(f2a):
    eta = f2a["eta_ss"]["charger-battery"][0]
    assert eta == pytest.approx(0.784, abs=5e-4)  # physics.md
    assert eta == pytest.approx(0.78, abs=0.01)  # the paper's eta(inf) ~ 0.78
    assert f2a["R_ss"]["charger-battery"][0] == pytest.approx(3.628, abs=1e-3)


def test_fig2a_order_and_values(f2a):
    for kind in pars.DETUNING_KINDS:
        E = f2a["E_B_ss"][kind]
        assert np.all(np.diff(E) < 0), kind  # E_B(0) > E_B(0.5) > E_B(2)
        assert f2a["E_B"][kind][:, -1] == pytest.approx(E, rel=1e-4)  # traces reach it
    # charger resonant: E_A unchanged, E_B = E_A Gamma^2/(delta^2 + Lambda_b^2/4)
    d = f2a["detunings"]
    np.testing.assert_allclose(f2a["E_A_ss"]["charger-battery"], E_A_RES, rtol=1e-9)
    np.testing.assert_allclose(
        f2a["E_B_ss"]["charger-battery"], E_A_RES * GAMMA**2 / (d**2 + LAMBDA**2 / 4), rtol=1e-9
    )


def test_resonant_trace_closed_form(f2a, f2d):
    t = f2a["t"]
    a_ss = -2j * F / LAMBDA
    beta = (
        -GAMMA * a_ss * ((2 / LAMBDA) * (1 - np.exp(-LAMBDA * t / 2)) - t * np.exp(-LAMBDA * t / 2))
    )
    np.testing.assert_allclose(f2a["E_B"]["charger-battery"][0], np.abs(beta) ** 2, atol=1e-9)
    # peak power of the same closed form, on a fine grid
    tt = np.linspace(0, 15, 300001)
    bb = (
        -GAMMA
        * a_ss
        * ((2 / LAMBDA) * (1 - np.exp(-LAMBDA * tt / 2)) - tt * np.exp(-LAMBDA * tt / 2))
    )
    P = np.gradient(np.abs(bb) ** 2, tt)
    k = np.argmax(P)
    assert f2d["P_peak"]["charger-battery"][0] == pytest.approx(P[k], rel=1e-4)
    assert f2d["t_peak"]["charger-battery"][0] == pytest.approx(tt[k], abs=0.02)


def test_peak_power_order_and_oscillation(f2d):
    for kind in pars.DETUNING_KINDS:
        P = f2d["P_peak"][kind]
        assert np.all(np.diff(P) < 0), kind  # paper: 0.52 > 0.486 > 0.06
        assert f2d["n_maxima"][kind][0] == 1  # one hump at resonance
        assert f2d["n_maxima"][kind][-1] >= 2  # oscillation at large detuning
        assert f2d["min_P_B"][kind][0] >= -1e-12  # no backflow at resonance


def test_theta_backflow(f2c):
    th = f2c["theta"]
    assert th[0] == pytest.approx(math.pi / 2)
    assert f2c["min_P_B"][0] >= -1e-12  # monotone charging (closed form above)
    assert np.all(f2c["min_P_B"][1:] < -1e-3)  # backflow away from pi/2
    assert np.all(f2c["E_B_ss"][1:] < f2c["E_B_ss"][0])
    assert np.all(np.diff(f2c["E_B_ss"]) < 0)  # further from pi/2, less energy
    st = f2c["settling_time"]
    # pi/2: both eigenvalues -Lambda/2 ~ -0.5 Gamma; theta = 0: slowest real part -kappa/2
    assert st[0] < 20.0
    assert st[-1] > 1.0 / (KAPPA / 2)
    assert np.all(st[1:] > st[0])


# --------------------------------------------------------------------------- Fig. 3
def _E_B_ratio(r, fixed="a"):
    ka = KAPPA if fixed == "a" else KAPPA / r
    kb = KAPPA * r if fixed == "a" else KAPPA
    return 4 * F**2 / (ka + GAMMA) ** 2 * 4 * GAMMA**2 / (kb + GAMMA) ** 2


def test_fig3cd_closed_form_and_saturation(f3cd):
    r = f3cd["ratio"]
    np.testing.assert_allclose(f3cd["E_B"]["kappa_a fixed"], _E_B_ratio(r, "a"), rtol=1e-8)
    np.testing.assert_allclose(f3cd["E_B"]["kappa_b fixed"], _E_B_ratio(r, "b"), rtol=1e-8)
    eta = f3cd["eta"]["kappa_a fixed"]
    assert np.all(np.diff(f3cd["E_B"]["kappa_a fixed"]) < 0)
    assert np.all(np.diff(eta) < 0)
    assert eta[0] == pytest.approx(0.8, abs=1e-3)  # eta -> 4/5 as kappa_b -> 0
    assert f3cd["E_B"]["kappa_a fixed"][-1] < 1e-3 * f3cd["E_B"]["kappa_a fixed"][0]


def test_saturation_points(f3cd):
    # 90 % of the small-r value: (Gamma + r kappa_a) = (Gamma + r_min kappa_a)/sqrt(0.9)
    r_min = f3cd["ratio"][0]
    expect90 = ((GAMMA + r_min * KAPPA) / math.sqrt(0.9) - GAMMA) / KAPPA
    expect50 = ((GAMMA + r_min * KAPPA) * math.sqrt(2) - GAMMA) / KAPPA
    r90 = pclaims._interp_decreasing(
        f3cd["ratio"], f3cd["E_B"]["kappa_a fixed"], 0.9 * f3cd["E_B"]["kappa_a fixed"][0]
    )
    r50 = pclaims._interp_decreasing(
        f3cd["ratio"], f3cd["E_B"]["kappa_a fixed"], 0.5 * f3cd["E_B"]["kappa_a fixed"][0]
    )
    assert r90 == pytest.approx(expect90, rel=1e-2)
    assert r50 == pytest.approx(expect50, rel=1e-2)


def test_flat_around_balanced_dissipation(f3cd):
    r = f3cd["ratio"]
    slope = pclaims._log_slope(r, f3cd["E_B"]["kappa_a fixed"], 1.0)
    assert slope == pytest.approx(-2 * KAPPA / LAMBDA, rel=2e-2)  # d ln(1/Lambda_b^2)/d ln r
    assert abs(slope) < 0.2  # flat: the paper's robustness around kappa_a = kappa_b
    assert abs(pclaims._log_slope(r, f3cd["E_B"]["kappa_a fixed"], 1.0 / KAPPA)) > 0.9


def test_fig3ab_map(f3ab):
    r, t, E = f3ab["ratio"], f3ab["t"], f3ab["E_B"]
    assert E.shape == (r.size, t.size) == f3ab["eta"].shape
    np.testing.assert_allclose(E[:, 0], 0.0, atol=1e-14)  # vacuum start
    np.testing.assert_allclose(E[:, -1], _E_B_ratio(r, "a"), rtol=1e-5)  # relaxed at 30/Gamma
    j = int(np.argmin(np.abs(t - 5.0)))
    assert np.all(np.diff(E[:, j]) < 0)  # fixed time: smaller r, more energy
    assert np.all(np.isnan(f3ab["eta"][:, 0]))  # 0/0 at t = 0 is reported as nan


def test_pmax_trends(f3ef):
    Pa = f3ef["P_max"]["kappa_a fixed"]
    Pb = f3ef["P_max"]["kappa_b fixed"]
    assert np.all(np.diff(Pa) < 0)  # a lossier battery never charges faster
    assert np.all(np.diff(Pb) > 0)
    i1 = int(np.argmin(np.abs(np.log(f3ef["ratio"]))))
    assert Pa[i1] == pytest.approx(Pb[i1], rel=1e-9)  # same point at r = 1
    assert np.all(f3ef["t_max"]["kappa_a fixed"] < pars.T_SHORT)  # interior maxima
    run_max = f3ef["P_running_max"]
    assert np.all(np.diff(run_max, axis=1) >= 0)
    np.testing.assert_allclose(run_max[:, -1], Pa, rtol=1e-12)
    small = f3ef["ratio"] <= 1.0
    assert Pa[small].max() / Pa[small].min() - 1 < 0.1  # stable for small ratio


# --------------------------------------------------------------------------- Fig. 4
def test_fig4a_ep_by_J(f4a):
    r = f4a["ratio"]
    la, lb = KAPPA + GAMMA, KAPPA * r + GAMMA
    np.testing.assert_allclose(f4a["J_EP"], 0.5 * np.sqrt(GAMMA**2 + (la - lb) ** 2 / 4), rtol=1e-7)
    assert np.all(f4a["abs_D_EP"] < 1e-8)
    i1 = int(np.argmin(np.abs(np.log(r))))
    assert f4a["E_EP"][i1] == pytest.approx(f4a["E_NR"][i1], rel=1e-9)  # coincide at r = 1
    assert np.all(np.diff(f4a["E_NR"]) < 0) and np.all(np.diff(f4a["E_EP"]) < 0)
    m = r <= 10
    assert np.max(np.abs(f4a["E_EP"][m] / f4a["E_NR"][m] - 1)) < 0.05  # closely matched


def test_fig4b_zero_detuning_coincide(f4b):
    d, E = f4b["delta"], f4b["E"]
    i0 = int(np.argmin(np.abs(d)))
    assert d[i0] == 0.0
    nr = E["NR charger-battery"][i0]
    for name in ("NR common", "EP kappa_b+theta", "EP J", "EP common kappa_b"):
        assert E[name][i0] == pytest.approx(nr, rel=1e-9), name
    assert nr == pytest.approx(E_A_RES * 4 * GAMMA**2 / LAMBDA**2, rel=1e-9)


def test_fig4b_nonreciprocal_decreasing_at_charger_resonance(f4b):
    d, E = f4b["delta"], f4b["E"]["NR charger-battery"]
    np.testing.assert_allclose(E, E_A_RES * GAMMA**2 / (d**2 + LAMBDA**2 / 4), rtol=1e-9)
    pos = d >= 0
    assert np.all(np.diff(E[pos]) < 0)  # decreasing in |delta|
    np.testing.assert_allclose(E, E[::-1], rtol=1e-9)  # even in delta


def test_fig4b_ep_variants_are_exceptional_points(f4b):
    d = f4b["delta"]
    th = f4b["ep_value"]["EP kappa_b+theta"]
    inside = np.abs(d) <= GAMMA * (1 - 1e-9)
    np.testing.assert_allclose(
        th[inside], np.arccos(d[inside] * np.abs(d[inside]) / GAMMA**2), atol=1e-6
    )
    J = f4b["ep_value"]["EP J"]
    strictly = np.abs(d) < GAMMA
    np.testing.assert_allclose(
        J[strictly], 0.5 * np.sqrt(GAMMA**2 - d[strictly] ** 2), rtol=1e-6, atol=1e-9
    )
    for name in ("EP kappa_b+theta", "EP J"):  # no EP beyond |delta| = Gamma with these knobs
        assert np.all(np.isnan(f4b["E"][name][np.abs(d) > GAMMA * 1.001])), name
        assert np.all(np.isfinite(f4b["E"][name][inside])), name
    np.testing.assert_allclose(f4b["ep_value"]["EP common kappa_b"], KAPPA, rtol=1e-9)
    np.testing.assert_allclose(f4b["E"]["EP common kappa_b"], f4b["E"]["NR common"], rtol=1e-9)
    for name, D in f4b["abs_D"].items():
        assert np.all(D[np.isfinite(D)] < 1e-8), name


# --------------------------------------------------------------------------- claims, smoke
def test_claims_table(f2a, f2b, f2c, f2d, f3ab, f3cd, f3ef, f4a, f4b):
    data = {
        "fig2a": f2a,
        "fig2b": f2b,
        "fig2c": f2c,
        "fig2d": f2d,
        "fig3ab": f3ab,
        "fig3cd": f3cd,
        "fig3ef": f3ef,
        "fig4a": f4a,
        "fig4b": f4b,
    }
    found = pclaims.claims(data)
    keys = {c.key for c in found}
    for k in (
        "fourfold",
        "eta-inf",
        "peak-order",
        "peak-values",
        "saturation",
        "flat",
        "fig4a",
        "fig4b-zero",
        "fig4b-higher",
    ):
        assert k in keys
    assert all(c.verdict in ("agrees", "differs") for c in found)
    assert all(c.package and c.full and c.why and c.parameters for c in found)
    by = {c.key: c for c in found}
    # the full three-mode model at the same point: the steady state is the same
    assert by["fourfold"].values["R_full"] == pytest.approx(
        by["fourfold"].values["R_limit"], rel=1e-6
    )
    assert by["eta-inf"].values["eta_full"] == pytest.approx(0.784, abs=5e-4)


def test_reproduce_command_smoke(tmp_path):
    from nrqb_sym.cli import main

    out = tmp_path / "repro"
    assert main(["reproduce", "--out", str(out), "--coarse"]) == 0
    for name in figures.PANELS:
        png = out / f"{name}.png"
        assert png.is_file(), name
        head = png.read_bytes()[:8]
        assert head == b"\x89PNG\r\n\x1a\n", name
        assert png.stat().st_size > 5000, name
    text = (out / "REPRODUCTION.md").read_text()
    rows = [
        ln
        for ln in text.splitlines()
        if ln.startswith("| ") and ("**agrees**" in ln or "**differs**" in ln)
    ]
    assert len(rows) >= 15
    assert "illustrative" in text and "MHz" in text and "Gamma/2pi = 0.2 MHz" in text
    for name in figures.PANELS:
        assert f"`{name}.png`" in text


# --------------------------------------------------------------------------- units
def test_units_round_trip():
    from nrqb_sym.paper import units

    given = {
        **units.CIRCUIT_QED_EXAMPLE,
        "J": "0.1 MHz",
        "theta": "90 degree",
        "Delta_b": "-50 kHz",
    }
    dl = units.to_params(given)
    back = dl.to_quantities()
    ureg = units.registry()
    for name, text in given.items():
        q = ureg.Quantity(text)
        unit = "radian" if name == "theta" else "MHz"
        assert back[name].to(unit).magnitude == pytest.approx(q.to(unit).magnitude, rel=1e-12), name
    assert back["Delta_a"].to("MHz").magnitude == 0.0
    # dimensionless values in units of Gamma: 0.01/0.2, 20/0.2, 1/0.2, 0.1/0.2, -0.05/0.2
    p = dl.params
    assert (p.kappa_a, p.kappa_c, p.g_a, p.F, p.J, p.Delta_b) == pytest.approx(
        (0.05, 100.0, 5.0, 0.5, 0.5, -0.25), rel=1e-12
    )
    assert p.theta == pytest.approx(math.pi / 2)
    assert dl.gamma.to("MHz").magnitude == pytest.approx(0.2, rel=1e-12)
    assert dl.time(1.0).to("microsecond").magnitude == pytest.approx(
        1 / (2 * math.pi * 0.2), rel=1e-12
    )
    assert units.time_to_dimensionless("0.7957747154594767 us", dl.scale) == pytest.approx(
        1.0, rel=1e-12
    )
    # pint quantities (not strings) give the same parameters
    dq = units.to_params({k: ureg.Quantity(v) for k, v in given.items()})
    assert dq.params == dl.params


def test_units_nonreciprocal_and_scales():
    from nrqb_sym.paper import units

    dl = units.to_params(units.CIRCUIT_QED_EXAMPLE, nonreciprocal=True)
    assert dl.params.J == pytest.approx(0.5) and dl.params.theta == pytest.approx(math.pi / 2)
    # an explicit scale of 1 MHz: the numbers are the MHz values themselves
    d1 = units.to_params(units.CIRCUIT_QED_EXAMPLE, "1 MHz", nonreciprocal=True)
    assert d1.params.kappa_c == pytest.approx(20.0) and d1.params.J == pytest.approx(0.1)
    assert d1.gamma.to("MHz").magnitude == pytest.approx(0.2)
    # angular convention: kappa/2pi = 20 MHz is the angular rate 2 pi 20 /us
    ang = {
        k: f"{2 * math.pi * units.registry().Quantity(v).to('MHz').magnitude!r} rad/us"
        for k, v in units.CIRCUIT_QED_EXAMPLE.items()
    }
    da = units.to_params(ang, convention="angular", nonreciprocal=True)
    for k, v in dl.params.as_dict().items():
        assert getattr(da.params, k) == pytest.approx(v, rel=1e-12), k
    assert da.time(1.0).to("us").magnitude == pytest.approx(dl.time(1.0).to("us").magnitude)
    # the same numbers read as angular rates: times longer by 2 pi
    dn = units.to_params(units.CIRCUIT_QED_EXAMPLE, convention="angular", nonreciprocal=True)
    assert dn.time(1.0).to("us").magnitude == pytest.approx(
        2 * math.pi * dl.time(1.0).to("us").magnitude
    )
    assert dn.gamma.to("rad/us").magnitude == pytest.approx(0.2)


@pytest.mark.parametrize(
    "change",
    [
        {"kappa_c": "20"},  # a rate without a unit
        {"kappa_c": "20 us"},  # a time, not a rate
        {"kappa_c": "__import__('os').system('true')"},  # not a quantity; never evaluated
        {"kappa_c": "20 furlongs per fortnight squared"},
        {"theta": "20 MHz"},
        {"kappa_x": "1 MHz"},
    ],
)
def test_units_rejects_bad_input(change):
    from nrqb_sym.paper import units

    values = {**units.CIRCUIT_QED_EXAMPLE, "J": "0.1 MHz", "theta": 1.5707963267948966, **change}
    with pytest.raises(ParameterError):
        units.to_params(values)
