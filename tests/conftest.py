from pathlib import Path

import pytest

from importer.readers import Document, reader_for

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "sources" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NING_SEED = SEEDS / "000_e56dc972e6e23ac4.txt"
WORDPRESS_SEED = SEEDS / "004_7d2cc06d2bd2a3e7.txt"


def read_capture(path: Path, name: str | None = None):
    document = Document(path=name or path.name, content=Path(path).read_bytes())
    reader = reader_for(document)
    assert reader is not None, f"no reader for {path}"
    return reader.read(document)


@pytest.fixture
def ning_seed():
    return read_capture(NING_SEED)


@pytest.fixture
def wordpress_seed():
    return read_capture(WORDPRESS_SEED)
