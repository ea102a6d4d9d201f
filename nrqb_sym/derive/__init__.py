"""The derivation stages, one module per stage, each a pure SymPy computation on a model."""
