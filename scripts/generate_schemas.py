"""Write ``schemas/`` from the attribute tables (see ``wcmock/schema_generator.py``).

python scripts/generate_schemas.py            # regenerate schemas/
python scripts/generate_schemas.py --check    # exit 1 if schemas/ is not what the sources give
python scripts/generate_schemas.py --out DIR  # write elsewhere
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wcmock import schema_generator  # noqa: E402  (imported after making the checkout importable)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "schemas")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.check:
        wrong = schema_generator.stale(args.out)
        for rel in wrong:
            print(f"{args.out / rel}: not what the generator produces", file=sys.stderr)
        return 1 if wrong else 0
    written = schema_generator.write(args.out)
    print(f"wrote {len(written)} schemas under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
