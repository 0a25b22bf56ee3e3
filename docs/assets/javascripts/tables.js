// A table wider than the page scrolls inside Material's wrapper; the keyboard
// must be able to reach and scroll it too (WCAG 2.1.1), so the wrapper takes
// focus when, and only when, it actually scrolls.
document$.subscribe(({ body }) => {
  for (const wrap of body.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.scrollWidth > wrap.clientWidth) {
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", wrap.querySelector("caption, th")?.textContent.trim() || "table");
    }
  }
});
