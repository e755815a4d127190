"""Draw the home-screen icons of the installable portal (static/img/app/*.png).

The same mark as static/img/favicon.svg (a gold ring and a gold figure on the
portal's red), drawn with Pillow so that the PNGs can be made again from the
source: ``manage.py draw_app_icons``. The PNGs are committed; production only
serves them. The maskable icon keeps the mark inside the middle 80% (the safe
zone a launcher may cut a circle or a squircle from) on a full red square.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

RED = "#b3261e"
GOLD = "#f3d27a"
SIZES = (192, 512)


def draw_icon(size: int, *, maskable: bool = False) -> Image.Image:
    """The mark at ``size`` pixels; drawn 4× larger and scaled down for smooth edges."""
    scale = 4
    big = size * scale
    image = Image.new("RGBA", (big, big), RED if maskable else (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    # The favicon's 64-unit grid, shrunk to the safe zone for the maskable icon.
    unit = big / 64 * (0.8 if maskable else 1.0)
    offset = (big - 64 * unit) / 2

    def point(x: float, y: float) -> tuple[float, float]:
        return (offset + x * unit, offset + y * unit)

    def box(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
        return [point(cx - r, cy - r), point(cx + r, cy + r)]

    if not maskable:
        draw.ellipse(box(32, 32, 31), fill=RED)
    draw.ellipse(box(32, 32, 24), outline=GOLD, width=round(4 * unit))
    stroke = round(5 * unit)
    for line in (
        [point(20, 26), point(44, 26)],
        [point(32, 18), point(32, 26)],
        [point(22, 46), point(32, 26), point(42, 46)],
    ):
        draw.line(line, fill=GOLD, width=stroke, joint="curve")
        for x, y in (line[0], line[-1]):  # round caps
            draw.ellipse(
                [x - stroke / 2, y - stroke / 2, x + stroke / 2, y + stroke / 2],
                fill=GOLD,
            )
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the app icons (static/img/app/icon-192.png, icon-512.png, maskable)."

    def handle(self, *args, **options):
        folder = Path(settings.BASE_DIR) / "static" / "img" / "app"
        folder.mkdir(parents=True, exist_ok=True)
        for size in SIZES:
            draw_icon(size).save(folder / f"icon-{size}.png", optimize=True)
            draw_icon(size, maskable=True).save(
                folder / f"icon-maskable-{size}.png", optimize=True
            )
        self.stdout.write(f"App icons drawn in {folder}")
