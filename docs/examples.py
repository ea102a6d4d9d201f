r"""Figures of the shipped example models: ``python docs/examples.py [NAME ...]``.

Writes ``docs/models/<name>.png`` for the example model files in ``nrqb_sym/model/models/``
(``two_batteries``, ``chain``, ``driven_battery``, ``squeezed_charger``) and prints the numbers
quoted in ``docs/models.md``.  Every curve comes from :func:`nrqb_sym.load_model`: the full model
(solid) and the effective model with the bad cavities eliminated (dashed), from the vacuum unless
said otherwise.  Times are in units of :math:`1/\Gamma` (:math:`\Gamma = 4g^2/\kappa_c = 1` at
the defaults of every example), energies :math:`E_m = \omega_m\langle m^\dagger m\rangle` in
units of :math:`\hbar\omega` (:math:`\omega_m = 1`).

The first run of a model derives and compiles its kernels (cached by hash, in the user cache for
the shipped files); later runs take a few seconds per figure.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from nrqb_sym import load_model  # noqa: E402
from nrqb_sym.model.names import shipped_models  # noqa: E402

OUT = Path(__file__).resolve().parent / "models"
SIZE = (7.0, 4.0)
DPI = 110
COLORS = {
    "a": "tab:blue",
    "b": "tab:orange",
    "d": "tab:green",
    "b1": "tab:orange",
    "b2": "tab:red",
}
TIME = r"time $t$ [$1/\Gamma$]"
ENERGY = r"energy $E_m = \omega_m\langle m^\dagger m\rangle$ [$\hbar\omega$]"


def _energy_label(m: str) -> str:
    sub = m[0] + (f"_{m[1:]}" if len(m) > 1 else "")
    return rf"$E_{{{sub}}}$"


def _style_legend(ax, **kw) -> None:
    """A legend of the modes plus one entry each for the full and effective line styles."""
    handles, labels = ax.get_legend_handles_labels()
    handles += [
        plt.Line2D([], [], color="0.3", lw=2.6, alpha=0.45),
        plt.Line2D([], [], color="0.3", lw=1.2, ls="--"),
    ]
    labels += ["full model", "effective model"]
    ax.legend(handles, labels, fontsize=8, **kw)


def _pair(ax, t, full, eff, color, label, width=1.0, **kw) -> None:
    """The full model (solid, wide, pale) with the effective one (dashed) on top."""
    ax.plot(t, full, color=color, lw=2.6 * width, alpha=0.45, label=label, **kw)
    ax.plot(t, eff, color=color, lw=1.2 * width, ls="--", **kw)


def _both(model, values, t, initial=None):
    return (
        model.simulate(values, t, model="full", initial=initial),
        model.simulate(values, t, model="effective", initial=initial),
    )


def _deviation(full, eff) -> float:
    """Largest |E_eff - E_full| over modes and times, relative to the largest full energy."""
    dev = max(float(np.max(np.abs(eff.energy[m] - full.energy[m]))) for m in full.energy)
    return dev / max(float(np.max(full.energy[m])) for m in full.energy)


def _crossing(t: np.ndarray, y: np.ndarray, level: float) -> float:
    """First time at which ``y`` reaches ``level`` (linear interpolation)."""
    i = int(np.argmax(y >= level))
    if i == 0:
        return float(t[0])
    return float(np.interp(level, [y[i - 1], y[i]], [t[i - 1], t[i]]))


def _save(fig, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
    return path


# --------------------------------------------------------------------------- two batteries
def two_batteries(path: Path) -> dict[str, float]:
    """Charging from the vacuum (left); a charged battery b with the charger off (right)."""
    cm = load_model(path)
    t = np.linspace(0.0, 20.0, 2001)
    full, eff = _both(cm, {}, t)
    ss = cm.steady_state({}, "full")
    single = load_model(shipped_models()["nrqb"]).steady_state({}, "full").energy["b"]
    t2 = np.linspace(0.0, 80.0, 2001)
    full2, eff2 = _both(cm, {"F": 0.0}, t2, initial={"b": 1.0})

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=SIZE, layout="constrained")
    total_f = full.energy["b"] + full.energy["d"]
    total_e = eff.energy["b"] + eff.energy["d"]
    _pair(ax1, t, full.energy["a"], eff.energy["a"], COLORS["a"], r"$E_a$")
    _pair(ax1, t, full.energy["b"], eff.energy["b"], COLORS["b"], r"$E_b = E_d$")
    _pair(ax1, t, total_f, total_e, COLORS["d"], r"$E_b + E_d$")
    ax1.axhline(single, color="0.5", ls=":", lw=1.2)
    ax1.text(20, single, "single battery (nrqb.toml)", ha="right", va="bottom", fontsize=8)
    ax1.set_title("charging from the vacuum", fontsize=10)
    ax1.set_xlabel(TIME)
    ax1.set_ylabel(ENERGY)
    ax1.set_ylim(0, 3.6)
    _style_legend(ax1, loc="center right")
    for m in ("b", "d"):
        _pair(ax2, t2, full2.energy[m], eff2.energy[m], COLORS[m], _energy_label(m))
    ax2.set_yscale("log")
    ax2.text(
        40,
        0.08,
        "dark mode $(b - d)/\\sqrt{2}$:\nenergy decays at $\\kappa_b$",
        fontsize=8,
        va="bottom",
    )
    ax2.set_ylim(1e-3, 1.5)
    ax2.set_title(r"charger off ($F = 0$), $\langle b\rangle_0 = 1$", fontsize=10)
    ax2.set_xlabel(TIME)
    _style_legend(ax2, loc="upper right")
    fig.suptitle("two_batteries: one charger, two batteries sharing the bad cavity", fontsize=11)
    _save(fig, "two_batteries")

    i5 = int(np.searchsorted(t2, 5.0))
    late = (t2 > 30) & (t2 < 70)
    slope = np.polyfit(t2[late], np.log(eff2.energy["b"][late]), 1)[0]
    return {
        "E_a steady": ss.energy["a"],
        "E_b steady": ss.energy["b"],
        "E_d steady": ss.energy["d"],
        "E_b + E_d": ss.energy["b"] + ss.energy["d"],
        "E_b single-battery model (nrqb)": single,
        "90% of E_b at t": _crossing(t, full.energy["b"], 0.9 * ss.energy["b"]),
        "charger off: E_b(t=5)": full2.energy["b"][i5],
        "charger off: E_d(t=5)": full2.energy["d"][i5],
        "charger off: late decay rate of E_b": -slope,
        "max rel. deviation eff vs full (vacuum)": _deviation(full, eff),
        "max rel. deviation eff vs full (charger off)": _deviation(full2, eff2),
    }


# --------------------------------------------------------------------------- chain
def chain(path: Path) -> dict[str, float]:
    """Energies of the three cells; back-action test with the last cell charged."""
    cm = load_model(path)
    t = np.linspace(0.0, 20.0, 2001)
    full, eff = _both(cm, {}, t)
    ss = cm.steady_state({}, "full")
    t2 = np.linspace(0.0, 20.0, 2001)
    one_way = _both(cm, {"F": 0.0}, t2, initial={"b2": 1.0})
    recip = _both(cm, {"F": 0.0, "J1": 0.0, "J2": 0.0}, t2, initial={"b2": 1.0})

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=SIZE, layout="constrained")
    cells = ("a", "b1", "b2")
    out: dict[str, float] = {}
    for m in cells:
        _pair(ax1, t, full.energy[m], eff.energy[m], COLORS[m], _energy_label(m))
        th = _crossing(t, full.energy[m], 0.5 * ss.energy[m])
        ax1.plot([th], [0.5 * ss.energy[m]], "o", color=COLORS[m], ms=4)
        out[f"E_{m} steady"] = ss.energy[m]
        out[f"t_1/2 of E_{m}"] = th
        out[f"peak power P_{m} at t"] = float(t[np.argmax(full.power[m])])
    ax1.set_title("charging from the vacuum (dots: half charge)", fontsize=10)
    ax1.set_xlabel(TIME)
    ax1.set_ylabel(ENERGY)
    _style_legend(ax1, loc="center right")
    for (f, e), tag, style in (
        (recip, r"$J_1 = J_2 = 0$", {}),
        (one_way, "one-way", {"marker": "o", "markevery": 200, "ms": 3}),
    ):
        for m in ("a", "b1"):
            _pair(
                ax2, t2, f.energy[m], e.energy[m], COLORS[m], f"{_energy_label(m)}, {tag}", **style
            )
    ax2.set_ylim(-0.005, 0.12)
    ax2.text(
        0.97,
        0.08,
        "one-way links: $E_a, E_{b_1} < 10^{-4}$ (full),\n$= 0$ exactly (effective)",
        transform=ax2.transAxes,
        ha="right",
        fontsize=8,
    )
    ax2.set_title(r"back-action: $F = 0$, $\langle b_2\rangle_0 = 1$", fontsize=10)
    ax2.set_xlabel(TIME)
    _style_legend(ax2, loc="upper right")
    fig.suptitle(
        r"chain: charger $a \to$ cell $b_1 \to$ cell $b_2$ through one-way links", fontsize=11
    )
    _save(fig, "chain")

    out["one-way: max E_b1 (full)"] = float(np.max(one_way[0].energy["b1"]))
    out["one-way: max E_a (full)"] = float(np.max(one_way[0].energy["a"]))
    out["one-way: max E_b1 (effective)"] = float(np.max(one_way[1].energy["b1"]))
    out["J=0: max E_b1 (full)"] = float(np.max(recip[0].energy["b1"]))
    out["J=0: max E_a (full)"] = float(np.max(recip[0].energy["a"]))
    out["max rel. deviation eff vs full"] = _deviation(full, eff)
    return out


# --------------------------------------------------------------------------- driven battery
def driven_battery(path: Path) -> dict[str, float]:
    """Energies for three values of the battery's own drive F_b."""
    cm = load_model(path)
    t = np.linspace(0.0, 25.0, 2001)
    cases = ((-0.25, "tab:red"), (0.0, "tab:orange"), (0.25, "tab:purple"))
    fig, ax = plt.subplots(figsize=SIZE, layout="constrained")
    out: dict[str, float] = {}
    charger = []
    devs = []
    for Fb, color in cases:
        full, eff = _both(cm, {"F_b": Fb}, t)
        ss = cm.steady_state({"F_b": Fb}, "full")
        _pair(ax, t, full.energy["b"], eff.energy["b"], color, rf"$E_b$, $F_b = {Fb:g}$")
        charger.append((full.energy["a"], eff.energy["a"]))
        devs.append(_deviation(full, eff))
        out[f"E_b steady, F_b={Fb:+.2f}"] = ss.energy["b"]
        out[f"E_a steady, F_b={Fb:+.2f}"] = ss.energy["a"]
    fa, ea = charger[1]
    _pair(ax, t, fa, ea, COLORS["a"], r"$E_a$ (any $F_b$)")
    ax.set_xlabel(TIME)
    ax.set_ylabel(ENERGY)
    ax.set_title(
        r"driven_battery: the battery's own drive $F_b$ (charger drive $F = 0.5$)", fontsize=11
    )
    _style_legend(ax, loc="upper left")
    _save(fig, "driven_battery")

    eff_a = np.array([e for _, e in charger])
    full_a = np.array([f for f, _ in charger])
    out["effective: max |E_a(F_b) - E_a(0)|"] = float(np.max(np.abs(eff_a - eff_a[1])))
    out["full: max |E_a(F_b) - E_a(0)| / E_a,ss"] = float(
        np.max(np.abs(full_a - full_a[1])) / out["E_a steady, F_b=+0.00"]
    )
    dark = cm.values({})
    gamma = 4 * dark["g_a"] * dark["g_b"] / dark["kappa_c"]
    lam_a = dark["kappa_a"] + 4 * dark["g_a"] ** 2 / dark["kappa_c"]
    fb_dark = gamma * dark["F"] / (lam_a / 2)
    out["F_b that empties the battery"] = fb_dark
    out["E_b steady at that F_b"] = cm.steady_state({"F_b": fb_dark}, "full").energy["b"]
    out["max rel. deviation eff vs full"] = max(devs)
    return out


