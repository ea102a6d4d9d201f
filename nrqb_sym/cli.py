"""The ``nrqb`` command line: derive, generate, simulate, ep, validate, validity, reproduce.

User errors (bad names, values that are not numbers, broken rules) give one line on stderr and
exit status 2, never a traceback.  Values are parsed with :func:`float` only.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

__all__ = ["main", "build_parser"]

EXIT_USAGE = 2


class UserError(Exception):
    """A problem with the user's input; reported as one line, exit 2."""


def _parse_set(items: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items or []:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UserError(f"--set {item!r}: expected NAME=VALUE")
        try:
            value = float(text.strip())
        except ValueError:
            raise UserError(f"{name} = {text.strip()!r}: not a number") from None
        if name in out:
            raise UserError(f"{name}: given twice")
        out[name] = value
    return out


_INIT_COMPLEX = ("alpha", "beta", "gamma")
_INIT_REAL = ("n_a0", "n_b0", "n_c0")


def _initial(args):
    from .runtime.simulation import InitialState

    values: dict[str, complex | float] = {}
    for item in getattr(args, "init", None) or []:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise UserError(f"--init {item!r}: expected NAME=VALUE")
        if name not in _INIT_COMPLEX + _INIT_REAL:
            raise UserError(
                f"{name}: unknown initial-state name (known: {', '.join(_INIT_COMPLEX + _INIT_REAL)})"
            )
        if name in values:
            raise UserError(f"{name}: given twice")
        try:
            # complex() and float() parse number literals only (e.g. 0.3+0.1j); nothing is evaluated
            values[name] = complex(text) if name in _INIT_COMPLEX else float(text)
        except ValueError:
            raise UserError(f"{name} = {text!r}: not a number") from None
    return InitialState(**values)


def _params(args):
    from .model.core import PARAMETER_NAMES
    from .runtime.simulation import PRESETS, Params, preset

    values = _parse_set(args.set)
    for name in values:
        if name == "Gamma" and args.preset:
            continue
        if name not in PARAMETER_NAMES:
            raise UserError(f"{name}: unknown parameter (known: {', '.join(PARAMETER_NAMES)})")
    if args.preset:
        if args.preset not in PRESETS:
            raise UserError(f"--preset {args.preset}: unknown (known: {', '.join(PRESETS)})")
        return preset(args.preset, **values)
    return Params.from_mapping(values)


class _Parser(argparse.ArgumentParser):
    """Argument parser whose usage errors are one line, ``nrqb: error: ...``, exit status 2."""

    def error(self, message):  # noqa: D401 - argparse hook
        print(f"nrqb: error: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _add_params(p: argparse.ArgumentParser) -> None:
    from .model.core import PARAMETER_NAMES
    from .runtime.simulation import PRESETS

    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="set a parameter (repeatable). Names: "
        + ", ".join(PARAMETER_NAMES)
        + ". Values are plain numbers (theta in radians). With --preset, Gamma may be set too "
        "and the nonreciprocal couplings are re-solved.",
    )
    p.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="start from a named parameter set "
        "(nonreciprocal: Gamma=1, kappa_a=kappa_b=0.05, kappa_c=100, F=0.5, "
        "g_a=g_b, J and theta from the derived condition); --set overrides",
    )


def _add_init(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--init",
        action="append",
        metavar="NAME=VALUE",
        help="initial state (repeatable; default vacuum): coherent amplitudes alpha, beta, gamma "
        "(complex literals such as 0.3+0.1j) and thermal occupations n_a0, n_b0, n_c0. "
        "Thermal baths are set with --set n_a=..., n_b=..., n_c=...",
    )


