#!/usr/bin/env bash
# Regenerates the LibreOffice fixtures: writes the flat ODT sources, then
# converts them to PDF with LibreOffice (Debian: libreoffice-writer-nogui,
# fonts-liberation), in one call and with a profile of its own so that no
# other soffice running on the machine is disturbed. CI uses the committed
# PDFs and needs neither.
set -euo pipefail
cd "$(dirname "$0")"
python3 make_fodt.py .
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice "-env:UserInstallation=file://$profile" --headless --convert-to pdf --outdir . ./*.fodt >/dev/null
ls -l ./*.pdf
