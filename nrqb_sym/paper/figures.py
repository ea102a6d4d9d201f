r"""The figure panels of the seed paper, drawn from the data of :mod:`nrqb_sym.paper.data`.

:data:`PLOTS` maps each panel of :data:`PANELS` to its data group and a function
``plot(data, path)`` writing one PNG (matplotlib's object API, no global state).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from .parameters import DETUNING_KINDS

__all__ = ["PANELS", "PLOTS"]

PANELS = (
    "fig2a",
    "fig2b",
    "fig2c",
    "fig2d",
    "fig3a",
    "fig3b",
    "fig3c",
    "fig3d",
    "fig3e",
    "fig3f",
    "fig4a",
    "fig4b",
)

_STYLES = (("C0", "-"), ("C3", ":"), ("C2", "-."), ("C1", "--"), ("C4", (0, (5, 1, 1, 1))))
_T_LABEL = r"$\Gamma t$  (time in units of $1/\Gamma$)"
_E_LABEL = r"$E_B$  [$\hbar\omega$]"
_P_LABEL = r"$P_B = dE_B/dt$  [$\hbar\omega\Gamma$]"
_R_LABEL = r"damping ratio $r = \kappa_b/\kappa_a$  ($\kappa_a = 0.05\,\Gamma$)"


def _figure(ncols: int = 1, width: float = 5.6):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width * ncols, 4.0), layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, axes


def _caption(fig, text: str) -> None:
    fig.suptitle(text, fontsize=9)


def _kind_label(kind: str) -> str:
    return (
        r"charger-battery detuning $\delta$ ($\Delta_a=0$, $\Delta_b=-\delta$)"
        if kind == "charger-battery"
        else r"common drive detuning $\Delta_a=\Delta_b=\Delta$"
    )


def _plot_fig2a(a: dict, path: Path) -> None:
    fig, axes = _figure(2)
    for ax, kind in zip(axes, DETUNING_KINDS, strict=True):
        for i, dval in enumerate(a["detunings"]):
            col, ls = _STYLES[i]
            ax.plot(a["t"], a["E_B"][kind][i], color=col, ls=ls, label=rf"{dval:g}$\,\Gamma$")
        ax.set_xlabel(_T_LABEL)
        ax.set_ylabel(_E_LABEL)
        ax.set_title(_kind_label(kind), fontsize=9)
        ax.legend(title="detuning")
    _caption(
        fig, r"Fig. 2(a): battery energy from vacuum, nonreciprocal, $\kappa_a=\kappa_b=0.05\Gamma$"
    )
    fig.savefig(path, dpi=110)


def _plot_fig2b(b: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    ax.semilogx(b["kappa_b"], b["eta"], color="C0", label=r"$\eta_{ss} = E_B/(E_A+E_B)$")
    ax.axhline(0.5, color="0.6", lw=0.8)
    ax.axvline(1.0, color="0.6", lw=0.8, ls=":")
    eta05 = float(np.interp(np.log(0.05), np.log(b["kappa_b"]), b["eta"]))
    ax.plot([0.05], [eta05], "o", color="C0", label=rf"$\kappa_b=0.05\Gamma$: $\eta={eta05:.3f}$")
    ax.set_xlabel(r"$\kappa_b/\Gamma$")
    ax.set_ylabel(r"steady-state efficiency $\eta_{ss}$")
    ax2 = ax.twinx()
    ax2.semilogx(b["kappa_b"], b["R"], color="C3", ls="--", label=r"$R_{ss} = E_B/E_A$")
    ax2.axhline(4.0, color="C3", lw=0.6, ls=":")
    ax2.set_ylabel(r"$R_{ss} = E_B/E_A$ (dashed)")
    h1, l1 = ax.get_legend_handles_labels()
    h2, l2 = ax2.get_legend_handles_labels()
    ax.legend(h1 + h2, l1 + l2, loc="lower left", fontsize=8)
    _caption(
        fig,
        r"Fig. 2(b): steady state at resonance, nonreciprocal ($R\to 4$ as $\kappa_b/\Gamma\to 0$)",
    )
    fig.savefig(path, dpi=110)


def _plot_fig2c(c: dict, path: Path) -> None:
    fig, axes = _figure(2)
    names = (r"\pi/2", r"3\pi/8", r"\pi/4", r"\pi/8", "0")
    m = c["t"] <= 150
    for i, nm in enumerate(names):
        col, ls = _STYLES[i]
        axes[0].plot(c["t"][m], c["E_B"][i][m], color=col, ls=ls, label=rf"$\theta={nm}$")
        axes[1].plot(c["t"][m], c["P_B"][i][m], color=col, ls=ls, label=rf"$\theta={nm}$")
    axes[0].legend(fontsize=8, loc="upper right")
    axes[0].set_ylabel(_E_LABEL)
    axes[1].set_ylabel(_P_LABEL)
    axes[1].axhline(0, color="0.5", lw=0.6)
    axes[1].legend(fontsize=8)
    for ax in axes:
        ax.set_xlabel(_T_LABEL)
    _caption(
        fig,
        r"Fig. 2(c): phase $\theta$ away from $\pi/2$ ($J=\Gamma/2$, resonance): backflow ($P_B<0$) and slow relaxation",
    )
    fig.savefig(path, dpi=110)


def _plot_fig2d(dd: dict, path: Path) -> None:
    fig, axes = _figure(2)
    for ax, kind in zip(axes, DETUNING_KINDS, strict=True):
        for i, dval in enumerate(dd["detunings"]):
            col, ls = _STYLES[i]
            ax.plot(dd["t"], dd["P_B"][kind][i], color=col, ls=ls, label=rf"{dval:g}$\,\Gamma$")
            tp, pp = dd["t_peak"][kind][i], dd["P_peak"][kind][i]
            ax.plot([tp], [pp], "v", color=col)
            ax.annotate(
                f"{pp:.3g}", (tp, pp), textcoords="offset points", xytext=(4, 4), fontsize=8
            )
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_xlabel(_T_LABEL)
        ax.set_ylabel(_P_LABEL)
        ax.set_title(_kind_label(kind), fontsize=9)
        ax.legend(title="detuning (peak marked)", fontsize=8)
    _caption(fig, r"Fig. 2(d): charging power, $F=0.5\Gamma$ (powers scale as $F^2$)")
    fig.savefig(path, dpi=110)


def _map(ax, fig, x, y, z, label: str, cmap: str = "viridis") -> None:
    mesh = ax.pcolormesh(x, y, np.ma.masked_invalid(z.T), shading="auto", cmap=cmap)
    ax.set_xscale("log")
    fig.colorbar(mesh, ax=ax, label=label)


def _plot_fig3a(ab: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    _map(ax, fig, ab["ratio"], ab["t"], ab["E_B"], r"$E_B$ [$\hbar\omega$]")
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(_T_LABEL)
    _caption(fig, r"Fig. 3(a): battery energy over damping ratio and time")
    fig.savefig(path, dpi=110)


def _plot_fig3b(ab: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    _map(ax, fig, ab["ratio"], ab["t"], ab["eta"], r"$\eta = E_B/(E_A+E_B)$", "magma")
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(_T_LABEL)
    _caption(fig, r"Fig. 3(b): efficiency over damping ratio and time (undefined at $t=0$)")
    fig.savefig(path, dpi=110)


def _plot_fig3cd(cd: dict, key: str, ylabel: str, title: str, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.0)
    ax.semilogx(
        cd["ratio"], cd[key]["kappa_a fixed"], color="C0", label=r"$\kappa_a=0.05\Gamma$ fixed"
    )
    ax.semilogx(
        cd["ratio"],
        cd[key]["kappa_b fixed"],
        color="0.5",
        ls="--",
        label=r"$\kappa_b=0.05\Gamma$ fixed (variant)",
    )
    ax.axvline(1.0, color="0.6", lw=0.8, ls=":", label=r"balanced $\kappa_a=\kappa_b$")
    ax.set_xlabel(r"damping ratio $r = \kappa_b/\kappa_a$")
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    _caption(fig, title)
    fig.savefig(path, dpi=110)


def _plot_fig3e(ef: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.5)
    _map(
        ax,
        fig,
        ef["ratio"],
        ef["t"],
        ef["P_running_max"],
        r"$\max_{t'\leq t} P_B(t')$ [$\hbar\omega\Gamma$]",
        "coolwarm",
    )
    ax.plot(
        ef["ratio"], ef["t_max"]["kappa_a fixed"], color="k", lw=1, label=r"time of the maximum"
    )
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(_T_LABEL)
    ax.legend(fontsize=8, loc="upper right")
    _caption(fig, r"Fig. 3(e): maximum short-time charging power over damping ratio and time")
    fig.savefig(path, dpi=110)


def _plot_fig3f(ef: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.0)
    ax.semilogx(
        ef["ratio"], ef["P_max"]["kappa_a fixed"], color="C0", label=r"$\kappa_a=0.05\Gamma$ fixed"
    )
    ax.semilogx(
        ef["ratio"],
        ef["P_max"]["kappa_b fixed"],
        color="0.5",
        ls="--",
        label=r"$\kappa_b=0.05\Gamma$ fixed (variant)",
    )
    ax.axvline(1.0, color="0.6", lw=0.8, ls=":", label=r"balanced $\kappa_a=\kappa_b$")
    ax.set_xlabel(r"damping ratio $r = \kappa_b/\kappa_a$")
    ax.set_ylabel(r"$P_{max} = \max_{\Gamma t\leq 10} P_B$ [$\hbar\omega\Gamma$]")
    ax.legend(fontsize=8)
    _caption(fig, r"Fig. 3(f): maximum short-time charging power vs damping ratio")
    fig.savefig(path, dpi=110)


def _plot_fig4a(fa: dict, path: Path) -> None:
    fig, (ax,) = _figure(1, 6.0)
    ax.loglog(
        fa["ratio"], fa["E_NR"], color="C0", label=r"$E_{NR}$: fully nonreciprocal ($J=\Gamma/2$)"
    )
    ax.loglog(
        fa["ratio"],
        fa["E_EP"],
        color="C3",
        ls="--",
        label=r"$E_{EP}$: EP kept by $J$ ($\theta=\pi/2$)",
    )
    ax.set_xlabel(_R_LABEL)
    ax.set_ylabel(r"steady $E_B$ [$\hbar\omega$]")
    ax.legend(fontsize=8)
    _caption(fig, r"Fig. 4(a): nonreciprocal vs EP battery energy at zero detuning")
    fig.savefig(path, dpi=110)


def _plot_fig4b(fb: dict, path: Path) -> None:
    fig, axes = _figure(2)
    d, E = fb["delta"], fb["E"]
    ax = axes[0]
    ax.plot(d, E["NR charger-battery"], color="C0", label=r"$E_{NR}$ ($r=1$)")
    ax.plot(
        d, E["EP kappa_b+theta"], color="C3", ls="--", label=r"$E_{EP}$: $\kappa_b,\theta$ adjusted"
    )
    ax.plot(d, E["EP J"], color="C2", ls="-.", label=r"$E_{EP}$: $J$ adjusted ($r=1$)")
    ax.set_xlabel(r"charger-battery detuning $\delta/\Gamma$ ($\Delta_a = 0$)")
    ax = axes[1]
    ax.plot(d, E["NR common"], color="C0", label=r"$E_{NR}$ ($r=1$)")
    ax.plot(
        d,
        E["EP common kappa_b"],
        color="C3",
        ls="--",
        label=r"$E_{EP}$: $\kappa_b$ solved ($=\kappa_a$)",
    )
    ax.plot(d, E["NR common, r = 2"], color="C1", label=r"$E_{NR}$ ($r=2$)")
    ax.plot(d, E["EP common J, r = 2"], color="C4", ls=":", label=r"$E_{EP}$: $J$ adjusted ($r=2$)")
    ax.set_xlabel(r"common drive detuning $\Delta/\Gamma$ ($\Delta_a=\Delta_b$)")
    for ax in axes:
        ax.set_ylabel(r"steady $E_B$ [$\hbar\omega$]")
        ax.legend(fontsize=7)
    _caption(
        fig,
        r"Fig. 4(b): nonreciprocal vs EP battery energy under detuning (EP curves end where no EP exists)",
    )
    fig.savefig(path, dpi=110)


#: panel -> (data group of :data:`DATA_FUNCTIONS <nrqb_sym.paper.data.DATA_FUNCTIONS>`, plotting function(data, path)).
PLOTS: dict[str, tuple[str, Callable[[dict, Path], None]]] = {
    "fig2a": ("fig2a", _plot_fig2a),
    "fig2b": ("fig2b", _plot_fig2b),
    "fig2c": ("fig2c", _plot_fig2c),
    "fig2d": ("fig2d", _plot_fig2d),
    "fig3a": ("fig3ab", _plot_fig3a),
    "fig3b": ("fig3ab", _plot_fig3b),
    "fig3c": (
        "fig3cd",
        lambda cd, p: _plot_fig3cd(
            cd,
            "E_B",
            r"steady $E_B$ [$\hbar\omega$]",
            "Fig. 3(c): steady battery energy vs damping ratio",
            p,
        ),
    ),
    "fig3d": (
        "fig3cd",
        lambda cd, p: _plot_fig3cd(
            cd,
            "eta",
            r"steady $\eta = E_B/(E_A+E_B)$",
            "Fig. 3(d): steady efficiency vs damping ratio",
            p,
        ),
    ),
    "fig3e": ("fig3ef", _plot_fig3e),
    "fig3f": ("fig3ef", _plot_fig3f),
    "fig4a": ("fig4a", _plot_fig4a),
    "fig4b": ("fig4b", _plot_fig4b),
}
