#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the portal needs, and says clearly what is
# missing when it cannot install them (no root, no sudo, no apt).
#
#   WeasyPrint (PDFs):      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
#                           (without harfbuzz-subset a CJK PDF renders ~50x slower)
#   Chinese text in PDFs:   fonts-noto-cjk
#   PDF checks in tests:    poppler-utils (pdffonts, pdftotext, pdftoppm)
#   Browser tests:          chromium (Playwright drives /usr/bin/chromium)
#   Message catalogues:     gettext (msgfmt for compilemessages)
#   Compose file check:     docker-compose (validates docker-compose.yml without an engine)
set -euo pipefail

PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-noto-cjk poppler-utils chromium gettext docker-compose
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi

echo "system packages missing: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ERROR: apt-get is not available on this machine." >&2
  echo "Install the equivalents of these Debian packages by hand: ${missing[*]}" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ERROR: installing needs root. Run as root or with sudo:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "ERROR: apt-get could not install: ${missing[*]}" >&2
  exit 1
fi
echo "system packages: installed ${missing[*]}"
