r"""The structure rules of docs/architecture.md, checked on the source (``ast``) and in fresh
processes.

1. Layers, left to right: model -> derive -> codegen -> runtime -> paper -> cli.  Every import of
   every module (module level and inside functions; ``from nrqb_sym import X`` resolved through
   the package's lazy exports) goes to its own layer or one to its left; the engine names
   ``nrqb_sym.paper`` nowhere, not even in a string for ``importlib`` (only ``nrqb_sym/__init__.py``'s
   lazy exports and ``cli.py`` may).
2. The paper (``nrqb_sym/paper/*.py``) imports no private (leading underscore) name of the engine
   and reaches no private attribute of anything but itself (``self``/``cls``).
3. Import cycles: the graph of module-level imports is acyclic; with function-level (lazy)
   imports counted too the cycles are exactly the ones listed in :data:`KNOWN_LAZY_CYCLES`.
4. ``import nrqb_sym`` (and ``nrqb_sym.cli``) loads neither SymPy nor Numba; ``load_model()`` of
   the paper's model (shipped kernels), its first ``simulate``, a preset, a steady state and the
   command line's ``simulate``/``ep`` do not load SymPy (checked in a fresh interpreter).
5. One implementation of each numeric building block: the function definitions whose names
   match each concept (matrix exponential, propagator, Lyapunov solve, Schur elimination, ...)
   are exactly the listed ones; SciPy's equivalents are not called elsewhere; the generated
   kernels and the printed passes define none of them; the paper's API delegates to the
   engine's methods.
6. Every file ``nrqb generate`` writes into the checkout (``generated/*.py``,
   ``derivations/**/*.md``) starts with the pedigree header, whose digest is the current one of
   its model file; the printed passes carry theirs.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

import nrqb_sym
from nrqb_sym.codegen.pedigree import model_digest
from nrqb_sym.model.names import PAPER_MODEL, shipped_models

PKG = Path(nrqb_sym.__file__).resolve().parent
ROOT = PKG.parent
LAYERS = ("model", "derive", "codegen", "runtime", "paper", "cli")
#: What each layer may import (of the package).
ALLOWED = {layer: set(LAYERS[: k + 1]) for k, layer in enumerate(LAYERS)}
#: Import cycles that exist only through function-level (lazy) imports, as found on this tree.
KNOWN_LAZY_CYCLES = {
    frozenset({"nrqb_sym.model.spec", "nrqb_sym.model.expressions"}),
    # load_model picks CumulantModel (a CompiledModel subclass) for kernels of a model with order
    frozenset({"nrqb_sym.runtime.model", "nrqb_sym.runtime.sweep", "nrqb_sym.runtime.cumulant"}),
}


# ----------------------------------------------------------------------------- the source
def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def sources() -> dict[str, tuple[Path, ast.Module]]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        if "__pycache__" not in p.parts:
            out[module_name(p)] = (p, ast.parse(p.read_text(encoding="utf-8"), str(p)))
    return out


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "nrqb_sym" or len(parts) == 1:
        return None  # the package root (lazy exports) or not ours
    return "cli" if parts[1] == "cli" else parts[1]


@cache
def lazy_exports() -> dict[str, str]:
    """``nrqb_sym._EXPORTS`` read from the source: public name -> defining module."""
    _, tree = sources()["nrqb_sym"]
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "_EXPORTS" for t in targets):
                return ast.literal_eval(node.value)
    raise AssertionError("nrqb_sym/__init__.py has no _EXPORTS")


def _function_level(tree: ast.Module) -> set[int]:
    """ids of the import nodes inside a function body (executed only when called)."""
    inside: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    inside.add(id(node))
    return inside


@cache
def imports() -> list[tuple[str, str, int, bool, list[str]]]:
    """(source module, imported module, line, lazy, names) for every import of the package's
    own modules; ``from M import n`` goes to ``M.n`` when that is a module, through the lazy
    exports for ``from nrqb_sym import n``, else to ``M``."""
    mods = sources()
    out = []
    for src, (path, tree) in mods.items():
        lazy = _function_level(tree)
        package = src if path.name == "__init__.py" else src.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "nrqb_sym":
                        out.append((src, alias.name, node.lineno, id(node) in lazy, []))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                if mod.split(".")[0] != "nrqb_sym":
                    continue
                for alias in node.names:
                    sub = f"{mod}.{alias.name}"
                    if sub in mods:
                        target = sub
                    elif mod == "nrqb_sym" and alias.name in lazy_exports():
                        target = lazy_exports()[alias.name]
                    else:
                        target = mod
                    out.append((src, target, node.lineno, id(node) in lazy, [alias.name]))
    return out


def test_the_source_is_what_the_layers_expect():
    """The folders are the layers of the table (so the rules below see every module)."""
    layers = {layer_of(m) for m in sources()} - {None}
    assert layers == set(LAYERS)
    assert all(t in sources() for _, t, *_ in imports()), "an import of a missing module"
    assert len(imports()) > 100  # the parser sees the imports (relative ones included)


# ----------------------------------------------------------------------------- 1. layers
def test_no_layer_imports_a_layer_to_its_right():
    bad = []
    for src, target, line, lazy, _ in imports():
        a, b = layer_of(src), layer_of(target)
        if a is None:
            continue  # nrqb_sym/__init__.py: lazy exports only (checked below)
        if b is None:
            bad.append(f"{src}:{line} imports the package root {target} (lazy exports)")
        elif b not in ALLOWED[a]:
            bad.append(f"{src}:{line} ({a}) imports {target} ({b}){' [lazy]' if lazy else ''}")
    assert not bad, "\n".join(bad)


def test_the_engine_never_names_the_paper():
    """Not by import, and not by a module name in a string (importlib); only the package's lazy
    exports and the command line may."""
    bad = []
    for src, (_, tree) in sources().items():
        if src in ("nrqb_sym", "nrqb_sym.cli") or layer_of(src) == "paper":
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.search(r"\bnrqb_sym\.paper\b", node.value)
            ):
                bad.append(f"{src}:{node.lineno}: string {node.value[:60]!r}")
        bad += [
            f"{src}:{line} imports {t}"
            for s, t, line, _, _ in imports()
            if s == src and layer_of(t) == "paper"
        ]
    assert not bad, "\n".join(bad)


def test_lazy_exports_point_at_public_names_that_exist():
    """Every lazily exported name is defined at the top level of its module, and the package
    root imports nothing eagerly."""
    for name, module in lazy_exports().items():
        assert not name.startswith("_")
        _, tree = sources()[module]
        top = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                top.add(node.name)
            elif isinstance(node, ast.Assign):
                top |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                top.add(node.target.id)
            elif isinstance(node, ast.ImportFrom):
                top |= {a.asname or a.name for a in node.names}
        assert name in top, (name, module)
    eager = [t for s, t, _, lazy, _ in imports() if s == "nrqb_sym" and not lazy]
    assert eager == []


# ----------------------------------------------------------------------------- 2. paper
def test_the_paper_uses_no_private_name_of_the_engine():
    bad = []
    for src, target, line, _, names in imports():
        if layer_of(src) != "paper" or layer_of(target) == "paper":
            continue
        private = [n for n in names if n.startswith("_")]
        private += [p for p in target.split(".") if p.startswith("_")]
        if private:
            bad.append(f"{src}:{line} imports {private} from {target}")
    for src, (_, tree) in sources().items():
        if layer_of(src) != "paper":
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))
            ):
                bad.append(f"{src}:{node.lineno} reaches the private attribute .{node.attr}")
    assert not bad, "\n".join(bad)


# ----------------------------------------------------------------------------- 3. cycles
def strongly_connected(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The components with more than one module (or a self-import), by mutual reachability."""
    nodes = set(graph) | {t for ts in graph.values() for t in ts}

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for t in graph.get(todo.pop(), ()):
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        return seen

    reachable = {n: reach(n) for n in nodes}
    comps = set()
    for n in nodes:
        comp = frozenset({n} | {m for m in reachable[n] if n in reachable[m]})
        if len(comp) > 1 or n in reachable[n]:
            comps.add(comp)
    return sorted(comps, key=sorted)


