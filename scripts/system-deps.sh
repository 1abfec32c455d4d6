#!/usr/bin/env bash
# Installs the Debian packages the service and its tests need, when they are missing.
# WeasyPrint: Pango and HarfBuzz subsetting; the browser test: Debian's Chromium; translation
# catalogues (`make messages` and the tests): gettext's xgettext, msgmerge and msgfmt; the PDF
# tests: poppler-utils (pdftotext); the HTML validation test: a Java runtime and the W3C Nu HTML
# checker (npm vnu-jar, pinned, into .vnu/); the benchmarks: wrk.
# Flags, any of: --browser (what `make test` needs), --gettext (`make messages`), --vnu, --bench, --redis (the
# Redis server the multi-server test in .ci/run shares), --load (`make load` and `make chaos`: PostgreSQL and
# Redis, each started by bench/load/stack.py on a free port of 127.0.0.1).
set -euo pipefail
cd "$(dirname "$0")/.."
VNU_VERSION=26.9.27
flags=" $* "
has() { [[ "$flags" == *" $1 "* ]]; }
need=()
[ -e /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0 ] || [ -n "$(ldconfig -p | grep libpango-1.0.so.0 || true)" ] || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p | grep -q libharfbuzz-subset.so.0 || need+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if has --browser; then
  command -v chromium >/dev/null || need+=(chromium)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
fi
if has --browser || has --gettext; then
  command -v xgettext >/dev/null && command -v msgfmt >/dev/null || need+=(gettext)
fi
if has --browser || has --vnu; then
  command -v java >/dev/null || need+=(default-jre-headless)
  command -v npm >/dev/null || need+=(npm)
fi
if has --redis || has --load; then
  command -v redis-server >/dev/null || need+=(redis-server)
fi
if has --load; then
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
fi
if has --bench; then
  command -v wrk >/dev/null || need+=(wrk)
  command -v chromium >/dev/null || need+=(chromium)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${need[*]}. Install them with: sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if (has --browser || has --vnu) && [ ! -f .vnu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing the Nu HTML checker (vnu-jar ${VNU_VERSION}) into .vnu/"
  npm install --silent --no-audit --no-fund --prefix .vnu "vnu-jar@${VNU_VERSION}" >/dev/null
fi
