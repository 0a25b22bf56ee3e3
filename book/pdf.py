"""The whole book as one PDF per language: ``python -m book.pdf [SITE]`` (``make pdf``).

Reads a built site (``make site``), serves it on 127.0.0.1 and, in Debian's
Chromium driven by playwright, makes one document per edition: a title page,
a table of contents, then every page of the navigation in its order (the
contributors' pages left out), each starting on a new page. It opens the
edition's home page (so the site's own stylesheets and fonts are loaded),
reads the order from its navigation, fetches each page and puts its
``article`` in, with the page's extra stylesheets (a lab's notebook styles).
Links between pages of the book become links inside the PDF; links to other
files of the site point to the public site when it has an address
(``site_url``), and are dropped otherwise. Math is typeset already (KaTeX
HTML); every figure is loaded (the light copy) before printing, and the
print stylesheet (``extra.css``) does the rest. Chromium writes the PDF with
bookmarks (``outline``) and a tagged structure.

Writes one PDF per edition of mkdocs.yml: ``SITE/pdf/why-deep.pdf`` (English),
``why-deep.zh.pdf`` (简体中文) and ``why-deep.zh-TW.pdf`` (繁體中文), each when the
site has its folder, and keeps them in the cache for the
next build of the same sources to link (``book.pdf_cache``). Without
Chromium or without a Chinese font it prints one line saying what to install
and exits with status 1.
"""

from __future__ import annotations

import datetime
import functools
import html
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from book import cache, language, pdf_cache
from book.serving import QuietHandler, QuietServer

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
INSTALL = "make pdf needs Chromium and a Chinese font: apt-get install chromium fonts-wqy-microhei"
# The words a PDF adds, per edition (the generated edition's are converted: book.language.localized).
WORDS = {
    "en": {"contents": "Contents", "built": "Built on {date} from the book's sources."},
    "zh": {"contents": "目录", "built": "{date} 由本书源文件构建。"},
}


def editions() -> list[tuple[str, str, dict[str, str]]]:
    """(edition folder, file name, the words the PDF adds) for every edition of mkdocs.yml.

    >>> [(folder, name) for folder, name, _ in editions()][:2]
    [('', 'why-deep.pdf'), ('zh/', 'why-deep.zh.pdf')]
    """
    return [(language.edition_prefix(lang), f"why-deep{'.' + lang if language.edition_prefix(lang) else ''}.pdf",
             language.localized(WORDS, lang)) for lang in language.editions()]
LEAVE_OUT = re.compile(r"(^|/)contributing/")  # about building the book, not part of it
TIMEOUT_MS = 120_000


def missing() -> str | None:
    """Why the PDF cannot be made here (the line to print), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "make pdf needs the `playwright` package: make .venv/.installed"
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    if not os.access(CHROMIUM, os.X_OK) or not fonts.strip():
        return INSTALL
    return None


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF that keeps its page objects uncompressed (as Chromium writes them).

    >>> page_count(b"<< /Type /Pages /Count 2 >> << /Type /Page >> << /Type/Page /Parent 1 0 R >>")
    2
    """
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def serve(site: Path) -> tuple[QuietServer, str]:
    """``site`` served on 127.0.0.1 at a free port, from a thread; (server, base URL with a slash)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, name="pdf-site", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def description(home: Path) -> str:
    """The site's description, from a home page's ``<meta name="description">``.

    Read up to the tag's end: the theme writes the text without escaping its quotes.

    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp()) / "index.html"
    >>> _ = page.write_text('<meta name="description" content="The lecture "Why?" &amp; more">')
    >>> description(page)
    'The lecture "Why?" & more'
    """
    match = re.search(r'<meta name="description" content="(.*?)">', home.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)) if match else ""


def public_root(site: Path) -> str | None:
    """The address the site is published at (its canonical link), or None when it was built without one."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    return match.group(1) if match else None