def graph(include_lazy: bool) -> dict[str, set[str]]:
    g: dict[str, set[str]] = defaultdict(set)
    for src, target, _, lazy, _ in imports():
        if (include_lazy or not lazy) and src != target:
            g[src].add(target)
    return g


def test_strongly_connected_finds_a_cycle():
    """The cycle finder itself: a -> b -> c -> a is one component, d hangs off it."""
    comps = strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()})
    assert comps == [frozenset("abc")]


def test_module_level_imports_have_no_cycle():
    assert strongly_connected(graph(include_lazy=False)) == []


def test_lazy_import_cycles_are_the_known_ones():
    """With function-level imports counted, the cycles are exactly KNOWN_LAZY_CYCLES (a new one
    fails; one removed: update the list)."""
    found = set(strongly_connected(graph(include_lazy=True)))
    assert found == KNOWN_LAZY_CYCLES, sorted(map(sorted, found))


# ----------------------------------------------------------------------------- 4. lazy imports
PROBE = r"""
import contextlib, io, json, sys
heavy = ("sympy", "numba")
report = {}
import nrqb_sym
report["import nrqb_sym"] = [m for m in heavy if m in sys.modules]
import nrqb_sym.cli
nrqb_sym.cli.build_parser()
report["import nrqb_sym.cli"] = [m for m in heavy if m in sys.modules]
m = nrqb_sym.load_model()
tr = m.simulate(None, [0.0, 1.0, 2.0])
report["load_model + simulate"] = [m_ for m_ in ("sympy",) if m_ in sys.modules]
ss = m.steady_state(m.preset("nonreciprocal"))
report["preset + steady_state"] = [m_ for m_ in ("sympy",) if m_ in sys.modules]
with contextlib.redirect_stdout(io.StringIO()):
    codes = [nrqb_sym.cli.main(["simulate", "--points", "3"]),
             nrqb_sym.cli.main(["ep", "--preset", "nonreciprocal", "--solve-for", "kappa_b"])]
report["nrqb simulate, nrqb ep"] = [m_ for m_ in ("sympy",) if m_ in sys.modules]
report["numbers"] = [float(tr["E_b"][1]), float(ss["R"]), codes, str(m.folder)]
print(json.dumps(report))
"""


