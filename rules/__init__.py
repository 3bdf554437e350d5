"""The bundled rule sets (the top-level rules/ folder of the source tree)."""
