r"""Whitelist parser for the expressions of a model file.

An expression is parsed with :func:`ast.parse` (``mode="eval"``) and the tree is walked; only the
node types listed here are accepted and the SymPy objects are built from them directly (nothing
in the text is ever passed to ``eval``, ``sympify`` or ``parse_expr``):

* numbers: ``int`` and ``float`` literals of at most :data:`MAX_LITERAL_CHARS` characters, floats
  taken exactly from their decimal spelling (``0.1`` is :math:`1/10`);
* names: declared parameters, mode names (the annihilation operator), ``I`` and ``pi``;
* ``+ - * / **`` and unary ``+ -``, parentheses;
* calls ``dag(x)`` (adjoint) and ``exp sqrt sin cos conjugate`` of operator-free arguments.

Every value is a normal-ordered :data:`~nrqb_sym.model.algebra.Poly`; a scalar is a polynomial
with only the identity monomial ``()``. Monomials are multiplied exactly with
:func:`~nrqb_sym.model.algebra.key_product`; coefficients are combined by SymPy's automatic
evaluation only and expanded once, at the end (operator coefficients; scalar results keep the
form they were written in, so ``kappa*(n + 1)`` stays factored).

Every step is bounded *before* it is taken, so that no input can make the parser hang:
the text length (:data:`MAX_TEXT`), the number of tree nodes (:data:`MAX_NODES`) and their
nesting (:data:`MAX_NESTING`, :data:`MAX_FUNCTION_NESTING`), the length of literals, the
operator degree of products and powers (:math:`\deg(pq) = \deg p + \deg q \le`
:data:`MAX_DEGREE`, so ``(a + dag(a))**100000`` is refused without expanding anything), numeric
exponents (:data:`MAX_EXPONENT`), the bit size of the numbers a power can create
(:data:`MAX_BITS`, :data:`MAX_ROOT_BITS`), and an upper bound on the number of terms of the final
expansion (:data:`MAX_TERMS`) and on the total work (:data:`MAX_WORK`).
"""

from __future__ import annotations

import ast
import math
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .algebra import ONE, Poly, degree, key_product, ladder

__all__ = [
    "MAX_TEXT",
    "MAX_NODES",
    "MAX_LITERAL_CHARS",
    "MAX_DEGREE",
    "MAX_NESTING",
    "MAX_FUNCTION_NESTING",
    "MAX_EXPONENT",
    "MAX_BITS",
    "MAX_ROOT_BITS",
    "MAX_TERMS",
    "MAX_WORK",
    "FUNCTIONS",
    "CONSTANTS",
    "RESERVED",
    "parse_expression",
    "is_scalar",
    "scalar_value",
]

#: Longest accepted expression text (characters).
MAX_TEXT = 100_000
#: Most syntax-tree nodes in one expression.
MAX_NODES = 20_000
_TOKENS = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|[0-9][0-9.eE]*|\*\*|[-+*/]")
#: Longest numeric literal (characters, underscores included).
MAX_LITERAL_CHARS = 30
#: Highest operator degree of any intermediate result.
MAX_DEGREE = 4
#: Deepest nesting of functions, powers, quotients and parenthesised sums/products.
MAX_NESTING = 24
#: Most binary operators in one chain (between one pair of parentheses): Python's parser builds
#: such a chain as nested nodes, so this bounds the depth of the syntax tree.
MAX_CHAIN = 2000
#: Deepest nesting of the functions exp, sqrt, sin, cos inside one another.
MAX_FUNCTION_NESTING = 3
#: Largest numerator / denominator of a numeric exponent.
MAX_EXPONENT = 64
#: Largest bit size of a number a power may create.
MAX_BITS = 20_000
#: Largest bit size of the numbers inside a root or a function argument (SymPy factors them).
MAX_ROOT_BITS = 256
#: Largest bound on the number of terms of an expression once expanded.
MAX_TERMS = 4096
#: Largest total of those bounds over all steps of one expression (bounds the parser's work).
MAX_WORK = 200_000