# In the edition's home page: the pages of the navigation, in order.
_NAV_JS = """() => {
  const seen = new Set(), out = [];
  for (const a of document.querySelectorAll("nav.md-nav--primary a.md-nav__link[href]")) {
    if (a.closest(".md-nav--secondary")) continue;  // the home page's own table of contents
    const url = new URL(a.getAttribute("href"), location.href);
    url.hash = "";
    if (!seen.has(url.href)) { seen.add(url.href); out.push(url.href); }
  }
  return out;
}"""

# Build the book in the home page: title page, contents, chapters. Returns the figures that did not load.
_ASSEMBLE_JS = """async ({urls, publicRoot, localRoot, words}) => {
  const chapterOf = new Map(urls.map((u, i) => [u, `p${i}`]));
  const parser = new DOMParser();
  const book = document.createElement("div");
  book.className = "pdf-book md-typeset";
  const styles = new Set([...document.querySelectorAll("link[rel=stylesheet]")].map((l) => l.href));
  const chapters = [];
  for (const [i, url] of urls.entries()) {
    const html = await (await fetch(url)).text();
    const doc = parser.parseFromString(html, "text/html");
    for (const link of doc.querySelectorAll("link[rel=stylesheet]")) {
      const href = new URL(link.getAttribute("href"), url).href;
      if (!styles.has(href)) {
        styles.add(href);
        const el = document.createElement("link");
        el.rel = "stylesheet"; el.href = href;
        document.head.append(el);
      }
    }
    for (const style of doc.head.querySelectorAll("style")) document.head.append(style.cloneNode(true));
    const article = doc.querySelector("article.md-content__inner");
    const id = `p${i}`;
    // screen-only parts (the print stylesheet hides them too) and the dark figure copies
    article.querySelectorAll(".md-content__button, .nb-links, .explore-control, .headerlink, .anchor-link, "
                             + "img[src$='#only-dark']").forEach((el) => el.remove());
    for (const el of article.querySelectorAll("[id]")) el.id = `${id}-${el.id}`;
    for (const el of article.querySelectorAll("label[for]")) el.htmlFor = `${id}-${el.htmlFor}`;
    for (const el of article.querySelectorAll("img[src]")) {
      el.src = new URL(el.getAttribute("src"), url).href;
      el.loading = "eager";
    }
    for (const a of article.querySelectorAll("a[href]")) {
      const target = new URL(a.getAttribute("href"), url);
      const page = target.href.split("#")[0];
      if (chapterOf.has(page)) {  // a page of the book: a link inside the PDF
        a.href = "#" + chapterOf.get(page) + (target.hash ? `-${decodeURIComponent(target.hash.slice(1))}` : "");
      } else if (target.href.startsWith(localRoot)) {  // another file of the site
        if (publicRoot && !target.pathname.endsWith(".svg")) {
          a.href = new URL(target.href.slice(localRoot.length), publicRoot).href;
        } else {
          a.replaceWith(...a.childNodes);  // a figure's own link, or no public site to point to
        }
      }
    }
    const section = document.createElement("section");
    section.className = "pdf-chapter";
    section.id = id;
    section.append(...article.childNodes);
    const h1 = section.querySelector("h1");
    chapters.push({id, title: h1 ? [...h1.cloneNode(true).childNodes] : [url]});
    book.append(section);
  }

  const title = document.createElement("section");
  title.className = "pdf-title";
  const name = document.querySelector(".md-header__topic .md-ellipsis")?.textContent.trim() || document.title;
  title.innerHTML = "<h1></h1><p class='pdf-about'></p><p class='pdf-built'></p>";
  title.querySelector("h1").textContent = name;
  title.querySelector(".pdf-about").textContent = words.about;
  title.querySelector(".pdf-built").textContent = words.built;
  const toc = document.createElement("nav");
  toc.className = "pdf-toc";
  toc.innerHTML = "<h1></h1><ol></ol>";
  toc.querySelector("h1").textContent = words.contents;
  for (const c of chapters) {
    const li = document.createElement("li"), a = document.createElement("a");
    a.href = `#${c.id}`; a.append(...c.title);  // the heading as it is, math included
    li.append(a); toc.querySelector("ol").append(li);
  }
  book.prepend(title, toc);
  document.title = name;
  document.body.replaceChildren(book);

  await document.fonts.ready;
  const failed = [];
  for (const img of document.querySelectorAll("img")) {
    const ok = await Promise.race([
      (img.complete ? Promise.resolve() : new Promise((done) => {
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
      })).then(() => img.decode()).then(() => img.naturalWidth > 0, () => false),
      new Promise((done) => setTimeout(() => done(false), 30000)),
    ]);
    if (!ok) failed.push(img.src);
  }
  return {chapters: chapters.length, failed};
}"""

