// Explorable figures: a range input shows one of the frames the build drew.
// Nothing is computed here. Without JavaScript the control stays hidden and
// the figure shows its default frame. A frame is fetched only when chosen.
document$.subscribe(({ body }) => {
  for (const control of body.querySelectorAll(".explore-control[data-figure]")) {
    const figure = document.getElementById(control.dataset.figure);
    const input = control.querySelector("input[type=range]");
    const output = control.querySelector("output");
    if (!figure || !input || !output) continue;
    const files = JSON.parse(control.dataset.files);
    const values = JSON.parse(control.dataset.values);
    const images = figure.querySelectorAll("img");
    const show = () => {
      const i = Number(input.value);
      const text = `${control.dataset.name} = ${values[i]}`;
      for (const img of images) {
        const url = new URL(img.src, document.baseURI);
        const hash = url.hash; // #only-light or #only-dark: keeps the theme
        img.src = new URL(files[i], url).href.split("#")[0] + hash;
        const link = img.closest("a");
        if (link) link.href = img.src; // the figure's link opens the frame shown
      }
      input.setAttribute("aria-valuetext", text);
      output.textContent = text;
    };
    input.addEventListener("input", show);
    control.hidden = false;
  }
});
