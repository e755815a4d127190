"""``manage.py bench_generate``: fill a benchmark database with a large community."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from community_portal import versioned_cache
from community_portal.devtools.benchdata import TARGETS, bench_generate, bench_reset


class Command(BaseCommand):
    help = (
        "Generate a large community for benchmarks with bulk inserts: at --scale 1.0 "
        + ", ".join(
            f"{count:,} {name.replace('_', ' ')}" for name, count in TARGETS.items()
        )
        + ". Generated rows are marked; --reset deletes them first. For benchmark "
        "databases only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of the full size (default: %(default)s; smoke: 0.01).",
        )
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed (default: %(default)s)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete previously generated rows first (with --scale 0: only that).",
        )

    def handle(self, *args, scale, seed, reset, **options):
        if scale < 0:
            raise CommandError("--scale must not be negative.")
        if reset:
            bench_reset(out=self.stdout)
        if scale > 0:
            bench_generate(scale=scale, now=timezone.now(), seed=seed, out=self.stdout)
        # Written in bulk (no signals): no cached read may outlive the new rows.
        versioned_cache.forget_everything()
        if scale > 0:
            self.stdout.write(self.style.SUCCESS(f"Generated at scale {scale}."))