# --------------------------------------------------------------------------- squeezing
def squeezed_charger(path: Path) -> dict[str, float]:
    """Energies for several squeezing strengths G below threshold; fluctuation part."""
    cm = load_model(path)
    v = cm.values({})
    gamma = 4 * v["g_a"] * v["g_b"] / v["kappa_c"]
    lam = v["kappa_a"] + gamma
    g_th = (np.sqrt(gamma**2 + lam**2) - gamma) / 2
    t = np.linspace(0.0, 60.0, 2001)
    cases = ((0.0, "0.35"), (0.05, "tab:cyan"), (0.1, "tab:blue"), (0.15, "tab:purple"))
    fig, (ax1, ax2) = plt.subplots(
        1, 2, figsize=SIZE, layout="constrained", gridspec_kw={"width_ratios": [1.25, 1]}
    )
    out: dict[str, float] = {"G_th (formula)": g_th}
    devs = []
    for G, color in cases:
        full, eff = _both(cm, {"G": G}, t)
        ss_f = cm.steady_state({"G": G}, "full")
        ss_e = cm.steady_state({"G": G}, "effective")
        _pair(ax1, t, full.energy["b"], eff.energy["b"], color, rf"$G = {G:g}$")
        if G > 0:
            for m, width in (("b", 1.0), ("a", 0.55)):
                fl = full.occupation[m] - np.abs(full.amplitude[m]) ** 2
                fe = eff.occupation[m] - np.abs(eff.amplitude[m]) ** 2
                lab = rf"$G = {G:g}$" if m == "b" else None
                _pair(ax2, t, fl, fe, color, lab, width=width)
        devs.append(_deviation(full, eff))
        for m in ("a", "b"):
            coh = abs(ss_f.amplitude[m]) ** 2
            out[f"G={G:g}: E_{m} steady"] = ss_f.energy[m]
            out[f"G={G:g}: |<{m}>|^2 steady"] = coh
            out[f"G={G:g}: <{m}'{m}> - |<{m}>|^2 steady (full)"] = ss_f.occupation[m] - coh
            out[f"G={G:g}: <{m}'{m}> - |<{m}>|^2 steady (eff)"] = (
                ss_e.occupation[m] - abs(ss_e.amplitude[m]) ** 2
            )
    ax1.set_xlabel(TIME)
    ax1.set_ylabel(r"battery energy $E_b$ [$\hbar\omega$]")
    ax1.set_title(rf"battery charge ($G_{{th}} = {g_th:.3f}$)", fontsize=10)
    _style_legend(ax1, loc="upper left")
    ax2.set_xlabel(TIME)
    ax2.set_ylabel(r"fluctuations $\langle m^\dagger m\rangle - |\langle m\rangle|^2$")
    ax2.set_title("pair creation (thick: b, thin: a)", fontsize=10)
    ax2.set_ylim(0, 0.5)
    _style_legend(ax2, loc="upper left", ncol=2)
    fig.suptitle(
        "squeezed_charger: two-mode squeezing $G(ab + a^\\dagger b^\\dagger)$", fontsize=11
    )
    _save(fig, "squeezed_charger")

    for G in (0.2, 0.22, 0.2249):
        out[f"G={G:g}: <b'b> steady"] = cm.steady_state({"G": G}, "full").occupation["b"]
    for G, jv in ((0.9999 * g_th, 0.5), (1.0001 * g_th, 0.5), (0.024, 0.0), (0.026, 0.0)):
        ev = np.linalg.eigvals(cm.first_moment_drift({"G": G, "J": jv}))
        out[f"max Re eig, G={G:.5g}, J={jv:g}"] = float(ev.real.max())
    out["max rel. deviation eff vs full"] = max(devs)
    return out


EXAMPLES = {
    "two_batteries": two_batteries,
    "chain": chain,
    "driven_battery": driven_battery,
    "squeezed_charger": squeezed_charger,
}


def main(names: list[str]) -> int:
    models = shipped_models()
    unknown = [n for n in names if n not in EXAMPLES]
    if unknown:
        print(f"unknown example(s) {', '.join(unknown)} (known: {', '.join(EXAMPLES)})")
        return 2
    for name in names or list(EXAMPLES):
        start = time.perf_counter()
        numbers = EXAMPLES[name](models[name])
        print(f"== {name}: docs/models/{name}.png ({time.perf_counter() - start:.1f} s)")
        for key, value in numbers.items():
            print(f"   {key:<48} {value:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
