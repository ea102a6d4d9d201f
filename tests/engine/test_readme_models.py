r"""The code in ``README.md`` and ``docs/models.md`` runs and shows what the text says.

The blocks are read from the two files when the tests are collected (never copied here), so the
test follows the documents as they are edited.  One test per block (``doc:line`` in its id):

* fenced ``python`` blocks run in a fresh interpreter whose working directory is a temporary
  folder; the blocks of one document run in order in one namespace, as a reader following the
  text would run them (a later block may use the names of an earlier one).  A statement that is
  an expression followed by a comment that reads as a Python literal (``# (100, 100)``,
  ``# {'a': 0.907..., 'b': ...}``) must return that value: numbers shown with ``...`` must agree
  in every digit shown (within one unit of the last), other numbers to 1e-9 relative; a trailing
  ``...`` element stands for anything.  When the comment ends with ``:`` and the next lines are
  comments, those lines are the displayed result, matched against ``repr`` with ``...`` as a
  wildcard (doctest's ELLIPSIS).  Other comments are prose and are not checked;
* fenced ``toml`` blocks: a complete model file (one with ``name``) is written to
  ``<name>.toml`` in that folder, before the python blocks run (so that they can load it), and
  loaded with :func:`nrqb_sym.load_model`.  A fragment (no ``name``: an ``[observables]`` or
  ``[presets.NAME]`` table shown on its own) must be valid TOML made of model-file keys, and is
  spliced into the paper's ``nrqb.toml`` in place of that model's own tables, loaded, and used
  (its derived observables simulated, its presets resolved);
* untyped fences whose first line is ``$ nrqb ...`` are terminal transcripts: the command runs
  from the repository root and every shown output line must appear, in order (``...`` lines
  and a trailing ``...`` stand for anything).

Other fences (``bash``, usage summaries, equations) are not run.  A block that is
intentionally not runnable is marked by the HTML comment ``<!-- not-run -->`` on the line
before its opening fence (blank lines allowed in between); it gets no test (templates such as a
call on ``my_network.toml``).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("README.md", "docs/models.md")
NOT_RUN = "<!-- not-run -->"
TIMEOUT = 900

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")


@dataclass(frozen=True)
class Block:
    doc: str
    line: int  # line of the opening fence (1-based)
    kind: str  # "python", "toml" or "console"
    text: str
    skip: bool

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}:{self.kind}"


def extract(doc: str) -> list[Block]:
    """The runnable fenced blocks of ``doc`` (see the module docstring)."""
    lines = (ROOT / doc).read_text(encoding="utf-8").splitlines()
    out, i = [], 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info = m.group("fence"), m.group("info").lower()
        j = i + 1
        while j < len(lines) and not (
            lines[j].strip().startswith(fence[0] * len(fence))
            and set(lines[j].strip()) == {fence[0]}
        ):
            j += 1
        body = [ln[len(m.group("indent")) :] for ln in lines[i + 1 : j]]
        text = "\n".join(body) + "\n"
        kind = None
        if info in ("python", "py"):
            kind = "python"
        elif info == "toml":
            kind = "toml"
        elif info in ("", "console", "shell-session") and body and body[0].startswith("$ nrqb "):
            kind = "console"
        if kind is not None:
            k = i - 1
            while k >= 0 and not lines[k].strip():
                k -= 1
            skip = k >= 0 and lines[k].strip() == NOT_RUN
            out.append(Block(doc, i + 1, kind, text, skip))
        i = j + 1
    return out


BLOCKS = [b for doc in DOCS for b in extract(doc)]


# ------------------------------------------------------------------ the interpreter's side
_DRIVER = r'''
import ast, io, json, math, numbers, re, sys, tokenize, tomllib, traceback
from collections.abc import Mapping
from pathlib import Path

import numpy as np

blocks = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
MODEL_KEYS = {"name", "description", "modes", "eliminate", "hamiltonian", "parameters",
              "energies", "dissipators", "observables", "presets"}
TRUNC = re.compile(r"(?<![\w.])(\d+\.\d+)\.\.\.")


class Trunc:
    def __init__(self, digits):
        self.value = float(digits)
        self.ulp = 10.0 ** -len(digits.split(".")[1])


def literal(text):
    """``text`` as an expected value (``Trunc`` for ``0.907...``), or ``None`` if it is not a
    literal."""
    table = {}

    def sub(m):
        key = f"_trunc{len(table)}_"
        table[key] = m.group(1)
        return key

    try:
        tree = ast.parse(TRUNC.sub(sub, text.strip()), mode="eval")
    except SyntaxError:
        return None

    def build(node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name) and node.id in table:
            return Trunc(table[node.id])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = build(node.operand)
            if isinstance(v, Trunc):
                v.value = -v.value if isinstance(node.op, ast.USub) else v.value
                return v
            if isinstance(v, numbers.Number) and not isinstance(v, bool):
                return -v if isinstance(node.op, ast.USub) else v
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
            a, b = build(node.left), build(node.right)
            if all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in (a, b)):
                return a + b if isinstance(node.op, ast.Add) else a - b
        if isinstance(node, (ast.Tuple, ast.List)):
            items = [build(e) for e in node.elts]
            return tuple(items) if isinstance(node, ast.Tuple) else list(items)
        if isinstance(node, ast.Dict) and None not in node.keys:
            return {build(k): build(v) for k, v in zip(node.keys, node.values)}
        raise ValueError(ast.dump(node))

    try:
        return build(tree.body)
    except (ValueError, TypeError):
        return None


def plain(x):
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, np.generic):
        return x.item()
    return x


def match(actual, want):
    actual = plain(actual)
    if want is Ellipsis:
        return True
    if isinstance(want, Trunc):
        return (isinstance(actual, numbers.Real) and not isinstance(actual, bool)
                and abs(actual - want.value) < want.ulp)
    if isinstance(want, (bool, type(None), str)):
        return type(actual) is type(want) and actual == want
    if isinstance(want, numbers.Number):
        return (isinstance(actual, numbers.Number) and not isinstance(actual, bool)
                and abs(complex(actual) - complex(want)) <= 1e-9 * abs(complex(want)) + 1e-12)
    if isinstance(want, (tuple, list)):
        if not isinstance(actual, (tuple, list)):
            return False
        if want and want[-1] is Ellipsis:
            head = want[:-1]
            return len(actual) >= len(head) and all(map(match, actual, head))
        return len(actual) == len(want) and all(map(match, actual, want))
    if isinstance(want, dict):
        return (isinstance(actual, Mapping) and set(actual) == set(want)
                and all(match(actual[k], v) for k, v in want.items()))
    return False


def cuts(comment):
    """The comment, then its prefixes before each ``;`` or ``:``, longest first."""
    out = [comment]
    for k in sorted((m.start() for m in re.finditer(r"[;:]", comment)), reverse=True):
        out.append(comment[:k])
    return out


def ellipsis_regex(text):
    parts = [re.escape(p) for p in re.split(r"\.\.\.", " ".join(text.split()))]
    return re.compile(".*?".join(parts), re.DOTALL)


def expectations(src):
    """{last line of a statement: ("literal"|"repr", text)} from the comments of ``src``."""
    comments = {}
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.COMMENT:
            comments[tok.start[0]] = (tok.string[1:].strip(), tok.line.strip().startswith("#"))
    return comments


def run_python(src, ns, res):
    tree = ast.parse(src)
    comments = expectations(src)
    for stmt in tree.body:
        code = ast.Module(body=[stmt], type_ignores=[])
        c = comments.get(stmt.end_lineno)
        if not isinstance(stmt, ast.Expr) or c is None or c[1]:
            exec(compile(code, "<doc>", "exec"), ns)
            continue
        comment = c[0]
        value = eval(compile(ast.Expression(stmt.value), "<doc>", "eval"), ns)
        shown = []
        line = stmt.end_lineno + 1
        while comment.endswith(":") and line in comments and comments[line][1]:
            shown.append(comments[line][0])
            line += 1
        check = {"line": stmt.end_lineno, "code": ast.get_source_segment(src, stmt)}
        if shown:
            text = " ".join(shown)
            want = literal(text)
            if want is not None:
                check.update(expected=text, ok=match(value, want))
            else:
                check.update(expected=text, ok=bool(ellipsis_regex(text).fullmatch(
                    " ".join(repr(value).split()))))
        else:
            for cand in cuts(comment):
                want = literal(cand)
                if want is not None:
                    check.update(expected=cand.strip(), ok=match(value, want))
                    break
        if "ok" in check:
            check["actual"] = repr(value)[:2000]
            res["checks"].append(check)


def splice(fragment):
    """The paper's nrqb.toml with the tables the fragment defines replaced by the fragment."""
    from nrqb_sym.model.names import PAPER_MODEL

    keys = set(tomllib.loads(fragment))
    kept, skipping = [], False
    for ln in PAPER_MODEL.read_text(encoding="utf-8").splitlines():
        head = re.match(r"^\[\[?\s*([A-Za-z_][\w]*)", ln)
        if head:
            skipping = head.group(1) in keys
        if not skipping:
            kept.append(ln)
    host = "\n".join(kept) + "\n"
    assert not keys & set(tomllib.loads(host)), "fragment tables left in the host"
    return host + "\n" + fragment