def build_parser() -> argparse.ArgumentParser:
    from .derive.pipeline import STAGES

    parser = _Parser(
        prog="nrqb",
        description="Symbolic derivation and compiled kernels for a nonreciprocal quantum battery.",
        epilog="Examples:\n  nrqb derive --stage nonreciprocity\n"
        "  nrqb simulate --preset nonreciprocal --t-max 200 --points 11\n"
        "  nrqb ep --preset nonreciprocal --set kappa_b=0.3 --solve-for kappa_b\n"
        "  nrqb generate --check",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("derive", help="print the derived formulas of one or more stages")
    p.add_argument(
        "--stage", action="append", choices=STAGES, help="stage to print (repeatable; default: all)"
    )
    p.add_argument("--format", choices=("text", "latex", "markdown", "json"), default="text")

    p = sub.add_parser("generate", help="regenerate generated/ and derivations/ from the model")
    p.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the stale files if anything would change",
    )
    p.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project checkout to write into (default: the package's checkout)",
    )

    p = sub.add_parser("simulate", help="time trace from vacuum (E_A, E_B, P_B, R, eta)")
    _add_params(p)
    p.add_argument("--t-max", type=float, default=200.0, help="final time (default 200)")
    p.add_argument("--points", type=int, default=11, help="number of time points (default 11)")
    p.add_argument("--model", choices=("effective", "full"), default="effective")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--plot", type=Path, metavar="FILE.png", help="also save a plot")
    _add_init(p)

    p = sub.add_parser("ep", help="solve the exceptional-point condition D = 0 for one parameter")
    _add_params(p)
    p.add_argument("--solve-for", required=True, metavar="NAME")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("validate", help="compare the full model with qutip.mesolve (needs qutip)")
    _add_params(p)
    _add_init(p)
    p.add_argument("--cutoff", type=int, default=5, help="Fock cutoff per mode (default 5)")
    p.add_argument("--t-max", type=float, default=5.0, help="final time (default 5)")
    p.add_argument("--points", type=int, default=11, help="number of time points (default 11)")

    p = sub.add_parser("validity", help="how far the effective model is from the full one")
    _add_params(p)
    p.add_argument("--t-max", type=float, default=20.0, help="final time (default 20)")
    p.add_argument("--points", type=int, default=201, help="number of time points (default 201)")
    p.add_argument(
        "--map",
        type=Path,
        metavar="FILE.png",
        help="also write a map of the error over kappa_c/g and Delta_c/kappa_c "
        "(Gamma and the other rates from the given parameters)",
    )

    p = sub.add_parser("reproduce", help="reproduce the paper's figures and claims")
    p.add_argument("--out", type=Path, default=Path("reproduction"), help="output folder")
    p.add_argument("--coarse", action="store_true", help="coarse grids (quick check)")
    return parser


# ----------------------------------------------------------------------------------- derive
def _cmd_derive(args) -> int:
    import sympy as sp

    from .codegen.documents import latex, render_stage_markdown, stage_items
    from .derive.pipeline import STAGES, cached_derive

    d = cached_derive()
    stages = args.stage or list(STAGES)
    if args.format == "markdown":
        print("\n".join(render_stage_markdown(d, s) for s in stages))
        return 0
    if args.format == "json":
        out = {
            s: [
                {
                    "key": it.key,
                    "lhs": it.lhs if isinstance(it.lhs, str) else sp.sstr(it.lhs),
                    "rhs": sp.sstr(it.rhs),
                    "latex": f"{latex(it.lhs)} = {latex(it.rhs)}",
                    "note": it.note,
                }
                for it in stage_items(d, s)
            ]
            for s in stages
        }
        print(json.dumps(out, indent=1))
        return 0
    for s in stages:
        print(f"== {s} ==")
        for it in stage_items(d, s):
            if args.format == "latex":
                print(f"% {it.key}{': ' + it.note if it.note else ''}")
                print(f"{latex(it.lhs)} = {latex(it.rhs)}\n")
            else:
                lhs = it.lhs if isinstance(it.lhs, str) else sp.sstr(it.lhs)
                note = f"   [{it.note}]" if it.note else ""
                print(f"{it.key}:{note}\n  {lhs} = {sp.sstr(it.rhs)}\n")
    return 0


# --------------------------------------------------------------------------------- generate
def _cmd_generate(args) -> int:
    from .codegen.write import generate, project_root

    root = args.root or project_root()
    if not (root / "generated").is_dir():
        raise UserError(f"--root {root}: no generated/ folder here (run from the checkout)")
    stale = generate(root, check=args.check)
    if args.check:
        if stale:
            print("stale generated files (run `nrqb generate`):", file=sys.stderr)
            for s in stale:
                print(f"  {s}", file=sys.stderr)
            return 1
        print("generated files are up to date")
        return 0
    print(f"wrote {len(stale)} file(s)" + (": " + ", ".join(stale) if stale else " (all current)"))
    return 0


# --------------------------------------------------------------------------------- simulate
def _time_grid(args):
    """``linspace(0, --t-max, --points)`` after checking both options."""
    import numpy as np

    if not (math.isfinite(args.t_max) and args.t_max > 0):
        raise UserError(f"--t-max = {args.t_max}: must be a finite number > 0")
    if args.points < 2:
        raise UserError(f"--points = {args.points}: must be >= 2")
    return np.linspace(0.0, args.t_max, args.points)


