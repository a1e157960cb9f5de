"""Keep the previous deploys' engine folders reachable in a new build (used by deploy.yml).

Every page links its engine as ``assets/engine/<digest>/``. A page cached by a browser or a CDN
across a deploy still asks for the folder of the build it came from; if the new deploy dropped
it, that page's calculators stay the static example. Run after ``make build``::

    python scripts/keep_engines.py SITE_DIR HISTORY_DIR [--keep N]

HISTORY_DIR (restored from the Actions cache before the build, saved after this script) holds
the engine folders of the last deploys and ``order.txt``, their digests newest first. The
script copies the newest ``N - 1`` previous folders (default: 1, the previous build's) into
SITE_DIR's ``assets/engine/`` beside the new one, then rewrites HISTORY_DIR to the new build's
folder plus those: the set the next deploy keeps.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ENGINE_DIR = Path("assets") / "engine"
ORDER = "order.txt"


def keep_engines(site_dir: Path, history: Path, keep: int = 2) -> list[str]:
    """Copy up to ``keep - 1`` previous engine folders into the site; returns the digests now kept, newest first.

    Raises:
        ValueError: The site has no engine folder, or more than one (not a fresh build).
    """
    engines = site_dir / ENGINE_DIR
    current = sorted(p.name for p in engines.iterdir() if p.is_dir()) if engines.is_dir() else []
    if len(current) != 1:
        raise ValueError(f"{engines}: expected the one engine folder of a fresh build, found {current}")
    order_file = history / ORDER
    previous = order_file.read_text("utf-8").split() if order_file.exists() else []
    kept = [current[0]]
    for digest in previous:
        if len(kept) >= keep:
            break
        if digest not in kept and (history / digest).is_dir():
            shutil.copytree(history / digest, engines / digest)
            kept.append(digest)
    # The history becomes exactly what this deploy serves.
    history.mkdir(parents=True, exist_ok=True)
    for entry in history.iterdir():
        if entry.name not in kept[1:]:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.copytree(engines / current[0], history / current[0])
    order_file.write_text("\n".join(kept) + "\n", "utf-8")
    return kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("history", type=Path)
    parser.add_argument("--keep", type=int, default=2, help="engine folders served, the new one included")
    args = parser.parse_args(argv)
    try:
        kept = keep_engines(args.site_dir, args.history, max(args.keep, 1))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"engine folders served: {', '.join(kept)} (newest first)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
