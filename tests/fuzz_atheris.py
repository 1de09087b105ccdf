"""Coverage-guided fuzzing of one reader with atheris (libFuzzer), for long sessions.

atheris is not a requirement of the project: install it into the venv first
(`.venv/bin/pip install atheris`). Then, for example:

    .venv/bin/python tests/fuzz_atheris.py wxr -max_total_time=3600 -artifact_prefix=/tmp/

The first argument is the reader (text, ning, wordpress, generic, wxr, disqus,
ning-json); the rest go to libFuzzer. The fuzz target is the property of
tests/test_fuzz.py (`assert_read_safely`): a Reading or a ReaderError, within the
time limit, and safe once rendered. The seeds of test_fuzz.py start the corpus. A
crash leaves its input in the artifact folder: keep it in
tests/fixtures/hostile/regressions/ (docs/fuzzing.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

import atheris  # noqa: E402

with atheris.instrument_imports(include=["importer"]):
    from importer.readers import Document
    from tests.test_fuzz import NAMES, READER, SEEDS, assert_read_safely


def main() -> None:
    reader_name = sys.argv.pop(1) if len(sys.argv) > 1 else "text"
    reader, name = READER[reader_name], NAMES[reader_name]
    corpus = ROOT / ".hypothesis" / "atheris-corpus" / reader_name  # ignored by git
    corpus.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(SEEDS[reader_name]):
        (corpus / f"seed-{number}").write_bytes(seed)

    def target(data: bytes) -> None:
        assert_read_safely(reader, Document(path=name, content=data))

    atheris.Setup([sys.argv[0], str(corpus), *sys.argv[1:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
