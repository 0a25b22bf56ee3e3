// Typeset the math that pymdownx.arithmatex left as \( \) and \[ \] in
// span/div.arithmatex. Runs on every page load, including instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: true,
  });
});