def _fmt(v) -> str:
    return "nan" if isinstance(v, float) and math.isnan(v) else f"{v:.6g}"


def _cmd_simulate(args) -> int:

    from .runtime.simulation import derived_rates, simulate, steady_state

    params = _params(args)
    t = _time_grid(args)
    tr = simulate(params, t, model=args.model, initial=_initial(args))
    ss = steady_state(params, model=args.model)
    cols = ["t", "E_A", "E_B", "P_B", "R", "eta", "ergotropy_A", "ergotropy_B"]
    data = {c: getattr(tr, c) for c in cols}
    if args.format == "csv":
        print(",".join(cols))
        for i in range(len(t)):
            print(",".join(repr(float(data[c][i])) for c in cols))
    elif args.format == "json":
        out = {c: [None if math.isnan(x) else float(x) for x in data[c]] for c in cols}
        out["params"] = params.as_dict()
        out["model"] = args.model
        out["steady_state"] = {c: getattr(ss, c) for c in ss.FIELDS}
        print(json.dumps(out, indent=1))
    else:
        print("parameters: " + ", ".join(f"{k}={_fmt(v)}" for k, v in params.as_dict().items()))
        print(f"model: {args.model}")
        print("".join(f"{c:>13}" for c in cols))
        for i in range(len(t)):
            print("".join(f"{_fmt(float(data[c][i])):>13}" for c in cols))
        print(
            f"steady state: E_A = {ss.E_A:.6g}, E_B = {ss.E_B:.6g}, "
            f"R = E_B/E_A = {ss.R:.6g}, eta = {ss.eta:.6g}"
        )
        if params.kappa_c > 0:
            from nrqb_sym_generated import effective

            rates = derived_rates(params)
            R_res, eta_res = effective.effective_resonant(params.array())
            print(
                f"derived rates: Gamma = {rates['Gamma']:.6g}, Lambda_a = {rates['Lambda_a']:.6g},"
                f" Lambda_b = {rates['Lambda_b']:.6g}"
            )
            print(
                f"resonant nonreciprocal closed form (omega_b/omega_a) 4 Gamma_a Gamma_b/"
                f"Lambda_b^2 = {R_res:.6g}, eta = {eta_res:.6g} (valid at resonance with "
                f"J = {rates['J_nonreciprocal']:.6g}, theta = {rates['theta_nonreciprocal']:.6g})"
            )
    if args.plot:
        _plot_trace(tr, args.plot)
        print(f"plot written to {args.plot}", file=sys.stderr)
    return 0


