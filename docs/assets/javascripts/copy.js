// The copy button of a ">>>" block copies its code only: no ">>> " or "... "
// prompts and no printed output, so what is pasted runs. Material's copy
// button copies the text of the nearest [data-copy] when there is one; the
// highlighter marks prompts as .gp and outputs as .go.
const doctestSource = (code) => {
  const lines = [];
  let line = { code: false, text: "" };
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(".gp") && line.text === "") {
      line.code = true; // a prompt opens a line of code; the prompt itself is dropped
      continue;
    }
    const parts = node.data.split("\n");
    line.text += parts[0];
    for (const part of parts.slice(1)) {
      lines.push(line);
      line = { code: false, text: part };
    }
  }
  lines.push(line);
  return lines.filter((l) => l.code).map((l) => l.text).join("\n");
};

document$.subscribe(({ body }) => {
  for (const code of body.querySelectorAll(".highlight pre > code")) {
    if (code.querySelector(".gp")) code.setAttribute("data-copy", doctestSource(code));
  }
});