# The book's own layout on paper: pages, title page, contents, a new page per chapter.
PDF_CSS = """
@page { size: A4; margin: 18mm 17mm 20mm; }
html, body { background: #fff; }
body { display: block; }
.pdf-book { max-width: none; margin: 0; padding: 0; }
.pdf-book table { width: auto; }
.pdf-title { break-after: page; padding-top: 30vh; text-align: center; }
.pdf-title h1 { font-size: 2.2em; margin: 0 0 1em; color: var(--md-default-fg-color); }
.pdf-title p { max-width: 32em; margin: 1em auto; }
.pdf-title .pdf-built { color: var(--md-default-fg-color--light); font-size: 0.85em; }
.pdf-toc h1 { margin-top: 0; }
.pdf-toc ol { list-style: none; padding: 0; margin: 0; }
.pdf-toc li { margin: 0.4em 0; }
.pdf-chapter { break-before: page; }
"""
FOOTER = ('<div style="width:100%;text-align:center;font-size:8px;color:#555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def make_pdf(browser, base: str, site: Path, edition: str, out: Path, words: dict[str, str],
             public: str | None) -> tuple[int, int]:
    """One edition's PDF at ``out``; returns (pages of the book, pages of the PDF)."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.route(re.compile("^(?!" + re.escape(base) + ")"), lambda route: route.abort())  # nothing from outside
        page.goto(base + edition, wait_until="load")
        urls = [u for u in page.evaluate(_NAV_JS) if not LEAVE_OUT.search(u[len(base):])]
        if not urls:
            raise SystemExit(f"book.pdf: no pages in the navigation of {base + edition}")
        date = datetime.date.today().isoformat()
        words = {**words, "built": words["built"].format(date=date),
                 "about": description(site / edition / "index.html")}
        result = page.evaluate(_ASSEMBLE_JS, {"urls": urls, "publicRoot": public, "localRoot": base, "words": words})
        if result["failed"]:
            raise SystemExit("book.pdf: figures that did not load:\n  " + "\n  ".join(result["failed"]))
        page.add_style_tag(content=PDF_CSS)
        page.emulate_media(media="print")
        pdf = page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                       prefer_css_page_size=True, display_header_footer=True,
                       header_template="<span></span>", footer_template=FOOTER)
        return result["chapters"], page_count(pdf)
    finally:
        context.close()


def main(argv: list[str]) -> int:
    why = missing()
    if why:
        print(why, file=sys.stderr)
        return 1
    if argv[:1] == ["--check"]:
        return 0
    site = Path(argv[0] if argv else "site")
    if not (site / "index.html").exists():
        print(f"book.pdf: no built site in {site}/: run make site first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    (site / "pdf").mkdir(exist_ok=True)
    digest = pdf_cache.sources_digest(cache.PROJECT / "mkdocs.yml", cache.PROJECT / "docs")
    server, base = serve(site)
    public = public_root(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for edition, name, words in editions():
                    if not (site / edition / "index.html").exists():
                        continue
                    start = time.perf_counter()
                    out = site / "pdf" / name
                    chapters, pages = make_pdf(browser, base, site, edition, out, words, public)
                    pdf_cache.keep(out, digest, pages)
                    print(f"{out}: {chapters} pages of the book, {pages} PDF pages, "
                          f"{out.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - start:.0f} s")
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
