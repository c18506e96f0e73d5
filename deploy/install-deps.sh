#!/usr/bin/env bash
# Installs the Debian 12 packages fangxin needs to build, test and run.
#
# Idempotent and quick when there is nothing to do: if every package is already installed,
# apt is not touched at all. Otherwise runs `apt-get update` once and installs what is missing.
# Runs as root, or through sudo when available.
set -euo pipefail

PACKAGES=(
  # toolchain (the build uses CMake's default generator, Unix Makefiles)
  build-essential cmake ccache pkg-config git
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libabsl-dev libssl-dev libcpp-httplib-dev libjemalloc-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # etcd for the replicated-backend tests, Leaflet for the cloud-map page
  etcd-server libjs-leaflet
  # browser and Python clients for end-to-end tests
  chromium chromium-driver python3-selenium python3-grpcio python3-protobuf
  # a CJK font, so headless Chromium renders the map page's Chinese labels
  fonts-wqy-microhei
  # tools used by the scripts (TLS material, health probes) and the browser test's
  # loopback-only network namespace (unshare from util-linux, ip from iproute2)
  openssl curl util-linux iproute2
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != "installed" ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-deps: must run as root (or with sudo available) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