#: Functions of scalar arguments.
FUNCTIONS: dict[str, object] = {
    "exp": sp.exp,
    "sqrt": sp.sqrt,
    "sin": sp.sin,
    "cos": sp.cos,
    "conjugate": sp.conjugate,
}
#: Named constants.
CONSTANTS: dict[str, sp.Expr] = {"I": sp.I, "pi": sp.pi}
#: Names a parameter or mode may not take.
RESERVED: frozenset[str] = frozenset({*FUNCTIONS, *CONSTANTS, "dag"})

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_UNARY = {ast.UAdd: "+", ast.USub: "-"}
_REFUSED_NODES: dict[type, str] = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Slice: "slices are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Compare: "comparisons are not allowed",
    ast.BoolOp: "boolean operators are not allowed",
    ast.IfExp: "conditional expressions are not allowed",
    ast.NamedExpr: "assignments are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.List: "lists are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Starred: "starred arguments are not allowed",
}


class _Refusal(Exception):
    """Internal: a refusal at one node (turned into a ModelError by :func:`parse_expression`)."""

    def __init__(self, reason: str, node: ast.AST | None = None, token: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.node = node
        self.token = token


@dataclass(frozen=True)
class _Value:
    """A parsed sub-expression with the bounds that keep later steps cheap.

    Attributes:
        poly: the value as a normal-ordered polynomial (scalar: only the key ``()``).
        terms: upper bound on the number of terms of the expanded coefficients.
        bits: upper bound on the bit size of the numbers in it.
    """

    poly: Poly
    terms: int
    bits: int

    @property
    def scalar(self) -> bool:
        return is_scalar(self.poly)

    @property
    def value(self) -> sp.Expr:
        return scalar_value(self.poly)


def is_scalar(p: Mapping) -> bool:
    """``True`` when ``p`` has no operator part (a multiple of the identity, or zero)."""
    return all(k == ONE for k in p)


def scalar_value(p: Mapping) -> sp.Expr:
    """The coefficient of the identity of a scalar polynomial."""
    return p.get(ONE, sp.S.Zero)


def _scalar(c: sp.Expr) -> Poly:
    return {} if c == 0 else {ONE: c}


# Polynomial arithmetic without expansion: coefficients are combined by SymPy's automatic
# evaluation only and expanded once, at the end of parse_expression.  The bounds below make
# that single expansion cheap; repeated expansion of intermediate results would not be.


def _padd(x: Poly, y: Poly) -> Poly:
    out = dict(x)
    for k, c in y.items():
        out[k] = out[k] + c if k in out else c
    return {k: c for k, c in out.items() if c != 0}


def _pscale(c: sp.Expr, p: Poly) -> Poly:
    out = {k: c * v for k, v in p.items()}
    return {k: v for k, v in out.items() if v != 0}


def _pmul(x: Poly, y: Poly, two_level: frozenset[str] = frozenset()) -> Poly:
    acc: Poly = {}
    for k1, c1 in x.items():
        for k2, c2 in y.items():
            for w, k in key_product(k1, k2, two_level):
                term = w * c1 * c2
                acc[k] = acc[k] + term if k in acc else term
    return {k: c for k, c in acc.items() if c != 0}


def _pdagger(p: Poly) -> Poly:
    return {tuple((m, q, pp) for m, pp, q in k): sp.conjugate(c) for k, c in p.items()}


def _sat(n: int) -> int:
    """Saturate a bound just above its limit (keeps the integers small)."""
    return min(n, MAX_TERMS + 1)


def _pow_terms(terms: int, n: int) -> int:
    out = 1
    for _ in range(n):
        out = _sat(out * terms)
        if out > MAX_TERMS:
            break
    return out


def _short(token: str, limit: int = 80) -> str:
    token = " ".join(token.split())
    if len(token) <= limit:
        return token
    return f"{token[:60]}... ({len(token)} characters)"


def _number_bits(r: sp.Rational) -> int:
    return max(int(r.p).bit_length(), int(r.q).bit_length(), 1)


def _literal(node: ast.Constant, segment: str) -> _Value:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        kind = "strings" if isinstance(value, str | bytes) else f"{type(value).__name__} literals"
        raise _Refusal(f"{kind} are not allowed", node)
    if len(segment) > MAX_LITERAL_CHARS:
        raise _Refusal(f"numeric literal longer than {MAX_LITERAL_CHARS} characters", node)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Refusal("the number is not finite", node)
        frac = Fraction(repr(value))
        r = sp.Rational(frac.numerator, frac.denominator)
    else:
        r = sp.Integer(value)
    return _Value(_scalar(r), 1, _number_bits(r))


def _check_tree(tree: ast.Expression, names: set[str]) -> None:
    """Refuse any node outside the whitelist (before anything is evaluated)."""
    count = 0
    for node in ast.walk(tree):
        count += 1
        if count > MAX_NODES:
            raise _Refusal(f"expression has more than {MAX_NODES} syntax nodes", tree.body)
        if isinstance(node, ast.Expression | ast.Load) or type(node) in _BINOPS:
            continue
        if type(node) in _UNARY:
            continue
        if isinstance(node, ast.BinOp):
            if type(node.op) not in _BINOPS:
                raise _Refusal(
                    f"operator {type(node.op).__name__} is not allowed (use + - * / **)", node
                )
        elif isinstance(node, ast.UnaryOp):
            if type(node.op) not in _UNARY:
                raise _Refusal(
                    f"unary operator {type(node.op).__name__} is not allowed (use + or -)", node
                )
        elif isinstance(node, ast.Constant):
            continue  # checked when evaluated
        elif isinstance(node, ast.Call):
            func = node.func
            allowed = ", ".join(["dag", *FUNCTIONS])
            if not isinstance(func, ast.Name) or (func.id not in FUNCTIONS and func.id != "dag"):
                raise _Refusal(f"only the calls {allowed} are allowed", node)
            if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise _Refusal(f"{func.id}() takes exactly one positional argument", node)
        elif isinstance(node, ast.Name):
            if node.id in FUNCTIONS or node.id == "dag":
                continue  # a function name: its use is checked by the Call or at evaluation
            if node.id not in names and node.id not in CONSTANTS:
                raise _Refusal(
                    f"unknown name {node.id!r}: not a declared parameter or a mode", node
                )
        else:
            reason = _REFUSED_NODES.get(type(node), f"{type(node).__name__} is not allowed")
            raise _Refusal(reason, node)


def _children(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def _binop(node: ast.BinOp, x: _Value, y: _Value, two_level: frozenset[str]) -> _Value:
    op = type(node.op)
    if op in (ast.Add, ast.Sub):
        if op is ast.Sub:
            y = _Value(_pscale(sp.S.NegativeOne, y.poly), y.terms, y.bits)
        terms = _sat(x.terms + y.terms)
        if terms > MAX_TERMS:
            raise _Refusal("the sum would expand to too many terms", node)
        bits = x.bits + y.bits
        if x.scalar and y.scalar:
            return _Value(_scalar(x.value + y.value), terms, bits)
        return _Value(_padd(x.poly, y.poly), terms, bits)
    if op is ast.Mult:
        deg = degree(x.poly) + degree(y.poly)
        if deg > MAX_DEGREE:
            raise _Refusal(
                f"operator degree {deg} is above {MAX_DEGREE} (the most a model file may "
                "have: degree 4 with order set, quadratic for the exact Gaussian engine)",
                node,
            )
        terms = _sat(x.terms * y.terms)
        if terms > MAX_TERMS:
            raise _Refusal("the product would expand to too many terms", node)
        bits = x.bits + y.bits
        if x.scalar and y.scalar:
            return _Value(_scalar(x.value * y.value), terms, bits)
        return _Value(_pmul(x.poly, y.poly, two_level), terms, bits)
    if op is ast.Div:
        if not y.scalar:
            raise _Refusal("division by an operator expression is not allowed", node)
        if y.value == 0:
            raise _Refusal("division by zero", node)
        terms = _sat(x.terms * y.terms)
        if terms > MAX_TERMS:
            raise _Refusal("the quotient would expand to too many terms", node)
        inv = sp.Pow(y.value, -1)
        if x.scalar:
            return _Value(_scalar(x.value * inv), terms, x.bits + y.bits)
        return _Value(_pscale(inv, x.poly), terms, x.bits + y.bits)
    return _power(node, x, y, two_level)


def _power(node: ast.BinOp, base: _Value, expo: _Value, two_level: frozenset[str]) -> _Value:
    if not expo.scalar:
        raise _Refusal("an exponent cannot contain mode operators", node)
    e = expo.value
    if not base.scalar:
        if not (e.is_Integer and e >= 0):
            raise _Refusal("an operator can only be raised to a non-negative integer power", node)
        n = int(e) if abs(e) <= MAX_DEGREE else MAX_DEGREE + 1
        deg = degree(base.poly) * n
        if deg > MAX_DEGREE:
            raise _Refusal(
                f"operator degree {degree(base.poly)}*{e} is above {MAX_DEGREE} (the most a "
                "model file may have: degree 4 with order set, quadratic for the Gaussian engine)",
                node,
            )
        terms = _pow_terms(base.terms, n)
        if terms > MAX_TERMS:
            raise _Refusal("the power would expand to too many terms", node)
        out: Poly = {ONE: sp.S.One}
        for _ in range(n):
            out = _pmul(out, base.poly, two_level)
        return _Value(out, terms, base.bits * max(n, 1))
    if not e.is_Rational:
        raise _Refusal("an exponent must be a number (write exp(x) for symbolic powers)", node)
    if abs(e.p) > MAX_EXPONENT or e.q > MAX_EXPONENT:
        raise _Refusal(
            f"exponent {e} is too large (numerator and denominator at most {MAX_EXPONENT})", node
        )
    b = base.value
    if b == 0 and e <= 0:
        raise _Refusal("zero to a non-positive power", node)
    if e.q != 1 and base.bits > MAX_ROOT_BITS:
        raise _Refusal(f"root of a number with more than {MAX_ROOT_BITS} bits", node)
    n = math.ceil(abs(e))
    bits = base.bits * max(n, 1) + expo.bits
    if bits > MAX_BITS:
        raise _Refusal("the power would create too large a number", node)
    terms = _pow_terms(base.terms, n)
    if terms > MAX_TERMS:
        raise _Refusal("the power would expand to too many terms", node)
    return _Value(_scalar(sp.Pow(b, e)), terms, bits)


def _call(node: ast.Call, arg: _Value) -> _Value:
    name = node.func.id  # type: ignore[attr-defined]  # checked in _check_tree
    if name == "dag":
        if arg.scalar:
            return _Value(_scalar(sp.conjugate(arg.value)), arg.terms, arg.bits)
        return _Value(_pdagger(arg.poly), arg.terms, arg.bits)
    if not arg.scalar:
        raise _Refusal(f"{name}() of an operator expression is not allowed", node)
    if arg.bits > MAX_ROOT_BITS and name != "conjugate":
        raise _Refusal(f"{name}() of a number with more than {MAX_ROOT_BITS} bits", node)
    return _Value(_scalar(FUNCTIONS[name](arg.value)), arg.terms, arg.bits)  # type: ignore[operator]


def _segment(text: str, node: ast.AST) -> str:
    """Source text of ``node`` in the one-line ``text`` (offsets are UTF-8 byte columns; this is
    :func:`ast.get_source_segment` without its per-call line splitting)."""
    data = text.encode("utf-8")
    start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
    if start is None or end is None:
        return ""
    return data[start:end].decode("utf-8", "replace")


def _family(node: ast.AST) -> str | None:
    """Associative family of a node (sums and products flatten in SymPy: no extra depth)."""
    while isinstance(node, ast.UnaryOp):
        node = node.operand
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
        return "add"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult | ast.Div):
        return "mul"  # x/y is Mul(x, Pow(y, -1)): the numerator flattens
    return None


def _evaluate(
    tree: ast.Expression,
    text: str,
    parameters: Mapping[str, sp.Symbol],
    modes: Sequence[str],
    two_level: frozenset[str] = frozenset(),
) -> _Value:
    """Post-order evaluation with an explicit stack (no recursion, whatever the nesting)."""
    values: dict[int, _Value] = {}
    depths: dict[int, int] = {}
    calls: dict[int, int] = {}
    work = 0
    stack: list[tuple[ast.AST, bool]] = [(tree.body, False)]
    while stack:
        node, ready = stack.pop()
        if not ready:
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(_children(node)))
            continue
        children = _children(node)
        args = [values.pop(id(c)) for c in children]
        family = _family(node)
        depth = 0
        for i, c in enumerate(children):
            dc = depths.pop(id(c))
            flat = isinstance(node, ast.UnaryOp) or (family is not None and _family(c) == family)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and i == 1:
                flat = False
            depth = max(depth, dc if flat else dc + 1)
        if depth > MAX_NESTING:
            raise _Refusal(f"expression nested more than {MAX_NESTING} levels deep", node)
        depths[id(node)] = depth
        nested = max((calls.pop(id(c)) for c in children), default=0)
        if isinstance(node, ast.Call) and node.func.id in ("exp", "sin", "cos", "sqrt"):  # type: ignore[attr-defined]
            nested += 1
            if nested > MAX_FUNCTION_NESTING:
                raise _Refusal(
                    f"functions nested more than {MAX_FUNCTION_NESTING} levels deep", node
                )
        calls[id(node)] = nested
        if isinstance(node, ast.Constant):
            segment = _segment(text, node) or repr(node.value)
            value = _literal(node, segment)
        elif isinstance(node, ast.Name):
            if node.id in parameters:
                value = _Value({ONE: parameters[node.id]}, 1, 1)
            elif node.id in modes:
                value = _Value(ladder(node.id), 1, 1)
            elif node.id in CONSTANTS:
                value = _Value({ONE: CONSTANTS[node.id]}, 1, 2)
            elif node.id in FUNCTIONS or node.id == "dag":
                raise _Refusal(f"{node.id} is a function: call it as {node.id}(...)", node)
            else:  # pragma: no cover - refused by _check_tree
                raise _Refusal(f"unknown name {node.id!r}", node)
        elif isinstance(node, ast.UnaryOp):
            (x,) = args
            if isinstance(node.op, ast.USub):
                poly = _pscale(sp.S.NegativeOne, x.poly)
                value = _Value(poly, x.terms, x.bits)
            else:
                value = x
        elif isinstance(node, ast.BinOp):
            value = _binop(node, *args, two_level)
        elif isinstance(node, ast.Call):
            value = _call(node, *args)
        else:  # pragma: no cover - refused by _check_tree
            raise _Refusal(f"{type(node).__name__} is not allowed", node)
        if value.scalar and value.value.is_Rational:
            value = _Value(value.poly, 1, _number_bits(value.value))
        work += value.terms
        if work > MAX_WORK:
            raise _Refusal("the expression needs too much algebra", node, token=None)
        values[id(node)] = value
    return values[id(tree.body)]


