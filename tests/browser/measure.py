"""What a person sees, measured in the page: width, text size, target sizes, contrast, focus.

Each function runs a small script in the page and returns plain data, so the tests read as the
checks they make (no class names: sizes and colours as the browser computed them).
"""
from __future__ import annotations

_CONTRAST = """
function rgb(c) { return c.match(/[\\d.]+/g).slice(0, 4).map(Number); }
function lum(c) { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                  return 0.2126 * r + 0.7152 * g + 0.0722 * b; }
function contrast(a, b) { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
function background(el) {
  for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor; const v = rgb(c);
    if (v.length < 4 || v[3] > 0) return c; }
  return 'rgb(255, 255, 255)';
}
"""


def page_width(page) -> dict:
    """The document's scroll width against the viewport's."""
    return page.evaluate("() => ({scroll: document.documentElement.scrollWidth, viewport: window.innerWidth})")


def body_text_px(page) -> list[float]:
    """Computed font sizes of body text: the body and the paragraphs and list items of the main content."""
    return page.evaluate("""() => [document.body, ...document.querySelectorAll('main p, main li')]
        .filter(el => el.getBoundingClientRect().height > 0 && !el.closest('.visually-hidden'))
        .map(el => parseFloat(getComputedStyle(el).fontSize))""")


def small_targets(page, primary: int = 44, other: int = 24) -> list[str]:
    """Controls smaller than their minimum: buttons, fields, navigation and 对此提意见 links `primary`
    px tall; every other control, links inside sentences included, `other` px both ways."""
    return page.evaluate("""([primary, other]) => {
      const bad = [];
      const big = 'button, .button, select, textarea, input[type=text], input[type=tel], input[type=email], ' +
                  '.comment-link, .main-nav a, .site-tools a';
      for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
        const r = el.getBoundingClientRect();
        if (!r.width || !r.height || el.closest('.visually-hidden') || el.classList.contains('skip')) continue;
        const need = el.matches(big) ? primary : other;
        if (r.height < need - 0.5 || r.width < other - 0.5)
          bad.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.id || '').trim().slice(0, 30)}" ` +
                   `${Math.round(r.width)}x${Math.round(r.height)} < ${need}`);
      }
      return bad;
    }""", [primary, other])


def text_contrasts(page, selector: str) -> list[float]:
    """Contrast of the text colour of each matching visible element against its background."""
    return page.evaluate("(selector) => {" + _CONTRAST + """
      return [...document.querySelectorAll(selector)].filter(el => el.getBoundingClientRect().height > 0)
        .map(el => contrast(getComputedStyle(el).color, background(el)));
    }""", selector)


def focus_ring(page) -> dict:
    """The focused element's outline width and its contrast against the background around it."""
    return page.evaluate("() => {" + _CONTRAST + """
      const el = document.activeElement, cs = getComputedStyle(el);
      return {tag: el.tagName, id: el.id, cls: el.className, width: parseFloat(cs.outlineWidth), style: cs.outlineStyle,
              contrast: contrast(cs.outlineColor, background(el.parentElement))};
    }""")


def in_viewport(page, selector: str) -> bool:
    """Whether the element's top edge is on screen. A page scrolled to an anchor can leave the top a fraction
    of a pixel above the viewport (layout rounding), so one pixel is allowed."""
    return page.evaluate("""(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
        return r.top > -1 && r.top < window.innerHeight; }""", selector)


def set_default_font_size(context, page, px: int) -> None:
    """The browser's default font size, as a person sets it in Chromium's settings."""
    context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": px}})


def overflowing(page) -> list[str]:
    """Elements reaching past the right edge of the viewport (to say what widened a page)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')].filter(el => {
        const r = el.getBoundingClientRect(); return r.right > window.innerWidth + 0.5 && r.width > 0; })
      .slice(0, 8).map(el => `${el.tagName.toLowerCase()}.${el.className} "${(el.innerText || '').slice(0, 20)}" ` +
                         `right=${Math.round(el.getBoundingClientRect().right)}`)""")
