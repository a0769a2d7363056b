#!/usr/bin/env bash
# Checks the alert rules with promtool (syntax, then their unit tests), installing Debian's
# prometheus package for promtool when it is missing and apt-get can; and checks that the
# Grafana dashboards are JSON. The store's build checks too (OpsFilesTest) that every metric
# the rules and dashboards name is one the store or a carrier exports, and that the Kubernetes
# manifests hang together.
#   ops/monitoring/check.sh
set -euo pipefail

main() {
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  if ! command -v promtool > /dev/null && command -v apt-get > /dev/null && [[ "$(id -u)" == 0 ]]; then
    echo "promtool is not installed; installing Debian's prometheus package for it" >&2
    (apt-get install -y --no-install-recommends prometheus > /dev/null 2>&1 \
      || { apt-get update > /dev/null && apt-get install -y --no-install-recommends prometheus > /dev/null; }) || true
  fi
  if command -v promtool > /dev/null; then
    promtool check rules "${here}/prometheus/carriage-alerts.yml"
    (cd "${here}/prometheus" && promtool test rules carriage-alerts.test.yml)
  else
    echo "promtool is not available here: rules not checked by it" >&2
  fi
  for dashboard in "${here}"/grafana/*.json; do
    python3 -m json.tool "${dashboard}" > /dev/null && echo "${dashboard##*/}: valid JSON"
  done
}

main "$@"
