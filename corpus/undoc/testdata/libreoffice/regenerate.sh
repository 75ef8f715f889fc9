#!/usr/bin/env bash
# Regenerates the LibreOffice fixtures: writes the flat ODT sources, then
# converts each to PDF with LibreOffice (Debian: libreoffice-writer-nogui,
# fonts-liberation). CI uses the committed PDFs and needs neither.
set -euo pipefail
cd "$(dirname "$0")"
python3 make_fodt.py .
for f in *.fodt; do
  soffice --headless --convert-to pdf --outdir . "$f" >/dev/null
done
ls -l *.pdf
