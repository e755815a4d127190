"""Demo pictures drawn with Pillow: a gradient in the subject's colour and a simple
motif (lanterns, a moon, buildings, books …). No downloads and no fonts, so a fresh
clone has covers for everything without a network."""

import colorsys
import math
import random
from io import BytesIO

from PIL import Image, ImageDraw, ImageOps

# Tests shrink this to keep the suite fast; the pipeline accepts any size.
IMAGE_SIZE = (1200, 800)

MOTIFS = (
    "lanterns",
    "moon",
    "buildings",
    "hearts",
    "leaves",
    "books",
    "sun",
    "waves",
    "confetti",
    "table_tennis",
    "brush",
    "recycle",
    "hands",
)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _shade(rgb: tuple[int, int, int], lightness: float) -> tuple[int, int, int]:
    hue, _lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    return tuple(
        round(c * 255) for c in colorsys.hls_to_rgb(hue, lightness, saturation)
    )


def _background(rgb, size) -> Image.Image:
    vertical = Image.linear_gradient("L")
    # Half vertical, half horizontal: a diagonal light from the top left.
    gradient = Image.blend(vertical, vertical.rotate(90), 0.5).resize(size)
    gradient = ImageOps.invert(gradient)
    return ImageOps.colorize(gradient, _shade(rgb, 0.30), _shade(rgb, 0.72))


def _lanterns(draw, rng, w, h, rgb):
    for i in range(rng.randint(3, 5)):
        x = w * (i + 1) / 6 + rng.randint(-30, 30)
        y = h * rng.uniform(0.25, 0.45)
        r = w * rng.uniform(0.05, 0.08)
        draw.line([(x, 0), (x, y - r)], fill=(250, 220, 120, 255), width=4)
        draw.ellipse(
            [x - r, y - r * 0.85, x + r, y + r * 0.85], fill=(214, 40, 40, 235)
        )
        draw.rectangle(
            [x - r * 0.4, y - r, x + r * 0.4, y - r * 0.8], fill=(240, 190, 60, 255)
        )
        draw.rectangle(
            [x - r * 0.4, y + r * 0.8, x + r * 0.4, y + r], fill=(240, 190, 60, 255)
        )
        for k in range(5):
            tx = x - r * 0.3 + k * r * 0.15
            draw.line(
                [(tx, y + r), (tx, y + r * 1.6)], fill=(240, 190, 60, 255), width=3
            )


def _moon(draw, rng, w, h, rgb):
    r = h * 0.22
    cx, cy = w * 0.7, h * 0.32
    for glow in range(6, 0, -1):
        g = r + glow * 14
        draw.ellipse([cx - g, cy - g, cx + g, cy + g], fill=(255, 245, 200, 18))
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 240, 190, 255))
    for _ in range(3):
        x, y = rng.uniform(0, w * 0.6), rng.uniform(h * 0.15, h * 0.6)
        for k in range(3):
            draw.ellipse(
                [x + k * 50, y - 25, x + k * 50 + 110, y + 35], fill=(255, 255, 255, 70)
            )


def _buildings(draw, rng, w, h, rgb):
    x = 0
    while x < w:
        bw = rng.randint(int(w * 0.08), int(w * 0.16))
        bh = rng.randint(int(h * 0.3), int(h * 0.7))
        draw.rectangle([x, h - bh, x + bw, h], fill=(*_shade(rgb, 0.22), 230))
        for wy in range(h - bh + 20, h - 20, 36):
            for wx in range(x + 12, x + bw - 20, 28):
                if rng.random() < 0.6:
                    draw.rectangle(
                        [wx, wy, wx + 14, wy + 18], fill=(255, 230, 150, 230)
                    )
        x += bw + rng.randint(4, 20)


