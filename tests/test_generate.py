"""Code generation: deterministic, with a pedigree header, and ``nrqb generate --check``.

* Rendering twice in fresh interpreters with different ``PYTHONHASHSEED`` (so different set and
  dict iteration orders inside SymPy) gives byte-identical files, equal to this process's
  ``render_all``.
* Every generated file says it is generated and not to be edited, carries the current
  model+pipeline hash and the command that regenerates it.
* ``nrqb generate --check`` exits 0 on a fresh copy, exits 1 and names exactly the stale files
  (edited, missing or no longer produced) and writes nothing; ``nrqb generate`` repairs them.
* The checked-in ``generated/`` and ``derivations/`` are what the pipeline renders now.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nrqb_sym.cli import main
from nrqb_sym.codegen.pedigree import pipeline_hash
from nrqb_sym.codegen.write import generate, render_all

ROOT = Path(__file__).resolve().parents[1]
DIRS = ("generated", "derivations")
REGENERATE = "nrqb generate"


def _tree(root: Path) -> dict[str, bytes]:
    """``{relative path: bytes}`` of the generated .py/.md files under ``root``."""
    out = {}
    for d in DIRS:
        folder = root / d
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if path.is_file() and path.suffix in {".py", ".md"}:
                    out[f"{d}/{path.name}"] = path.read_bytes()
    return out


def _copy_checkout(dest: Path) -> Path:
    for d in DIRS:
        shutil.copytree(ROOT / d, dest / d, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return dest


@pytest.fixture(scope="module")
def rendered(derivation):
    files = render_all(derivation)
    assert files, "render_all produced nothing"
    return files


# ------------------------------------------------------------------------ determinism
_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from nrqb_sym.codegen.write import generate
    stale = generate(Path(sys.argv[1]))
    print(len(stale))
    """
)


def test_generation_is_deterministic_across_hash_seeds(tmp_path, rendered):
    """A fresh process with a fixed PYTHONHASHSEED writes exactly what this process (another,
    random hash seed) renders."""
    root = tmp_path / "seed4242"
    root.mkdir()
    env = dict(os.environ, PYTHONHASHSEED="4242")
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(root)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert os.environ.get("PYTHONHASHSEED") != "4242"
    written = _tree(root)
    assert set(written) == set(rendered)
    for rel in rendered:
        assert written[rel] == rendered[rel].encode("utf-8"), f"{rel} differs between hash seeds"


def test_render_all_is_stable_within_a_process(derivation, rendered):
    again = render_all(derivation)
    assert again == rendered


def test_render_all_covers_kernels_and_documents(rendered):
    assert all(rel.split("/")[0] in DIRS for rel in rendered)
    for name in ("__init__.py", "effective.py", "full.py", "exceptional_points.py"):
        assert f"generated/{name}" in rendered
    assert any(rel.startswith("derivations/") and rel.endswith(".md") for rel in rendered)


# ------------------------------------------------------------------------ headers
def _head(text: str, n: int = 15) -> str:
    return "\n".join(text.splitlines()[:n])


def test_every_generated_file_has_the_pedigree_header(rendered):
    digest = pipeline_hash()
    assert len(digest) == 64 and int(digest, 16) >= 0
    for rel, text in rendered.items():
        head = _head(text)
        assert "GENERATED" in head.upper() and "DO NOT EDIT" in head.upper(), rel
        assert digest in head, f"{rel}: header lacks the pipeline hash {digest}"
        assert REGENERATE in head, f"{rel}: header lacks the regenerate command"
        if rel.endswith(".py"):
            # a Python comment block: the module stays importable and lint-exempt
            assert text.startswith("#"), rel
            compile(text, rel, "exec")
        else:
            assert text.startswith("<!--") and "-->" in head, rel


def test_generated_package_records_the_hash():
    import nrqb_sym_generated

    assert nrqb_sym_generated.PIPELINE_HASH == pipeline_hash()


# ------------------------------------------------------------------------ checked-in copy
def test_checked_in_files_are_not_stale(rendered):
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
    assert not problems, f"stale generated files; run `{REGENERATE}`:\n" + "\n".join(problems)


def test_check_api_reports_nothing_on_checked_in_copy(tmp_path, derivation):
    root = _copy_checkout(tmp_path)
    assert generate(root, check=True) == []


# ------------------------------------------------------------------------ nrqb generate --check
def test_cli_check_fresh_copy_exits_0(tmp_path, capsys, derivation):
    root = _copy_checkout(tmp_path)
    assert main(["generate", "--check", "--root", str(root)]) == 0
    captured = capsys.readouterr()
    assert "stale" not in captured.err


def test_cli_check_names_the_one_modified_file(tmp_path, capsys, derivation):
    root = _copy_checkout(tmp_path)
    before = _tree(root)
    target = root / "generated" / "effective.py"
    edited = target.read_bytes() + b"\n# a hand edit\n"
    target.write_bytes(edited)
    assert main(["generate", "--check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "generated/effective.py" in err
    assert REGENERATE in err
    others = [rel for rel in before if rel != "generated/effective.py"]
    assert not [rel for rel in others if rel in err], err
    # --check writes nothing
    assert target.read_bytes() == edited
    assert {k: v for k, v in _tree(root).items() if k != "generated/effective.py"} == {
        k: v for k, v in before.items() if k != "generated/effective.py"
    }


def test_cli_check_names_document_missing_and_orphan_files(tmp_path, capsys, derivation):
    root = _copy_checkout(tmp_path)
    doc = sorted((root / "derivations").glob("*.md"))[0]
    doc.write_text(doc.read_text(encoding="utf-8").replace("=", "==", 1), encoding="utf-8")
    (root / "generated" / "full.py").unlink()
    (root / "generated" / "leftover.py").write_text("# old kernel\n", encoding="utf-8")
    assert main(["generate", "--check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    for rel in (f"derivations/{doc.name}", "generated/full.py", "generated/leftover.py"):
        assert rel in err, (rel, err)
    assert "generated/effective.py" not in err
    assert not (root / "generated" / "full.py").exists()  # nothing written


def test_cli_generate_writes_then_check_passes(tmp_path, capsys, rendered):
    root = tmp_path / "proj"
    (root / "generated").mkdir(parents=True)
    (root / "generated" / "leftover.py").write_text("# old kernel\n", encoding="utf-8")
    assert main(["generate", "--root", str(root)]) == 0
    capsys.readouterr()
    assert _tree(root) == {rel: text.encode("utf-8") for rel, text in rendered.items()}
    assert main(["generate", "--check", "--root", str(root)]) == 0
    # a stale file is repaired by a plain `nrqb generate`
    (root / "generated" / "effective.py").write_text("# broken\n", encoding="utf-8")
    assert main(["generate", "--check", "--root", str(root)]) == 1
    assert main(["generate", "--root", str(root)]) == 0
    assert main(["generate", "--check", "--root", str(root)]) == 0
    assert (root / "generated" / "effective.py").read_text(encoding="utf-8") == rendered[
        "generated/effective.py"
    ]


def test_cli_root_without_generated_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["generate", "--check", "--root", str(tmp_path)]) == 2
    assert "generated" in capsys.readouterr().err
