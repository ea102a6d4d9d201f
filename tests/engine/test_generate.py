r"""Code generation: deterministic, with a pedigree header, and ``nrqb generate --check``.

What is checked against what:

* Determinism: the shipped models' kernels and documents rendered in a fresh interpreter with
  another ``PYTHONHASHSEED`` (other set and dict iteration orders inside SymPy) and an empty
  ``NRQB_CACHE_DIR`` (so every derivation is redone, not unpickled) are byte-identical to this
  process's :func:`render_shipped`.
* The checked-in ``generated/`` and ``derivations/models/`` are what the pipeline renders now
  (a unified diff on failure), with no orphans.
* Pedigree: every generated file on disk (``generated/`` and all of ``derivations/``) says it
  is generated and not to be edited, carries the model+pipeline digest of its model file
  (:func:`model_digest` of the file's text), the SymPy version and the regenerate command; the
  pipeline hash changes when a pipeline source or the SymPy version changes, and not when a
  source outside the pipeline does (computed on a copy of the sources).
* ``nrqb generate --check`` (``cli.main``) on a copy of the tree: exit 0 when current, exit 1
  naming exactly the stale, missing and orphan files, writing nothing; ``nrqb generate`` then
  repairs the copy.  In the default run the (expensive, separately checked) rendering is the
  module's; the ``slow`` tests run the whole command, paper documents included, unpatched.
* ``nrqb generate --model-file F [--out DIR] [--check]`` for a user model in ``tmp_path``:
  missing, current, edited, missing and orphan documents, and a changed model file.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from nrqb_sym.cli import main
from nrqb_sym.codegen import pedigree
from nrqb_sym.codegen import write as write_module
from nrqb_sym.codegen.pedigree import model_digest, pipeline_hash
from nrqb_sym.codegen.write import render_shipped
from nrqb_sym.model.names import PAPER_MODEL, shipped_models

ROOT = Path(__file__).resolve().parents[2]
DIRS = ("generated", "derivations")
REGENERATE = "nrqb generate"
STAGE_DOCS = (
    "01_model.md",
    "02_elimination.md",
    "03_moments.md",
    "04_steady_state.md",
    "05_spectrum.md",
    "06_nonreciprocity.md",
    "07_observables.md",
    "README.md",
)


def _tree(root: Path, top_level_docs: bool = False) -> dict[str, bytes]:
    """``{relative path: bytes}`` of the generated ``.py``/``.md`` files under ``root``:
    ``generated/``, ``derivations/models/**`` (and, with ``top_level_docs``, the paper's
    ``derivations/*.md``)."""
    out = {}
    for path in sorted((root / "generated").glob("*.py")):
        out[path.relative_to(root).as_posix()] = path.read_bytes()
    models = root / "derivations" / "models"
    if models.is_dir():
        for path in sorted(models.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".md"}:
                out[path.relative_to(root).as_posix()] = path.read_bytes()
    if top_level_docs:
        for path in sorted((root / "derivations").glob("*.md")):
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def _copy_checkout(dest: Path) -> Path:
    for d in DIRS:
        shutil.copytree(ROOT / d, dest / d, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from nrqb_sym.codegen.write import render_shipped
    with open(sys.argv[1], "w", encoding="utf-8") as fh:
        json.dump(render_shipped(), fh)
    """
)


@pytest.fixture(scope="module")
def renders(tmp_path_factory):
    """``(in-process rendering, rendering of a fresh interpreter)``; the subprocess (another
    hash seed, an empty derivation cache) runs while this process renders."""
    tmp = tmp_path_factory.mktemp("determinism")
    seed = "4242" if os.environ.get("PYTHONHASHSEED") != "4242" else "2424"
    env = dict(os.environ, PYTHONHASHSEED=seed, NRQB_CACHE_DIR=str(tmp / "cache"))
    out = tmp / "rendered.json"
    proc = subprocess.Popen(
        [sys.executable, "-c", _SCRIPT, str(out)],
        env=env,
        cwd=tmp,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        here = render_shipped()
        _, err = proc.communicate(timeout=900)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    there = json.loads(out.read_text(encoding="utf-8"))
    # the fresh interpreter derived everything itself (nothing was taken from a cache)
    cached = sorted((tmp / "cache" / "derivations").glob("*.pkl"))
    assert {p.name.rsplit("-", 1)[0] for p in cached} == set(shipped_models())
    return here, there


@pytest.fixture(scope="module")
def rendered(renders):
    return renders[0]


# ------------------------------------------------------------------------ determinism
def test_rendering_is_deterministic_across_hash_seeds(renders):
    here, there = renders
    assert set(there) == set(here)
    differ = [rel for rel in here if there[rel].encode("utf-8") != here[rel].encode("utf-8")]
    assert not differ, f"differ between hash seeds: {differ}"


def test_rendering_covers_every_shipped_model(rendered):
    expected = {"generated/__init__.py"}
    for name, path in shipped_models().items():
        expected.add(f"generated/{name}.py")
        cumulant = "order" in tomllib.loads(path.read_text("utf-8"))
        docs = ("README.md", "generator.md", "equations.md") if cumulant else STAGE_DOCS
        expected |= {f"derivations/models/{name}/{doc}" for doc in docs}
    assert set(rendered) == expected


# ------------------------------------------------------------------------ checked-in copy
def test_checked_in_files_are_what_the_pipeline_renders(rendered):
    on_disk = _tree(ROOT)
    problems = []
    for rel, text in rendered.items():
        current = on_disk.get(rel)
        if current is None:
            problems.append(f"missing: {rel}")
        elif current != text.encode("utf-8"):
            diff = difflib.unified_diff(
                current.decode("utf-8", "replace").splitlines(),
                text.splitlines(),
                f"checked-in {rel}",
                f"rendered {rel}",
                lineterm="",
                n=1,
            )
            problems.append("\n".join(list(diff)[:40]))
    problems += [f"no longer produced: {rel}" for rel in on_disk if rel not in rendered]
    extra_dirs = {
        p.name
        for p in (ROOT / "derivations" / "models").iterdir()
        if p.is_dir() and p.name not in shipped_models()
    }
    problems += [f"orphan folder: derivations/models/{d}" for d in sorted(extra_dirs)]
    assert not problems, f"stale generated files; run `{REGENERATE}`:\n" + "\n".join(problems)


# ------------------------------------------------------------------------ headers
def _head(text: str, n: int = 15) -> str:
    return "\n".join(text.splitlines()[:n])


def _model_of(rel: str) -> Path:
    """The model file a generated file comes from (top-level derivations/: the paper's)."""
    parts = rel.split("/")
    if parts[0] == "generated":
        return shipped_models()[parts[1].removesuffix(".py")]
    if parts[1] == "models":
        return shipped_models()[parts[2]]
    return PAPER_MODEL


def test_every_generated_file_on_disk_has_the_pedigree_header():
    tree = _tree(ROOT, top_level_docs=True)
    assert any(rel.count("/") == 1 and rel.startswith("derivations/") for rel in tree)
    version = importlib.metadata.version("sympy")
    digests = {}
    for rel, data in tree.items():
        if rel == "generated/__init__.py":
            continue  # checked below
        text = data.decode("utf-8")
        head = _head(text)
        model = _model_of(rel)
        digest = model_digest(model.read_text(encoding="utf-8"))
        assert "GENERATED FILE - DO NOT EDIT." in head, rel
        assert f"Model+pipeline hash: sha256:{digest}" in head, rel
        assert f"SymPy {version}." in head, rel
        assert re.search(r"Regenerate with: nrqb generate\b", head), rel
        assert f"from the model file {model.name}" in head, rel
        if rel.endswith(".py"):
            # a Python comment block: the module stays importable and lint-exempt
            assert text.startswith("# GENERATED FILE - DO NOT EDIT.\n"), rel
            assert "# ruff: noqa" in head, rel
            compile(text, rel, "exec")
        else:
            assert text.startswith("<!--\nGENERATED FILE - DO NOT EDIT.\n"), rel
            assert "-->" in head, rel
        digests.setdefault(model.name, set()).add(digest)
    # one digest per model file, different between model files
    assert all(len(v) == 1 for v in digests.values())
    assert len({next(iter(v)) for v in digests.values()}) == len(digests) == len(shipped_models())


def test_generated_package_init_has_a_pedigree_header():
    """``generated/__init__.py`` is written and checked by ``nrqb generate`` like the kernels: it
    too must say it is generated and not to be edited, with the pipeline hash it belongs to and
    the regenerate command."""
    text = (ROOT / "generated" / "__init__.py").read_text(encoding="utf-8")
    head = _head(text)
    assert "Regenerate with: nrqb generate" in head
    assert "DO NOT EDIT" in head.upper()
    assert pipeline_hash() in head


def _pipeline_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the package sources that pedigree hashes, made the hashed tree."""
    pkg = ROOT / "nrqb_sym"
    dest = tmp_path / "nrqb_sym"
    for rel in pedigree.PIPELINE_FILES:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pkg / rel, dest / rel)
    (dest / "paper").mkdir()
    shutil.copyfile(pkg / "paper" / "api.py", dest / "paper" / "api.py")
    monkeypatch.setattr(pedigree, "_HERE", dest)
    pedigree.pipeline_hash.cache_clear()
    return dest


def test_pipeline_hash_follows_the_pipeline_sources(tmp_path, monkeypatch):
    original = pipeline_hash()
    assert re.fullmatch(r"[0-9a-f]{64}", original)
    layers = {rel.split("/")[0] for rel in pedigree.PIPELINE_FILES}
    assert layers == {"model", "derive", "codegen", "runtime"}
    assert "runtime/numerics.py" in pedigree.PIPELINE_FILES
    try:
        dest = _pipeline_copy(tmp_path, monkeypatch)
        assert pipeline_hash() == original  # same sources, same hash
        # a source outside the pipeline does not count
        with (dest / "paper" / "api.py").open("a") as fh:
            fh.write("\n# an edit\n")
        pedigree.pipeline_hash.cache_clear()
        assert pipeline_hash() == original
        digest = model_digest(PAPER_MODEL.read_text(encoding="utf-8"))
        # every pipeline layer counts, and so does the SymPy version
        for rel in ("derive/spectrum.py", "codegen/documents.py", "runtime/numerics.py"):
            path = dest / rel
            before = path.read_bytes()
            path.write_bytes(before + b"\n# an edit\n")
            pedigree.pipeline_hash.cache_clear()
            assert pipeline_hash() != original, rel
            assert model_digest(PAPER_MODEL.read_text(encoding="utf-8")) != digest, rel
            path.write_bytes(before)
        pedigree.pipeline_hash.cache_clear()
        assert pipeline_hash() == original
        # line endings are normalised: a CRLF checkout hashes the same
        path = dest / "derive" / "forms.py"
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
        pedigree.pipeline_hash.cache_clear()
        assert pipeline_hash() == original
        monkeypatch.setattr(pedigree, "sympy_version", lambda: "0.0.0")
        pedigree.pipeline_hash.cache_clear()
        assert pipeline_hash() != original
    finally:
        monkeypatch.undo()
        pedigree.pipeline_hash.cache_clear()
    assert pipeline_hash() == original


def test_model_digest_follows_the_model_text():
    text = PAPER_MODEL.read_text(encoding="utf-8")
    assert model_digest(text) == model_digest(text.replace("\n", "\r\n"))
    assert model_digest(text) != model_digest(text + "\n# a comment\n")
    others = {model_digest(p.read_text(encoding="utf-8")) for p in shipped_models().values()}
    assert len(others) == len(shipped_models())


# ------------------------------------------------------------------------ nrqb generate --check
def _stale_lines(err: str) -> set[str]:
    """The paths listed by ``--check`` (lines ``  path`` after the stale-files line)."""
    return {line.strip() for line in err.splitlines() if line.startswith("  ")}


@pytest.fixture
def fast_cli(monkeypatch, rendered):
    """The command with this module's rendering of the shipped models (compared with the tree
    above) and without the paper's documents (``tests/paper`` and the slow tests cover them)."""
    import nrqb_sym.paper.documents as paper_documents

    calls = []

    def render(progress=None):
        calls.append(progress)
        return dict(rendered)

    monkeypatch.setattr(write_module, "render_shipped", render)
    monkeypatch.setattr(paper_documents, "generate", lambda root, check=False: [])
    return calls


def test_cli_check_on_a_copy_of_the_checkout_exits_0(tmp_path, capsys, fast_cli):
    root = _copy_checkout(tmp_path)
    before = _tree(root, top_level_docs=True)
    assert main(["generate", "--check", "--root", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "up to date" in out
    assert "stale" not in err
    assert fast_cli  # the rendering was asked for
    assert _tree(root, top_level_docs=True) == before


def test_cli_check_names_the_one_modified_file(tmp_path, capsys, fast_cli):
    root = _copy_checkout(tmp_path)
    before = _tree(root, top_level_docs=True)
    target = root / "generated" / "nrqb.py"
    edited = target.read_bytes() + b"\n# a hand edit\n"
    target.write_bytes(edited)
    assert main(["generate", "--check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "stale generated files (run `nrqb generate`)" in err
    assert _stale_lines(err) == {"generated/nrqb.py"}
    # --check writes nothing
    assert target.read_bytes() == edited
    after = _tree(root, top_level_docs=True)
    assert {k: v for k, v in after.items() if k != "generated/nrqb.py"} == {
        k: v for k, v in before.items() if k != "generated/nrqb.py"
    }


def test_cli_check_names_stale_missing_and_orphan_files(tmp_path, capsys, fast_cli):
    root = _copy_checkout(tmp_path)
    doc = root / "derivations" / "models" / "chain" / "03_moments.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("=", "==", 1), encoding="utf-8")
    (root / "generated" / "two_batteries.py").unlink()
    (root / "generated" / "leftover.py").write_text("# old kernel\n", encoding="utf-8")
    (root / "derivations" / "models" / "chain" / "99_extra.md").write_text("x\n", encoding="utf-8")
    old = root / "derivations" / "models" / "old_model"
    old.mkdir()
    (old / "01_model.md").write_text("# an old model\n", encoding="utf-8")
    (root / "generated" / "notes.txt").write_text("not generated\n", encoding="utf-8")
    before = _tree(root, top_level_docs=True)
    assert main(["generate", "--check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert _stale_lines(err) == {
        "derivations/models/chain/03_moments.md",
        "generated/two_batteries.py",
        "generated/leftover.py",
        "derivations/models/chain/99_extra.md",
        "derivations/models/old_model/01_model.md",
    }
    assert _tree(root, top_level_docs=True) == before  # nothing written, nothing removed
    assert not (root / "generated" / "two_batteries.py").exists()


def test_cli_generate_repairs_the_copy(tmp_path, capsys, fast_cli, rendered):
    root = _copy_checkout(tmp_path)
    (root / "generated" / "nrqb.py").write_text("# broken\n", encoding="utf-8")
    (root / "derivations" / "models" / "nrqb" / "README.md").unlink()
    (root / "generated" / "leftover.py").write_text("# old kernel\n", encoding="utf-8")
    (root / "generated" / "notes.txt").write_text("kept\n", encoding="utf-8")
    assert main(["generate", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "wrote 3 file(s)" in out
    assert main(["generate", "--check", "--root", str(root)]) == 0
    assert _tree(root) == {rel: text.encode("utf-8") for rel, text in rendered.items()}
    assert (root / "generated" / "notes.txt").read_text(encoding="utf-8") == "kept\n"
    # into an empty project folder: everything is written
    fresh = tmp_path / "fresh"
    (fresh / "generated").mkdir(parents=True)
    assert main(["generate", "--root", str(fresh)]) == 0
    capsys.readouterr()
    assert _tree(fresh) == {rel: text.encode("utf-8") for rel, text in rendered.items()}


def test_cli_usage_errors(tmp_path, capsys):
    assert main(["generate", "--check", "--root", str(tmp_path)]) == 2
    assert "no generated/ folder" in capsys.readouterr().err
    assert main(["generate", "--out", str(tmp_path), "--root", str(tmp_path)]) == 2
    assert "--out: only with --model-file" in capsys.readouterr().err


# ------------------------------------------------------------------------ user model files
USER_MODEL = """
name = "user_cavity"
description = "a driven cavity a feeding a battery b through a bad cavity c"
modes = ["a", "b", "c"]
eliminate = ["c"]
hamiltonian = "F*(a + dag(a)) + g*(dag(a)*c + dag(c)*a + dag(b)*c + dag(c)*b)"

[parameters]
F = { kind = "real", default = 0.5 }
g = { kind = "positive", default = 1.0 }
kappa = { kind = "positive", default = 0.1 }
kappa_c = { kind = "positive", default = 20.0 }

[energies]
b = "1"

[[dissipators]]
rate = "kappa"
operator = "a"

[[dissipators]]
rate = "kappa"
operator = "b"

[[dissipators]]
rate = "kappa_c"
operator = "c"
"""


def _user_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in {".py", ".md"}
    }


def test_cli_generate_model_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NRQB_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "user_cavity.toml"
    path.write_text(USER_MODEL, encoding="utf-8")
    folder = tmp_path / "user_cavity.nrqb"
    cmd = ["generate", "--model-file", str(path)]
    # nothing generated yet: stale, and --check writes nothing
    assert main([*cmd, "--check"]) == 1
    assert "no generated kernels" in capsys.readouterr().err
    assert not folder.exists()
    assert main(cmd) == 0
    assert f"in {folder}" in capsys.readouterr().out
    files = _user_files(folder)
    assert set(files) == {"kernels.py"} | {f"derivations/{doc}" for doc in STAGE_DOCS}
    digest = model_digest(USER_MODEL)
    for rel, data in files.items():
        head = _head(data.decode("utf-8"))
        assert "GENERATED FILE - DO NOT EDIT." in head
        assert f"Model+pipeline hash: sha256:{digest}" in head
        assert "Regenerate with: nrqb generate --model-file user_cavity.toml" in head, rel
    compile(files["kernels.py"].decode("utf-8"), "kernels.py", "exec")
    assert main([*cmd, "--check"]) == 0
    assert "up to date" in capsys.readouterr().out
    # an edited, a missing and an orphan document are named, and nothing is written
    doc = folder / "derivations" / "03_moments.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\nhand edit\n", encoding="utf-8")
    (folder / "derivations" / "README.md").unlink()
    (folder / "derivations" / "99_old.md").write_text("old\n", encoding="utf-8")
    before = _user_files(folder)
    assert main([*cmd, "--check"]) == 1
    err = capsys.readouterr().err
    assert _stale_lines(err) == {
        "derivations/03_moments.md",
        "derivations/README.md",
        "derivations/99_old.md",
    }
    assert f"run `nrqb generate --model-file {path}`" in err
    assert _user_files(folder) == before
    assert main(cmd) == 0
    capsys.readouterr()
    assert _user_files(folder) == files
    # a changed model file makes the whole folder stale (another digest)
    path.write_text(USER_MODEL.replace("default = 0.5", "default = 0.25"), encoding="utf-8")
    assert main([*cmd, "--check"]) == 1
    err = capsys.readouterr().err
    assert "generated from another version of the model file or pipeline" in err
    assert f"hash {digest[:12]}" in err
    assert _user_files(folder) == files  # still nothing written


def test_cli_generate_model_file_out_dir(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NRQB_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "user_cavity.toml"
    path.write_text(USER_MODEL, encoding="utf-8")
    out = tmp_path / "elsewhere"
    cmd = ["generate", "--model-file", str(path), "--out", str(out)]
    assert main(cmd) == 0
    capsys.readouterr()
    assert (out / "kernels.py").is_file()
    assert not (tmp_path / "user_cavity.nrqb").exists()
    assert main([*cmd, "--check"]) == 0
    capsys.readouterr()
    (out / "kernels.py").unlink()
    assert main([*cmd, "--check"]) == 1
    assert "no generated kernels" in capsys.readouterr().err
    # --root belongs to the shipped models
    assert main([*cmd, "--root", str(tmp_path)]) == 2
    assert "--root: not with --model-file" in capsys.readouterr().err
    # a broken model file is a one-line usage error naming the file
    bad = tmp_path / "bad.toml"
    bad.write_text(USER_MODEL.replace('"kappa_c"', '"kappa_c - kappa"'), encoding="utf-8")
    assert main(["generate", "--model-file", str(bad), "--check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nrqb: error: {bad}: dissipators[2].rate: ") and err.count("\n") == 1


# ------------------------------------------------------------------------ slow: unpatched
@pytest.mark.slow
def test_cli_check_on_the_checked_in_tree_unpatched(capsys):
    """The real command on the checkout (read only), paper documents included."""
    assert main(["generate", "--check", "--root", str(ROOT)]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.slow
def test_cli_check_names_an_edited_paper_document_unpatched(tmp_path, capsys):
    root = _copy_checkout(tmp_path)
    doc = sorted((root / "derivations").glob("*.md"))[0]
    doc.write_text(doc.read_text(encoding="utf-8") + "\nedit\n", encoding="utf-8")
    (root / "derivations" / "99_leftover.md").write_text("old\n", encoding="utf-8")
    (root / "generated" / "chain.py").unlink()
    assert main(["generate", "--check", "--root", str(root)]) == 1
    assert _stale_lines(capsys.readouterr().err) == {
        f"derivations/{doc.name}",
        "derivations/99_leftover.md",
        "generated/chain.py",
    }
