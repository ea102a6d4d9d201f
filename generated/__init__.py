# GENERATED FILE - DO NOT EDIT.
# Contents: package marker of the generated kernels.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:6d70e0b1b1a376375d3ad819a1b8dcea8a2e7f102c024b7884ad4a44c8e75454
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of nrqb-sym (see ``nrqb generate``)."""

PIPELINE_HASH = "6d70e0b1b1a376375d3ad819a1b8dcea8a2e7f102c024b7884ad4a44c8e75454"
