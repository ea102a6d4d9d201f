# GENERATED FILE - DO NOT EDIT.
# Contents: package marker of the generated kernels.
# Produced by nrqb_sym.codegen from the model nrqb_sym.model.three_mode_model
# through the pipeline model -> elimination -> moments -> nonreciprocity -> solutions ->
# spectrum.
# Model+pipeline hash: sha256:c22eec86c585741d94e649170cac88b5ff393e499ad065c85832e092a9f327d3
# SymPy 1.14.0.
# Regenerate with: nrqb generate    (check with: nrqb generate --check)
# ruff: noqa
"""Generated Numba kernels of nrqb-sym (see ``nrqb generate``)."""

PIPELINE_HASH = "c22eec86c585741d94e649170cac88b5ff393e499ad065c85832e092a9f327d3"
