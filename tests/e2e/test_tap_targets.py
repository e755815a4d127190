"""The tap-target measure itself (tests/e2e/tap_targets.py) can fail: a small
button, a small link alone on its line, a checkbox with a small label are found;
a link inside a sentence, the hidden skip link and a tall button are not. The
portal's own pages are measured on the axe gate's walk (test_axe_gate.py), in both
display modes, so that the pages are visited once."""

import pytest

from .tap_targets import small_targets

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html><html lang="en"><head><style>
  .skip-link { position: absolute; top: -10rem; }
  .tall { min-height: 44px; }
</style></head><body>
  <a class="skip-link" href="#main">Skip</a>
  <main id="main">
    <p>Read <a href="/rules/" id="inline">the rules</a> before you sign up.</p>
    <p><a href="/more/" id="alone">More ›</a></p>
    <ul><li><a href="/item/" id="item">Item</a> <small>1 Dec</small></li></ul>
    <button id="small">Go</button>
    <button class="tall" id="tall">Go</button>
    <label><input type="checkbox" id="box"> Anonymous</label>
    <details><summary class="tall">More</summary><a href="/folded/">Folded</a></details>
  </main>
</body></html>"""


def test_the_measure_finds_small_targets_and_keeps_the_exceptions(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.set_content(PAGE)
        found = {target.text: target for target in small_targets(page, "/test/")}
        assert set(found) == {"More ›", "Item", "Go", "Anonymous", "Folded"}
        assert found["Go"].selector == "button#small"
        assert 0 < found["Go"].height < 44
        assert "label" in found["Anonymous"].selector  # the label, not the box
    finally:
        context.close()
