# GENERATED FILE - DO NOT EDIT.
# Contents: package marker of the generated kernels.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.core.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:e129326810c1a8e1aeb0648f2ad37341dfa583f8276c32524ad74e3cf9315322
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of nrqb-sym (see ``nrqb generate``)."""

PIPELINE_HASH = "e129326810c1a8e1aeb0648f2ad37341dfa583f8276c32524ad74e3cf9315322"