def _longest_chain(text: str) -> int:
    """The most operator tokens between one pair of parentheses (unary signs included)."""
    counts, longest = [0], 0
    for ch in re.finditer(r"\*\*|[-+*/()]", text):
        tok = ch.group()
        if tok == "(":
            counts.append(0)
        elif tok == ")":
            longest = max(longest, counts.pop() if len(counts) > 1 else counts[0])
        else:
            counts[-1] += 1
    return max(longest, *counts)


def _parse(text: str) -> ast.Expression:
    """``ast.parse`` with room for :data:`MAX_CHAIN`-long chains whatever the caller's stack
    depth (the parser's limit counts from the current depth, which would make the refusal of a
    long expression depend on where it is parsed)."""
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, depth + MAX_CHAIN // 2 + 200))
    try:
        return ast.parse(text, mode="eval")
    finally:
        sys.setrecursionlimit(old)


def parse_expression(
    text: str,
    *,
    parameters: Mapping[str, sp.Symbol],
    modes: Sequence[str],
    where: str,
    two_level: Sequence[str] = (),
) -> Poly:
    r"""Parse one model-file expression into a normal-ordered polynomial.

    Args:
        text: the expression, e.g. ``"J*(exp(I*theta)*dag(a)*b + exp(-I*theta)*dag(b)*a)"``.
        parameters: declared parameter names and their SymPy symbols.
        modes: mode names (each stands for its annihilation operator).
        where: ``"FILE: KEY"``, the start of every error message.
        two_level: the modes that are two-level systems (:math:`q^2 = 0`, :math:`qq^\dagger =
            1 - q^\dagger q`; see :mod:`nrqb_sym.model.algebra`).

    Returns:
        ``{monomial: coefficient}``; a scalar expression gives ``{(): value}`` (or ``{}`` for 0).
        Scalar coefficients are left as SymPy builds them (``kappa*(n + 1)`` stays factored);
        coefficients of operator monomials are expanded.

    Raises:
        ModelError: ``"FILE: KEY: reason at 'TOKEN'"`` for anything outside the whitelist or the
            bounds of the module docstring.
    """
    from .spec import ModelError  # spec imports this module

    def refuse(reason: str, token: str) -> ModelError:
        return ModelError(f"{where}: {reason} at {_short(token)!r}")

    if not isinstance(text, str):
        raise ModelError(f"{where}: expected a string expression at {_short(repr(text))!r}")
    if len(text) > MAX_TEXT:
        raise refuse(f"expression longer than {MAX_TEXT} characters", text)
    text = " ".join(text.split())  # one line: TOML multi-line strings are allowed
    if not text:
        raise refuse("empty expression", text)
    # Names, numbers and operators each make at least one syntax node: refusing by this count
    # before parsing makes the refusal of long expressions independent of the stack depth at
    # which ast.parse happens to run.
    if len(_TOKENS.findall(text)) > MAX_NODES:
        raise refuse(f"expression has more than {MAX_NODES} syntax nodes", text)
    if _longest_chain(text) > MAX_CHAIN:
        raise refuse(
            f"expression too deeply nested or too large (more than {MAX_CHAIN} operators "
            "between one pair of parentheses)",
            text,
        )
    try:
        tree = _parse(text)
    except SyntaxError as exc:
        line = (exc.text or text).strip() or text
        msg = exc.msg if len(exc.msg) <= 60 else exc.msg.split(":")[0]
        reason = f"syntax error ({msg})"
        if exc.offset and exc.text:
            start = max(exc.offset - 1, 0)
            line = exc.text[start:].strip() or line
        raise refuse(reason, line) from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        raise refuse("expression too deeply nested or too large", text) from None
    names = set(parameters) | set(modes)
    try:
        _check_tree(tree, names)
        value = _evaluate(tree, text, parameters, modes, frozenset(two_level))
        # The one expansion, bounded by MAX_TERMS terms in all.
        expanded = {k: sp.expand(c) for k, c in value.poly.items()}
    except _Refusal as r:
        token = r.token
        if token is None and r.node is not None:
            token = _segment(text, r.node)
        raise refuse(r.reason, token or text) from None
    except RecursionError:
        raise refuse("expression too deeply nested", text) from None
    except (ArithmeticError, MemoryError, TypeError, ValueError):
        raise refuse("SymPy cannot evaluate this expression", text) from None
    for c in expanded.values():
        if c.has(sp.zoo, sp.oo, -sp.oo, sp.nan):
            raise refuse("division by zero", text)
    if value.scalar:
        return {} if not expanded or expanded[ONE] == 0 else dict(value.poly)
    return {k: c for k, c in expanded.items() if c != 0}
