"""MkDocs hook: what the editions (languages) need beyond mkdocs-static-i18n.

- The per-page ``<link rel="alternate" hreflang>`` tags are dropped:
  Material's script treats each as the root of another site and fetches
  ``sitemap.xml`` beside it, a request that fails for a page URL. The
  language menu keeps its own links, and the i18n sitemap still lists the
  translations, so nothing is lost for readers or search engines.
- Each edition keeps its own 404 page: the default one at the site's root
  (what a host serves for a missing page), the others under ``LANG/``.
  Without this, the last edition built overwrites the root's.
- No page of an edition falls back to English unannounced: a page without a
  translation stops the build, unless ``book.language.ENGLISH_ONLY`` lists it.
- ``make serve EDITION=en`` (mkdocs-static-i18n's ``build_only_locale``) may
  build the default edition alone; any other edition is refused by name, since
  the plugin would make it the default and build it at the site's root.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

PROJECT = str(Path(__file__).resolve().parent.parent)
if PROJECT not in sys.path:  # MkDocs loads hooks by path: make the tooling importable
    sys.path.insert(0, PROJECT)

from book.cache import write_atomically  # noqa: E402
from book.language import default_language, edition_dir, fallbacks  # noqa: E402

_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_config(config):
    only = config.plugins["i18n"].config.build_only_locale if "i18n" in config.plugins else None
    if only and only != default_language():
        raise PluginError(f"EDITION={only}: only the default edition ({default_language()}) can be built alone; "
                          f"another would move to the site's root, where its links do not point")
    return config


@event_priority(-105)  # after mkdocs-static-i18n chose each page's file for this edition
def on_files(files, config):
    i18n = config.plugins.get("i18n")
    if not edition_dir(i18n):
        return files
    pages = [(f.src_uri, f.locale) for f in files
             if f.src_uri.endswith((".md", ".ipynb")) and getattr(f, "locale", None)]
    problems = fallbacks(i18n.current_language, pages)
    if problems:
        raise PluginError("edition " + i18n.current_language + ":\n  " + "\n  ".join(problems))
    return files


def on_post_page(output, page, config):
    return _ALTERNATE.sub("", output)


def on_post_template(output_content, template_name, config):
    """Pages rendered from a bare template (404.html): no alternates, and one 404 page per edition."""
    output_content = _ALTERNATE.sub("", output_content)
    edition = edition_dir(config.plugins.get("i18n"))
    root = Path(config["site_dir"]) / template_name
    if template_name != "404.html" or not edition or not root.exists():
        return output_content
    write_atomically(Path(config["site_dir"]) / edition / template_name, output_content.encode("utf-8"))
    return root.read_text(encoding="utf-8")  # MkDocs writes this back to the root: the default edition's