def _heart(draw, cx, cy, s, fill):
    draw.ellipse([cx - s, cy - s * 0.6, cx, cy + s * 0.4], fill=fill)
    draw.ellipse([cx, cy - s * 0.6, cx + s, cy + s * 0.4], fill=fill)
    draw.polygon(
        [(cx - s * 0.97, cy - 0.0 * s), (cx + s * 0.97, cy), (cx, cy + s * 1.1)],
        fill=fill,
    )


def _hearts(draw, rng, w, h, rgb):
    _heart(draw, w * 0.5, h * 0.42, h * 0.25, (255, 255, 255, 200))
    for _ in range(9):
        s = rng.uniform(h * 0.03, h * 0.08)
        _heart(draw, rng.uniform(0, w), rng.uniform(0, h), s, (255, 200, 210, 150))


def _leaves(draw, rng, w, h, rgb):
    for _ in range(14):
        cx, cy = rng.uniform(0, w), rng.uniform(0, h)
        length = rng.uniform(60, 160)
        angle = rng.uniform(0, math.pi)
        dx, dy = math.cos(angle) * length, math.sin(angle) * length
        nx, ny = -dy * 0.35, dx * 0.35
        draw.polygon(
            [
                (cx - dx, cy - dy),
                (cx + nx, cy + ny),
                (cx + dx, cy + dy),
                (cx - nx, cy - ny),
            ],
            fill=(120, 200, 110, 190),
        )
        draw.line(
            [(cx - dx, cy - dy), (cx + dx, cy + dy)], fill=(60, 130, 60, 220), width=3
        )


def _books(draw, rng, w, h, rgb):
    x = w * 0.15
    base = h * 0.8
    while x < w * 0.85:
        bw = rng.randint(30, 60)
        bh = rng.randint(int(h * 0.25), int(h * 0.45))
        colour = _shade(rgb, rng.uniform(0.35, 0.85))
        draw.rectangle([x, base - bh, x + bw, base], fill=(*colour, 255))
        draw.rectangle(
            [x + 6, base - bh + 20, x + bw - 6, base - bh + 30],
            fill=(255, 255, 255, 200),
        )
        x += bw + 4
    draw.rectangle([w * 0.1, base, w * 0.9, base + 18], fill=(90, 60, 40, 255))


def _sun(draw, rng, w, h, rgb):
    cx, cy, r = w * 0.5, h * 0.55, h * 0.2
    for k in range(16):
        a = k * math.pi / 8
        draw.line(
            [
                (cx + math.cos(a) * r * 1.3, cy + math.sin(a) * r * 1.3),
                (cx + math.cos(a) * r * 1.9, cy + math.sin(a) * r * 1.9),
            ],
            fill=(255, 230, 120, 230),
            width=10,
        )
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 210, 80, 255))


def _waves(draw, rng, w, h, rgb):
    for band in range(6):
        y0 = h * (0.45 + band * 0.09)
        phase = rng.uniform(0, math.pi)
        points = [
            (x, y0 + math.sin(x / 70 + phase + band) * 18) for x in range(0, w + 20, 20)
        ]
        draw.line(points, fill=(255, 255, 255, 120 + band * 20), width=8)


def _confetti(draw, rng, w, h, rgb):
    for _ in range(70):
        x, y, s = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(8, 26)
        colour = _shade(rgb, rng.uniform(0.55, 0.92))
        if rng.random() < 0.5:
            draw.ellipse([x, y, x + s, y + s], fill=(*colour, 220))
        else:
            draw.rectangle([x, y, x + s * 1.6, y + s * 0.6], fill=(*colour, 220))


