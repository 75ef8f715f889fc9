#!/usr/bin/env bash
# Regenerates the LibreOffice PDFs of the fictional renewal from its
# Sources (the *.json beside this script): make_fodt.py writes a flat ODT
# of each, LibreOffice converts it (Debian: libreoffice-writer-nogui,
# fonts-liberation). The tests use the committed PDFs and need neither;
# the fpdf PDFs are made by the tests themselves (undoctest.FPDF).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp s-res-*.json "$tmp"/
python3 ../../../undoc/testdata/libreoffice/make_fodt.py --sources "$tmp" "$tmp"/s-res-*.json
soffice -env:UserInstallation=file://"$tmp"/profile --headless --convert-to pdf --outdir "$tmp" "$tmp"/*.fodt >/dev/null
for f in "$tmp"/s-res-*.pdf; do cp "$f" "lo-$(basename "$f")"; done
ls -l lo-*.pdf