def test_light_imports_in_a_fresh_interpreter(tmp_path):
    res = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout.strip().splitlines()[-1])
    E_b, R, codes, folder = report.pop("numbers")
    assert Path(folder) == ROOT / "generated"  # the shipped kernels, not a fresh generation
    assert R == pytest.approx(4 / 1.05**2, rel=1e-12) and E_b > 0 and codes == [0, 0]
    assert report == {
        "import nrqb_sym": [],
        "import nrqb_sym.cli": [],
        "load_model + simulate": [],
        "preset + steady_state": [],
        "nrqb simulate, nrqb ep": [],
    }


# ----------------------------------------------------------------------------- 5. one of each
NUMERICS = "runtime/numerics.py"
#: concept -> (regex on function names, the definitions allowed: (file, name))
ONE_IMPLEMENTATION = {
    "matrix exponential": (
        r"(^|_)expm($|_)|matrix_exp|pade",
        {(NUMERICS, "expm"), (NUMERICS, "_pade_low")},
    ),
    "affine propagator": (r"propagat", {(NUMERICS, "affine_propagator")}),
    "Lyapunov solve": (
        r"lyapunov|sylvester",
        {(NUMERICS, "lyapunov_pair"), (NUMERICS, "lyapunov_steady")},
    ),
    "numeric elimination (Schur complement)": (
        r"schur",
        {(NUMERICS, "schur"), (NUMERICS, "schur_noise")},
    ),
    "linear solve / inverse": (
        r"^_?solve$|inverse$|^_?inv$",
        {(NUMERICS, "solve"), (NUMERICS, "safe_inverse")},
    ),
    "uniform-grid detection": (r"uniform", {(NUMERICS, "is_uniform")}),
    "elimination ratio": (r"elimination_ratio", {(NUMERICS, "elimination_ratio")}),
    "ergotropy": (
        r"ergotropy$",
        {
            (NUMERICS, "mode_ergotropy"),  # single mode, compiled
            ("runtime/model.py", "_joint_ergotropy"),  # several modes (symplectic spectrum)
            ("paper/derivation.py", "_ergotropy"),  # the paper's symbolic presentation
        },
    ),
    "discriminant": (
        r"discriminant|^_?disc$",
        {
            ("derive/spectrum.py", "_discriminant"),  # symbolic (stage 5)
            ("runtime/model.py", "_discriminant"),  # numeric, from the coefficients
            ("runtime/model.py", "_disc"),  # picks the closed form or the numeric one
            ("runtime/model.py", "disc"),  # the scan's closure over _disc
        },
    ),
    "steady state": (
        r"steady_state$",
        {
            ("derive/steady_state.py", "steady_state"),  # symbolic (stage 4)
            ("runtime/model.py", "steady_state"),  # CompiledModel.steady_state
            ("runtime/cumulant.py", "steady_state"),  # CumulantModel: Newton, closed equations
            ("paper/api.py", "steady_state"),  # the paper's view (delegates, checked below)
        },
    ),
    "parameter checks": (
        r"resolve_values|^check_axis$",
        {
            ("runtime/values.py", "resolve_values"),
            ("runtime/values.py", "check_axis"),
        },
    ),
    "sizes": (
        r"(parse|format)_size$|check_allocation",
        {
            ("runtime/resources.py", "parse_size"),
            ("runtime/resources.py", "format_size"),
            ("runtime/resources.py", "check_allocation"),
        },
    ),
    "pedigree": (
        r"digest$|^header$|pipeline_hash",
        {
            ("codegen/pedigree.py", "model_digest"),
            ("codegen/pedigree.py", "pipeline_hash"),
            ("codegen/pedigree.py", "header"),
            ("codegen/write.py", "file_digest"),  # reads the digest back from a header
        },
    ),
}
#: SciPy/NumPy routines that would be second implementations of the above.
FOREIGN = {
    "expm",
    "expm_multiply",
    "solve_continuous_lyapunov",
    "solve_lyapunov",
    "solve_sylvester",
}


