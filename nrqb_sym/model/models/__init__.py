"""Model files shipped with the package (TOML)."""
