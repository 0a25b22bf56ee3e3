// On a narrow screen a wide formula or table scrolls sideways in its own box.
// Such a box takes keyboard focus, so the arrow keys can scroll it (WCAG
// 2.1.1); a box that fits stays out of the tab order. Material does the same
// for code blocks. A box is focusable until it is measured: one in a section
// the browser has not rendered yet (book/sections.py) is measured when it
// comes near the screen. All boxes are measured first and changed after:
// changing one between two measurements would make the browser lay out the
// page again for the next.
const SCROLLERS = ".md-typeset div.arithmatex, .md-typeset__scrollwrap";
const scrollers = new ResizeObserver((entries) => {
  const wide = entries.map(({ target }) => target.scrollWidth > target.clientWidth);
  entries.forEach(({ target }, i) => {
    if (wide[i]) target.setAttribute("tabindex", "0");
    else target.removeAttribute("tabindex");
  });
});
document$.subscribe(({ body }) => {
  scrollers.disconnect();
  for (const el of body.querySelectorAll(SCROLLERS)) {
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    scrollers.observe(el);
  }
});
