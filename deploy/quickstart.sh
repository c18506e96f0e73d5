#!/usr/bin/env bash
# fangxin on a fresh machine in one command: installs the Debian packages, builds the server,
# CLI and demo loader, starts fangxind with its data under ./var/, loads the Yancheng demo data
# (once), starts fangxin-map (the cloud map) and prints its address and how to call fangxind, and
# keeps running until Ctrl-C, which stops both cleanly.
#
# Environment:
#   FANGXIN_LISTEN   gRPC address (default 127.0.0.1:7443)
#   BUILD_DIR        build directory (default build; configured without tests if new)
#   VAR_DIR          data and logs (default var)
#   DEMO_SEED        demo data seed (default 20220315)
#   DEMO_MERCHANTS   demo merchants (default 7600)
#   SKIP_DEMO=1      start with an empty registry
#   FANGXIN_MAP_LISTEN  the cloud map's HTTP address (default 127.0.0.1:8080)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

LISTEN=${FANGXIN_LISTEN:-127.0.0.1:7443}
BUILD_DIR=${BUILD_DIR:-build}
VAR_DIR=${VAR_DIR:-var}
DEMO_SEED=${DEMO_SEED:-20220315}
DEMO_MERCHANTS=${DEMO_MERCHANTS:-7600}
DATA_DIR=$VAR_DIR/data
LOG=$VAR_DIR/fangxind.log
MARKER=$VAR_DIR/.demo-loaded
DIVISIONS=deploy/data/yancheng-divisions.csv

FANGXIND=$BUILD_DIR/services/server/fangxind
FANGXINCTL=$BUILD_DIR/clients/cli/fangxinctl
DEMO=$BUILD_DIR/clients/demo/fangxin-demo
FANGXIN_MAP=$BUILD_DIR/clients/map/fangxin-map
MAP_LISTEN=${FANGXIN_MAP_LISTEN:-127.0.0.1:8080}
MAP_LOG=$VAR_DIR/fangxin-map.log

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "Installing dependencies"
./deploy/install-deps.sh

say "Building fangxind, fangxinctl, fangxin-demo and fangxin-map in $BUILD_DIR/"
if [[ ! -f $BUILD_DIR/CMakeCache.txt ]]; then
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFANGXIN_BUILD_TESTS=OFF \
    -DFANGXIN_BUILD_BENCHMARKS=OFF >/dev/null
fi
# Only the three programs, whatever else the build directory is configured for.
cmake --build "$BUILD_DIR" -j"$(nproc)" --target fangxind fangxinctl fangxin-demo fangxin-map

mkdir -p "$VAR_DIR"  # fangxind creates $DATA_DIR itself, mode 0700
server_pid=""
map_pid=""

# shellcheck disable=SC2317  # called from the traps
stop_map() {
  if [[ -n $map_pid ]] && kill -0 "$map_pid" 2>/dev/null; then
    kill -TERM "$map_pid" 2>/dev/null || true
    wait "$map_pid" 2>/dev/null || true
  fi
  map_pid=""
}

# shellcheck disable=SC2317  # called from the traps
stop_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    say "Stopping fangxind (pid $server_pid)"
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    echo "fangxind stopped; data kept in $DATA_DIR"
  fi
  server_pid=""
}
trap 'stop_map; stop_server' EXIT
trap 'stop_map; stop_server; exit 130' INT
trap 'stop_map; stop_server; exit 143' TERM

# The audit checkpoint signing key lives outside the data directory (docs/security.md): whoever
# can rewrite the database must not also be able to sign a rewritten tree.
SIGNING_KEY=$VAR_DIR/keys/audit-signing.pem
if [[ ! -f $SIGNING_KEY ]]; then
  say "Creating the audit signing key $SIGNING_KEY (Ed25519)"
  mkdir -p "$VAR_DIR/keys" && chmod 700 "$VAR_DIR/keys"
  (umask 077 && openssl genpkey -algorithm ed25519 -out "$SIGNING_KEY")
fi
say "Audit public key: $(openssl pkey -in "$SIGNING_KEY" -pubout -outform DER | tail -c 32 | od -An -tx1 | tr -d ' \n')"

# TLS from a local CA made here (docs/security.md). The CA also signs client certificates for
# mutual TLS: bind one to a key with `fangxinctl key create --client_certificate_name CN`.
TLS_DIR=$VAR_DIR/tls
CACERT=$TLS_DIR/ca.pem
LISTEN_HOST=${LISTEN%:*}
if [[ ! -f $TLS_DIR/server.pem ]]; then
  say "Creating a local CA and a server certificate for $LISTEN_HOST in $TLS_DIR"
  mkdir -p "$TLS_DIR" && chmod 700 "$TLS_DIR"
  (
    cd "$TLS_DIR" && umask 077
    ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 825 \
      -subj "/CN=fangxin quickstart CA" 2>/dev/null
    openssl req "${ec[@]}" -keyout server.key -out server.csr -subj "/CN=$LISTEN_HOST" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost%s\n' \
      "$([[ $LISTEN_HOST =~ ^[0-9.]+$ && $LISTEN_HOST != 127.0.0.1 ]] && echo ",IP:$LISTEN_HOST")" \
      >server.ext
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 \
      -extfile server.ext -out server.pem 2>/dev/null
    chmod 644 ca.pem
  )