def _plot_trace(tr, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
    axes[0].plot(tr.t, tr.E_A, label="$E_A$ (charger)")
    axes[0].plot(tr.t, tr.E_B, label="$E_B$ (battery)")
    axes[0].set_xlabel("t [1/units of the rates]")
    axes[0].set_ylabel("energy [units of $\\omega$]")
    axes[0].legend()
    axes[1].plot(tr.t, tr.P_B, color="C2")
    axes[1].set_xlabel("t")
    axes[1].set_ylabel("$P_B = dE_B/dt$")
    axes[2].plot(tr.t, tr.R, label="$R = E_B/E_A$")
    axes[2].set_xlabel("t")
    ax2 = axes[2].twinx()
    ax2.plot(tr.t, tr.eta, color="C3", label="$\\eta$")
    axes[2].set_ylabel("R")
    ax2.set_ylabel("$\\eta$")
    fig.suptitle(f"nrqb simulate ({tr.model} model)")
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise UserError(f"--plot {path}: cannot write ({exc.strerror})") from None
    finally:
        plt.close(fig)


# ------------------------------------------------------------------------------------- ep
def _cmd_ep(args) -> int:
    from .runtime.simulation import exceptional_points

    params = _params(args)
    found = exceptional_points(params, args.solve_for)
    if args.format == "json":
        print(
            json.dumps(
                [
                    {
                        "parameter": e.parameter,
                        "value": e.value,
                        "eigenvalue": [e.eigenvalue.real, e.eigenvalue.imag],
                        "abs_discriminant": abs(e.discriminant),
                    }
                    for e in found
                ],
                indent=1,
            )
        )
        return 0
    if not found:
        print(
            f"no exceptional point: D = 0 has no admissible real solution for {args.solve_for} "
            "with the other parameters as given"
        )
        return 0
    for e in found:
        print(
            f"{e.parameter} = {e.value:.12g}   (double eigenvalue {e.eigenvalue:.6g}, "
            f"|D| = {abs(e.discriminant):.2e})"
        )
    return 0


def _cmd_validate(args) -> int:

    from .runtime.validate import QUTIP_HINT, qutip_available, qutip_comparison

    if not qutip_available():
        raise UserError(QUTIP_HINT)
    params = _params(args)
    t = _time_grid(args)
    cmp = qutip_comparison(params, t, initial=_initial(args), cutoff=args.cutoff)
    print(f"full three-mode model: kernels vs qutip.mesolve, Fock cutoff {cmp.cutoff} per mode")
    for name, err in cmp.rel_error.items():
        print(f"  {name:8s} max relative deviation {err:.3e}")
    print(
        f"largest population of the top Fock level: {cmp.max_population_top:.2e}"
        + ("  (truncation may dominate: raise --cutoff)" if cmp.max_population_top > 1e-6 else "")
    )
    return 0


def _cmd_validity(args) -> int:

    from .runtime.simulation import derived_rates, elimination_error

    params = _params(args)
    t = _time_grid(args)
    err = elimination_error(params, t)
    g = max(params.g_a, params.g_b)
    print(
        f"kappa_c/g = {params.kappa_c / g:.4g}, Delta_c/kappa_c = "
        f"{params.Delta_c / params.kappa_c:.4g}"
    )
    for k, v in err.items():
        print(f"  effective vs full, max relative deviation of {k}: {v:.3e}")
    if args.map:
        from .runtime.validate import validity_map

        Gamma = derived_rates(params)["Gamma"]
        kr, dr, e = validity_map(
            Gamma,
            kappa_a=params.kappa_a,
            kappa_b=params.kappa_b,
            F=params.F,
            t_max=args.t_max,
            points=args.points,
            progress=True,
        )
        _plot_map(kr, dr, e, args.map, Gamma)
        print(f"map written to {args.map}", file=sys.stderr)
    return 0


def _plot_map(kr, dr, err, path, Gamma):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    mesh = ax.pcolormesh(kr, dr, err, norm=LogNorm(), shading="nearest", cmap="viridis")
    cs = ax.contour(kr, dr, err, levels=[1e-3, 1e-2], colors="w", linewidths=1)
    ax.clabel(cs, fmt={1e-3: "0.1 %", 1e-2: "1 %"})
    ax.set_xscale("log")
    ax.set_xlabel(r"$\kappa_c / g$")
    ax.set_ylabel(r"$\Delta_c / \kappa_c$")
    ax.set_title(
        rf"elimination error: max$_t$ |$E_B^{{eff}} - E_B^{{full}}$| / max $E_B$ ($\Gamma$={Gamma:g})"
    )
    fig.colorbar(mesh, ax=ax, label="relative error of $E_B$")
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise UserError(f"--map {path}: cannot write ({exc.strerror})") from None
    finally:
        plt.close(fig)


def _cmd_reproduce(args) -> int:
    from .paper.reproduce import run

    try:
        result = run(args.out, coarse=args.coarse)
    except OSError as exc:
        raise UserError(f"--out {args.out}: cannot write ({exc.strerror or exc})") from None
    verdicts = [c.verdict for c in result["claims"]] if result.get("claims") else []
    agree = sum(1 for v in verdicts if "agree" in str(v).lower())
    print(f"wrote {len(result['figures'])} figures and {result['report']}")
    if verdicts:
        print(f"claims: {agree} agree, {len(verdicts) - agree} differ (see the report)")
    return 0


COMMANDS = {
    "derive": _cmd_derive,
    "generate": _cmd_generate,
    "simulate": _cmd_simulate,
    "ep": _cmd_ep,
    "validate": _cmd_validate,
    "validity": _cmd_validity,
    "reproduce": _cmd_reproduce,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nrqb`` script; returns the exit status."""
    from .runtime.simulation import EliminationWarning, ParameterError

    parser = build_parser()
    args = parser.parse_args(argv)

    seen: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None):
        if str(message) in seen:
            return
        seen.add(str(message))
        tag = "warning" if category is EliminationWarning else category.__name__
        print(f"nrqb: {tag}: {message}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("always", EliminationWarning)
        warnings.showwarning = show
        try:
            return COMMANDS[args.command](args)
        except (UserError, ParameterError) as exc:
            print(f"nrqb: error: {exc}", file=sys.stderr)
            return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