def _table_tennis(draw, rng, w, h, rgb):
    draw.polygon(
        [
            (w * 0.15, h * 0.8),
            (w * 0.85, h * 0.8),
            (w * 0.72, h * 0.45),
            (w * 0.28, h * 0.45),
        ],
        fill=(30, 90, 160, 255),
    )
    draw.line(
        [(w * 0.5, h * 0.45), (w * 0.5, h * 0.8)], fill=(255, 255, 255, 255), width=5
    )
    draw.rectangle([w * 0.2, h * 0.6, w * 0.8, h * 0.63], fill=(240, 240, 240, 230))
    draw.ellipse(
        [w * 0.6, h * 0.22, w * 0.6 + 36, h * 0.22 + 36], fill=(255, 160, 40, 255)
    )
    draw.ellipse([w * 0.18, h * 0.25, w * 0.3, h * 0.43], fill=(200, 30, 40, 255))
    draw.rectangle([w * 0.235, h * 0.42, w * 0.245, h * 0.55], fill=(120, 80, 40, 255))


def _brush(draw, rng, w, h, rgb):
    draw.rectangle([w * 0.2, h * 0.12, w * 0.8, h * 0.88], fill=(250, 245, 230, 240))
    for _ in range(6):
        x0, y0 = rng.uniform(w * 0.28, w * 0.72), rng.uniform(h * 0.2, h * 0.8)
        x1, y1 = x0 + rng.uniform(-120, 120), y0 + rng.uniform(-90, 90)
        draw.line(
            [(x0, y0), (x1, y1)], fill=(30, 30, 30, 230), width=rng.randint(10, 22)
        )
    draw.rectangle([w * 0.7, h * 0.74, w * 0.76, h * 0.82], fill=(200, 30, 30, 255))


def _recycle(draw, rng, w, h, rgb):
    cx, cy, r = w * 0.5, h * 0.5, h * 0.28
    for k in range(3):
        a = -math.pi / 2 + k * 2 * math.pi / 3
        b = a + 2 * math.pi / 3 * 0.75
        draw.arc(
            [cx - r, cy - r, cx + r, cy + r],
            math.degrees(a),
            math.degrees(b),
            fill=(80, 200, 120, 255),
            width=28,
        )
        tip = (cx + math.cos(b) * r, cy + math.sin(b) * r)
        draw.regular_polygon(
            (tip[0], tip[1], 30), 3, rotation=math.degrees(-b), fill=(80, 200, 120, 255)
        )
    colours = [(46, 125, 50), (21, 101, 192), (198, 40, 40), (120, 120, 120)]
    for k, colour in enumerate(colours):
        x = w * 0.08 + k * 70
        draw.rectangle([x, h * 0.75, x + 52, h * 0.92], fill=(*colour, 255))


def _hands(draw, rng, w, h, rgb):
    for k in range(7):
        a = k * 2 * math.pi / 7
        cx, cy = w * 0.5 + math.cos(a) * h * 0.28, h * 0.5 + math.sin(a) * h * 0.28
        draw.ellipse(
            [cx - 48, cy - 48, cx + 48, cy + 48], fill=(*_shade(rgb, 0.85), 230)
        )
        draw.ellipse([cx - 24, cy - 60, cx + 24, cy - 16], fill=(255, 220, 190, 255))
    draw.ellipse(
        [w * 0.5 - 60, h * 0.5 - 60, w * 0.5 + 60, h * 0.5 + 60],
        fill=(255, 80, 80, 230),
    )


_PAINTERS = {name: globals()[f"_{name}"] for name in MOTIFS}


def paint(*, colour: str, motif: str, seed: str) -> bytes:
    """A JPEG of ``IMAGE_SIZE`` in ``colour`` with ``motif``; the same seed draws the
    same picture."""
    width, height = IMAGE_SIZE
    rng = random.Random(seed)
    rgb = _rgb(colour)
    image = _background(rgb, IMAGE_SIZE).convert("RGBA")
    # Motifs are drawn at the final size (their details are sized for 1200×800).
    overlay = Image.new("RGBA", IMAGE_SIZE, (0, 0, 0, 0))
    _PAINTERS[motif](ImageDraw.Draw(overlay), rng, width, height, rgb)
    image = Image.alpha_composite(image, overlay).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()
