"""spaCy without its command line: `import spacy` runs `from .cli.info import info`, and spacy/cli
imports every CLI command with typer, weasel, httpx and more (about a fifth of importing spaCy),
none of which psedcheck uses.

`install()` puts a finder first on sys.meta_path that acts only while spaCy's own __init__ runs and
only on `spacy.cli` and its submodules: they are created from their real specs (real __path__,
__file__, loader) but not executed. A name imported from one of them during spaCy's import
(`info`) becomes a forwarder that executes the real module on its first call; any other attribute
asked of them executes the real module on the spot (PEP 562 module __getattr__). So `spacy.info()`,
`import spacy.cli` and `python -m spacy` behave as before, only later; and should a spaCy upgrade
import something else from its CLI, that import simply runs the real module: slower, never wrong.
tests/test_startup.py checks in a real `python -m psedcheck` that typer, weasel and httpx stay out.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types

CLI = "spacy.cli"


def _spacy_initializing() -> bool:
    """True while spacy/__init__.py runs (the import system marks a module being executed)."""
    spacy = sys.modules.get("spacy")
    return spacy is not None and bool(getattr(getattr(spacy, "__spec__", None), "_initializing", False))


def _execute(module: types.ModuleType) -> None:
    """Runs the real code of a deferred module into it, once; a deferred package's __init__ first, as
    an import without deferral would (spacy/cli/__init__ rebinds names its submodules also bear)."""
    parent = sys.modules.get(module.__name__.rpartition(".")[0])
    if parent is not None and "_lean_loader" in parent.__dict__:
        _execute(parent)
    loader = module.__dict__.pop("_lean_loader", None)
    if loader is not None:
        module.__dict__.pop("__getattr__", None)
        loader.exec_module(module)


def _deferred_getattr(module: types.ModuleType):
    def __getattr__(name: str):
        if name.startswith("__"):  # import machinery and tools probing dunders: no reason to run the CLI
            raise AttributeError(name)
        if _spacy_initializing():
            return _forwarder(module, name)
        _execute(module)
        return getattr(module, name)

    return __getattr__


def _forwarder(module: types.ModuleType, name: str):
    def forward(*args, **kwargs):
        if "__getattr__" in module.__dict__:
            _execute(module)
        return getattr(module, name)(*args, **kwargs)

    forward.__name__ = forward.__qualname__ = name
    forward.__doc__ = f"spacy.cli's {name}, loaded on first call (psedcheck.engine.lean_spacy)."
    return forward


class _DeferredLoader(importlib.abc.Loader):
    def __init__(self, real: importlib.abc.Loader):
        self.real = real

    def create_module(self, spec):
        return None  # a plain module; the import system sets __spec__, __path__, __file__ from the spec

    def exec_module(self, module: types.ModuleType) -> None:
        module.__spec__.loader = self.real  # importlib.reload or a later look at the spec sees the real loader
        module.__loader__ = self.real
        module.__dict__["_lean_loader"] = self.real
        module.__dict__["__getattr__"] = _deferred_getattr(module)


class _CliFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if not (name == CLI or name.startswith(CLI + ".")) or not _spacy_initializing():
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        spec.loader = _DeferredLoader(spec.loader)
        return spec


_FINDER = _CliFinder()


def install() -> None:
    """Idempotent; costs nothing until spaCy is imported, and nothing once it has been."""
    if "spacy" in sys.modules and not _spacy_initializing():
        return  # spaCy is already in, with its CLI
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
