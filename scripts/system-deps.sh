#!/usr/bin/env bash
# Installs the Debian packages the service and its tests need, when they are missing.
# WeasyPrint: Pango and HarfBuzz subsetting; the browser test: Debian's Chromium; translation
# catalogues (`make messages` and the tests): gettext's xgettext, msgmerge and msgfmt.
# --browser adds what `make test` needs; --gettext only what `make messages` needs; --bench adds
# wrk, the load tool `make bench` drives gunicorn with.
set -euo pipefail
need=()
[ -e /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0 ] || [ -n "$(ldconfig -p | grep libpango-1.0.so.0 || true)" ] || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--browser" ]; then
  command -v chromium >/dev/null || need+=(chromium)
fi
if [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null || need+=(wrk)
fi
if [ "${1:-}" = "--browser" ] || [ "${1:-}" = "--gettext" ]; then
  command -v xgettext >/dev/null && command -v msgfmt >/dev/null || need+=(gettext)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${need[*]}. Install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
