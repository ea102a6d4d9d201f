"""The ``nrqb`` command line: one path for every model file (the paper's ``nrqb.toml`` by default).

Commands: derive, generate, simulate, ep, validate, validity, map, reproduce.  User errors (bad
names, values that are not numbers, broken rules, invalid model files) give one line on stderr
and exit status 2, never a traceback.  Values are parsed with :func:`float` / :func:`complex`
only; nothing is evaluated.
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


def _paper_model() -> Path:
    from .model.names import PAPER_MODEL

    return PAPER_MODEL


# ----------------------------------------------------------------------------- parsing
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


def _as_given(exc: Exception, args) -> str:
    """The error line, a ``--set`` value shown as the user typed it (``-1``, not ``-1.0``)."""
    name = getattr(exc, "name", None)
    if getattr(exc, "value", None) is not None:  # a ParameterError that shows a value
        for item in getattr(args, "set", None) or []:
            key, _, text = item.partition("=")
            if key.strip() == name:
                return f"{name} = {text.strip()}: {exc.rule}"
    return str(exc)


def _initial(args, modes, two_level=()) -> dict | None:
    """``--init MODE=AMPLITUDE`` (a complex literal) and ``--init MODE.n=...`` (thermal
    occupation), ``MODE.r=...``, ``MODE.phi=...`` (squeezing); for a two-level mode
    ``MODE=ground|excited``, ``MODE.excited=P`` and ``MODE.coherence=S``."""
    from .runtime.values import ParameterError, mode_state

    out: dict[str, dict | str] = {}
    for item in getattr(args, "init", None) or []:
        name, sep, text = item.partition("=")
        name, text = name.strip(), text.strip()
        if not sep or not name:
            raise UserError(f"--init {item!r}: expected MODE=AMPLITUDE or MODE.n=OCCUPATION")
        mode, _, key = name.partition(".")
        if mode not in modes:
            raise UserError(
                f"--init {mode}: not a mode of the simulated model (modes: {', '.join(modes)})"
            )
        if mode in two_level:
            _two_level_init(out, mode, key, text, name)
            continue
        key = key or "alpha"
        if key not in ("alpha", "n", "r", "phi"):
            raise UserError(f"--init {name}: unknown key {key!r} (known: alpha, n, r, phi)")
        state = out.setdefault(mode, {})
        if key in state:
            raise UserError(f"--init {name}: given twice")
        try:
            state[key] = complex(text.replace(" ", "")) if key == "alpha" else float(text)
        except ValueError:
            raise UserError(f"--init {name} = {text!r}: not a number") from None
        try:
            mode_state(mode, {key: state[key]})
        except ParameterError as exc:
            raise UserError(f"--init {name} = {text}: {exc.rule}") from None
    return out or None


def _two_level_init(out: dict, mode: str, key: str, text: str, name: str) -> None:
    """One ``--init`` item of a two-level mode (checked further by the runtime)."""
    if not key:
        if text not in ("ground", "excited"):
            raise UserError(f"--init {name} = {text!r}: a two-level mode is ground or excited")
        out[mode] = text
        return
    if key not in ("excited", "coherence"):
        raise UserError(f"--init {name}: unknown key {key!r} (known: excited, coherence)")
    state = out.setdefault(mode, {})
    if not isinstance(state, dict) or key in state:
        raise UserError(f"--init {name}: given twice")
    try:
        state[key] = complex(text.replace(" ", "")) if key == "coherence" else float(text)
    except ValueError:
        raise UserError(f"--init {name} = {text!r}: not a number") from None


def _size(text: str) -> int:
    """argparse type of ``--max-memory`` (``2G``, ``500M``, ...)."""
    from .runtime.resources import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Parser(argparse.ArgumentParser):
    """Argument parser whose usage errors are one line, ``nrqb: error: ...``, exit status 2."""

    def error(self, message):  # noqa: D401 - argparse hook
        print(f"nrqb: error: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _add_model(p: argparse.ArgumentParser, form: bool = True) -> None:
    p.add_argument(
        "--model-file",
        type=Path,
        metavar="FILE",
        help="the model file (TOML); default: the paper's nrqb.toml. Kernels are generated on "
        "first use beside it (<stem>.nrqb/), or in the user cache if that folder is not "
        "writable, and reused while the file and the pipeline are unchanged",
    )
    if form:
        p.add_argument(
            "--model",
            choices=("effective", "full"),
            default="effective",
            help="the effective model (eliminated modes removed; default) or the full one",
        )


def _add_params(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--set",
        action="append",
        metavar="NAME=VALUE",
        help="set a parameter of the model file (repeatable); plain numbers (angles in radians). "
        "Parameters without a default must be set.",
    )
    p.add_argument(
        "--preset",
        metavar="NAME",
        help="start from a preset the model file declares ([presets.NAME]; nrqb.toml: "
        "nonreciprocal, the couplings J, theta solved from the derived nonreciprocity "
        "condition after --set is applied)",
    )


def _add_times(p, t_max: float, points: int) -> None:
    p.add_argument("--t-max", type=float, default=t_max, help=f"final time (default {t_max:g})")
    p.add_argument("--points", type=int, default=points, help=f"time points (default {points})")


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
        metavar="MODE=VALUE",
        help="initial state (repeatable; default vacuum): MODE=AMPLITUDE (a complex literal such "
        "as 0.3+0.1j), MODE.n=OCCUPATION (thermal), MODE.r=R and MODE.phi=PHI (squeezing)",
    )


def _axis_help(what: str) -> str:
    return f"{what} axis: a parameter NAME=START:STOP:N (N values; append :log for a log scale)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nrqb",
        description="Symbolic derivation and compiled kernels for open linear bosonic networks\n"
        "written as model files (TOML). The paper's nonreciprocal quantum battery, nrqb.toml,\n"
        "is the default model file; --model-file FILE runs any other through the same engine.",
        epilog="Examples:\n"
        "  nrqb simulate --preset nonreciprocal --t-max 200 --points 11\n"
        "  nrqb derive --stage nonreciprocity\n"
        "  nrqb ep --preset nonreciprocal --set kappa_b=0.3 --solve-for kappa_b\n"
        "  nrqb map --x g_a=3:7:100 --y g_b=3:7:100 --observable P_b --pair a,b --plot map.png\n"
        "  nrqb simulate --model-file my_model.toml --set kappa=0.5 --model full\n"
        "  nrqb generate --check",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("derive", help="print the derived formulas, stage by stage")
    p.add_argument(
        "--stage",
        action="append",
        metavar="STAGE",
        help="stage to print (repeatable; default: all): model, reduction, moments, steady, "
        "spectrum, nonreciprocity, observables; with --paper: model, elimination, moments, "
        "nonreciprocity, solutions, ergotropy, spectrum",
    )
    p.add_argument(
        "--paper",
        action="store_true",
        help="the paper's presentation of nrqb.toml (projection-operator elimination, general "
        "solution finite at EPs, resonant closed forms, the Sec. 4 EP condition)",
    )
    p.add_argument(
        "--format",
        choices=("text", "latex", "markdown", "json"),
        default="text",
        help="output format (default text; latex with --paper only)",
    )
    _add_model(p, form=False)

    p = sub.add_parser(
        "generate",
        help="regenerate generated/ (kernels of the shipped models), derivations/ (the paper's "
        "and the shipped models' documents); with --model-file: that model's folder",
    )
    p.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if anything is stale"
    )
    p.add_argument(
        "--root", type=Path, help="project checkout to write into (default: the package's)"
    )
    p.add_argument("--out", type=Path, metavar="DIR", help="with --model-file: the output folder")
    _add_model(p, form=False)

    p = sub.add_parser(
        "simulate", help="time trace: energies, powers, ergotropies, derived observables per mode"
    )
    _add_params(p)
    _add_times(p, 200.0, 11)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--plot", type=Path, metavar="FILE.png", help="also save a plot")
    _add_init(p)
    _add_limits(p)
    _add_model(p)

    p = sub.add_parser(
        "ep", help="solve the exceptional-point condition Disc = 0 for one parameter"
    )
    _add_params(p)
    p.add_argument("--solve-for", required=True, metavar="NAME", help="the parameter to solve for")
    p.add_argument("--format", choices=("table", "json"), default="table")
    _add_model(p)

    p = sub.add_parser("validate", help="compare the full model with qutip.mesolve (needs qutip)")
    _add_params(p)
    _add_init(p)
    p.add_argument(
        "--cutoff",
        type=int,
        default=None,
        help="Fock cutoff per mode (default 5; for a model with order: converged to 1e-6)",
    )
    p.add_argument(
        "--orders",
        metavar="N[,N...]",
        help="a model with order: the cumulant orders to compare (default: the file's)",
    )
    _add_times(p, 5.0, 11)
    _add_limits(p)
    _add_model(p, form=False)

    p = sub.add_parser("validity", help="how far the effective model is from the full one")
    _add_params(p)
    _add_times(p, 20.0, 201)
    p.add_argument("--map", type=Path, metavar="FILE.png", help="also map the error over --x, --y")
    p.add_argument("--x", metavar="NAME=START:STOP:N[:log]", help=_axis_help("horizontal (--map)"))
    p.add_argument("--y", metavar="NAME=START:STOP:N[:log]", help=_axis_help("vertical (--map)"))
    _add_limits(p)
    _add_model(p, form=False)

    p = sub.add_parser(
        "map",
        help="heat map of a reduced observable over two parameters, with the nonreciprocity set "
        "of a pair and the exceptional points",
    )
    p.add_argument(
        "--x", required=True, metavar="NAME=START:STOP:N[:log]", help=_axis_help("horizontal")
    )
    p.add_argument(
        "--y", required=True, metavar="NAME=START:STOP:N[:log]", help=_axis_help("vertical")
    )
    p.add_argument(
        "--observable",
        default=None,
        help="observable to map (default: P of the last mode with an energy)",
    )
    p.add_argument("--reduce", default="max", choices=("max", "argmax", "min", "last", "mean"))
    p.add_argument(
        "--pair", metavar="SOURCE,TARGET", help="draw where TARGET does not act back on SOURCE"
    )
    _add_params(p)
    _add_times(p, 30.0, 301)
    p.add_argument("--plot", type=Path, metavar="FILE.png", help="write the heat map")
    p.add_argument(
        "--format", choices=("csv", "json", "npz"), help="write the data (default: from --out)"
    )
    p.add_argument("--out", type=Path, metavar="FILE", help="data file (default: stdout)")
    _add_limits(p)
    _add_model(p)

    p = sub.add_parser("reproduce", help="reproduce the paper's figures and claims (nrqb.toml)")
    p.add_argument("--out", type=Path, default=Path("reproduction"), help="output folder")
    p.add_argument("--coarse", action="store_true", help="coarse grids (quick check)")
    return parser


# ----------------------------------------------------------------------------- helpers
def _load(args):
    from .runtime.model import load_model

    return load_model(args.model_file or _paper_model())


def _values(args, cm) -> dict[str, float]:
    given = _parse_set(getattr(args, "set", None))
    if getattr(args, "preset", None):
        return cm.preset(args.preset, **given)
    return cm.values(given)


def _time_grid(args, per_point: int = 8):
    """``linspace(0, --t-max, --points)`` after checking both options and that ``per_point``
    bytes per time point fit in memory."""
    import numpy as np

    from .runtime.resources import check_allocation
    from .runtime.values import T_MAX

    if not (math.isfinite(args.t_max) and args.t_max > 0):
        raise UserError(f"--t-max = {args.t_max}: must be a finite number > 0")
    if args.t_max > T_MAX:
        raise UserError(
            f"--t-max = {args.t_max:g}: must be <= {T_MAX:g} (the last line, the steady state, is t -> inf)"
        )
    if args.points < 2:
        raise UserError(f"--points = {args.points}: must be >= 2")
    check_allocation(
        args.points * per_point,
        f"--points {args.points}",
        purpose="for the output",
        hint="lower --points, or set --max-memory to override",
    )
    return np.linspace(0.0, args.t_max, args.points)


def _fmt(v) -> str:
    if isinstance(v, complex):
        return f"{complex(v.real + 0.0, v.imag + 0.0):.6g}"
    v = float(v) + 0.0  # no negative zero
    return "nan" if math.isnan(v) else f"{v:.6g}"


def _save_figure(fig, path, option: str = "--plot") -> None:
    import matplotlib.pyplot as plt

    try:
        fig.savefig(path, dpi=120)
    except OSError as exc:
        raise UserError(f"{option} {path}: cannot write ({exc.strerror})") from None
    finally:
        plt.close(fig)


# ----------------------------------------------------------------------------- derive
def _cmd_derive(args) -> int:
    if args.paper:
        return _derive_paper(args)
    import sympy as sp  # noqa: F401 - the derivation needs SymPy anyway

    from .codegen.documents import DOCUMENTS, render_documents
    from .codegen.pedigree import model_digest
    from .derive.pipeline import cached_derive
    from .model.spec import load_spec

    if args.format == "latex":
        raise UserError("--format latex: only with --paper (use text, markdown or json)")
    path = args.model_file or _paper_model()
    spec = load_spec(path)
    for s in args.stage or []:
        if s not in DOCUMENTS and spec.order is None:
            raise UserError(f"--stage {s}: unknown stage (known: {', '.join(DOCUMENTS)})")
    digest = model_digest(spec.source)
    d = cached_derive(spec, digest, progress=True)
    regenerate = f"nrqb generate --model-file {path}"
    if spec.order is not None:
        return _derive_cumulant(args, d, digest, Path(path).name, regenerate)
    docs = render_documents(d, digest, Path(path).name, regenerate)
    stages = args.stage or list(DOCUMENTS)
    texts = {s: docs[DOCUMENTS[s][0]] for s in stages}
    if args.format == "json":
        print(json.dumps({"model": spec.name, "forms": d.forms, "documents": texts}, indent=1))
        return 0
    for s, text in texts.items():
        if args.format == "text":
            print(f"== {s} ==")
        print(text)
    return 0


def _derive_cumulant(args, cs, digest: str, filename: str, regenerate: str) -> int:
    """``nrqb derive`` of a model with ``order``: its cumulant documents (stages ``generator``,
    ``equations``, ``counts``)."""
    from .codegen.cumulant_documents import render_cumulant_documents

    docs = render_cumulant_documents(cs, digest, filename, regenerate)
    names = {"counts": "README.md", "generator": "generator.md", "equations": "equations.md"}
    for st in args.stage or []:
        if st not in names:
            raise UserError(
                f"--stage {st}: unknown stage of a model with order (known: {', '.join(names)})"
            )
    stages = args.stage or list(names)
    texts = {st: docs[names[st]] for st in stages}
    if args.format == "json":
        out = {"model": cs.spec.name, "order": cs.order, "equations": len(cs.moments)}
        print(json.dumps({**out, "documents": texts}, indent=1))
        return 0
    for st, text in texts.items():
        if args.format == "text":
            print(f"== {st} ==")
        print(text)
    return 0


def _derive_paper(args) -> int:
    import sympy as sp

    from .paper.derivation import derive
    from .paper.documents import STAGE_TITLES, _names, latex, render_stage_markdown, stage_items

    for s in args.stage or []:
        if s not in STAGE_TITLES:
            raise UserError(f"--stage {s}: unknown paper stage (known: {', '.join(STAGE_TITLES)})")
    pd = derive(str(args.model_file) if args.model_file else None)
    names = _names(pd)
    stages = args.stage or list(STAGE_TITLES)
    if pd.skipped:
        print(
            "nrqb: paper results skipped: " + "; ".join(f"{k}: {v}" for k, v in pd.skipped.items()),
            file=sys.stderr,
        )
    if args.format == "markdown":
        print("\n".join(render_stage_markdown(pd, s) for s in stages))
        return 0
    if args.format == "json":
        out = {
            s: [
                {
                    "key": it.key,
                    "lhs": it.lhs if it.lhs is None or isinstance(it.lhs, str) else sp.sstr(it.lhs),
                    "rhs": None if it.rhs is None else sp.sstr(it.rhs),
                    "latex": None
                    if it.rhs is None
                    else f"{latex(it.lhs, names)} = {latex(it.rhs, names)}",
                    "note": it.note,
                }
                for it in stage_items(pd, s)
            ]
            for s in stages
        }
        print(json.dumps(out, indent=1))
        return 0
    for s in stages:
        print(f"== {s} ==")
        for it in stage_items(pd, s):
            if it.rhs is None:
                print(f"{'% ' if args.format == 'latex' else ''}{it.key}: {it.note}\n")
            elif args.format == "latex":
                print(f"% {it.key}{': ' + it.note if it.note else ''}")
                print(f"{latex(it.lhs, names)} = {latex(it.rhs, names)}\n")
            else:
                lhs = it.lhs if isinstance(it.lhs, str) else sp.sstr(it.lhs)
                note = f"   [{it.note}]" if it.note else ""
                print(f"{it.key}:{note}\n  {lhs} = {sp.sstr(it.rhs)}\n")
    return 0


# ----------------------------------------------------------------------------- generate
def _cmd_generate(args) -> int:
    if args.model_file is not None:
        return _generate_model(args)
    from .codegen.write import generate_shipped, project_root
    from .paper.documents import generate as generate_paper

    if args.out is not None:
        raise UserError("--out: only with --model-file (the shipped models use --root)")
    root = args.root or project_root()
    if not (root / "generated").is_dir():
        raise UserError(f"--root {root}: no generated/ folder here (run from the checkout)")

    def progress(name: str) -> None:
        print(f"nrqb: model {name}", file=sys.stderr)

    stale = generate_shipped(root, check=args.check, progress=progress)
    stale += generate_paper(root, check=args.check)
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


def _generate_model(args) -> int:
    from .codegen.write import generate_model

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


# ----------------------------------------------------------------------------- simulate
def _columns(cm, model: str) -> list[str]:
    """The default columns: per mode with an energy E, P, W (where the model has them); the
    derived observables; the occupations of modes without an energy."""
    known = cm.observables(model)
    cols = []
    for m in cm.modes_of(model):
        if m in cm.energy_modes:
            cols += [c for c in (f"E_{m}", f"P_{m}", f"W_{m}") if c in known]
        else:
            cols.append(f"n_{m}")
    return cols + [n for n in known if n in cm.derived]


def _cmd_simulate(args) -> int:
    from .runtime.values import NoSteadyState

    cm = _load(args)
    values = _values(args, cm)
    initial = _initial(args, cm.modes_of(args.model), getattr(cm, "two_level", ()))
    cols = _columns(cm, args.model)
    t = _time_grid(args, 8 * (len(cols) + 1) + (56 * len(cols) if args.format == "json" else 0))
    tr = cm.simulate(values, t, model=args.model, initial=initial, observables=cols)
    data = {"t": t, **{c: tr[c] for c in cols}}
    try:
        ss = cm.steady_state(values, model=args.model)
        ss_note = ""
    except NoSteadyState as exc:
        ss, ss_note = None, str(exc)
    steady = {} if ss is None else {c: ss[c] for c in cols if not c.startswith("P_")}
    if args.format == "csv":
        print(",".join(data))
        for i in range(len(t)):
            print(",".join(repr(float(v[i])) for v in data.values()))
    elif args.format == "json":
        out = {c: [None if math.isnan(x) else float(x) for x in v] for c, v in data.items()}
        out.update({"parameters": values, "model": cm.name, "form": args.model})
        out["steady_state"] = (
            None
            if ss is None
            else {k: (None if math.isnan(v) else float(v)) for k, v in steady.items()}
        )
        print(json.dumps(out, indent=1))
    else:
        print("parameters: " + ", ".join(f"{k}={_fmt(v)}" for k, v in values.items()))
        print(f"model: {cm.name} ({args.model}; modes {', '.join(cm.modes_of(args.model))})")
        print("".join(f"{c:>13}" for c in data))
        for i in range(len(t)):
            print("".join(f"{_fmt(v[i]):>13}" for v in data.values()))
        if ss is None:
            print(f"steady state: none ({ss_note})")
        else:
            print("steady state: " + ", ".join(f"{k} = {_fmt(v)}" for k, v in steady.items()))
    if args.plot:
        _plot_trace(tr, args.plot, cm.name)
        print(f"plot written to {args.plot}", file=sys.stderr)
    return 0


def _plot_trace(tr, path: Path, name: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3 if tr.derived else 2, figsize=(13, 3.8))
    for m, v in tr.energy.items():
        axes[0].plot(tr.t, v, label=f"$E_{{{m}}}$")
    for m, v in tr.occupation.items():
        axes[0].plot(tr.t, v, label=rf"$\langle {m}^\dagger {m}\rangle$")
    axes[0].set_xlabel("t")
    axes[0].set_ylabel("energy / occupation")
    axes[0].legend()
    for m, v in tr.power.items():
        axes[1].plot(tr.t, v, label=f"$P_{{{m}}}$")
    axes[1].set_xlabel("t")
    axes[1].set_ylabel("power $dE_m/dt$")
    if tr.power:
        axes[1].legend()
    if tr.derived:
        for k, v in tr.derived.items():
            axes[2].plot(tr.t, v, label=k)
        axes[2].set_xlabel("t")
        axes[2].legend()
    fig.suptitle(f"nrqb simulate ({name}, {tr.model} model)")
    fig.tight_layout()
    _save_figure(fig, path)


# ----------------------------------------------------------------------------- ep
def _cmd_ep(args) -> int:
    cm = _load(args)
    values = _values(args, cm)
    found = cm.exceptional_points(values, args.solve_for, model=args.model)
    if args.format == "json":
        rows = [
            {
                "model": args.model,
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
            f"no exceptional point: the discriminant of the {args.model} model has no admissible "
            f"real zero in {args.solve_for} with the other parameters as given"
        )
        return 0
    for e in found:
        print(
            f"{e.parameter} = {e.value + 0.0:.12g}   (double eigenvalue "
            f"{_fmt(complex(e.eigenvalue))}, |D| = {abs(e.discriminant):.2e}, {e.method}, "
            f"{args.model} model)"
        )
    return 0


# ----------------------------------------------------------------------------- validate
def _check_cutoff(args, modes: int) -> None:
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


def _cmd_validate(args) -> int:
    from .runtime.validate import QUTIP_HINT, qutip_available, qutip_comparison

    if not qutip_available():
        raise UserError(QUTIP_HINT)
    cm = _load(args)
    if getattr(cm, "order", None) is not None:
        return _validate_cumulant(args, cm)
    if args.orders:
        raise UserError("--orders: only for a model file with order (cumulant expansion)")
    if args.cutoff is None:
        args.cutoff = 5
    _check_cutoff(args, len(cm.modes))
    values = _values(args, cm)
    t = _time_grid(args, 64 * len(cm.modes))
    cmp = qutip_comparison(cm, values, t, cutoff=args.cutoff, initial=_initial(args, cm.modes))
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


def _validate_cumulant(args, cm) -> int:
    """``nrqb validate`` of a model with order: each requested order against qutip.mesolve of
    the kept-mode generator at a converged (or the given) Fock cutoff."""
    from .runtime.validate import cumulant_comparison, cumulant_reference
    from .runtime.values import ParameterError

    orders = [cm.order]
    if args.orders:
        try:
            orders = [int(x) for x in args.orders.split(",")]
        except ValueError:
            raise UserError(f"--orders {args.orders}: expected integers such as 1,2,3") from None
    if args.cutoff is not None and args.cutoff < 2:
        raise UserError(f"--cutoff = {args.cutoff}: must be >= 2")
    values = _values(args, cm)
    initial = _initial(args, cm.kept, cm.two_level)
    t = _time_grid(args, 64 * len(cm.kept))
    ref = cumulant_reference(cm, values, t, args.cutoff, initial)
    change = "" if args.cutoff is not None else f", converged to {ref.cutoff_change:.1e}"
    print(
        f"model {cm.name} (kept modes {', '.join(cm.kept)}): cumulant expansion vs "
        f"qutip.mesolve, Fock cutoff {ref.cutoff}{change}"
    )
    for order in orders:
        try:
            m = cm.at_order(order)
            cmp = cumulant_comparison(m, values, t, initial=initial, reference=ref)
        except ParameterError as exc:
            print(f"  order {order}: {exc}")
            continue
        errs = ", ".join(f"{k} {v:.2e}" for k, v in cmp.rel_error.items())
        print(f"  order {order} ({len(m.moment_names)} equations): max relative error {errs}")
    return 0


# ----------------------------------------------------------------------------- validity
def _rel(a, b):
    import numpy as np

    scale = float(np.max(np.abs(a)))
    dev = float(np.max(np.abs(a - b)))
    return dev / scale if scale > 0 else dev


def _cmd_validity(args) -> int:
    from .runtime.values import NoSteadyState

    cm = _load(args)
    if getattr(cm, "order", None) is not None:
        raise UserError(
            f"validity: model {cm.name} has order {cm.order} and is derived for its kept modes "
            "only; compare with a copy of the file without eliminate (or run nrqb validate)"
        )
    if not cm.eliminated:
        print(f"model {cm.name} eliminates no mode: the effective model is the full model")
        return 0
    values = _values(args, cm)
    t = _time_grid(args, 64 * len(cm.modes))
    kept = [m for m in cm.kept if m in cm.energy_modes] or list(cm.kept)
    names = [f"E_{m}" if m in cm.energy_modes else f"n_{m}" for m in kept]
    full = cm.simulate(values, t, model="full", observables=names)
    eff = cm.simulate(values, t, model="effective", observables=names)
    print(f"model {cm.name}: effective ({', '.join(cm.kept)}) vs full ({', '.join(cm.modes)})")
    for n in names:
        print(f"  max relative deviation of {n}: {_rel(full[n], eff[n]):.3e}")
    try:
        sf, se = cm.steady_state(values, "full"), cm.steady_state(values, "effective")
        for n in names:
            a, b = sf[n], se[n]
            rel = abs(a - b) / abs(a) if a else abs(a - b)
            print(f"  steady state {n}: full {_fmt(a)}, effective {_fmt(b)}, relative {rel:.3e}")
    except NoSteadyState as exc:
        print(f"  steady state: none ({exc})")
    if args.map:
        _validity_map(args, cm, values, t, names)
    return 0


def _validity_map(args, cm, values, t, names) -> None:
    import numpy as np

    if not (args.x and args.y):
        raise UserError("--map: needs --x and --y (the axes of the map)")
    xname, xv, xlog = _axis_spec("--x", args.x)
    yname, yv, ylog = _axis_spec("--y", args.y)
    axes = {xname: xv, yname: yv}
    full = cm.sweep(values, t, names, None, "full", **axes)
    eff = cm.sweep(values, t, names, None, "effective", **axes)
    err = np.zeros((xv.size, yv.size))
    for n in names:
        scale = np.max(np.abs(full.values[n]), axis=-1)
        dev = np.max(np.abs(full.values[n] - eff.values[n]), axis=-1)
        err = np.maximum(err, np.where(scale > 0, dev / np.where(scale > 0, scale, 1), dev))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    fig, ax = plt.subplots(figsize=(6.4, 4.6))
    mesh = ax.pcolormesh(xv, yv, np.maximum(err, 1e-16).T, norm=LogNorm(), shading="nearest")
    cs = ax.contour(xv, yv, err.T, levels=[1e-3, 1e-2], colors="w", linewidths=1)
    ax.clabel(cs, fmt={1e-3: "0.1 %", 1e-2: "1 %"})
    ax.set_xscale("log" if xlog else "linear")
    ax.set_yscale("log" if ylog else "linear")
    ax.set_xlabel(f"${cm.latex.get(xname, xname)}$")
    ax.set_ylabel(f"${cm.latex.get(yname, yname)}$")
    ax.set_title(f"elimination error: max over t and {', '.join(names)} ({cm.name})", fontsize=9)
    fig.colorbar(mesh, ax=ax, label="relative error, effective vs full")
    fig.tight_layout()
    _save_figure(fig, args.map, "--map")
    print(f"map written to {args.map}", file=sys.stderr)


# ----------------------------------------------------------------------------- map
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

    cm = _load(args)
    values = _values(args, cm)
    xname, xv, xlog = _axis_spec("--x", args.x)
    yname, yv, ylog = _axis_spec("--y", args.y)
    if xname == yname:
        raise UserError(f"--y {yname}: the two axes must differ")
    pair = None
    if args.pair:
        parts = [p.strip() for p in args.pair.split(",")]
        if len(parts) != 2 or not all(parts):
            raise UserError(f"--pair {args.pair!r}: expected SOURCE,TARGET (two mode names)")
        pair = (parts[0], parts[1])
    observable = args.observable
    if observable is None:
        energy = [m for m in cm.modes_of(args.model) if m in cm.energy_modes]
        observable = f"P_{energy[-1]}" if energy else f"n_{cm.modes_of(args.model)[-1]}"
    t = _time_grid(args)
    fmt = args.format
    if fmt is None and args.out is not None:
        fmt = args.out.suffix.lstrip(".").lower()
        if fmt not in ("csv", "json", "npz"):
            raise UserError(f"--out {args.out}: give --format csv|json|npz for this file name")
    if fmt == "npz" and args.out is None:
        raise UserError("--format npz: needs --out FILE.npz")
    data = compute_map(
        cm,
        values,
        (xname, xv),
        (yname, yv),
        t,
        observable,
        args.reduce,
        args.model,
        pair,
        (xlog, ylog),
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


# ----------------------------------------------------------------------------- reproduce
def _cmd_reproduce(args) -> int:
    from .paper.run import run, shape_problem

    problem = shape_problem()
    if problem:
        print(f"nrqb: reproduce: {problem}", file=sys.stderr)
        return 0
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


def _run(argv: list[str] | None) -> int:
    from .model.errors import ModelError, ModelWarning
    from .runtime.resources import ResourceError, memory_limit
    from .runtime.values import EliminationWarning, ParameterError

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
            print(f"nrqb: error: {_as_given(exc, args)}", file=sys.stderr)
            return EXIT_USAGE
        except MemoryError as exc:  # an allocation the estimates did not foresee
            print(f"nrqb: error: out of memory: {exc}", file=sys.stderr)
            return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
