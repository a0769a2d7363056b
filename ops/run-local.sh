#!/usr/bin/env bash
# Builds and runs Carriage on this machine with everything it needs: the store on
# http://localhost:8080 (embedded PostgreSQL in $CARRIAGE_HOME, default ~/.carriage; sandbox
# payments; the demo catalog), an origin holding every demo title's media (small generated
# files, published on first start) and two local carriers, which fill their caches from the
# origin over the grid. Needs only a JDK 17+.
# Ctrl-C stops everything.
set -euo pipefail

readonly PUBLISHER_EMAIL="publisher@demo.carriage.local"
readonly BUYER_EMAIL="buyer@demo.carriage.local"
# Owns the local carriers: not the buyer, since carrying for yourself earns nothing.
readonly CARRIER_EMAIL="carrier@demo.carriage.local"
readonly ADMIN_EMAIL="admin@demo.carriage.local"
readonly DEMO_PASSWORD="carriage-demo"
readonly DEMO_MEDIA_MB=8
readonly DEMO_TITLES=("Skyline Couriers" "Harbor Lights" "Iron Meridian" "Night Ferry" "Copper Wire Blues" "The Long Relay" "Paper Planets")

pids=()

stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    kill "${pid}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}

# Waits until the store answers its readiness check, using only bash.
wait_for_store() {
  local port="$1" attempt
  for attempt in $(seq 1 180); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}" && printf 'GET /q/health/ready HTTP/1.0\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200') 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "${pids[0]}" 2>/dev/null; then
      echo "The store stopped while starting; see its output above." >&2
      exit 1
    fi
    sleep 1
  done
  echo "The store did not become ready in 180 s." >&2
  exit 1
}

peer_node() {
  java -jar peer-node/target/peer-node.jar "$@"
}

publish_demo_media() {
  local store="$1" origin="$2" media title
  media="$(mktemp -d)"
  echo "Publishing the demo titles' media (${DEMO_MEDIA_MB} MB each, generated) to the origin..."
  for title in "${DEMO_TITLES[@]}"; do
    head -c "$((DEMO_MEDIA_MB * 1024 * 1024))" /dev/urandom > "${media}/demo.bin"
    peer_node publish "${media}/demo.bin" --title "${title}" --store "${store}" --data "${origin}" \
      --email "${PUBLISHER_EMAIL}" --password "${DEMO_PASSWORD}"
  done
  rm -rf "${media}"
}

main() {
  local root home port store grid
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  cd "${root}"
  home="${CARRIAGE_HOME:-${HOME}/.carriage}"
  port="${QUARKUS_HTTP_PORT:-8080}"
  store="http://127.0.0.1:${port}"
  grid="${home}/grid"

  echo "Building the store and peer-node (the first build downloads its dependencies)..."
  ./mvnw --quiet -DskipTests -pl storefront-api,peer-node -am package

  trap stop_all EXIT INT TERM
  export CARRIAGE_DEMO_ENABLED="${CARRIAGE_DEMO_ENABLED:-true}"
  echo "Carriage store starting on http://localhost:${port} (data in ${home})"
  # JAVA_OPTS is split into words on purpose: it holds several JVM options.
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -jar storefront-api/target/quarkus-app/quarkus-run.jar "$@" &
  pids+=("$!")
  wait_for_store "${port}"

  if [[ ! -d "${grid}/origin/titles" ]]; then
    publish_demo_media "${store}" "${grid}/origin"
  fi
  peer_node serve --origin --data "${grid}/origin" --store "${store}" --listen 127.0.0.1:7070 --name origin \
    --email "${ADMIN_EMAIL}" --password "${DEMO_PASSWORD}" &
  pids+=("$!")
  local number
  for number in 1 2; do
    peer_node serve --data "${grid}/carrier-${number}" --store "${store}" --listen "127.0.0.1:707${number}" \
      --name "demo-carrier-${number}" --connection-cap 4MB/s --email "${CARRIER_EMAIL}" --password "${DEMO_PASSWORD}" &
    pids+=("$!")
  done

  cat <<MESSAGE

Carriage is running: store http://localhost:${port}, origin 127.0.0.1:7070, carriers 127.0.0.1:7071-7072.
Try a download (the demo buyer starts Skyline Couriers' free trial):
  peer-node/bin/peer-node get "Skyline Couriers" --trial --email ${BUYER_EMAIL} --password ${DEMO_PASSWORD} -o skyline.bin
Ctrl-C stops everything.
MESSAGE
  wait "${pids[0]}"
}

main "$@"
