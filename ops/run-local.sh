#!/usr/bin/env bash
# Builds and runs Carriage on this machine with everything it needs: the store on
# http://localhost:8080 (embedded PostgreSQL in $CARRIAGE_HOME, default ~/.carriage; sandbox
# payments; the demo catalog), an origin holding every demo title's media (small generated
# files, published on first start) and two local carriers, which fill their caches from the
# origin over the grid. Needs only a JDK 17+.
# Ctrl-C stops everything, and so does the store ending in any way (exit, crash, kill -9): the
# origin and carriers go with it, and their ports are free again.
#   CARRIAGE_BUILD=false   skip the build (when it is built already)
#   CARRIAGE_GRID_PORT     the origin's port, 7070; the carriers take the next two
#   CARRIAGE_DEMO_MEDIA_MB size of each demo title's generated media, 8
set -euo pipefail

readonly PUBLISHER_EMAIL="publisher@demo.carriage.local"
readonly BUYER_EMAIL="buyer@demo.carriage.local"
# Owns the local carriers: not the buyer, since carrying for yourself earns nothing.
readonly CARRIER_EMAIL="carrier@demo.carriage.local"
readonly ADMIN_EMAIL="admin@demo.carriage.local"
readonly DEMO_PASSWORD="carriage-demo"
readonly DEMO_MEDIA_MB="${CARRIAGE_DEMO_MEDIA_MB:-8}"
readonly GRID_PORT="${CARRIAGE_GRID_PORT:-7070}"
readonly DEMO_TITLES=("Skyline Couriers" "Harbor Lights" "Iron Meridian" "Night Ferry" "Copper Wire Blues" "The Long Relay" "Paper Planets")

pids=()

stop_all() {
  local pid
  for pid in "${pids[@]}"; do
    kill "${pid}" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}

# Waits up to SECONDS for the check (the remaining words) to pass while process PID lives; a process
# that exits first, or a check that never passes, fails the run. Only bash is needed.
wait_until() {
  local what="$1" pid="$2" seconds="$3" attempt
  shift 3
  for attempt in $(seq 1 "${seconds}"); do
    if "$@" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "${pid}" 2>/dev/null; then
      echo "The ${what} stopped while starting; see its output above." >&2
      exit 1
    fi
    sleep 1
  done
  echo "The ${what} was not ready in ${seconds} s." >&2
  exit 1
}

store_ready() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /q/health/ready HTTP/1.0\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200')
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1")
}

peer_node() {
  java -jar peer-node/target/peer-node.jar "$@"
}

# Starts a node in the background as this shell's own child, so stopping its pid stops the JVM
# itself (a backgrounded function would be a subshell, and killing that would orphan the JVM).
start_node() {
  java -jar peer-node/target/peer-node.jar "$@" &
  pids+=("$!")
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

  if [[ "${CARRIAGE_BUILD:-true}" != "false" ]]; then
    echo "Building the store and peer-node (the first build downloads its dependencies)..."
    ./mvnw --quiet -DskipTests -pl storefront-api,peer-node -am package
  fi

  trap stop_all EXIT INT TERM HUP
  export CARRIAGE_DEMO_ENABLED="${CARRIAGE_DEMO_ENABLED:-true}"
  # No SMTP here: the store's letters (password resets) are files in this outbox.
  export CARRIAGE_MAIL_OUTBOX="${CARRIAGE_MAIL_OUTBOX:-${home}/outbox}"
  echo "Carriage store starting on http://localhost:${port} (data in ${home})"
  # JAVA_OPTS is split into words on purpose: it holds several JVM options.
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -jar storefront-api/target/quarkus-app/quarkus-run.jar "$@" &
  pids+=("$!")
  wait_until store "${pids[0]}" 180 store_ready "${port}"

  if [[ ! -d "${grid}/origin/titles" ]]; then
    publish_demo_media "${store}" "${grid}/origin"
  fi
  start_node serve --origin --data "${grid}/origin" --store "${store}" --listen "127.0.0.1:${GRID_PORT}" --name origin \
    --email "${ADMIN_EMAIL}" --password "${DEMO_PASSWORD}"
  wait_until "origin (port ${GRID_PORT})" "${pids[-1]}" 60 listening "${GRID_PORT}"
  local number
  for number in 1 2; do
    start_node serve --data "${grid}/carrier-${number}" --store "${store}" --listen "127.0.0.1:$((GRID_PORT + number))" \
      --name "demo-carrier-${number}" --connection-cap 4MB/s --email "${CARRIER_EMAIL}" --password "${DEMO_PASSWORD}"
    wait_until "carrier ${number} (port $((GRID_PORT + number)))" "${pids[-1]}" 60 listening "$((GRID_PORT + number))"
  done
  # The demo buyer's own node: "Send to my node" in the library downloads a title onto this machine.
  start_node serve --data "${grid}/buyers-node" --store "${store}" --listen "127.0.0.1:$((GRID_PORT + 3))" --name "demo-buyers-node" \
    --no-fill --email "${BUYER_EMAIL}" --password "${DEMO_PASSWORD}"
  wait_until "the demo buyer's node (port $((GRID_PORT + 3)))" "${pids[-1]}" 60 listening "$((GRID_PORT + 3))"

  if [[ "${CARRIAGE_DEMO_TRAFFIC:-true}" != "false" && "${CARRIAGE_DEMO_ENABLED}" == "true" && ! -f "${home}/demo-traffic.done" ]]; then
    echo "First start: driving demo traffic through the real paths (a referral, three sandbox purchases, two grid downloads)..."
    if java -cp peer-node/target/peer-node.jar ops/demo/DemoTraffic.java "${store}" peer-node/bin/peer-node "${home}/demo-downloads"; then
      touch "${home}/demo-traffic.done"
    else
      echo "The demo traffic stopped (the store runs on; the next start tries again)." >&2
    fi
  fi

  cat <<MESSAGE

Carriage is running: store http://localhost:${port}, origin 127.0.0.1:${GRID_PORT}, carriers 127.0.0.1:$((GRID_PORT + 1))-$((GRID_PORT + 2)),
the demo buyer's own node 127.0.0.1:$((GRID_PORT + 3)): in the library, "Send to my node" puts a title in ${grid}/buyers-node/downloads/.
Try a download (the demo buyer starts Skyline Couriers' free trial):
  peer-node/bin/peer-node get "Skyline Couriers" --trial --email ${BUYER_EMAIL} --password ${DEMO_PASSWORD} -o skyline.bin
Mail the store sends (password reset links) is written to ${CARRIAGE_MAIL_OUTBOX}, one .eml file per letter.
Ctrl-C stops everything.
MESSAGE
  # However the store ends, the EXIT trap then stops the origin and the carriers.
  wait "${pids[0]}" || true
  echo "The store stopped; stopping the origin and carriers."
}

main "$@"
