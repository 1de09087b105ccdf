"""Measure the import and the build on a synthetic network, in one run.

    .venv/bin/python -m bench.run                 # 10,000 posts (make bench)
    .venv/bin/python -m bench.run --posts 500     # the small size CI runs
    .venv/bin/python -m bench.run --posts 2000 --profile /tmp/profiles

Generates the network (bench/generate.py) into a work folder, then runs each step as
a child process and records its wall time, its CPU time (user + system) and its peak
memory (maximum resident set size, from the child's own rusage through os.wait4,
which covers the child's children too, such as Pagefind):

1. import the WARC, and import the mirror (pages per second: HTML pages read);
2. build the imported content with the repository's pelicanconf.py (the full build,
   search indexing included when the `search` plugin is on);
3. Pagefind alone on the built site, to show the search indexing's share;
4. plain Pelican on the same posts without reactions (default theme, no plugins,
   Pelican's own Markdown reader): the yardstick for the build;
5. a build with Pelican's content cache on, then one post's body changed, then the
   rebuild (timed);
6. the output's size and file count.

The result is printed as Markdown tables and written as JSON (--json). The work
folder is a temporary one, on /dev/shm when there is one (so the disk is not what is
measured), removed at the end unless --keep or --work is given. A
step that fails, or an import that does not give every post and reaction generated,
stops the run with exit status 1: CI runs the small size so the benchmark stays
working.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import generate

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "import_pages_per_second": 150,
    "build_vs_plain": 1.3,
    "rebuild_vs_build": 0.25,
    "peak_memory_mb": 2048,
}


class BenchError(RuntimeError):
    pass


@dataclass
class Step:
    name: str
    command: list[str]
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_mb: float = 0.0
    load_before: float = 0.0
    log: str = ""
    extra: dict = field(default_factory=dict)


class Bench:
    def __init__(self, work: Path, posts: int, people: int | None, seed: int, echo=print):
        self.work = work
        self.posts = posts
        self.people = people
        self.seed = seed
        self.echo = echo
        self.python = sys.executable
        self.steps: dict[str, Step] = {}
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = os.environ | {"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}

    # -- running a step ------------------------------------------------------------

    def run(self, name: str, command: list[str], cwd: Path) -> Step:
        step = Step(name, [str(part) for part in command], load_before=os.getloadavg()[0])
        log_path = self.logs / f"{name}.log"
        step.log = str(log_path)
        self.echo(f"[bench] {name} ...")
        with log_path.open("wb") as log:
            started = time.perf_counter()
            process = subprocess.Popen(
                step.command, cwd=cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
            _, status, usage = os.wait4(process.pid, 0)
            step.wall_s = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        step.cpu_s = usage.ru_utime + usage.ru_stime
        step.peak_mb = usage.ru_maxrss / 1024
        self.echo(
            f"[bench] {name}: {step.wall_s:.1f} s wall, {step.cpu_s:.1f} s CPU, "
            f"{step.peak_mb:.0f} MB peak"
        )
        if process.returncode != 0:
            tail = log_path.read_text("utf-8", errors="replace")[-3000:]
            raise BenchError(f"{name} failed (exit {process.returncode}):\n{tail}")
        self.steps[name] = step
        return step

    def pelican(self, content: Path, output: Path, settings: Path, *extra: str) -> list[str]:
        command = [self.python, "-m", "pelican", content, "-o", output, "-s", settings]
        return command + (["-e", *extra] if extra else [])

    # -- the steps -----------------------------------------------------------------

    def generate(self, parts: tuple[str, ...] = ("mirror", "warc", "plain")) -> dict:
        self.echo(f"[bench] generating {self.posts} posts into {self.work}: {', '.join(parts)}")
        started = time.perf_counter()
        data = generate.generate(self.work, self.posts, self.people, self.seed, parts)
        data["timings"]["total"] = time.perf_counter() - started
        return data

    def imports(self, manifest: dict) -> None:
        pages = manifest["post_pages"] + manifest["list_pages"]
        for name, source, content in (
            ("import_warc", "network.warc.gz", "content-warc"),
            ("import_mirror", "mirror", "content"),
        ):
            shutil.rmtree(self.work / content, ignore_errors=True)
            command = [self.python, "-m", "importer", "import", source, "--content", content]
            command += ["--report", f"{content}-report.json"]
            step = self.run(name, command, cwd=self.work)
            step.extra["pages"] = pages
            step.extra["pages_per_s"] = pages / step.wall_s
            step.extra["pages_per_cpu_s"] = pages / step.cpu_s
            self.check_content(self.work / content, manifest)

    def check_content(self, content: Path, manifest: dict) -> None:
        """Every generated post and reaction is in the imported content."""
        posts = reactions = 0
        for path in (content / "posts").glob("*/*.md"):
            posts += 1
            reactions_file = path.with_name(path.stem + ".reactions.yml")
            reactions += reactions_file.read_text("utf-8").count("\n- id: ")
        if (posts, reactions) != (manifest["posts"], manifest["reactions"]):
            raise BenchError(
                f"{content.name}: {posts} posts and {reactions} reactions imported, "
                f"{manifest['posts']} and {manifest['reactions']} generated"
            )

    def build(self) -> None:
        settings = ROOT / "pelicanconf.py"
        output = self.work / "out"
        self.run("build", self.pelican(self.work / "content", output, settings), cwd=ROOT)
        step = self.steps["build"]
        bundle = output / _bundle_dir(self.work / "logs" / "build.log")
        step.extra["search_in_build"] = bundle.is_dir()
        files = [path for path in output.rglob("*") if path.is_file()]
        step.extra["output_files"] = len(files)
        step.extra["output_mb"] = sum(path.stat().st_size for path in files) / 2**20
        if bundle.is_dir():
            search = [path for path in bundle.rglob("*") if path.is_file()]
            step.extra["search_files"] = len(search)
            step.extra["search_mb"] = sum(path.stat().st_size for path in search) / 2**20

    def search(self) -> None:
        """Pagefind alone on the built site, into a folder of its own (then removed)."""
        try:
            executable = _pagefind()
        except BenchError as error:
            self.echo(f"[bench] search: skipped ({error})")
            return
        output = self.work / "out"
        command = [executable, "--site", output, "--output-subdir", "pagefind-bench"]
        command += ["--keep-index-url", "--glob", _indexed_files()]
        self.run("search", command, cwd=output)
        shutil.rmtree(output / "pagefind-bench", ignore_errors=True)

    def plain(self) -> None:
        plain = self.work / "plain"
        command = self.pelican(plain / "content", self.work / "out-plain", plain / "pelicanconf.py")
        self.run("plain_build", command, cwd=plain)
        files = [path for path in (self.work / "out-plain").rglob("*") if path.is_file()]
        self.steps["plain_build"].extra["output_files"] = len(files)
        self.steps["plain_build"].extra["output_mb"] = (
            sum(path.stat().st_size for path in files) / 2**20
        )

    def rebuild(self) -> None:
        settings = ROOT / "pelicanconf.py"
        cache = [
            "CACHE_CONTENT=true",
            "LOAD_CONTENT_CACHE=true",
            f'CACHE_PATH="{self.work / "cache"}"',
        ]
        output = self.work / "out-cached"
        command = self.pelican(self.work / "content", output, settings, *cache)
        self.run("cache_fill_build", command, cwd=ROOT)
        changed = _change_one_post(self.work / "content")
        self.run("rebuild", command, cwd=ROOT)
        self.steps["rebuild"].extra["changed"] = changed.relative_to(self.work).as_posix()

    # -- profiles ------------------------------------------------------------------

    def profile(self, folder: Path, manifest: dict) -> dict:
        """The import of the mirror and the full build, each once under cProfile."""
        folder.mkdir(parents=True, exist_ok=True)
        summaries = {}
        runs = {
            "import": (
                ["-m", "importer", "import", "mirror", "--content", "content-profile"],
                self.work,
            ),
            "build": (
                [
                    "-m",
                    "pelican",
                    self.work / "content",
                    "-o",
                    self.work / "out-profile",
                    "-s",
                    ROOT / "pelicanconf.py",
                ],
                ROOT,
            ),
        }
        for name, (arguments, cwd) in runs.items():
            shutil.rmtree(self.work / "content-profile", ignore_errors=True)
            data = folder / f"{name}.prof"
            command = [self.python, "-m", "cProfile", "-o", data, *arguments]
            self.run(f"profile_{name}", command, cwd=cwd)
            text = hot_spots(data)
            (folder / f"{name}.txt").write_text(text, "utf-8")
            summaries[name] = str(folder / f"{name}.txt")
            self.echo(f"[bench] profile of the {name}: {data} (summary {name}.txt)")
        return summaries


def _bundle_dir(log: Path) -> str:
    """Where the search plugin wrote its bundle (SEARCH_BUNDLE_DIR), default pagefind."""
    match = re.search(r"indexed \d+ pages? into (\S+?)/?$", log.read_text("utf-8"), re.M)
    return match.group(1) if match else "pagefind"


def _indexed_files() -> str:
    """The files the search plugin has Pagefind read, for the repository's settings."""
    from pelican.settings import read_settings

    sys.path.insert(0, str(ROOT / "plugins"))
    from search import indexed_files

    return indexed_files(read_settings(str(ROOT / "pelicanconf.py")))


