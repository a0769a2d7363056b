#!/usr/bin/env bash
# Builds the store and runs it on http://localhost:8080 with everything it needs:
# an embedded PostgreSQL whose data lives in $CARRIAGE_HOME (default ~/.carriage),
# and the demo catalog seeded on first start. Needs only a JDK 17+.
set -euo pipefail

main() {
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "${root}"

  echo "Building the store (the first build downloads its dependencies)..."
  ./mvnw --quiet -DskipTests -pl storefront-api -am package

  export CARRIAGE_DEMO_ENABLED="${CARRIAGE_DEMO_ENABLED:-true}"
  echo "Carriage store starting on http://localhost:${QUARKUS_HTTP_PORT:-8080} (data in ${CARRIAGE_HOME:-${HOME}/.carriage})"
  # JAVA_OPTS is split into words on purpose: it holds several JVM options.
  # shellcheck disable=SC2086
  exec java ${JAVA_OPTS:-} -jar storefront-api/target/quarkus-app/quarkus-run.jar "$@"
}

main "$@"
