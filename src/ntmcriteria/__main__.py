"""``python -m ntmcriteria``: evaluate a unit's observations, list installed sets."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .errors import NtmError
from .evaluate import evaluate
from .observations import Observations
from .registry import registry


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ntmcriteria",
        description="Evaluate communes and villages against New Rural Development criteria sets.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("evaluate", help="evaluate an observations file against a set")
    run.add_argument("observations", help="YAML file of one unit's observations")
    run.add_argument("--set", dest="set_id", required=True, help="criteria set id")
    run.add_argument("--year", type=int, default=None, help="assessment year (default: the file's)")
    run.add_argument("--lang", choices=("vi", "en"), default="vi", help="report language")
    run.add_argument("--json", action="store_true", help="print the result as JSON")
    listing = commands.add_parser("sets", help="list the installed criteria sets and packs")
    listing.add_argument("--json", action="store_true", help="print the listing as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "evaluate":
            observations = Observations.from_yaml(args.observations)
            result = evaluate(args.set_id, observations, year=args.year)
            if args.json:
                print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            else:
                print(result.to_text(args.lang))
            return 0
        found = registry()
        if args.json:
            print(json.dumps([_entry(e) for e in found.listing()], ensure_ascii=False, indent=2))
        else:
            for entry in found.listing():
                print(f"{entry.id}  [{entry.pack} {entry.version or ''}]  {entry.title}")
        for pack in found.failures:
            print(f"pack {pack.name!r} failed to load: {pack.error}", file=sys.stderr)
        for set_id, owners in found.duplicates.items():
            print(
                f"set {set_id!r} is defined by more than one pack: {', '.join(owners)}",
                file=sys.stderr,
            )
        return 0
    except NtmError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _entry(entry: object) -> dict[str, object]:
    import attrs

    return attrs.asdict(entry)  # type: ignore[arg-type]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