def run_toml(block, res, index):
    from nrqb_sym import load_model

    data = tomllib.loads(block["text"])
    unknown = set(data) - MODEL_KEYS
    assert not unknown, f"not model-file keys: {sorted(unknown)}"
    if "name" in data:
        path = Path(f"{data['name']}.toml")
        path.write_text(block["text"], encoding="utf-8")
        cm = load_model(path)
        res["modes"] = list(cm.modes)
        return
    path = Path(f"fragment_{index}.toml")
    path.write_text(splice(block["text"]), encoding="utf-8")
    cm = load_model(path)
    t = np.linspace(0.0, 5.0, 6)
    for name in data.get("observables", {}):
        tr = cm.simulate(None, t, model="full", observables=(name,))
        assert np.all(np.isfinite(tr[name][1:])), (name, tr[name])
        res["checks"].append({"line": 0, "code": f"simulate(observables=({name!r},))",
                              "expected": "finite", "actual": repr(tr[name]), "ok": True})
    for name, preset in data.get("presets", {}).items():
        vals = cm.preset(name)
        for k, v in preset.get("values", {}).items():
            assert vals[k] == v, (k, vals[k], v)
        M = cm.drift(vals, "effective")[0]
        for src, dst in preset.get("nonreciprocal", []):
            # "the back-action of target on source vanishes": d<src>/dt has no <dst> term
            back = abs(M[cm.kept.index(src), cm.kept.index(dst)])
            res["checks"].append({"line": 0, "code": f"preset {name}: back-action of {dst} on {src}",
                                  "expected": "0", "actual": repr(back),
                                  "ok": bool(back <= 1e-12 * np.abs(M).max())})


