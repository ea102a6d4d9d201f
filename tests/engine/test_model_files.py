r"""Model files: the whitelist expression parser, the validating loader, its limits, the
``[observables]`` and ``[presets.NAME]`` tables, and the shipped model files.

What is checked against what:

* Hostile and malformed inputs (``__import__``, attribute access, lambdas, huge exponents, deep
  nesting, huge texts, non-closing terms, bad tables): refused by :func:`load_spec` with a one-line
  :class:`ModelError` naming the file, the key and the offending token, without calling anything
  (``os.system`` is patched to record calls) and without hanging.
* Accepted expressions: against hand-built SymPy values and normal-ordered dictionaries written
  here (e.g. :math:`(a + a^\dagger)^2 = a^2 + 2a^\dagger a + 1 + a^{\dagger 2}`), and, with
  Hypothesis, :math:`L^\dagger L` and :math:`LL^\dagger` of random linear combinations against
  :math:`\sum_{ij} c_i^* c_j x_i^\dagger x_j` (+ :math:`\sum|c_i|^2`) computed here.
* Limits of ``spec.py``/``expressions.py`` at the boundary (accepted at the limit, refused one
  past it): ``MAX_MODES`` (128), identifiers, parameters, dissipators, file and expression
  length, syntax nodes, literals, exponents, degree, nesting.
* Random model files (``model_strategies``): the loaded spec has the drawn modes, kinds, defaults
  and the drawn numbers ``h, s, f`` (``RandomModel.numeric``) at random parameter values.
* Shipped models: their defaults are stable, judged by the first-moment drift of a linear network
  from its textbook formula, written here (not the package's algebra): for
  :math:`H = \sum h_{ij}x_i^\dagger x_j + \tfrac12\sum(s_{ij}x_i^\dagger x_j^\dagger + \text{h.c.})
  + \dots` and jumps :math:`L_k = \sum_j (u_{kj}x_j + v_{kj}x_j^\dagger)` at rates
  :math:`\gamma_k`,

  .. math::

      \frac{d\langle x\rangle}{dt} = \Big(-ih + \tfrac12\sum_k\gamma_k(v_k v_k^\dagger
          - u_k^* u_k^T)\Big)\langle x\rangle + \Big(-is + \tfrac12\sum_k\gamma_k(v_k u_k^\dagger
          - u_k^* v_k^T)\Big)\langle x^\dagger\rangle + \dots

  and the paper's file reproduces the model of ``/work/shared/physics.md`` (hand-built
  Hamiltonian, baths, energies, observables, preset).
"""

from __future__ import annotations

import json
import math
import os
import re
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from model_strategies import parameter_values, random_models

from nrqb_sym.model import expressions as ex
from nrqb_sym.model import spec as spec_module
from nrqb_sym.model.expressions import parse_expression
from nrqb_sym.model.names import PAPER_MODEL, shipped_models
from nrqb_sym.model.spec import (
    ModelError,
    ModelWarning,
    Observable,
    Preset,
    load_spec,
    parse_spec,
)

ROOT = Path(__file__).resolve().parents[2]
#: A refusal must come quickly (documented: "well under a second"); generous on a busy machine.
LIMIT_S = 10.0

# ------------------------------------------------------------------------------------------------
# A valid base file; each hostile case changes one piece of it
# ------------------------------------------------------------------------------------------------

BASE_H = (
    "J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a) "
    "+ g*(dag(a)*c + dag(c)*a + dag(b)*c + dag(c)*b) + chi*dag(a)*a"
)


def model_text(
    hamiltonian: str = BASE_H,
    rate: str = "kappa_a",
    operator: str = "a",
    modes: str = '["a", "b", "c"]',
    eliminate: str = '["c"]',
    parameters: str = "",
    top: str = "",
    energies: str = 'b = "omega_b"',
    tail: str = "",
) -> str:
    """TOML text of a small valid model (charger a, battery b, cavity c) with one piece replaced;
    ``tail`` is appended after the dissipators (observables and presets tables)."""
    return f"""{top}
name = "test_model"
description = "a small test network"
modes = {modes}
eliminate = {eliminate}
hamiltonian = {json.dumps(hamiltonian)}

[parameters]
J = "nonnegative"
theta = "real"
chi = "real"
g = {{ kind = "positive", default = 1.0 }}
kappa_a = "positive"
kappa_b = "positive"
kappa_c = "positive"
omega_b = "positive"
{parameters}

[energies]
{energies}

[[dissipators]]
rate = {json.dumps(rate)}
operator = {json.dumps(operator)}

[[dissipators]]
rate = "kappa_b"
operator = "b"

[[dissipators]]
rate = "kappa_c"
operator = "c"
{tail}
"""


def refused(tmp_path: Path, text: str, key: str, token: str) -> str:
    """Write ``text`` as a model file and check it is refused quickly with a one-line ModelError
    naming the file, the key and the token; returns the message."""
    path = tmp_path / "hostile_model.toml"
    path.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    with pytest.raises(ModelError) as info:
        load_spec(path)
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert elapsed < LIMIT_S, f"took {elapsed:.1f} s"
    assert message.startswith(f"{path}: "), message
    assert f": {key}:" in message, message
    assert token in message, message
    assert "\n" not in message
    return message