fi

say "Starting fangxind on $LISTEN with TLS (data in $DATA_DIR, log in $LOG)"
"$FANGXIND" --data_dir="$DATA_DIR" --listen="$LISTEN" --divisions="$DIVISIONS" \
  --tls_cert_file="$TLS_DIR/server.pem" --tls_key_file="$TLS_DIR/server.key" \
  --tls_client_ca_file="$CACERT" --audit_signing_key="$SIGNING_KEY" \
  --calendar="$ROOT/deploy/data/calendar-cn-2025-2026.csv" >>"$LOG" 2>&1 &
server_pid=$!

# Ready when the admin key exists and an authenticated read succeeds (about 30 s at most).
ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    wait "$server_pid" && code=0 || code=$?
    server_pid=""
    echo "fangxind exited with status $code before it was ready. Last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
  fi
  if [[ -s $DATA_DIR/admin.key ]] &&
    "$FANGXINCTL" --server="$LISTEN" --cacert="$CACERT" --token="$(<"$DATA_DIR/admin.key")" --timeout=2s \
      division get 320900 >/dev/null 2>&1; then
    ready=1
    break
  fi
  sleep 0.25
done
if [[ -z $ready ]]; then
  if [[ ! -s $DATA_DIR/admin.key ]]; then
    echo "No $DATA_DIR/admin.key: this data directory was set up before and its admin key file" \
      "was removed. Use a key you kept, or start afresh with an empty $VAR_DIR/." >&2
  else
    echo "fangxind did not become ready on $LISTEN. Last lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
  fi
  exit 1
fi

# The loader is idempotent (request ids derive from the seed), so the marker only saves time. It
# counts only for the data directory it was written for: a newer admin.key means a new registry.
marker_content="seed=$DEMO_SEED merchants=$DEMO_MERCHANTS"
if [[ ${SKIP_DEMO:-} == 1 ]]; then
  say "Skipping the demo data (SKIP_DEMO=1)"
elif [[ -f $MARKER && $MARKER -nt $DATA_DIR/admin.key && $(<"$MARKER") == "$marker_content" ]]; then
  say "Demo data already loaded ($marker_content)"
else
  say "Loading the demo data ($DEMO_MERCHANTS merchants, seed $DEMO_SEED)"
  if "$DEMO" --server="$LISTEN" --tls_root_certs="$CACERT" --token_file="$DATA_DIR/admin.key" \
    --divisions="$DIVISIONS" \
    --seed="$DEMO_SEED" --merchants="$DEMO_MERCHANTS"; then
    echo "$marker_content" >"$MARKER"
  else
    echo "warning: some demo data was not loaded (see above); fangxind keeps running, and the" \
      "next ./deploy/quickstart.sh tries again" >&2
  fi
fi

say "Starting fangxin-map on http://$MAP_LISTEN/ (log in $MAP_LOG)"
"$FANGXIN_MAP" --server="$LISTEN" --tls_root_certs="$CACERT" --token_file="$DATA_DIR/admin.key" \
  --listen="$MAP_LISTEN" \
  >>"$MAP_LOG" 2>&1 &
map_pid=$!
map_url="http://$MAP_LISTEN/"
# Ready once it has listed the registry (a few seconds for the full demo).
for _ in $(seq 1 120); do
  if ! kill -0 "$map_pid" 2>/dev/null; then
    map_pid=""
    map_url="(fangxin-map did not start; see $MAP_LOG)"
    tail -n 5 "$MAP_LOG" >&2
    break
  fi
  curl -fsS "${map_url}healthz" >/dev/null 2>&1 && break
  sleep 0.25
done

CLI_DIR=$(cd "$(dirname "$FANGXINCTL")" && pwd)
cat <<EOF

fangxind is serving on $LISTEN  (pid $server_pid, data $DATA_DIR, log $LOG)
The cloud map:  $map_url   (open it in a browser; it updates live)

In another terminal:

  cd $ROOT
  export FANGXIN_SERVER=$LISTEN
  export FANGXIN_CACERT=$CACERT                 # the local CA that signed fangxind's certificate
  export FANGXIN_TOKEN=\$(cat $DATA_DIR/admin.key)      # the admin key; keep it secret
  export PATH=$CLI_DIR:\$PATH

  fangxinctl division list --parent 320900               # Yancheng's districts and counties
  fangxinctl area list                                   # malls, street districts, circles
  fangxinctl store list --area yc-wuyue-plaza --max_pages 1
  fangxinctl store list --division 320902 --industry catering --page_size 10 --max_pages 1
  fangxinctl merchant list --division 320981 --page_size 5 --max_pages 1 --output json
  fangxinctl --help

Docs: README.md (CLI tour), docs/api.md, docs/operations.md.
Press Ctrl-C to stop fangxind and fangxin-map.
EOF

# Until fangxind exits or we are told to stop (the traps stop it).
wait "$server_pid" && code=0 || code=$?
server_pid=""
stop_map
if [[ $code -ne 0 ]]; then
  echo "fangxind exited with status $code. Last lines of $LOG:" >&2
  tail -n 20 "$LOG" >&2
fi
exit "$code"
