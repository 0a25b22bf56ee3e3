"""MkDocs hook: drop the per-page ``<link rel="alternate" hreflang>`` tags.

Material's script treats each such link as the root of another site and
fetches ``sitemap.xml`` beside it, a request that fails for a page URL. The
language menu keeps its own links, and the i18n sitemap still lists the
translations, so nothing is lost for readers or search engines.
"""

from __future__ import annotations

import re

_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_post_page(output, page, config):
    return _ALTERNATE.sub("", output)


def on_post_template(output_content, template_name, config):
    """The same for pages rendered from a bare template, such as 404.html."""
    return _ALTERNATE.sub("", output_content)
