// On a narrow screen a wide formula or table scrolls sideways in its own box.
// Such a box takes keyboard focus, so the arrow keys can scroll it (WCAG
// 2.1.1); a box that fits stays out of the tab order. Material does the same
// for code blocks.
const SCROLLERS = ".md-typeset div.arithmatex, .md-typeset__scrollwrap";
const scrollers = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    if (target.scrollWidth > target.clientWidth) target.setAttribute("tabindex", "0");
    else target.removeAttribute("tabindex");
  }
});
document$.subscribe(({ body }) => {
  scrollers.disconnect();
  for (const el of body.querySelectorAll(SCROLLERS)) scrollers.observe(el);
});