def definitions(tree: ast.AST) -> list[tuple[str, int]]:
    return [
        (n.name, n.lineno)
        for n in ast.walk(tree)
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


@pytest.mark.parametrize("concept", sorted(ONE_IMPLEMENTATION))
def test_one_implementation_of_each(concept):
    pattern, allowed = ONE_IMPLEMENTATION[concept]
    found = set()
    for _, (path, tree) in sources().items():
        rel = path.relative_to(PKG).as_posix()
        found |= {(rel, name) for name, _ in definitions(tree) if re.search(pattern, name)}
    assert found == allowed, f"{concept}: {sorted(found ^ allowed)}"


def test_one_implementation_catches_a_second_copy():
    """The check above on a made-up module that defines a second matrix exponential."""
    pattern, _ = ONE_IMPLEMENTATION["matrix exponential"]
    tree = ast.parse(
        "def _expm_pade13(A):\n    pass\nclass X:\n    def expm(self):\n        pass\n"
    )
    assert [n for n, _ in definitions(tree) if re.search(pattern, n)] == ["_expm_pade13", "expm"]
    assert not re.search(pattern, "expm1cosh") and not re.search(pattern, "mpmath_expm1cosh")


def test_no_foreign_second_implementation():
    """SciPy's matrix exponential and Lyapunov solvers appear nowhere but in runtime/numerics.py
    (which uses its own), neither imported nor called as attributes."""
    bad = []
    for src, (path, tree) in sources().items():
        if path.relative_to(PKG).as_posix() == NUMERICS:
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, ast.ImportFrom):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.Name):
                names = [node.id]
            bad += [f"{src}:{node.lineno}: {n}" for n in names if n in FOREIGN]
    assert not bad, "\n".join(bad)


#: The compiled numerics (runtime/numerics.py's share): no generated file may define any.
NUMERIC_CONCEPTS = (
    "matrix exponential",
    "affine propagator",
    "Lyapunov solve",
    "numeric elimination (Schur complement)",
    "linear solve / inverse",
    "uniform-grid detection",
    "elimination ratio",
    "ergotropy",
)


def _numeric_patterns() -> str:
    return "|".join(f"(?:{ONE_IMPLEMENTATION[c][0]})" for c in NUMERIC_CONCEPTS)


def test_generated_kernels_and_printed_passes_define_no_numerics():
    """A model's kernels hold only its matrices, derived observables and closed spectrum pieces
    (a closed discriminant is allowed there); the printed coherent passes call the numerics
    module for everything but the unrolled step."""
    from nrqb_sym.codegen.passes import render_passes

    texts = {
        p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "generated").glob("*.py"))
    }
    texts["passes(2)"] = render_passes(2, "coherent_trace", "0" * 64)
    texts["passes(3)"] = render_passes(3, "coherent_sweep", "0" * 64)
    assert len(texts) == len(shipped_models()) + 3
    bad = []
    for name, text in texts.items():
        tree = ast.parse(text)
        bad += [
            f"{name}:{ln} {fn}"
            for fn, ln in definitions(tree)
            if re.search(_numeric_patterns(), fn)
        ]
        bad += [
            f"{name}: {a.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scipy")
            for a in node.names
        ]
    assert not bad, "\n".join(bad)
    assert "_nm.affine_propagator(" in texts["passes(2)"]


