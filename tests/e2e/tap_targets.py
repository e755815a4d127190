"""Tap targets: every link and button of a page is at least 44 CSS px tall.

Measured in the browser (``TAP_TARGETS`` runs in the page): every visible ``a[href]``,
``button``, ``input[type=submit|button|reset|checkbox|radio]``, ``select`` and
``summary``, and every ``label`` of a checkbox or radio. A checkbox or radio counts
by its label's box (the label is what a finger taps; the label must then be 44px
tall); one without a label counts by its own box.

What is left out, as WCAG 2.5.5's exceptions allow:
- a link inside a sentence of running text (WCAG's "inline" exception): an inline
  link in the text of a ``p`` or ``li`` with other words on the link's own line. A
  ``p`` or ``li`` holding only the link (a menu item, a "更多 ›" link), a link in a
  heading, a flex row or a table cell, a link alone on its line or beside only a
  caption (``small``, ``time``, a badge: "通知标题 12月1日"), is no sentence;
- the skip link while it is visually hidden (it shows, tall, when focused);
- nothing hidden is measured, but the folded main menu and every ``<details>`` are
  opened first (the measuring leaves them open: measure after axe, before leaving);
- elements of Django's admin (its pages, ``/admin/``), which keeps its own look;
  the portal's staff pages (``/staff/``, ``/matters/staff/``) are measured.
"""

from dataclasses import dataclass

MIN_HEIGHT = 44  # CSS px
# Sub-pixel layout: 43.99 is 44 on screen.
TOLERANCE = 0.05

TAP_TARGETS = """(minHeight) => {
    const path = location.pathname.replace(/^\\/en\\//, "/");
    if (path.startsWith("/admin/")) return [];
    const selector = [
        "a[href]", "button", "select", "summary",
        "input[type=submit]", "input[type=button]", "input[type=reset]",
        "input[type=checkbox]", "input[type=radio]",
    ].join(",");
    const visible = (el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0
            && el.checkVisibility({visibilityProperty: true, opacityProperty: true});
    };
    const hasWords = (text) => /[\\p{L}\\p{N}]/u.test(text);
    const squash = (text) => (text || "").replace(/\\s+/g, " ").trim();
    // A link inside a sentence: inline, its nearest block a p or li of running
    // text (not a flex or grid row), and words of that block on one of its lines.
    const inRunningText = (el) => {
        if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") {
            return false;
        }
        let block = el.parentElement;
        while (block && getComputedStyle(block).display === "inline") {
            block = block.parentElement;
        }
        if (!block || !block.matches("p, li")
            || !["block", "list-item"].includes(getComputedStyle(block).display)) {
            return false;
        }
        const lines = [...el.getClientRects()];
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            if (el.contains(text) || !hasWords(text.data)) continue;
            if (text.parentElement.closest("small, time, .badge")) continue;  // a caption
            const range = document.createRange();
            range.selectNodeContents(text);
            for (const box of range.getClientRects()) {
                if (lines.some((line) => box.top < line.bottom && line.top < box.bottom)) {
                    return true;
                }
            }
        }
        return false;
    };
    const describe = (el) => {
        const parts = [];
        for (let node = el; node && node !== document.body; node = node.parentElement) {
            let part = node.tagName.toLowerCase();
            if (node.id) {
                parts.unshift(`${part}#${node.id}`);
                break;
            }
            const classes = [...node.classList].slice(0, 2);
            if (classes.length) part += "." + classes.join(".");
            parts.unshift(part);
            if (parts.length >= 5) break;
        }
        return parts.join(" > ");
    };
    // Bootstrap's .stretched-link: its ::after covers the nearest positioned
    // ancestor (a card), and that is what a finger taps.
    const tapBox = (el) => {
        if (getComputedStyle(el, "::after").position === "absolute") {
            for (let node = el.parentElement; node; node = node.parentElement) {
                if (getComputedStyle(node).position !== "static") {
                    return node.getBoundingClientRect();
                }
            }
        }
        return el.getBoundingClientRect();
    };
    const labelOf = (input) => input.closest("label")
        || (input.id && document.querySelector(`label[for="${CSS.escape(input.id)}"]`));
    // What a tap would open: the folded main menu and every <details>.
    document.querySelectorAll(".navbar-collapse").forEach((el) => el.classList.add("show"));
    document.querySelectorAll("details").forEach((el) => { el.open = true; });
    const offenders = [];
    const seen = new Set();
    for (const el of document.querySelectorAll(selector)) {
        if (el.classList.contains("skip-link") && document.activeElement !== el) {
            continue;
        }
        let target = el;
        if (el.type === "checkbox" || el.type === "radio") {
            target = labelOf(el) || el;
        }
        if (seen.has(target) || !visible(target) || inRunningText(target)) continue;
        seen.add(target);
        const height = tapBox(target).height;
        if (height < minHeight) {
            offenders.push({
                selector: describe(target),
                text: squash(target.textContent || target.value || target.ariaLabel)
                    .slice(0, 40),
                height: Math.round(height * 10) / 10,
            });
        }
    }
    return offenders;
}"""


@dataclass
class SmallTarget:
    url: str
    selector: str
    text: str
    height: float

    def __str__(self) -> str:
        return f"  {self.url}  {self.selector}  «{self.text}»  {self.height}px"


def small_targets(page, path: str) -> list[SmallTarget]:
    """The page's links and buttons shorter than 44px (see the module's docstring)."""
    found = page.evaluate(TAP_TARGETS, MIN_HEIGHT - TOLERANCE)
    return [SmallTarget(url=path, **item) for item in found]


def report(targets: list[SmallTarget]) -> str:
    return f"{len(targets)} tap targets under {MIN_HEIGHT}px tall:\n" + "\n".join(
        map(str, targets)
    )
