"""The ``nrqb`` command line: derive, generate, simulate, ep, validate, validity, reproduce.

User errors (bad names, values that are not numbers, broken rules) give one line on stderr and
exit status 2, never a traceback.  Values are parsed with :func:`float` only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from pathlib import Path

__all__ = ["main", "build_parser"]

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


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


def _save_figure(fig, path, option: str = "--plot") -> None:
    """Write a figure given by ``option`` (one-line error if the file cannot be written), close it."""
    import matplotlib.pyplot as plt

    try:
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot write ({exc.strerror})") from None
    finally:
        plt.close(fig)


class _Parser(argparse.ArgumentParser):
    """Argument parser whose usage errors are one line, ``nrqb: error: ...``, exit status 2."""

    def error(self, message):  # noqa: D401 - argparse hook
        print(f"nrqb: error: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _add_params(p: argparse.ArgumentParser, model_file: bool = False) -> None:
    """``--set`` and ``--preset``; ``model_file`` adds how they read with ``--model-file``."""
    from .model.core import PARAMETER_NAMES
    from .runtime.simulation import PRESETS

    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="set a parameter (repeatable). Names: "
        + ", ".join(PARAMETER_NAMES)
        + ". Values are plain numbers (theta in radians). With --preset, Gamma may be set too "
        "and the nonreciprocal couplings are re-solved."
        + (
            " With --model-file, the names are the file's [parameters]; those without a "
            "default must be set."
            if model_file
            else ""
        ),
    )
    p.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="start from a named parameter set "
        "(nonreciprocal: Gamma=1, kappa_a=kappa_b=0.05, kappa_c=100, F=0.5, "
        "g_a=g_b, J and theta from the derived condition); --set overrides"
        + ("; paper model only" if model_file else ""),
    )


def _size(text: str) -> int:
    """argparse type of ``--max-memory`` (``2G``, ``500M``, ...)."""
    from .runtime.resources import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_limits(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-memory",
        type=_size,
        metavar="SIZE",
        help="refuse work whose estimated memory exceeds SIZE (e.g. 2G, 500M; powers of 1024). "
        "Default: the memory the system reports available",
    )


def _add_init(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--init",
        action="append",
        metavar="NAME=VALUE",
        help="initial state (repeatable; default vacuum): coherent amplitudes alpha, beta, gamma "
        "(complex literals such as 0.3+0.1j) and thermal occupations n_a0, n_b0, n_c0. "
        "Thermal baths are set with --set n_a=..., n_b=..., n_c=... "
        "With --model-file, NAME is a mode and VALUE its coherent amplitude.",
    )


def _add_model_file(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model-file",
        type=Path,
        metavar="FILE",
        help="use this model file (TOML) instead of the paper's model; its kernels are "
        "generated on first use beside it (<stem>.nrqb/), or in the user cache if that "
        "folder is not writable",
    )


def build_parser() -> argparse.ArgumentParser:
    from .derive.pipeline import STAGES

    parser = _Parser(
        prog="nrqb",
        description="Symbolic derivation and compiled kernels for a nonreciprocal quantum battery\n"
        "(the paper's model), or for any linear bosonic network read from a model file\n"
        "(--model-file FILE with derive, generate, simulate, ep, validate, validity).",
        epilog="Examples:\n  nrqb derive --stage nonreciprocity\n"
        "  nrqb simulate --preset nonreciprocal --t-max 200 --points 11\n"
        "  nrqb ep --preset nonreciprocal --set kappa_b=0.3 --solve-for kappa_b\n"
        "  nrqb generate --check\n"
        "  nrqb simulate --model-file my_model.toml --set kappa=0.5 --model full",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("derive", help="print the derived formulas of one or more stages")
    p.add_argument(
        "--stage",
        action="append",
        metavar="STAGE",
        help="stage to print (repeatable; default: all). Paper model: "
        + ", ".join(STAGES)
        + "; with --model-file: model, reduction, moments, steady, spectrum, nonreciprocity",
    )
    p.add_argument(
        "--format",
        choices=("text", "latex", "markdown", "json"),
        default="text",
        help="output format (default text; latex only for the paper model)",
    )
    _add_model_file(p)

    p = sub.add_parser(
        "generate",
        help="regenerate generated/ and derivations/ from the model (with --model-file: that "
        "model's kernels and derivation documents)",
    )
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
    _add_model_file(p)
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="with --model-file: the folder for kernels.py and derivations/ "
        "(default: <stem>.nrqb/ beside FILE, or the user cache if that is not writable)",
    )

    p = sub.add_parser(
        "simulate",
        help="time trace from vacuum (E_A, E_B, P_B, R, eta; with --model-file: amplitudes, "
        "occupations, energies and powers per mode)",
    )
    _add_params(p, model_file=True)
    p.add_argument("--t-max", type=float, default=200.0, help="final time (default 200)")
    p.add_argument("--points", type=int, default=11, help="number of time points (default 11)")
    p.add_argument(
        "--model",
        choices=("effective", "full"),
        default="effective",
        help="simulate the effective model (eliminated modes removed; default) or the full one",
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--plot", type=Path, metavar="FILE.png", help="also save a plot")
    _add_init(p)
    _add_limits(p)
    _add_model_file(p)

    p = sub.add_parser("ep", help="solve the exceptional-point condition D = 0 for one parameter")
    _add_params(p, model_file=True)
    p.add_argument(
        "--solve-for",
        required=True,
        metavar="NAME",
        help="the parameter to solve for (with --model-file: one of the file's parameters)",
    )
    p.add_argument("--format", choices=("table", "json"), default="table")
    _add_model_file(p)
    p.add_argument(
        "--model",
        choices=("effective", "full"),
        default=None,
        help="with --model-file: find the EPs of the effective (default) or the full model",
    )

    p = sub.add_parser("validate", help="compare the full model with qutip.mesolve (needs qutip)")
    _add_params(p, model_file=True)
    _add_init(p)
    p.add_argument("--cutoff", type=int, default=5, help="Fock cutoff per mode (default 5)")
    p.add_argument("--t-max", type=float, default=5.0, help="final time (default 5)")
    p.add_argument("--points", type=int, default=11, help="number of time points (default 11)")
    _add_limits(p)
    _add_model_file(p)

    p = sub.add_parser("validity", help="how far the effective model is from the full one")
    _add_params(p, model_file=True)
    p.add_argument("--t-max", type=float, default=20.0, help="final time (default 20)")
    p.add_argument("--points", type=int, default=201, help="number of time points (default 201)")
    p.add_argument(
        "--map",
        type=Path,
        metavar="FILE.png",
        help="also write a map of the error over kappa_c/g and Delta_c/kappa_c "
        "(Gamma and the other rates from the given parameters; paper model only)",
    )
    _add_limits(p)
    _add_model_file(p)

    p = sub.add_parser(
        "map",
        help="heat map of a reduced observable over two parameters, with the nonreciprocity "
        "and EP curves",
    )
    p.add_argument(
        "--x",
        required=True,
        metavar="NAME=START:STOP:N[:log]",
        help="horizontal axis: a parameter name or a derived axis (r = kappa_b/kappa_a, "
        "detuning = common shift of Delta_a and Delta_b), N values from START to STOP",
    )
    p.add_argument("--y", required=True, metavar="NAME=START:STOP:N[:log]", help="vertical axis")
    p.add_argument("--observable", default="P_B", help="observable to map (default P_B)")
    p.add_argument(
        "--reduce",
        default="max",
        choices=("max", "argmax", "min", "last", "mean"),
        help="reduction over time (default max)",
    )
    p.add_argument(
        "--hold",
        default="kappa_a",
        choices=("kappa_a", "kappa_b"),
        help="what the r axis holds fixed (default kappa_a)",
    )
    _add_params(p)
    p.add_argument("--t-max", type=float, default=30.0, help="final time (default 30)")
    p.add_argument("--points", type=int, default=301, help="time points (default 301)")
    p.add_argument("--plot", type=Path, metavar="FILE.png", help="write the heat map")
    p.add_argument(
        "--format",
        choices=("csv", "json", "npz"),
        help="write the data (default: from the --out suffix; else a summary is printed)",
    )
    p.add_argument("--out", type=Path, metavar="FILE", help="data file (default: stdout)")
    _add_limits(p)

    p = sub.add_parser("reproduce", help="reproduce the paper's figures and claims")
    p.add_argument("--out", type=Path, default=Path("reproduction"), help="output folder")
    p.add_argument("--coarse", action="store_true", help="coarse grids (quick check)")
    return parser


# ----------------------------------------------------------------------------------- derive
def _cmd_derive(args) -> int:
    import sympy as sp

    from .codegen.documents import latex, render_stage_markdown, stage_items
    from .derive.pipeline import STAGES, cached_derive

    if args.model_file is not None:
        return _model_derive(args)
    for s in args.stage or []:
        if s not in STAGES:
            raise UserError(f"--stage {s}: unknown stage (known: {', '.join(STAGES)})")
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

    if args.model_file is not None:
        return _model_generate(args)
    if args.out is not None:
        raise UserError("--out: only with --model-file (the paper model uses --root)")
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
def _time_grid(args, per_point: int = 8):
    """``linspace(0, --t-max, --points)`` after checking both options and that ``per_point``
    bytes per time point (the command's output) fit in memory."""
    import numpy as np

    from .runtime.resources import check_allocation

    if not (math.isfinite(args.t_max) and args.t_max > 0):
        raise UserError(f"--t-max = {args.t_max}: must be a finite number > 0")
    if args.points < 2:
        raise UserError(f"--points = {args.points}: must be >= 2")
    check_allocation(
        args.points * per_point,
        f"--points {args.points}",
        purpose="for the output",
        hint="lower --points, or set --max-memory to override",
    )
    return np.linspace(0.0, args.t_max, args.points)


#: Bytes per time point of ``simulate --format json`` beyond the trace: eight Python floats in
#: lists (32 B each) and their text (~24 B each).
_JSON_BYTES = 8 * (32 + 24)


def _fmt(v) -> str:
    return "nan" if isinstance(v, float) and math.isnan(v) else f"{v:.6g}"


def _cmd_simulate(args) -> int:

    from .runtime.simulation import derived_rates, simulate, steady_state, trace_nbytes

    if args.model_file is not None:
        return _model_simulate(args)
    params = _params(args)
    moments = bool(args.init or params.n_a or params.n_b or params.n_c)
    per_point = trace_nbytes(1, args.model, moments=moments)
    t = _time_grid(args, per_point + (_JSON_BYTES if args.format == "json" else 0))
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
    _save_figure(fig, path)


# ------------------------------------------------------------------------------------- ep
def _cmd_ep(args) -> int:
    from .runtime.simulation import exceptional_points

    if args.model_file is not None:
        return _model_ep(args)
    if args.model is not None:
        raise UserError(
            f"--model {args.model}: only with --model-file (the paper model's EP condition is "
            "that of its effective model)"
        )
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

    from .runtime.simulation import trace_nbytes
    from .runtime.validate import QUTIP_HINT, qutip_available, qutip_comparison

    if not qutip_available():
        raise UserError(QUTIP_HINT)
    if args.model_file is not None:
        return _model_validate(args)
    params = _params(args)
    _check_cutoff(args)
    t = _time_grid(args, 16 * args.cutoff**6 + trace_nbytes(1, "full", moments=True))
    cmp = qutip_comparison(params, t, initial=_initial(args), cutoff=args.cutoff, progress=True)
    print(f"full three-mode model: kernels vs qutip.mesolve, Fock cutoff {cmp.cutoff} per mode")
    for name, err in cmp.rel_error.items():
        print(f"  {name:8s} max relative deviation {err:.3e}")
    print(
        f"largest population of the top Fock level: {cmp.max_population_top:.2e}"
        + ("  (truncation may dominate: raise --cutoff)" if cmp.max_population_top > 1e-6 else "")
    )
    return 0


def _check_cutoff(args, modes: int = 3) -> None:
    """Refuse a ``--cutoff`` whose Liouville space (cutoff^(2 modes) elements) will not fit."""
    from .runtime.resources import check_allocation
    from .runtime.validate import qutip_nbytes

    if args.cutoff < 2:
        raise UserError(f"--cutoff = {args.cutoff}: must be >= 2")
    check_allocation(
        qutip_nbytes(args.cutoff, 0, modes),
        f"--cutoff {args.cutoff}",
        purpose=f"for qutip.mesolve (Liouville space of dimension ({args.cutoff}^{modes})^2)",
        hint="lower --cutoff, or set --max-memory to override",
    )


def _cmd_validity(args) -> int:

    from .runtime.simulation import derived_rates, elimination_error, trace_nbytes

    if args.model_file is not None:
        return _model_validity(args)
    params = _params(args)
    t = _time_grid(args, trace_nbytes(1, "full") + trace_nbytes(1, "effective"))
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
    _save_figure(fig, path, "--map")


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


# ------------------------------------------------------------------------------ model files
def _model_values(args) -> dict[str, float]:
    if getattr(args, "preset", None):
        raise UserError("--preset: the presets are the paper model's; with --model-file use --set")
    return _parse_set(args.set)


def _model_fmt(v) -> str:
    """:func:`_fmt` with negative zero printed as 0 (an undriven mode's moments come out of the
    kernels as -0.0); a complex number keeps six significant digits per part."""
    if isinstance(v, complex):
        return f"{complex(v.real + 0.0, v.imag + 0.0):.6g}"  # -0.0 + 0.0 == +0.0
    return _fmt(float(v) + 0.0)


def _model_initial(args, modes) -> dict[str, complex] | None:
    """``--init MODE=AMPLITUDE`` (complex literals) for a model file."""
    out: dict[str, complex] = {}
    for item in getattr(args, "init", None) or []:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise UserError(f"--init {item!r}: expected MODE=AMPLITUDE")
        if name not in modes:
            raise UserError(
                f"--init {name}: not a mode of the simulated model (modes: {', '.join(modes)}); "
                "with --model-file, --init sets a coherent amplitude per mode"
            )
        if name in out:
            raise UserError(f"--init {name}: given twice")
        try:
            out[name] = complex(text.replace(" ", ""))  # a literal only; nothing is evaluated
        except ValueError:
            raise UserError(f"--init {name} = {text!r}: not a (complex) number") from None
    return out or None


def _load(args):
    from .runtime.network import load_model

    return load_model(args.model_file)


def _model_columns(tr) -> dict[str, object]:
    cols: dict[str, object] = {"t": tr.t}
    for m in tr.amplitude:
        cols[f"re<{m}>"] = tr.amplitude[m].real
        cols[f"im<{m}>"] = tr.amplitude[m].imag
        cols[f"<{m}'{m}>"] = tr.occupation[m]
        if m in tr.energy:
            cols[f"E_{m}"] = tr.energy[m]
            cols[f"P_{m}"] = tr.power[m]
    return cols


def _model_derive(args) -> int:
    from .codegen.network_documents import NETWORK_DOCUMENTS, render_network_documents
    from .codegen.network_write import cached_network_derive, model_digest
    from .model.spec import load_spec

    for s in args.stage or []:
        if s not in NETWORK_DOCUMENTS:
            raise UserError(
                f"--stage {s}: unknown stage of a model file (known: {', '.join(NETWORK_DOCUMENTS)})"
            )
    if args.format == "latex":
        raise UserError("--format latex: with --model-file use text, markdown or json")
    spec = load_spec(args.model_file)
    digest = model_digest(spec.source)
    d = cached_network_derive(spec, digest, progress=True)
    docs = render_network_documents(d, digest, Path(args.model_file).name)
    stages = args.stage or list(NETWORK_DOCUMENTS)
    texts = {s: docs[NETWORK_DOCUMENTS[s][0]] for s in stages}
    if args.format == "json":
        print(json.dumps({"model": spec.name, "forms": d.forms, "documents": texts}, indent=1))
        return 0
    for s, text in texts.items():
        if args.format == "text":
            print(f"== {s} ==")
        print(text)
    return 0


def _model_generate(args) -> int:
    from .codegen.network_write import generate_model

    if args.root is not None:
        raise UserError("--root: not with --model-file (use --out DIR)")
    cmd = f"nrqb generate --model-file {args.model_file}"
    res = generate_model(args.model_file, out=args.out, check=args.check, progress=True)
    if args.check:
        if res.reason:
            print(f"nrqb: stale: {res.reason}; run `{cmd}`", file=sys.stderr)
            return 1
        if res:
            print(f"stale generated files in {res.folder} (run `{cmd}`):", file=sys.stderr)
            for s in res:
                print(f"  {s}", file=sys.stderr)
            return 1
        print(f"generated files in {res.folder} are up to date")
        return 0
    what = f"wrote {len(res)} file(s)" + (": " + ", ".join(res) if res else " (all current)")
    print(f"{what} in {res.folder}")
    return 0


def _model_simulate(args) -> int:
    from .runtime.network import NetworkSteadyState
    from .runtime.simulation import ParameterError

    values = _model_values(args)
    cm = _load(args)
    modes = cm.modes if args.model == "full" else cm.kept
    initial = _model_initial(args, modes)
    n_var = len(
        cm.kernels.VARIABLES_FULL if args.model == "full" else cm.kernels.VARIABLES_EFFECTIVE
    )
    t = _time_grid(args, 2 * 16 * n_var + 8 * 6 * len(modes))
    tr = cm.simulate(values, t, model=args.model, initial=initial)
    ss: NetworkSteadyState | None
    try:
        ss = cm.steady_state(values, model=args.model)
        ss_note = ""
    except ParameterError as exc:
        ss, ss_note = None, str(exc)
    cols = _model_columns(tr)
    if args.format == "csv":
        print(",".join(cols))
        for i in range(len(t)):
            print(",".join(repr(float(c[i])) for c in cols.values()))
    elif args.format == "json":
        out = {
            "model": cm.name,
            "form": args.model,
            "parameters": tr.values,
            "t": tr.t.tolist(),
            "amplitude": {
                m: [[z.real, z.imag] for z in v.tolist()] for m, v in tr.amplitude.items()
            },
            "occupation": {m: v.tolist() for m, v in tr.occupation.items()},
            "energy": {m: v.tolist() for m, v in tr.energy.items()},
            "power": {m: v.tolist() for m, v in tr.power.items()},
            "steady_state": None
            if ss is None
            else {
                "amplitude": {m: [z.real, z.imag] for m, z in ss.amplitude.items()},
                "occupation": ss.occupation,
                "energy": ss.energy,
            },
        }
        print(json.dumps(out, indent=1))
    else:
        print("parameters: " + ", ".join(f"{k}={_model_fmt(v)}" for k, v in tr.values.items()))
        print(f"model: {cm.name} ({args.model}; modes {', '.join(modes)})")
        print("".join(f"{c:>13}" for c in cols))
        for i in range(len(t)):
            print("".join(f"{_model_fmt(float(c[i])):>13}" for c in cols.values()))
        if ss is None:
            print(f"steady state: none ({ss_note})")
        else:
            parts = [f"<{m}'{m}> = {_model_fmt(v)}" for m, v in ss.occupation.items()]
            parts += [f"E_{m} = {_model_fmt(v)}" for m, v in ss.energy.items()]
            print("steady state: " + ", ".join(parts))
    if args.plot:
        _plot_network(tr, args.plot, cm.name)
        print(f"plot written to {args.plot}", file=sys.stderr)
    return 0


def _plot_network(tr, path: Path, name: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    for m, v in tr.occupation.items():
        axes[0].plot(tr.t, v, label=f"$\\langle {m}^\\dagger {m}\\rangle$")
    axes[0].set_xlabel("t")
    axes[0].set_ylabel("occupation")
    axes[0].legend()
    for m, v in tr.power.items():
        axes[1].plot(tr.t, v, label=f"$P_{{{m}}}$")
    axes[1].set_xlabel("t")
    axes[1].set_ylabel("power $dE_m/dt$")
    if tr.power:
        axes[1].legend()
    fig.suptitle(f"nrqb simulate --model-file ({name}, {tr.model} model)")
    fig.tight_layout()
    _save_figure(fig, path)


def _model_ep(args) -> int:
    values = _model_values(args)
    cm = _load(args)
    model = args.model or "effective"
    found = cm.exceptional_points(values, args.solve_for, model=model)
    if args.format == "json":
        rows = [
            {
                "model": model,
                "parameter": e.parameter,
                "value": e.value,
                "eigenvalue": [e.eigenvalue.real, e.eigenvalue.imag],
                "abs_discriminant": abs(e.discriminant),
                "method": e.method,
            }
            for e in found
        ]
        print(json.dumps(rows, indent=1))
        return 0
    if not found:
        print(
            f"no exceptional point: the discriminant of the {model} model has no admissible "
            f"real zero in {args.solve_for} with the other parameters as given"
        )
        return 0
    for e in found:
        print(
            f"{e.parameter} = {e.value + 0.0:.12g}   (double eigenvalue "
            f"{_model_fmt(complex(e.eigenvalue))}, |D| = {abs(e.discriminant):.2e}, {e.method}, "
            f"{model} model)"
        )
    return 0


def _model_validate(args) -> int:
    from .model.spec import load_spec
    from .runtime.validate import qutip_network_comparison

    values = _model_values(args)
    spec = load_spec(args.model_file)  # cheap: refuse the cutoff before generating kernels
    _check_cutoff(args, modes=len(spec.modes))
    cm = _load(args)
    t = _time_grid(args, 64 * len(cm.modes))
    initial = _model_initial(args, cm.modes)
    cmp = qutip_network_comparison(cm, values, t, cutoff=args.cutoff, initial=initial)
    print(
        f"model {cm.name} (full, {len(cm.modes)} modes): kernels vs qutip.mesolve, "
        f"Fock cutoff {cmp.cutoff} per mode"
    )
    for name, err in cmp.rel_error.items():
        print(f"  {name:10s} max relative deviation {err:.3e}")
    print(
        f"largest population of the top Fock level: {cmp.max_population_top:.2e}"
        + ("  (truncation may dominate: raise --cutoff)" if cmp.max_population_top > 1e-6 else "")
    )
    return 0


def _model_validity(args) -> int:
    import numpy as np

    from .runtime.simulation import ParameterError

    if args.map is not None:
        raise UserError("--map: only for the paper model, not with --model-file")
    values = _model_values(args)
    cm = _load(args)
    if not cm.spec.eliminate:
        print(f"model {cm.name} eliminates no mode: the effective model is the full model")
        return 0
    t = _time_grid(args, 2 * 16 * len(cm.kernels.VARIABLES_FULL))
    full = cm.simulate(values, t, model="full")
    eff = cm.simulate(values, t, model="effective")
    print(f"model {cm.name}: effective ({', '.join(cm.kept)}) vs full ({', '.join(cm.modes)})")
    for m in cm.kept:
        for label, a, b in (
            (f"<{m}'{m}>", full.occupation[m], eff.occupation[m]),
            (f"P_{m}", full.power.get(m), eff.power.get(m)),
        ):
            if a is None:
                continue
            scale = float(np.max(np.abs(a)))
            dev = float(np.max(np.abs(a - b)))
            rel = dev / scale if scale > 0 else dev
            print(f"  max relative deviation of {label}: {rel:.3e}")
    try:
        sf, se = cm.steady_state(values, "full"), cm.steady_state(values, "effective")
    except ParameterError as exc:
        print(f"  steady state: none ({exc})")
        return 0
    for m in cm.kept:
        a, b = sf.occupation[m], se.occupation[m]
        rel = abs(a - b) / abs(a) if a else abs(a - b)
        print(
            f"  steady state <{m}'{m}>: full {_model_fmt(a)}, effective {_model_fmt(b)}, "
            f"relative {rel:.3e}"
        )
    return 0


# -------------------------------------------------------------------------------------- map
def _axis_spec(option: str, text: str):
    """``NAME=START:STOP:N[:log]`` -> (name, values, log); numbers parsed with float/int."""
    import numpy as np

    name, sep, rng = text.partition("=")
    name = name.strip()
    parts = [p.strip() for p in rng.split(":")]
    log = len(parts) == 4 and parts[3].lower() == "log"
    if not sep or not name or len(parts) not in (3, 4) or (len(parts) == 4 and not log):
        raise UserError(f"{option} {text!r}: expected NAME=START:STOP:N or NAME=START:STOP:N:log")
    try:
        start, stop = float(parts[0]), float(parts[1])
    except ValueError:
        raise UserError(f"{option} {text!r}: START and STOP must be numbers") from None
    try:
        n = int(parts[2])
    except ValueError:
        raise UserError(f"{option} {text!r}: N must be an integer") from None
    if not (math.isfinite(start) and math.isfinite(stop)) or start == stop:
        raise UserError(f"{option} {text!r}: START and STOP must be finite and differ")
    if n < 2:
        raise UserError(f"{option} {text!r}: N must be >= 2")
    if log:
        if start <= 0 or stop <= 0:
            raise UserError(f"{option} {text!r}: a log axis needs START, STOP > 0")
        values = np.geomspace(start, stop, n)
    else:
        values = np.linspace(start, stop, n)
    return name, values, log


def _cmd_map(args) -> int:
    from .runtime.maps import compute_map, plot_map, summary, write_map

    params = _params(args)
    xname, xv, xlog = _axis_spec("--x", args.x)
    yname, yv, ylog = _axis_spec("--y", args.y)
    if xname == yname:
        raise UserError(f"--y {yname}: the two axes must differ")
    t = _time_grid(args)
    fmt = args.format
    if fmt is None and args.out is not None:
        fmt = args.out.suffix.lstrip(".").lower()
        if fmt not in ("csv", "json", "npz"):
            raise UserError(f"--out {args.out}: give --format csv|json|npz for this file name")
    if fmt == "npz" and args.out is None:
        raise UserError("--format npz: needs --out FILE.npz")
    data = compute_map(
        params,
        (xname, xv),
        (yname, yv),
        t,
        observable=args.observable,
        reduce=args.reduce,
        hold=args.hold,
        log=(xlog, ylog),
    )
    if args.plot:
        try:
            plot_map(data, args.plot)
        except OSError as exc:
            raise UserError(f"--plot {args.plot}: cannot write ({exc.strerror or exc})") from None
        print(f"map written to {args.plot}", file=sys.stderr)
    if fmt is None:
        print("\n".join(summary(data)))
        return 0
    try:
        write_map(data, fmt, args.out)
    except OSError as exc:
        raise UserError(f"--out {args.out}: cannot write ({exc.strerror or exc})") from None
    if args.out is not None:
        print(f"data written to {args.out}", file=sys.stderr)
    return 0


COMMANDS = {
    "map": _cmd_map,
    "derive": _cmd_derive,
    "generate": _cmd_generate,
    "simulate": _cmd_simulate,
    "ep": _cmd_ep,
    "validate": _cmd_validate,
    "validity": _cmd_validity,
    "reproduce": _cmd_reproduce,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nrqb`` script; returns the exit status: 0, 1 (``generate --check``
    found stale files), 2 (a user error, one line on stderr), 130 (interrupted by Ctrl-C).

    A reader that closes the pipe early (``nrqb simulate --format json | head``) ends the
    command quietly with status 0.
    """
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("nrqb: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()
        return 0


def _discard_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush into the closed pipe
    does not fail again (the recipe of the Python documentation, ``signal`` module)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (e.g. captured in tests)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _blame(args, exc: Exception) -> str:
    """The message of a parameter error, naming a value the user gave rather than a coupling
    the preset derived from it (``g_a``, ``g_b``, ``J``, ``theta`` are solved from ``Gamma``,
    the rates and the detunings)."""
    name = getattr(exc, "name", None)
    if not getattr(args, "preset", None) or name not in ("g_a", "g_b", "J", "theta"):
        return str(exc)
    given = {k: v for k, v in _parse_set(getattr(args, "set", None)).items() if v != 0}
    if name in given or not given:
        return str(exc)
    culprit = max(given, key=lambda k: abs(math.log(abs(given[k]))))
    return f"{culprit} = {given[culprit]!r}: {exc.rule}; the preset derives {name} from it"


def _run(argv: list[str] | None) -> int:
    from .model.spec import ModelError, ModelWarning
    from .runtime.resources import ResourceError, memory_limit
    from .runtime.simulation import EliminationWarning, ParameterError

    parser = build_parser()
    args = parser.parse_args(argv)

    seen: set[str] = set()

    def show(message, category, filename, lineno, file=None, line=None):
        if str(message) in seen:
            return
        seen.add(str(message))
        tag = "warning" if category in (EliminationWarning, ModelWarning) else category.__name__
        print(f"nrqb: {tag}: {message}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("always", EliminationWarning)
        warnings.simplefilter("always", ModelWarning)
        warnings.showwarning = show
        try:
            with memory_limit(getattr(args, "max_memory", None), "--max-memory"):
                code = COMMANDS[args.command](args)
            sys.stdout.flush()  # a closed pipe fails here, inside the handlers of main
            return code
        except (UserError, ParameterError, ResourceError, ModelError) as exc:
            print(f"nrqb: error: {_blame(args, exc)}", file=sys.stderr)
            return EXIT_USAGE
        except MemoryError as exc:  # an allocation the estimates did not foresee
            print(f"nrqb: error: out of memory: {exc}", file=sys.stderr)
            return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
