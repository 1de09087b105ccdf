"""`make check`: every problem in content/, one `file:line: message` line each.

Run as `python -m plugins.content_format.check [CONTENT]`; exits 1 when there is
a problem, 0 when the content is valid.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .validation import check_content


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    content = Path(arguments[0] if arguments else "content")
    if not content.is_dir():
        print(f"{content}: no such content folder", file=sys.stderr)
        return 2
    problems = check_content(content)
    for problem in problems:
        print(problem)
    count = len(problems)
    print(
        f"{content}: {'no problems' if not count else f'{count} problem' + ('s' * (count != 1))}",
        file=sys.stderr,
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