def _pagefind() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise BenchError("Pagefind is not installed") from None
    executable = get_executable()
    if not executable or not Path(executable).is_file():
        raise BenchError("Pagefind's binary was not found")
    return str(executable)


def _scratch() -> str | None:
    """A memory file system for the work folder when there is one (/dev/shm), so that
    the numbers measure the software and not the disk; else the usual temp folder."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def _change_one_post(content: Path) -> Path:
    """Add a sentence to the body of the post in the middle of the archive."""
    posts = sorted((content / "posts").glob("*/*.md"))
    post = posts[len(posts) // 2]
    text = post.read_text("utf-8")
    post.write_text(text + "\nBijgewerkt voor de benchmark: één zin erbij.\n", "utf-8")
    return post


def hot_spots(data: Path, count: int = 30) -> str:
    """The functions with the most cumulative and the most own time, with their share."""
    stats = pstats.Stats(str(data))
    total = max(stats.total_tt, 1e-9)
    rows = []
    for (filename, line, function), (_, calls, own, cumulative, _) in stats.stats.items():
        where = _short(filename, line, function)
        rows.append((cumulative, own, calls, where))
    lines = [f"total {total:.1f} s (profiled; cProfile slows Python code down)", ""]
    lines.append("by cumulative time (share of the total, own time, calls)")
    for cumulative, own, calls, where in sorted(rows, reverse=True)[:count]:
        lines.append(
            f"  {100 * cumulative / total:5.1f} %  {cumulative:8.1f} s  own {own:7.1f} s"
            f"  {calls:>9}  {where}"
        )
    lines += ["", "by own time"]
    for cumulative, own, calls, where in sorted(rows, key=lambda row: -row[1])[:count]:
        lines.append(
            f"  {100 * own / total:5.1f} %  {own:8.1f} s  cumulative {cumulative:7.1f} s"
            f"  {calls:>9}  {where}"
        )
    return "\n".join(lines) + "\n"


def _short(filename: str, line: int, function: str) -> str:
    if filename == "~":
        return function
    path = filename.replace(str(ROOT) + "/", "")
    path = re.sub(r".*/site-packages/", "", path)
    path = re.sub(r".*/lib/python3\.\d+/", "", path)
    return f"{path}:{line}({function})"


# -- facts and the report -----------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    with_memory = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                with_memory = int(line.split()[1]) // 1024
    except OSError:
        pass
    try:
        pagefind = metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        pagefind = None
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": with_memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pelican": metadata.version("pelican"),
        "pagefind": pagefind,
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }


def summary(bench: Bench, manifest: dict, facts: dict) -> dict:
    steps = bench.steps
    result: dict = {"machine": facts, "network": _network(manifest), "steps": {}}
    for name, step in steps.items():
        result["steps"][name] = asdict(step)
    targets = {}
    imports = [steps[name] for name in ("import_warc", "import_mirror") if name in steps]
    if imports:
        slowest = min(step.extra["pages_per_s"] for step in imports)
        targets["import_pages_per_second"] = _target(
            slowest, TARGETS["import_pages_per_second"], ">="
        )
    if "build" in steps and "plain_build" in steps:
        ratio = steps["build"].wall_s / steps["plain_build"].wall_s
        targets["build_vs_plain"] = _target(ratio, TARGETS["build_vs_plain"], "<=")
        targets["build_vs_plain"]["cpu_ratio"] = round(
            steps["build"].cpu_s / steps["plain_build"].cpu_s, 2
        )
    if "build" in steps and "rebuild" in steps:
        ratio = steps["rebuild"].wall_s / steps["build"].wall_s
        targets["rebuild_vs_build"] = _target(ratio, TARGETS["rebuild_vs_build"], "<=")
        targets["rebuild_vs_build"]["cpu_ratio"] = round(
            steps["rebuild"].cpu_s / steps["build"].cpu_s, 2
        )
    measured = [step.peak_mb for name, step in steps.items() if not name.startswith("profile")]
    if measured:
        targets["peak_memory_mb"] = _target(max(measured), TARGETS["peak_memory_mb"], "<")
    result["targets"] = targets
    return result


def _network(manifest: dict) -> dict:
    return {key: value for key, value in manifest.items() if key != "reactions_by_post"}


def _target(measured: float, target: float, relation: str) -> dict:
    met = {
        ">=": measured >= target,
        "<=": measured <= target,
        "<": measured < target,
    }[relation]
    return {"measured": round(measured, 3), "target": f"{relation} {target}", "met": met}


LABELS = {
    "import_warc": "Import from the WARC",
    "import_mirror": "Import from the mirror",
    "build": "Full build (pelicanconf.py)",
    "search": "of which search indexing (Pagefind alone)",
    "plain_build": "Plain Pelican build (no reactions)",
    "cache_fill_build": "Build filling the content cache",
    "rebuild": "Rebuild after one changed post (cache on)",
}


def markdown(result: dict) -> str:
    facts, net, steps = result["machine"], result["network"], result["steps"]
    lines = [
        f"Measured {facts['date']} on {facts['cpu']}, {facts['cores']} cores, "
        f"{facts['memory_mb'] / 1024:.0f} GB RAM; Python {facts['python']}, "
        f"Pelican {facts['pelican']}, Pagefind {facts['pagefind'] or 'not installed'}; "
        f"load average {facts['load_average_at_start']} at the start.",
        "",
        f"Network: {net['posts']:,} posts ({net['blog_posts']:,} blog, "
        f"{net['forum_discussions']:,} forum), {net['reactions']:,} reactions "
        f"(mean {net['reactions_per_post']['mean']}, median "
        f"{net['reactions_per_post']['median']}, max {net['reactions_per_post']['max']} "
        f"per post), {net['people']:,} people, {net['post_pages'] + net['list_pages']:,} "
        f"HTML pages, {net['images']:,} images.",
        "",
        "| step | wall time | CPU time | peak memory | notes |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, label in LABELS.items():
        if name not in steps:
            continue
        step = steps[name]
        lines.append(
            f"| {label} | {step['wall_s']:.1f} s | {step['cpu_s']:.1f} s | "
            f"{step['peak_mb']:,.0f} MB | {_notes(name, step, steps)} |"
        )
    lines += ["", "| target | measured | met |", "| --- | --- | --- |"]
    names = {
        "import_pages_per_second": "import ≥ 150 pages/s (the slower of WARC and mirror)",
        "build_vs_plain": "full build ≤ 1.3 × plain Pelican",
        "rebuild_vs_build": "rebuild after one changed post ≤ ¼ of a full build",
        "peak_memory_mb": "peak memory < 2 GB (any step)",
    }
    for key, label in names.items():
        target = result["targets"].get(key)
        if target is None:
            continue
        value = target["measured"]
        if key == "import_pages_per_second":
            shown = f"{value:.1f} pages/s"
        elif key == "peak_memory_mb":
            shown = f"{value:,.0f} MB"
        else:
            shown = f"{value:.2f} × (CPU time: {target['cpu_ratio']:.2f} ×)"
        lines.append(f"| {label} | {shown} | {'yes' if target['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def _notes(name: str, step: dict, steps: dict) -> str:
    extra = step["extra"]
    if name.startswith("import"):
        return f"{extra['pages_per_s']:.1f} pages/s ({extra['pages_per_cpu_s']:.1f} per CPU second)"
    if name == "build":
        search = "search index included" if extra.get("search_in_build") else "no search plugin"
        out = f"output {extra['output_mb']:.0f} MB in {extra['output_files']:,} files"
        if extra.get("search_in_build"):
            out += f" (search bundle {extra['search_mb']:.0f} MB, {extra['search_files']:,} files)"
        return f"{search}; {out}"
    if name == "search":
        build = steps.get("build")
        share = f"{100 * step['wall_s'] / build['wall_s']:.0f} % of the build" if build else ""
        return share
    if name == "plain_build":
        return f"output {extra['output_mb']:.0f} MB in {extra['output_files']:,} files"
    if name == "rebuild":
        return f"changed {extra['changed']}"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=generate.DEFAULT_POSTS)
    parser.add_argument("--people", type=int, help="members (scaled with --posts by default)")
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--work", type=Path, help="work folder (kept); default a temporary one")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument(
        "--json",
        type=Path,
        help="write the numbers here (default: bench-results-POSTS.json beside the work folder)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the tables here")
    parser.add_argument("--profile", type=Path, help="profile the import and the build into here")
    parser.add_argument(
        "--skip",
        default="",
        help="steps to leave out, comma-separated: imports, search, plain, rebuild",
    )
    args = parser.parse_args(argv)
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}

    temporary = args.work is None
    work = args.work or Path(tempfile.mkdtemp(prefix=f"bench-{args.posts}-", dir=_scratch()))
    work.mkdir(parents=True, exist_ok=True)
    json_path = args.json or work.parent / f"bench-results-{args.posts}.json"
    bench = Bench(work.resolve(), args.posts, args.people, args.seed)
    facts = machine()
    try:
        if "imports" in skip:
            # content/ straight from the model: the same files an import of the mirror gives
            manifest = bench.generate(("content", "plain"))
        else:
            manifest = bench.generate()
            bench.imports(manifest)
        bench.build()
        if "search" not in skip:
            bench.search()
        if "plain" not in skip:
            bench.plain()
        if "rebuild" not in skip:
            bench.rebuild()
        result = summary(bench, manifest, facts)
        result["generation_s"] = {k: round(v, 2) for k, v in manifest["timings"].items()}
        if args.profile:
            result["profiles"] = bench.profile(args.profile.resolve(), manifest)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        print(f"bench: work folder kept: {work}", file=sys.stderr)
        return 1
    result["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    json_path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    table = markdown(result)
    if args.markdown:
        args.markdown.write_text(table, "utf-8")
    print()
    print(table)
    print(f"numbers: {json_path}")
    if temporary and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"work folder: {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
