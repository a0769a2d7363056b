#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing, and prints its path.
# The tests call this themselves (a browser test is never skipped for want of a browser);
# run it by hand to install ahead of time. Needs root or sudo when Chromium is absent.
set -euo pipefail
browser="${CARRIAGE_CHROMIUM:-/usr/bin/chromium}"
if [[ -x "$browser" ]]; then
  echo "$browser"
  exit 0
fi
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Chromium is missing and installing it needs root (or sudo)" >&2; exit 1; }
  as_root=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >&2
"${as_root[@]}" apt-get install -y -qq chromium >&2
[[ -x "$browser" ]] || { echo "apt-get installed chromium but $browser is not there" >&2; exit 1; }
echo "$browser"
