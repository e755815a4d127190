"""Time the Excel ledger (台账) of one quarter, the whole community, as the background
task makes it; fail when it takes longer than the budget (30 s at full scale).

    python bench/ledger.py [--period 2026-Q4] [--out results/ledger.json]

Runs with the settings and database of the environment (bench/run.sh's).
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

BUDGET_SECONDS = 30.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="", help="default: the current quarter")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community_portal.settings.local")
    import django

    django.setup()
    from community_portal.pages import ledgers

    period, scope = ledgers.ledger_input(period=args.period, scope="")
    rows = ledgers.ledger_row_count(period=period, scope=scope)
    started = time.perf_counter()
    content = ledgers.ledger_workbook(period=period, scope=scope)
    seconds = time.perf_counter() - started
    result = {
        "period": period.key,
        "rows": rows,
        "bytes": len(content),
        "seconds": round(seconds, 2),
        "budget_seconds": BUDGET_SECONDS,
    }
    print(json.dumps(result))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    return 0 if seconds <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
