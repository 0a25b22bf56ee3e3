#!/usr/bin/env bash
# Copy the front-end assets from the npm registry: KaTeX's stylesheet and
# fonts, which the site serves itself (no CDN); KaTeX's script, which the
# build runs to typeset the math (book/math.py); axe-core for the
# accessibility tests.
set -euo pipefail
cd "$(dirname "$0")/.."
KATEX=${KATEX:-0.16.47}
AXE=${AXE:-4.14.1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "katex@$KATEX" "axe-core@$AXE" >/dev/null && for t in *.tgz; do mkdir "${t%.tgz}" && tar xzf "$t" -C "${t%.tgz}"; done)
k="$tmp/katex-$KATEX/package/dist"
dest=docs/assets/katex
rm -rf "$dest" && mkdir -p "$dest/fonts"
cp "$k/katex.min.css" "$dest/"
cp "$k/katex.min.js" book/vendor/
cp "$tmp/katex-$KATEX/package/LICENSE" book/vendor/katex-LICENSE.txt
cp "$k"/fonts/*.woff2 "$dest/fonts/"   # every browser the theme supports reads woff2
cp "$tmp/katex-$KATEX/package/LICENSE" "$dest/LICENSE.txt"
echo "KaTeX $KATEX from the npm registry (make vendor)." > "$dest/VERSION.txt"
mkdir -p tests/browser/vendor
cp "$tmp/axe-core-$AXE/package/axe.min.js" tests/browser/vendor/
cp "$tmp/axe-core-$AXE/package/LICENSE" tests/browser/vendor/axe-core-LICENSE.txt
echo "axe-core $AXE from the npm registry (make vendor)." > tests/browser/vendor/VERSION.txt