results = [{"ok": True, "error": None, "checks": [], "ran": False} for _ in blocks]
ns = {"__name__": "__doc__"}
order = [i for i, b in enumerate(blocks) if b["kind"] == "toml"]
order += [i for i, b in enumerate(blocks) if b["kind"] == "python"]
for i in order:
    b, res = blocks[i], results[i]
    if b["skip"]:
        continue
    res["ran"] = True
    try:
        if b["kind"] == "toml":
            run_toml(b, res, i)
        else:
            run_python(b["text"], ns, res)
    except BaseException:
        res["ok"] = False
        res["error"] = traceback.format_exc(limit=-4)
Path(sys.argv[2]).write_text(json.dumps(results), encoding="utf-8")
'''


_RESULTS: dict[str, list[dict]] = {}


@pytest.fixture(scope="module")
def doc_results(tmp_path_factory):
    """``results(doc)``: the outcome of every python and toml block of ``doc``, from one fresh
    interpreter per document (run on first use)."""

    def results(doc: str) -> list[dict]:
        if doc not in _RESULTS:
            blocks = [b for b in extract(doc) if b.kind in ("python", "toml")]
            work = tmp_path_factory.mktemp(Path(doc).stem.lower())
            (work / "blocks.json").write_text(json.dumps([asdict(b) for b in blocks]))
            (work / "driver.py").write_text(_DRIVER, encoding="utf-8")
            env = dict(os.environ, MPLBACKEND="Agg")
            proc = subprocess.run(
                [sys.executable, "driver.py", "blocks.json", "results.json"],
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
            assert proc.returncode == 0, proc.stderr[-4000:]
            got = json.loads((work / "results.json").read_text(encoding="utf-8"))
            _RESULTS[doc] = {b.line: (r, proc.stderr) for b, r in zip(blocks, got, strict=True)}
        return _RESULTS[doc]

    return results


def _console(block: Block) -> None:
    lines = block.text.rstrip("\n").splitlines()
    argv = shlex.split(lines[0][2:])
    assert argv[0] == "nrqb"
    proc = subprocess.run(
        [sys.executable, "-m", "nrqb_sym.cli", *argv[1:]],
        cwd=ROOT,
        env=dict(os.environ, MPLBACKEND="Agg"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    got = [" ".join(ln.split()) for ln in proc.stdout.splitlines()]
    k = 0
    for want in lines[1:]:
        if not want.strip() or want.strip() == "...":
            continue
        parts = [re.escape(p) for p in " ".join(want.split()).split("...")]
        pattern = re.compile(".*?".join(parts))
        while k < len(got) and not pattern.fullmatch(got[k]):
            k += 1
        assert k < len(got), (
            f"{block.id}: the shown line\n  {want}\nis not in the output (in order) of "
            f"`{lines[0][2:]}`:\n" + proc.stdout
        )
        k += 1


RUNNABLE = [b for b in BLOCKS if not b.skip]  # blocks marked NOT_RUN get no test


@pytest.mark.parametrize("block", RUNNABLE, ids=[b.id for b in RUNNABLE])
def test_documented_block_runs_and_shows_what_the_text_says(block, doc_results):
    if block.kind == "console":
        _console(block)
        return
    res, stderr = doc_results(block.doc)[block.line]
    assert res["ran"]
    assert res["ok"], f"{block.id} failed:\n{res['error']}\n--- stderr ---\n{stderr[-2000:]}"
    bad = [c for c in res["checks"] if not c["ok"]]
    assert not bad, "\n".join(
        f"{block.id} line {c['line']}: {c['code']}\n  text says: {c['expected']}\n"
        f"  returns:   {c['actual']}"
        for c in bad
    )
    if block.kind == "python":
        # the block shows at least one result, or it has nothing to check but that it runs
        assert all("expected" in c for c in res["checks"])
    else:
        assert res["checks"] or res.get("modes")
