"""The bundled synthetic sample corpus (see data/sample_corpus/README.md)."""
from importlib import resources
from pathlib import Path


def corpus_path() -> Path:
    """Folder of the synthetic sample articles shipped with the package."""
    return Path(str(resources.files("communique.data").joinpath("sample_corpus")))