def loaded(tmp_path: Path, text: str, name: str = "ok.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_spec(path)


def test_base_model_is_valid(tmp_path):
    spec = loaded(tmp_path, model_text())
    assert spec.modes == ("a", "b", "c")
    assert spec.kept == ("a", "b")
    assert spec.eliminate == ("c",)
    assert spec.path == tmp_path / "ok.toml"
    assert spec.observables == {} and spec.presets == {}
    assert isinstance(ModelError("x"), ValueError)


# ------------------------------------------------------------------------------------------------
# Hostile and malformed expressions
# ------------------------------------------------------------------------------------------------

QUARTIC = (
    "the moment equations do not close: chi*b'b'bb is quartic; add order = N (1 = mean field, "
    "2, ..., 6) for the cumulant expansion, or keep the Hamiltonian quadratic and the jump "
    "operators linear (exact Gaussian engine)"
)

HAMILTONIAN_CASES = [
    # (id, hamiltonian text, token that must be quoted, a word of the reason)
    ("import", "__import__('os').system('x')", "__import__('os').system('x')", "calls"),
    ("attribute", "a.real", "a.real", "attribute"),
    ("dunder-attribute", "().__class__.__bases__", "__class__", "attribute"),
    ("lambda", "(lambda: a)()", "(lambda: a)()", "calls"),
    ("bare-lambda", "lambda x: x", "lambda x: x", "lambda"),
    ("subscript", "a[0]", "a[0]", "subscript"),
    ("comprehension", "[x for x in a]", "[x for x in a]", "comprehension"),
    ("string", "'abc'*a", "'abc'", "string"),
    ("open", "open('model.toml')", "open('model.toml')", "calls"),
    ("eval", "eval('1')*dag(a)*a", "eval('1')", "calls"),
    ("huge-power", "(a+dag(a))**100000", "(a+dag(a))**100000", "degree"),
    ("power-tower", "10**10**10*dag(a)*a", "10**10**10", "exponent"),
    ("long-literal", "1" * 5000 + "*dag(a)*a", "1" * 60, "syntax"),
    ("literal-4000", "1" * 4000 + "*dag(a)*a", "1" * 60, "literal"),
    ("unknown-name", "x*dag(a)*a", "'x'", "unknown name"),
    ("undeclared", BASE_H + " + Delta_b*dag(b)*b", "'Delta_b'", "not a declared parameter"),
    ("kerr", "chi*dag(b)*dag(b)*b*b", "chi*b'b'bb", QUARTIC),
    ("kerr-unordered", "chi*dag(b)*b*dag(b)*b", "chi*b'b'bb", QUARTIC),
    ("cubic", "chi*(dag(a)*dag(a)*b + dag(b)*a*a)", "a'a'b", "is cubic; add order = N"),
    ("quintic", "chi*dag(a)**5", "dag(a)**5", "degree"),
    ("non-hermitian", "J*dag(a)*b", "J*a'b", "not Hermitian"),
    ("anti-hermitian", "I*J*(dag(a)*b + dag(b)*a)", "I*J*a'b", "not Hermitian"),
    ("complex-detuning", "I*chi*dag(a)*a", "I*chi*a'a", "not Hermitian"),
    ("sqrt-of-real", "sqrt(chi)*dag(a)*a", "sqrt(chi)*a'a", "not Hermitian"),
    ("non-hermitian-drive", "I*chi*(a + dag(a))", "chi", "not Hermitian"),
    ("division-by-operator", "J/a", "J/a", "division"),
    ("division-by-zero", "J/(g - g)*dag(a)*a", "J/(g - g)", "division by zero"),
    ("exp-of-operator", "exp(a)", "exp(a)", "operator"),
    ("bool", "True*dag(a)*a", "True", "bool"),
    ("none", "None*dag(a)*a", "None", "NoneType"),
    ("complex-literal", "1j*dag(a)*a", "1j", "complex"),
    ("keyword-argument", "exp(x=1)*dag(a)*a", "exp(x=1)", "one positional"),
    ("two-arguments", "exp(J, g)*dag(a)*a", "exp(J, g)", "one positional"),
    ("starred", "exp(*a)", "exp(*a)", "one positional"),
    ("comparison", "a < b", "a < b", "comparison"),
    ("boolean-operator", "a and b", "a and b", "boolean"),
    ("conditional", "a if J else b", "a if J else b", "conditional"),
    ("walrus", "(x := a)", "x := a", "assignment"),
    ("f-string", "f'{a}'", "f'{a}'", "string"),
    ("floor-division", "a // 2", "a // 2", "FloorDiv"),
    ("matmul", "a @ b", "a @ b", "MatMult"),
    ("bit-not", "~a", "~a", "Invert"),
    ("tuple", "a, b", "a, b", "tuple"),
    ("dict", "{1: a}", "{1: a}", "dict"),
    ("function-as-value", "exp*dag(a)*a", "exp", "function"),
    ("dag-as-value", "dag*a", "dag", "function"),
    ("nested-parentheses", "(" * 300 + "a" + ")" * 300, "(((", "syntax"),
    ("nested-functions", "exp(exp(exp(exp(exp(chi)))))*dag(a)*a", "exp(exp(exp(exp(", "nested"),
    ("nested-powers", "(" * 30 + "chi" + "**1)" * 30 + "*dag(a)*a", "chi", "nested"),
    ("long-sum", "+".join(["a"] * 1500), "a+a+a+a", "too much algebra"),
    ("deep-sum", "+".join(["a"] * 4000), "a+a+a+a", "too deeply nested or too large"),
    ("many-nodes", "+".join(["a"] * 12000), "a+a+a+a", "more than 20000 syntax nodes"),
    ("huge-text", "a" + " " * 100_000, "characters", "longer than 100000 characters"),
    ("scalar-blowup", "(J+g+chi+theta)**64*dag(a)*a", "(J+g+chi+theta)**64", "terms"),
    ("huge-number", "((10**30)**60)**60*dag(a)*a", "((10**30)**60)**60", "large"),
    ("big-exponent", "chi**65*dag(a)*a", "chi**65", "exponent 65 is too large"),
    ("big-root", "chi**(1/65)*dag(a)*a", "chi**(1/65)", "too large"),
    ("root-of-huge", "((2**60)**5)**(1/3)*dag(a)*a", "((2**60)**5)**(1/3)", "256 bits"),
    ("zero-power", "0**-1*dag(a)*a", "0**-1", "zero to a non-positive power"),
    ("infinite-float", "1e999*dag(a)*a", "1e999", "not finite"),
    ("operator-exponent", "chi**a", "chi**a", "exponent"),
    ("operator-negative-power", "a**-1", "a**-1", "non-negative integer power"),
    ("symbolic-exponent", "chi**theta*dag(a)*a", "chi**theta", "exponent"),
    ("empty", "   ", "", "empty"),
]


@pytest.mark.parametrize(
    "hamiltonian, token, reason",
    [c[1:] for c in HAMILTONIAN_CASES],
    ids=[c[0] for c in HAMILTONIAN_CASES],
)
def test_hostile_hamiltonian_refused(tmp_path, monkeypatch, hamiltonian, token, reason):
    calls = []
    monkeypatch.setattr(os, "system", lambda *a: calls.append(a))
    message = refused(tmp_path, model_text(hamiltonian=hamiltonian), "hamiltonian", token)
    assert reason in message
    assert calls == []


def test_long_chain_is_judged_the_same_at_any_stack_depth():
    """A 600-term sum parses wherever it is parsed (Python's parser limit counts from the
    caller's stack depth: 800 frames deep it would refuse it), and MAX_CHAIN + 1 operators are
    refused by the stated bound at every depth."""
    a = sp.Symbol("a")
    ok = "+".join(["a"] * 600)
    too_long = "+".join(["a"] * (ex.MAX_CHAIN + 2))

    def at_depth(depth, text):
        if depth:
            return at_depth(depth - 1, text)
        return parse_expression(text, parameters={"a": a}, modes=(), where="f: k")

    for depth in (0, 400, 800):
        assert at_depth(depth, ok) == {(): 600 * a}
        with pytest.raises(ModelError, match=f"more than {ex.MAX_CHAIN} operators"):
            at_depth(depth, too_long)


def test_kerr_message_exact(tmp_path):
    message = refused(tmp_path, model_text(hamiltonian="chi*dag(b)*dag(b)*b*b"), "hamiltonian", "b")
    assert message == f"{tmp_path / 'hostile_model.toml'}: hamiltonian: {QUARTIC} at \"chi*b'b'bb\""


def test_long_token_is_shortened_in_the_message(tmp_path):
    """A huge offending token is quoted by its start and its length (the message stays short)."""
    message = refused(
        tmp_path, model_text(hamiltonian="+".join(["a"] * 12000)), "hamiltonian", "characters"
    )
    assert len(message) < 400 + len(str(tmp_path))
    assert "(23999 characters)" in message


DISSIPATOR_CASES = [
    # (id, rate, operator, key, token, reason)
    ("nonlinear-jump", "kappa_a", "dag(a)*a", "dissipators[0].operator", "dag(a)*a", "quadratic"),
    ("constant-jump", "kappa_a", "a + 1", "dissipators[0].operator", "a + 1", "constant term"),
    ("scalar-jump", "kappa_a", "2", "dissipators[0].operator", "2", "constant term"),
    ("zero-jump", "kappa_a", "a - a", "dissipators[0].operator", "a - a", "zero"),
    ("cubic-jump", "kappa_a", "a*a*a", "dissipators[0].operator", "a*a*a", "cubic"),
    ("unknown-mode-jump", "kappa_a", "q", "dissipators[0].operator", "'q'", "unknown name"),
    (
        "negative-rate",
        "kappa_a - kappa_b",
        "a",
        "dissipators[0].rate",
        "kappa_a - kappa_b",
        "may be negative for allowed parameter values",
    ),
    ("real-rate", "chi", "a", "dissipators[0].rate", "chi", "may be negative"),
    ("negative-number-rate", "-1", "a", "dissipators[0].rate", "-1", "may be negative"),
    ("complex-rate", "I*kappa_a", "a", "dissipators[0].rate", "I*kappa_a", "may be negative"),
    ("operator-rate", "kappa_a*dag(a)", "a", "dissipators[0].rate", "kappa_a*dag(a)", "operators"),
    ("rate-injection", "__import__('os')", "a", "dissipators[0].rate", "__import__('os')", "calls"),
]


@pytest.mark.parametrize(
    "rate, operator, key, token, reason",
    [c[1:] for c in DISSIPATOR_CASES],
    ids=[c[0] for c in DISSIPATOR_CASES],
)
def test_bad_dissipator_refused(tmp_path, rate, operator, key, token, reason):
    message = refused(tmp_path, model_text(rate=rate, operator=operator), key, token)
    assert reason in message


def test_dissipator_table_shape_refused(tmp_path):
    text = model_text().replace('rate = "kappa_b"\n', 'rate = "kappa_b"\nphase = "x"\n')
    assert "unknown key" in refused(tmp_path, text, "dissipators[1].phase", "phase")
    text = model_text().replace('rate = "kappa_b"\n', "")
    assert "missing rate" in refused(tmp_path, text, "dissipators[1]", "operator")
    text = model_text().replace('[[dissipators]]\nrate = "kappa_c"', "[[dissipators]]\nrate = 3")
    assert "expected a string" in refused(tmp_path, text, "dissipators[2].rate", "3")


FILE_CASES = [
    # (id, keyword arguments of model_text, key, token, reason)
    ("duplicate-mode", {"modes": '["a", "b", "a", "c"]'}, "modes", "'a'", "duplicate"),
    ("bad-mode-name", {"modes": '["a", "b", "1c"]'}, "modes", "1c", "bad mode name"),
    ("keyword-mode", {"modes": '["a", "b", "lambda"]'}, "modes", "lambda", "keyword"),
    ("reserved-mode", {"modes": '["a", "b", "c", "pi"]'}, "modes", "pi", "reserved"),
    ("mode-not-string", {"modes": '["a", "b", 3]'}, "modes", "3", "expected a string"),
    ("modes-not-list", {"modes": '"abc"'}, "modes", "abc", "expected a list"),
    ("no-modes", {"modes": "[]", "eliminate": "[]"}, "modes", "[]", "at least one mode"),
    ("unknown-eliminate", {"eliminate": '["q"]'}, "eliminate", "'q'", "unknown mode"),
    ("eliminate-all", {"eliminate": '["a", "b", "c"]'}, "eliminate", "a", "every mode"),
    ("unknown-top-key", {"top": "colour = 1"}, "colour", "colour", "unknown key"),
    ("bad-kind", {"parameters": 'F = "complex"'}, "parameters.F.kind", "complex", "unknown kind"),
    (
        "missing-kind",
        {"parameters": "F = { default = 1.0 }"},
        "parameters.F",
        "F",
        "missing kind",
    ),
    (
        "negative-default",
        {"parameters": 'F = { kind = "positive", default = -1.0 }'},
        "parameters.F.default",
        "-1.0",
        "default > 0",
    ),
    (
        "zero-positive-default",
        {"parameters": 'F = { kind = "positive", default = 0.0 }'},
        "parameters.F.default",
        "0.0",
        "default > 0",
    ),
    (
        "negative-nonnegative-default",
        {"parameters": 'F = { kind = "nonnegative", default = -0.5 }'},
        "parameters.F.default",
        "-0.5",
        "default >= 0",
    ),
    (
        "infinite-default",
        {"parameters": 'F = { kind = "real", default = inf }'},
        "parameters.F.default",
        "inf",
        "finite",
    ),
    (
        "nan-default",
        {"parameters": 'F = { kind = "real", default = nan }'},
        "parameters.F.default",
        "nan",
        "finite",
    ),
    (
        "bool-default",
        {"parameters": 'F = { kind = "real", default = true }'},
        "parameters.F.default",
        "True",
        "number",
    ),
    (
        "string-default",
        {"parameters": 'F = { kind = "real", default = "1" }'},
        "parameters.F.default",
        "'1'",
        "number",
    ),
    (
        "unknown-parameter-key",
        {"parameters": 'F = { kind = "real", unit = "GHz" }'},
        "parameters.F.unit",
        "unit",
        "unknown key",
    ),
    (
        "long-latex",
        {"parameters": 'F = { kind = "real", latex = "' + "x" * 201 + '" }'},
        "parameters.F.latex",
        "xxxx",
        "longer than 200 characters",
    ),
    ("parameter-is-mode", {"parameters": 'a = "real"'}, "parameters.a", "'a'", "mode name"),
    ("parameter-reserved", {"parameters": 'exp = "real"'}, "parameters.exp", "exp", "reserved"),
    (
        "parameter-keyword",
        {"parameters": 'lambda = "real"'},
        "parameters.lambda",
        "lambda",
        "keyword",
    ),
    ("energy-not-mode", {"energies": 'q = "omega_b"'}, "energies.q", "'q'", "not a mode"),
    ("energy-operator", {"energies": 'b = "omega_b*a"'}, "energies.b", "omega_b*a", "operators"),
    ("energy-complex", {"energies": 'b = "I*omega_b"'}, "energies.b", "I*omega_b", "real"),
    (
        "energy-hostile",
        {"energies": 'b = "().__class__"'},
        "energies.b",
        "().__class__",
        "attribute",
    ),
]


@pytest.mark.parametrize(
    "changes, key, token, reason", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_malformed_file_refused(tmp_path, changes, key, token, reason):
    message = refused(tmp_path, model_text(**changes), key, token)
    assert reason in message


def test_toml_syntax_error(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('name = "x\nmodes = ["a"]\n', encoding="utf-8")
    with pytest.raises(ModelError, match="broken.toml: TOML syntax error") as info:
        load_spec(path)
    assert "\n" not in str(info.value)


def test_unreadable_and_missing(tmp_path):
    with pytest.raises(ModelError, match="no_such_model.toml: cannot read"):
        load_spec(tmp_path / "no_such_model.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(ModelError, match="binary.toml: the model file is not UTF-8"):
        load_spec(binary)
    for key in ("name", "modes", "hamiltonian"):
        text = {"name": 'name = "x"', "modes": 'modes = ["a"]', "hamiltonian": 'hamiltonian = "a"'}
        text.pop(key)
        with pytest.raises(ModelError, match=f"^mem.toml: {key}: missing"):
            parse_spec("\n".join(text.values()) + "\n", filename="mem.toml")


def test_unused_parameter_warns(tmp_path):
    path = tmp_path / "unused.toml"
    path.write_text(model_text(parameters='Delta_q = "real"'), encoding="utf-8")
    with pytest.warns(
        ModelWarning, match=r"unused.toml: parameters.Delta_q: declared but not used at 'Delta_q'"
    ):
        spec = load_spec(path)
    assert "Delta_q" in spec.parameters


def test_parameter_used_only_by_an_observable_or_energy_does_not_warn(tmp_path):
    """Unused means unused everywhere: energies and [observables] count as uses (warnings are
    errors in this suite, so any warning fails the test)."""
    spec = loaded(
        tmp_path,
        model_text(
            parameters='w_q = "positive"\nscale = "positive"',
            energies='b = "omega_b"\na = "w_q"',
            tail='[observables]\nscaled = "scale*E_b"\n',
        ),
    )
    assert set(spec.energies) == {"a", "b"}
    assert spec.observables["scaled"].expression == sp.Symbol("scale", positive=True) * sp.Symbol(
        "E_b", real=True
    )


ELIMINATION_CASES = [
    # (id, keyword arguments of model_text, key, token, reason): valid files whose eliminated
    # mode c does not follow a and b alone; refused when the model is derived
    (
        "squeezing-on-eliminated",
        {"hamiltonian": BASE_H + " + G*(dag(a)*dag(c) + a*c)", "parameters": 'G = "nonnegative"'},
        "eliminate",
        "c",
        "the squeezing term G*a'c'",
    ),
    (
        "mixed-jump-on-eliminated",
        {"operator": "a + dag(c)"},
        "dissipators[0].operator",
        "a + dag(c)",
        "mixes annihilation and creation",
    ),
]


@pytest.mark.parametrize(
    "changes, key, token, reason",
    [c[1:] for c in ELIMINATION_CASES],
    ids=[c[0] for c in ELIMINATION_CASES],
)
def test_elimination_refusal_names_the_file(tmp_path, changes, key, token, reason):
    """The file itself is valid; deriving it is refused in the parser's format
    "FILE: KEY: reason at 'TOKEN'" (dissipators counted from 0)."""
    from nrqb_sym.derive.pipeline import derive

    path = tmp_path / "fast_cavity.toml"
    path.write_text(model_text(**changes), encoding="utf-8")
    spec = load_spec(path)
    with pytest.raises(ModelError) as info:
        derive(spec)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}: cannot eliminate mode 'c': "), message
    assert message.endswith(f" at {token!r}"), message
    assert reason in message and "\n" not in message


# ------------------------------------------------------------------------------------------------
# Limits, at the boundary
# ------------------------------------------------------------------------------------------------


def many_modes_text(n: int) -> str:
    """A chain of ``n`` damped modes with detunings and hoppings, one drive."""
    modes = [f"m{i}" for i in range(n)]
    H = " + ".join(
        [f"Delta*dag({m})*{m}" for m in modes]
        + [f"J*(dag({x})*{y} + dag({y})*{x})" for x, y in zip(modes, modes[1:], strict=False)]
        + ["F*(m0 + dag(m0))"]
    )
    lines = [
        'name = "many"',
        "modes = [" + ", ".join(f'"{m}"' for m in modes) + "]",
        f'hamiltonian = "{H}"',
        "[parameters]",
        'Delta = "real"',
        'J = "real"',
        'F = "real"',
        'kappa = "positive"',
    ]
    for m in modes:
        lines += ["[[dissipators]]", 'rate = "kappa"', f'operator = "{m}"']
    return "\n".join(lines) + "\n"


def test_max_modes_is_128(tmp_path):
    assert spec_module.MAX_MODES == 128
    spec = loaded(tmp_path, many_modes_text(128), "m128.toml")
    assert len(spec.modes) == 128 and len(spec.channels) == 128
    # every hopping and detuning made it into the Hamiltonian: 128 + 2*127 + 2 monomials
    assert len(spec.hamiltonian) == 128 + 2 * 127 + 2
    message = refused(tmp_path, many_modes_text(129), "modes", "m0")
    assert "more than 128 entries" in message


def test_eliminate_list_is_bounded_too(tmp_path):
    text = many_modes_text(3).replace('modes = ["m0", "m1", "m2"]', 'modes = ["m0", "m1", "m2"]')
    names = ", ".join(f'"e{i}"' for i in range(129))
    text = text.replace('name = "many"', f'name = "many"\neliminate = [{names}]')
    assert "more than 128 entries" in refused(tmp_path, text, "eliminate", "e0")


def test_identifier_length_limit(tmp_path):
    assert spec_module.MAX_IDENTIFIER == 40
    ok = "p" + "x" * 39
    spec = loaded(tmp_path, model_text(parameters=f'{ok} = "real"', rate=f"kappa_a + {ok}**2"))
    assert ok in spec.parameters
    bad = "p" + "x" * 40
    message = refused(tmp_path, model_text(parameters=f'{bad} = "real"'), f"parameters.{bad}", bad)
    assert "at most 40 characters" in message


def test_parameter_count_limit(tmp_path):
    n = spec_module.MAX_PARAMETERS
    assert n == 1000
    names = [f"p{i}" for i in range(n - 8)]  # model_text declares 8 parameters
    declared = "\n".join(f'{p} = "real"' for p in names)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        spec = loaded(tmp_path, model_text(parameters=declared))
    assert len(spec.parameters) == n
    # each unused parameter is named once, as a ModelWarning
    assert sorted(str(w.message).split("parameters.")[1].split(":")[0] for w in caught) == sorted(
        names
    )
    assert all(issubclass(w.category, ModelWarning) for w in caught)
    message = refused(
        tmp_path, model_text(parameters=declared + '\np_extra = "real"'), "parameters", "1001"
    )
    assert "more than 1000 parameters" in message


def test_dissipator_count_limit(tmp_path):
    assert spec_module.MAX_DISSIPATORS == 1000
    extra = "\n".join('[[dissipators]]\nrate = "kappa_a"\noperator = "a"\n' for _ in range(998))
    message = refused(tmp_path, model_text(tail=extra), "dissipators", "1001")
    assert "more than 1000 dissipators" in message


@pytest.mark.slow
def test_dissipator_count_at_the_limit_loads(tmp_path):
    extra = "\n".join('[[dissipators]]\nrate = "kappa_a"\noperator = "a"\n' for _ in range(997))
    assert len(loaded(tmp_path, model_text(tail=extra)).channels) == 1000


def test_file_length_limit(tmp_path):
    assert spec_module.MAX_SOURCE == 500_000
    text = model_text()
    padded = text + "#" * (500_000 - len(text) - 1) + "\n"
    assert len(padded) == 500_000
    assert loaded(tmp_path, padded).modes == ("a", "b", "c")
    path = tmp_path / "long.toml"
    path.write_text(padded + "\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"long.toml: the model file is longer than 500000"):
        load_spec(path)


def parse(text: str, modes=("a", "b")) -> dict:
    return parse_expression(text, parameters=PARAMS, modes=list(modes), where="test: expr")


def test_expression_limits_at_the_boundary():
    assert (ex.MAX_TEXT, ex.MAX_NODES, ex.MAX_LITERAL_CHARS) == (100_000, 20_000, 30)
    assert (ex.MAX_DEGREE, ex.MAX_NESTING, ex.MAX_FUNCTION_NESTING) == (4, 24, 3)
    assert ex.MAX_EXPONENT == 64
    # text length: exactly MAX_TEXT characters is read (whitespace collapses), one more is not
    assert parse("a" + " " * (ex.MAX_TEXT - 1)) == {A: 1}
    with pytest.raises(ModelError, match="longer than 100000 characters"):
        parse("a" + " " * ex.MAX_TEXT)
    # literals: 30 characters are a number, 31 are refused
    assert parse("1" * 30) == {(): sp.Integer(int("1" * 30))}
    with pytest.raises(ModelError, match="longer than 30 characters"):
        parse("1" * 31)
    # operator degree 4 is the most any intermediate result may have
    assert parse("dag(a)**2*a**2") == {(("a", 2, 2),): 1}
    with pytest.raises(ModelError, match="degree 5 is above 4"):
        parse("dag(a)**2*a**2*b")
    # exponents: numerator and denominator at most 64
    assert parse("2**64") == {(): sp.Integer(2) ** 64}
    assert parse("kappa**(1/64)") == {(): kappa ** sp.Rational(1, 64)}
    with pytest.raises(ModelError, match="exponent 65 is too large"):
        parse("2**65")
    # functions nest three deep, not four
    assert parse("exp(exp(exp(x)))") == {(): sp.exp(sp.exp(sp.exp(x)))}
    with pytest.raises(ModelError, match="functions nested more than 3 levels deep"):
        parse("exp(exp(exp(exp(x))))")
    # 24 levels of nested powers (each a level: powers do not flatten) are accepted, 25 are not
    nested = "(" * 24 + "x" + "**1)" * 24
    assert parse(nested) == {(): x}
    with pytest.raises(ModelError, match="nested more than 24 levels deep"):
        parse("(" + nested + "**1)")
    # sums and products flatten (as in SymPy): a long chain of them is not deep
    assert parse("*".join(["x"] * 40)) == {(): x**40}
    assert parse("-".join(["x"] * 40)) == {(): -38 * x}


def test_node_limit_counts_a_balanced_sum():
    """A balanced sum (parenthesised, so the parser's recursion stays shallow) of 4096 ones is
    read exactly (12,287 syntax nodes); 8192 of them (24,575 nodes) are refused by the count."""

    def balanced(k: int) -> str:
        return "1" if k == 0 else f"({balanced(k - 1)}+{balanced(k - 1)})"

    assert parse(balanced(12)) == {(): sp.Integer(4096)}
    with pytest.raises(ModelError, match="more than 20000 syntax nodes"):
        parse(balanced(13))


# ------------------------------------------------------------------------------------------------
# The parser against hand-built SymPy
# ------------------------------------------------------------------------------------------------

J = sp.Symbol("J", nonnegative=True)
theta = sp.Symbol("theta", real=True)
kappa = sp.Symbol("kappa", positive=True)
n = sp.Symbol("n", nonnegative=True)
x = sp.Symbol("x", real=True)
PARAMS = {"J": J, "theta": theta, "kappa": kappa, "n": n, "x": x}
A, AD = (("a", 0, 1),), (("a", 1, 0),)
B, BD = (("b", 0, 1),), (("b", 1, 0),)


def test_parser_coupling_term():
    got = parse("J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a)")
    assert got == {
        (("a", 1, 0), ("b", 0, 1)): J * sp.exp(sp.I * theta),
        (("a", 0, 1), ("b", 1, 0)): J * sp.exp(-sp.I * theta),
    }


def test_parser_normal_orders_products():
    # (a + a')^2 = a^2 + a a' + a' a + a'^2 = a^2 + 2 a'a + 1 + a'^2
    assert parse("(a + dag(a))**2") == {
        (("a", 0, 2),): 1,
        (("a", 1, 1),): 2,
        (("a", 2, 0),): 1,
        (): 1,
    }
    # a a' b' = (a'a + 1) b'
    assert parse("a*dag(a)*dag(b)") == {(("a", 1, 1), ("b", 1, 0)): 1, BD: 1}
    # a^2 a'^2 = a'^2 a^2 + 4 a'a + 2
    assert parse("a*a*dag(a)*dag(a)") == {(("a", 2, 2),): 1, (("a", 1, 1),): 4, (): 2}
    assert parse("dag(a*b)") == {(("a", 1, 0), ("b", 1, 0)): 1}
    assert parse("dag(J*exp(I*theta)*a)") == {AD: J * sp.exp(-sp.I * theta)}
    assert parse("dag(a - I*b)") == {AD: 1, BD: sp.I}


def test_parser_scalars_exact():
    assert parse("0.1*kappa") == {(): kappa / 10}
    assert parse("1e-3") == {(): sp.Rational(1, 1000)}
    assert parse("2**-1") == {(): sp.Rational(1, 2)}
    assert parse("1_000/4") == {(): sp.Integer(250)}
    assert parse("kappa**0.5") == {(): sp.sqrt(kappa)}
    assert parse("conjugate(exp(I*theta))") == {(): sp.exp(-sp.I * theta)}
    assert parse("dag(J + I*x)") == {(): J - sp.I * x}
    assert parse("sin(pi/6) + cos(0)") == {(): sp.Rational(3, 2)}
    assert parse("x - x") == {}
    # rates keep their factored form (documents print them as written)
    got = parse("kappa*(n + 1)")[()]
    assert got == kappa * (n + 1)
    assert isinstance(got, sp.Mul)


def test_parser_operators_and_signs():
    assert parse("-a + 2*dag(b)/4") == {A: -1, BD: sp.Rational(1, 2)}
    assert parse("+a - (-b)") == {A: 1, B: 1}
    assert parse("sqrt(kappa)*(a - dag(b))") == {A: sp.sqrt(kappa), BD: -sp.sqrt(kappa)}
    assert parse("a*a*a*a") == {(("a", 0, 4),): 1}
    assert parse("(a - a)*b") == {}
    # a large but legitimate sum: 200 couplings are read, not refused
    got = parse(" + ".join(f"{k}*dag(a)*b" for k in range(1, 201)))
    assert got == {(("a", 1, 0), ("b", 0, 1)): sp.Integer(200 * 201 // 2)}


def test_parser_error_format():
    with pytest.raises(ModelError) as info:
        parse("J*dag(a)*a + y")
    assert (
        str(info.value) == "test: expr: unknown name 'y': not a declared parameter or a mode at 'y'"
    )
    with pytest.raises(ModelError, match=r"^test: expr: expected a string expression at '3'$"):
        parse_expression(3, parameters=PARAMS, modes=["a"], where="test: expr")


def test_parser_multiline_text(tmp_path):
    text = model_text().replace(
        json.dumps(BASE_H), '"""\n    ' + BASE_H.replace(" + g*", "\n    + g*") + '\n"""'
    )
    path = tmp_path / "multi.toml"
    path.write_text(text, encoding="utf-8")
    assert load_spec(path).hamiltonian == parse_spec(model_text()).hamiltonian


_coefficient = st.sampled_from(["1", "2", "-1", "I", "-I", "J", "x", "kappa", "1/2", "(1 + I)"])


@settings(max_examples=25)
@given(
    st.lists(
        st.tuples(_coefficient, st.sampled_from(["a", "b"]), st.booleans()), min_size=1, max_size=4
    )
)
def test_parser_normal_orders_random_linear_forms(terms):
    r"""For :math:`L = \sum_k c_k y_k` (each :math:`y_k` one of :math:`a, b, a^\dagger,
    b^\dagger`), :math:`L^\dagger L` and :math:`LL^\dagger` against the normal-ordered products
    computed here from the commutator :math:`[x, x^\dagger] = 1`."""
    symbols = {**PARAMS, "I": sp.I}
    # the expected coefficients: L = sum_k c_k y_k as {(mode, dagger): coefficient}
    lin: dict[tuple[str, bool], sp.Expr] = {}
    for c, m, d in terms:
        value = sp.sympify(c, locals=symbols)
        lin[(m, d)] = lin.get((m, d), 0) + value
    text = " + ".join(f"{c}*{'dag(' + m + ')' if d else m}" for c, m, d in terms)

    def key(*ops):  # normal-ordered monomial key of a product of single ladder operators
        acc: dict[str, list[int]] = {}
        for m, d in ops:
            acc.setdefault(m, [0, 0])[0 if d else 1] += 1
        return tuple((m, p, q) for m, (p, q) in sorted(acc.items()))

    def expected(left_dag: bool) -> dict:
        out: dict = {}
        for (m1, d1), c1 in lin.items():
            for (m2, d2), c2 in lin.items():
                # first factor: dag(L) (conjugated, daggers flipped) when left_dag
                if left_dag:
                    f1, cc1 = (m1, not d1), sp.conjugate(c1)
                    f2, cc2 = (m2, d2), c2
                else:
                    f1, cc1 = (m1, d1), c1
                    f2, cc2 = (m2, not d2), sp.conjugate(c2)
                coeff = cc1 * cc2
                out[key(f1, f2)] = out.get(key(f1, f2), 0) + coeff
                # y z with y an annihilator and z the creator of the same mode: z y + 1
                if f1[0] == f2[0] and not f1[1] and f2[1]:
                    out[()] = out.get((), 0) + coeff
        return {k: sp.expand(v) for k, v in out.items() if sp.expand(v) != 0}

    assert parse(f"dag({text})*({text})") == expected(True)
    assert parse(f"({text})*dag({text})") == expected(False)


_TOKENS = st.sampled_from(
    [
        "a", "b", "dag(", "exp(", "sqrt(", "(", ")", "+", "-", "*", "/", "**", "J", "x", "I",
        "pi", "2", "0.5", "1e308", "1e-3", "99999999999", ".", ",", ":", "lambda", "__import__",
        "[", "]", "'s'", "=", " ", "1j", "64", "conjugate(", "@", "%", "~", "not ",
    ]
)  # fmt: skip


@settings(max_examples=150)
@given(st.lists(_TOKENS, max_size=30).map("".join))
def test_parser_fuzz_returns_a_polynomial_or_one_line_refusal(text):
    """Any text made of expression tokens and hostile ones is either a normal-ordered polynomial
    of degree at most 4 or a one-line ModelError in the ``where: reason at 'TOKEN'`` format;
    never any other exception."""
    try:
        got = parse(text)
    except ModelError as exc:
        message = str(exc)
        assert message.startswith("test: expr: ") and "\n" not in message
        assert re.search(r" at (['\"]).*\1$", message), message
        return
    assert isinstance(got, dict)
    for k, c in got.items():
        assert isinstance(c, sp.Expr) and c != 0
        assert sum(p + q for _, p, q in k) <= 4
        assert [m for m, _, _ in k] == sorted({m for m, _, _ in k}) and all(
            m in "ab" for m, _, _ in k
        )


# ------------------------------------------------------------------------------------------------
# Random model files
# ------------------------------------------------------------------------------------------------


def _numbers(spec, values: dict[str, float]):
    """``h, s, f`` of the spec's parsed Hamiltonian, read off its normal-ordered monomials here."""
    modes = list(spec.modes)
    N = len(modes)
    idx = {m: i for i, m in enumerate(modes)}
    subs = {p.symbol: values[name] for name, p in spec.parameters.items()}
    h = np.zeros((N, N), complex)
    s = np.zeros((N, N), complex)
    f = np.zeros(N, complex)
    for key, c in spec.hamiltonian.items():
        value = complex(sp.N(c.xreplace(subs)))
        cre = [m for m, p, _ in key for _ in range(p)]
        ann = [m for m, _, q in key for _ in range(q)]
        if len(cre) == 1 and len(ann) == 1:
            h[idx[cre[0]], idx[ann[0]]] += value
        elif len(cre) == 2 and not ann:
            i, j = idx[cre[0]], idx[cre[1]]
            s[i, j] += value if i != j else 2 * value
            if i != j:
                s[j, i] += value
        elif len(cre) == 1 and not ann:
            f[idx[cre[0]]] += value
    return h, s, f


@settings(max_examples=12)
@given(st.data())
def test_random_model_files_load_as_drawn(data):
    """A random model file (model_strategies) loads with the drawn modes, kinds and defaults,
    and its parsed Hamiltonian gives the drawn h, s, f at random parameter values."""
    model = data.draw(random_models())
    spec = parse_spec(model.toml(), filename="random.toml")
    assert spec.modes == model.modes and spec.eliminate == model.eliminate
    assert {n: p.kind for n, p in spec.parameters.items()} == model.kinds
    for name, p in spec.parameters.items():
        if name in model.with_default:
            assert p.default == model.defaults[name]
        else:
            assert p.default is None
    assert set(spec.energies) == set(model.energies)
    values = data.draw(parameter_values(model))
    ref = model.numeric(values)
    h, s, f = _numbers(spec, values)
    assert np.allclose(h, ref.h, atol=1e-12)
    assert np.allclose(s, ref.s, atol=1e-12)
    assert np.allclose(f, ref.f, atol=1e-12)
    # the dissipators: the same number of channels, each a linear jump
    assert len(spec.channels) == sum(len(ch.entries()) for ch in model.channels)


# ------------------------------------------------------------------------------------------------
# [observables] and [presets.NAME]
# ------------------------------------------------------------------------------------------------


def test_observables_table_is_read(tmp_path):
    tail = """
[observables]
ratio = "n_b/n_a"
power = { expression = "P_b*omega_b", latex = '\\mathcal P' }
work = "W_b - E_b + chi"
"""
    spec = loaded(tmp_path, model_text(tail=tail))
    real = {k: sp.Symbol(k, real=True) for k in ("n_a", "n_b", "P_b", "E_b", "W_b")}
    chi = sp.Symbol("chi", real=True)
    omega_b = sp.Symbol("omega_b", positive=True)
    assert list(spec.observables) == ["ratio", "power", "work"]
    assert spec.observables["ratio"] == Observable(
        "ratio", real["n_b"] / real["n_a"], "n_b/n_a", latex="ratio"
    )
    assert spec.observables["ratio"].expression == real["n_b"] / real["n_a"]
    assert spec.observables["power"].expression == real["P_b"] * omega_b
    assert spec.observables["power"].latex == r"\mathcal P"
    assert spec.observables["work"].expression == real["W_b"] - real["E_b"] + chi
    assert spec.observables["work"].text == "W_b - E_b + chi"
    assert spec.observables["ratio"].latex  # a LaTeX name is always there


OBSERVABLE_CASES = [
    # (id, [observables] body, key, token, reason)
    ("amplitude", 'R = "x_a"', "observables.R", "'x_a'", "unknown name"),
    ("no-energy", 'R = "E_a"', "observables.R", "'E_a'", "unknown name"),  # a has no energy
    ("mode-operator", 'R = "a*E_b"', "observables.R", "'a'", "unknown name"),
    ("builtin-name", 'E_b = "n_b"', "observables.E_b", "E_b", "taken"),
    ("parameter-name", 'chi = "n_b"', "observables.chi", "chi", "taken"),
    ("mode-name", 'b = "n_b"', "observables.b", "'b'", "taken"),
    ("reserved-name", 'sqrt = "n_b"', "observables.sqrt", "sqrt", "taken"),
    ("bad-name", '"1R" = "n_b"', "observables.1R", "1R", "bad observable name"),
    ("not-a-string", "R = 3", "observables.R", "3", "expected a string"),
    ("empty", 'R = ""', "observables.R", "''", "empty expression"),
    ("hostile", 'R = "n_b.__class__"', "observables.R", "n_b.__class__", "attribute"),
    ("unknown-key", 'R = { expression = "n_b", unit = "J" }', "observables.R.unit", "unit", "unknown key"),
    ("missing-expression", 'R = { latex = "R" }', "observables.R", "latex", "missing expression"),
    ("latex-not-string", 'R = { expression = "n_b", latex = 3 }', "observables.R.latex", "3", "expected a string"),
]  # fmt: skip


@pytest.mark.parametrize(
    "body, key, token, reason",
    [c[1:] for c in OBSERVABLE_CASES],
    ids=[c[0] for c in OBSERVABLE_CASES],
)
def test_bad_observable_refused(tmp_path, body, key, token, reason):
    message = refused(tmp_path, model_text(tail=f"[observables]\n{body}\n"), key, token)
    assert reason in message


def test_observables_must_be_a_table(tmp_path):
    message = refused(tmp_path, "observables = 3\n" + model_text(), "observables", "3")
    assert "expected a table" in message


def test_complex_observable_refused(tmp_path):
    """An observable is documented as a real expression (``Observable``); a complex one must be
    refused when the file is read, like a complex frequency in ``[energies]``.  (Accepted, it
    reaches the kernel printer and fails Numba's type inference, ``load_model`` raising a
    ``TypingError`` instead of a ``ModelError``.)"""
    message = refused(
        tmp_path, model_text(tail='[observables]\nR = "I*E_b"\n'), "observables.R", "I*E_b"
    )
    assert "real" in message


def test_presets_table_is_read(tmp_path):
    tail = """
[presets.one_way]
description = "b does not act back on a"
values = { chi = -0.5, kappa_a = 2, J = 0 }
nonreciprocal = [["a", "b"], ["b", "a"]]

[presets.plain]
"""
    spec = loaded(tmp_path, model_text(tail=tail))
    assert list(spec.presets) == ["one_way", "plain"]
    assert spec.presets["one_way"] == Preset(
        "one_way",
        "b does not act back on a",
        {"chi": -0.5, "kappa_a": 2.0, "J": 0.0},
        (("a", "b"), ("b", "a")),
    )
    assert all(type(v) is float for v in spec.presets["one_way"].values.values())
    assert spec.presets["plain"] == Preset("plain")


PRESET_CASES = [
    # (id, text after [presets.p] (or a whole presets table), key, token, reason)
    ("unknown-parameter", "values = { Delta_z = 1.0 }", "presets.p.values.Delta_z", "Delta_z", "unknown parameter"),
    ("positive-zero", "values = { kappa_a = 0.0 }", "presets.p.values.kappa_a", "0.0", "must be > 0"),
    ("nonnegative-negative", "values = { J = -0.1 }", "presets.p.values.J", "-0.1", "must be >= 0"),
    ("bool-value", "values = { chi = true }", "presets.p.values.chi", "True", "finite number"),
    ("string-value", 'values = { chi = "1" }', "presets.p.values.chi", "'1'", "finite number"),
    ("nan-value", "values = { chi = nan }", "presets.p.values.chi", "nan", "finite number"),
    ("values-not-table", "values = 3", "presets.p.values", "3", "expected a table"),
    ("unknown-key", "speed = 3", "presets.p.speed", "speed", "unknown key"),
    ("description-not-string", "description = 3", "presets.p.description", "3", "expected a string"),
    ("pairs-not-list", 'nonreciprocal = "a"', "presets.p.nonreciprocal", "'a'", "expected a list"),
    ("pair-not-pair", 'nonreciprocal = ["a", "b"]', "presets.p.nonreciprocal", "'a'", "expected pairs"),
    ("pair-of-three", 'nonreciprocal = [["a", "b", "a"]]', "presets.p.nonreciprocal", "['a', 'b', 'a']", "expected pairs"),
    ("eliminated-mode", 'nonreciprocal = [["a", "c"]]', "presets.p.nonreciprocal", "'c'", "not a kept mode"),
    ("unknown-mode", 'nonreciprocal = [["a", "q"]]', "presets.p.nonreciprocal", "'q'", "not a kept mode"),
    ("same-mode", 'nonreciprocal = [["a", "a"]]', "presets.p.nonreciprocal", "['a', 'a']", "must differ"),
]  # fmt: skip


@pytest.mark.parametrize(
    "body, key, token, reason",
    [c[1:] for c in PRESET_CASES],
    ids=[c[0] for c in PRESET_CASES],
)
def test_bad_preset_refused(tmp_path, body, key, token, reason):
    message = refused(tmp_path, model_text(tail=f"[presets.p]\n{body}\n"), key, token)
    assert reason in message


def test_presets_table_shape_refused(tmp_path):
    message = refused(tmp_path, "presets = 3\n" + model_text(), "presets", "3")
    assert "expected tables [presets.NAME]" in message
    message = refused(tmp_path, model_text(tail="[presets]\np = 3\n"), "presets.p", "3")
    assert "expected a table" in message
    message = refused(
        tmp_path, model_text(tail='[presets."bad name"]\n'), "presets.bad name", "bad name"
    )
    assert "bad preset name" in message


# ------------------------------------------------------------------------------------------------
# The documentation states the limits and keys of the code
# ------------------------------------------------------------------------------------------------


def test_models_doc_states_the_current_limits_and_keys():
    """docs/models.md is the reference of the file format: its limits are those of spec.py and
    expressions.py, and its table of top-level keys lists every accepted key ("any other key is
    refused")."""
    doc = (ROOT / "docs" / "models.md").read_text(encoding="utf-8")
    problems = []
    if f"at most {spec_module.MAX_MODES})" not in doc:
        problems.append(f"modes: the doc does not say 'at most {spec_module.MAX_MODES}'")
    if f"{ex.MAX_TEXT:,} characters and {ex.MAX_NODES:,} syntax nodes" not in doc:
        problems.append(
            f"expressions: the doc does not say '{ex.MAX_TEXT:,} characters and "
            f"{ex.MAX_NODES:,} syntax nodes'"
        )
    table = doc.split("## The format", 1)[1].split("Names (model", 1)[0]
    for key in spec_module.TOP_LEVEL_KEYS:
        shown = (f"`{key}`", f"`[{key}]`", f"`[[{key}]]`", f"`[{key}.NAME]`")
        if not any(s in table for s in shown):
            problems.append(f"top-level key {key!r} missing from the key table")
    assert not problems, "docs/models.md is out of date:\n" + "\n".join(problems)


# ------------------------------------------------------------------------------------------------
# The shipped model files
# ------------------------------------------------------------------------------------------------


def test_shipped_models_listed():
    assert set(shipped_models()) == {
        "nrqb",
        "two_batteries",
        "chain",
        "driven_battery",
        "squeezed_charger",
        "kerr_battery",
        "two_level_battery",
    }
    assert shipped_models()["nrqb"] == PAPER_MODEL
    assert all(p.suffix == ".toml" and p.is_file() for p in shipped_models().values())


def _drift(spec, values: dict[str, float]) -> np.ndarray:
    """First-moment drift over (<x_1>..<x_N>, <x_1'>..<x_N'>) from the textbook formula."""
    modes = list(spec.modes)
    N = len(modes)
    idx = {m: i for i, m in enumerate(modes)}
    subs = {p.symbol: values.get(name, p.default) for name, p in spec.parameters.items()}

    def num(c) -> complex:
        return complex(sp.N(sp.sympify(c).xreplace(subs)))

    h = np.zeros((N, N), complex)
    s = np.zeros((N, N), complex)
    for key, c in spec.hamiltonian.items():
        cre = [m for m, p, _ in key for _ in range(p)]
        ann = [m for m, _, q in key for _ in range(q)]
        if len(cre) == 1 and len(ann) == 1:
            h[idx[cre[0]], idx[ann[0]]] += num(c)
        elif len(cre) == 2 and not ann:
            i, j = idx[cre[0]], idx[cre[1]]
            # c x_i' x_j' = (1/2)(s_ij + s_ji) x_i' x_j' with s symmetric
            if i == j:
                s[i, i] += 2 * num(c)
            else:
                s[i, j] += num(c)
                s[j, i] += num(c)
    Axx = -1j * h
    Axd = -1j * s
    for ch in spec.channels:
        gamma = num(ch.rate).real
        u = np.zeros(N, complex)
        v = np.zeros(N, complex)
        for key, c in ch.operator.items():
            ((m, p, q),) = key
            (v if p else u)[idx[m]] += num(c)
        Axx += 0.5 * gamma * (np.outer(v, v.conj()) - np.outer(u.conj(), u))
        Axd += 0.5 * gamma * (np.outer(v, u.conj()) - np.outer(u.conj(), v))
    return np.block([[Axx, Axd], [Axd.conj(), Axx.conj()]])


def _drive(spec, values: dict[str, float]) -> np.ndarray:
    """Inhomogeneity of the first moments: f x' in H drives d<x>/dt by -i f."""
    N = len(spec.modes)
    subs = {p.symbol: values.get(name, p.default) for name, p in spec.parameters.items()}
    b = np.zeros(2 * N, complex)
    for key, c in spec.hamiltonian.items():
        if len(key) == 1 and key[0][1:] == (1, 0):
            b[spec.modes.index(key[0][0])] += -1j * complex(sp.N(c.xreplace(subs)))
    b[N:] = b[:N].conj()
    return b


@pytest.mark.parametrize("name", sorted(shipped_models()))
def test_shipped_model_loads_with_stable_defaults(name):
    spec = load_spec(shipped_models()[name])
    assert spec.name == name
    assert len(spec.description) > 20
    assert spec.eliminate and set(spec.eliminate) < set(spec.modes)
    assert all(p.default is not None and p.latex for p in spec.parameters.values())
    assert spec.energies and set(spec.energies) <= set(spec.kept)
    assert all(len(ch.operator) == 1 for ch in spec.channels)
    # eliminated modes: no squeezing terms on them (only x'y, x'x and drives)
    for key in spec.hamiltonian:
        if any(m in spec.eliminate for m, _, _ in key):
            cre = sum(p for _, p, _ in key)
            ann = sum(q for _, _, q in key)
            assert (cre, ann) in ((1, 1), (1, 0), (0, 1)), key
    eig = np.linalg.eigvals(_drift(spec, {}))
    assert eig.real.max() < 0, f"{name}: defaults not stable, max Re = {eig.real.max()}"
    # every preset's values keep the model stable too
    for preset in spec.presets.values():
        eig = np.linalg.eigvals(_drift(spec, preset.values))
        assert eig.real.max() < 0, (name, preset.name)


def test_squeezed_charger_threshold_as_documented():
    """G_th = (sqrt(Gamma^2 + Lambda^2) - Gamma)/2 at the one-way point (file comment); the
    default G sits well below it, and the full model destabilises just above it."""
    spec = load_spec(shipped_models()["squeezed_charger"])
    d = {n_: p.default for n_, p in spec.parameters.items()}
    Gamma = 4 * d["g_a"] * d["g_b"] / d["kappa_c"]
    Lam = d["kappa_a"] + Gamma
    assert d["kappa_a"] == d["kappa_b"]
    G_th = (math.sqrt(Gamma**2 + Lam**2) - Gamma) / 2
    assert d["G"] < 0.5 * G_th
    below = np.linalg.eigvals(_drift(spec, {"G": 0.97 * G_th})).real.max()
    above = np.linalg.eigvals(_drift(spec, {"G": 1.03 * G_th})).real.max()
    assert below < 0 < above
    # without the link (J = 0) the default G is above the dark-mode threshold sqrt(ka kb)/2
    assert np.linalg.eigvals(_drift(spec, {"J": 0.0})).real.max() > 0


def test_driven_battery_charger_blind_to_battery_drive():
    """One-way link: the steady <a> does not depend on F_b (linear solve of the drift)."""
    spec = load_spec(shipped_models()["driven_battery"])

    def steady_a(F_b: float) -> complex:
        A = _drift(spec, {"F_b": F_b})
        return np.linalg.solve(A, -_drive(spec, {"F_b": F_b}))[0]

    assert abs(steady_a(0.0)) > 0.1
    assert abs(steady_a(0.0) - steady_a(0.7)) < 1e-9 * abs(steady_a(0.0))
    # ... while the battery sees it
    N = len(spec.modes)
    b0 = np.linalg.solve(_drift(spec, {"F_b": 0.0}), -_drive(spec, {"F_b": 0.0}))[1]
    b1 = np.linalg.solve(_drift(spec, {"F_b": 0.7}), -_drive(spec, {"F_b": 0.7}))[1]
    assert abs(b0 - b1) > 0.1 and N == 3


def test_chain_cells_do_not_act_back():
    """Chain: a steady state with the charger off and a drive on the last cell leaves a and b1
    (nearly) empty in the full model, while b2 is charged."""
    spec = load_spec(shipped_models()["chain"])
    A = _drift(spec, {"F": 0.0})
    N = len(spec.modes)
    b = np.zeros(2 * N, complex)
    k = spec.modes.index("b2")
    b[k], b[N + k] = -0.5j, 0.5j
    z = np.linalg.solve(A, -b)
    amp = dict(zip(spec.modes, z[:N], strict=True))
    assert abs(amp["b2"]) > 0.5
    assert abs(amp["b1"]) < 1e-9 * abs(amp["b2"]) and abs(amp["a"]) < 1e-9 * abs(amp["b2"])


# ------------------------------------------------------------------------------------------------
# The paper's model comes from its file
# ------------------------------------------------------------------------------------------------

PAPER_KINDS = {
    "real": ["Delta_a", "Delta_b", "Delta_c", "theta", "F"],
    "positive": ["kappa_a", "kappa_b", "kappa_c", "g_a", "g_b", "omega_a", "omega_b"],
    "nonnegative": ["J", "n_a", "n_b", "n_c"],
}
PAPER_NAMES = (
    "Delta_a Delta_b Delta_c kappa_a kappa_b kappa_c g_a g_b J theta F omega_a omega_b n_a n_b n_c"
).split()


def test_paper_file_parameters():
    spec = load_spec(PAPER_MODEL)
    assert list(spec.parameters) == PAPER_NAMES
    for kind, names in PAPER_KINDS.items():
        for name in names:
            assert spec.parameters[name].kind == kind
            assert spec.parameters[name].symbol == sp.Symbol(name, **{kind: True})
    assert spec.parameters["kappa_b"].latex == r"\kappa_b"
    assert spec.parameters["theta"].latex == r"\theta"
    # the paper's units: Gamma = 4 g_a g_b / kappa_c = 1, one-way at J = Gamma/2, theta = pi/2
    d = {k: p.default for k, p in spec.parameters.items()}
    assert 4 * d["g_a"] * d["g_b"] / d["kappa_c"] == pytest.approx(1.0)
    assert d["J"] == pytest.approx(0.5) and d["theta"] == pytest.approx(math.pi / 2)


def test_paper_file_operators_match_physics_notes():
    """H, the thermal baths and the energies of physics.md, built here by hand."""
    spec = load_spec(PAPER_MODEL)
    s = {name: spec.parameters[name].symbol for name in PAPER_NAMES}

    def k(*ops):
        return tuple(sorted(ops))

    H = {
        k(("a", 1, 1)): s["Delta_a"],
        k(("b", 1, 1)): s["Delta_b"],
        k(("c", 1, 1)): s["Delta_c"],
        k(("a", 1, 0), ("b", 0, 1)): s["J"] * sp.exp(sp.I * s["theta"]),
        k(("a", 0, 1), ("b", 1, 0)): s["J"] * sp.exp(-sp.I * s["theta"]),
        k(("a", 1, 0), ("c", 0, 1)): s["g_a"],
        k(("a", 0, 1), ("c", 1, 0)): s["g_a"],
        k(("b", 1, 0), ("c", 0, 1)): s["g_b"],
        k(("b", 0, 1), ("c", 1, 0)): s["g_b"],
        k(("a", 1, 0)): s["F"],
        k(("a", 0, 1)): s["F"],
    }
    assert spec.hamiltonian == H
    expected = []
    for m in "abc":
        kap, nth = s[f"kappa_{m}"], s[f"n_{m}"]
        expected += [(kap * (nth + 1), {((m, 0, 1),): 1}), (kap * nth, {((m, 1, 0),): 1})]
    got = [(ch.rate, ch.operator) for ch in spec.channels]
    assert len(got) == len(expected)
    for (rate, op), (rate_ref, op_ref) in zip(got, expected, strict=True):
        assert sp.expand(rate - rate_ref) == 0
        assert op == op_ref
    assert spec.energies == {"a": s["omega_a"], "b": s["omega_b"]}
    E_a, E_b = sp.Symbol("E_a", real=True), sp.Symbol("E_b", real=True)
    assert spec.observables["R"].expression == E_b / E_a
    assert sp.simplify(spec.observables["eta"].expression - E_b / (E_a + E_b)) == 0
    assert spec.presets["nonreciprocal"].nonreciprocal == (("a", "b"),)
    assert spec.presets["nonreciprocal"].values == {}
