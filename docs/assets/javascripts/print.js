// Printing: figures load lazily, and one the reader has not scrolled to would
// print blank. Before printing, every figure that prints (not the dark
// copies, which print hides) loads at once. make pdf does the same.
//
// The print stylesheet (extra.css) prints the light palette from either
// theme. A lab's notebook styles carry a dark palette of their own (about a
// hundred variables), so a lab read in the dark theme switches to the light
// one while it prints, and back after.
let printedFrom = null;
window.addEventListener("beforeprint", () => {
  for (const img of document.querySelectorAll('img[loading="lazy"]:not([src$="#only-dark"])')) {
    img.loading = "eager";
  }
  const body = document.body;
  if (body.querySelector(".jupyter-wrapper") && body.getAttribute("data-md-color-scheme") !== "default") {
    printedFrom = body.getAttribute("data-md-color-scheme");
    body.setAttribute("data-md-color-scheme", "default");
  }
});
window.addEventListener("afterprint", () => {
  if (printedFrom !== null) document.body.setAttribute("data-md-color-scheme", printedFrom);
  printedFrom = null;
});