def test_the_paper_view_delegates_to_the_engine():
    """paper/api.py's simulate, steady_state, sweep, simulate_grid and exceptional_points each
    call the engine's method (CompiledModel.<name>); no paper module imports the numerics or the
    generated kernels."""
    _, tree = sources()["nrqb_sym.paper.api"]
    want = {
        "simulate": "simulate",
        "steady_state": "steady_state",
        "sweep": "sweep",
        "simulate_grid": "sweep",
        "exceptional_points": "exceptional_points",
    }
    fns = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for fn, method in want.items():
        calls = {
            c.func.attr
            for c in ast.walk(fns[fn])
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute)
        }
        assert method in calls, (fn, sorted(calls))
    numerics = [
        (s, t)
        for s, t, *_ in imports()
        if layer_of(s) == "paper" and (t.endswith(".numerics") or "generated" in t)
    ]
    assert numerics == []


# ----------------------------------------------------------------------------- 6. pedigree
HEADER = re.compile(
    r"GENERATED FILE - DO NOT EDIT\.\n"
    r"(?:# |)Contents: .+\n"
    r"(?:(?:# |)(?!Model\+).+\n)*?"
    r"(?:# |)Model\+pipeline hash: sha256:(?P<digest>[0-9a-f]{64})\n"
    r"(?:# |)SymPy \d+\.\d+[^\n]*\n"
    r"(?:# |)Regenerate with: nrqb generate[^\n]*\n"
)


def generated_files() -> dict[Path, str]:
    """Every file of the checkout that ``nrqb generate`` writes, with the model it comes from."""
    out = {}
    for name in shipped_models():
        out[ROOT / "generated" / f"{name}.py"] = name
        for p in sorted((ROOT / "derivations" / "models" / name).glob("*.md")):
            out[p] = name
    for p in sorted((ROOT / "derivations").glob("*.md")):
        out[p] = "nrqb"  # the paper's documents
    return out


def test_generated_folders_hold_exactly_the_shipped_models():
    models = set(shipped_models())
    assert {p.stem for p in (ROOT / "generated").glob("*.py")} == models | {"__init__"}
    assert {p.name for p in (ROOT / "derivations" / "models").iterdir()} == models
    assert PAPER_MODEL.stem in models


def test_every_generated_file_has_a_current_pedigree_header():
    files = generated_files()
    assert len(files) > 5 * 8
    digests = {
        name: model_digest(path.read_text(encoding="utf-8"))
        for name, path in shipped_models().items()
    }
    bad = []
    for path, name in files.items():
        head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:14]) + "\n"
        head = head.replace("<!--\n", "", 1)
        m = HEADER.search(head)
        if m is None or head.find("GENERATED FILE") > 2:
            bad.append(f"{path.relative_to(ROOT)}: no pedigree header at the top")
        elif m.group("digest") != digests[name]:
            bad.append(f"{path.relative_to(ROOT)}: stale (digest of another {name}.toml)")
    assert not bad, "\n".join(bad)


def test_the_generated_package_init_has_a_header():
    """generated/__init__.py is written by ``nrqb generate`` too: it must say so."""
    text = (ROOT / "generated" / "__init__.py").read_text(encoding="utf-8")
    head = "\n".join(text.splitlines()[:6])
    assert "GENERATED FILE - DO NOT EDIT." in head
    assert "Regenerate with: nrqb generate" in head


def test_printed_passes_carry_their_hash():
    from nrqb_sym.codegen.passes import render_passes

    text = render_passes(2, "coherent_trace", "ab" * 32)
    lines = text.splitlines()
    assert lines[0] == "# GENERATED FILE - DO NOT EDIT."
    assert any(f"hash: sha256:{'ab' * 32}" in ln for ln in lines[:6])
    assert any("nrqb_sym.codegen.passes" in ln for ln in lines[:6])
