#!/bin/sh
# Installs what the project needs on a fresh machine: the npm packages, exactly
# as the committed package-lock.json says (`npm ci`, which never rewrites it),
# whenever the lock changed since the last install; Chromium when no
# browser is found; and then Chromium's headless shell beside it.
# Quick and silent when everything is in place.
set -e
cd "$(dirname "$0")/.."
export PUPPETEER_SKIP_DOWNLOAD=1

want=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.handlingar-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

have_browser() {
  for candidate in "${HANDLINGAR_CHROMIUM:-}" "${PUPPETEER_EXECUTABLE_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
    [ -n "$candidate" ] && [ -x "$candidate" ] && return 0
  done
  return 1
}

if ! have_browser; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Chromium from Debian's packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: no Chromium found. Install it (apt-get install -y chromium) or set HANDLINGAR_CHROMIUM to its path." >&2
    exit 2
  fi
fi

# Debian's chromium-headless-shell prints the same PDFs as the browser and starts in a third of the time; builds use it
# when it is there. Installed beside the browser when it can be (as root, with apt), and tried once: without it the
# browser prints.
tried=node_modules/.handlingar-headless-shell-tried
if [ -x /usr/bin/chromium ] && [ ! -x /usr/lib/chromium/chromium-headless-shell ] && [ ! -f "$tried" ] \
  && [ -z "${HANDLINGAR_CHROMIUM:-}${PUPPETEER_EXECUTABLE_PATH:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  touch "$tried"
  echo "setup: installing Chromium's headless shell from Debian's packages" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null; } \
    || echo "setup: Chromium's headless shell could not be installed; the browser prints instead" >&2
fi
