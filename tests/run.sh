#!/usr/bin/env bash
# Installs dependencies, builds fangxin with tests into build/, and runs every test through
# ctest. Exits non-zero if anything fails. Used by .ci/run.
#
# Environment:
#   BUILD_DIR    build directory (default: build)
#   BUILD_TYPE   CMake build type (default: RelWithDebInfo)
#   JOBS         parallel compile jobs (default: nproc)
#   CTEST_ARGS   extra ctest arguments, e.g. "-R demo_tests" or "-L unit"
# The build goes through ccache when it is installed (CMakeLists.txt); ccache keeps its default
# cache directory (~/.cache/ccache) unless CCACHE_DIR says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
JOBS=${JOBS:-$(nproc)}

phase_start=$SECONDS
phase() {
  local now=$SECONDS
  if [[ -n "${phase_name:-}" ]]; then
    echo "=== ${phase_name}: $((now - phase_start)) s"
  fi
  phase_name=$1
  phase_start=$now
  [[ -n "$phase_name" ]] && echo "=== ${phase_name}"
  return 0
}
total_start=$SECONDS

phase "install dependencies"
./deploy/install-deps.sh

phase "configure ($BUILD_DIR, $BUILD_TYPE)"
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" -DFANGXIN_BUILD_TESTS=ON >/dev/null

phase "build (-j$JOBS)"
if command -v ccache >/dev/null; then ccache --zero-stats >/dev/null 2>&1 || true; fi
cmake --build "$BUILD_DIR" -j"$JOBS"
if command -v ccache >/dev/null; then
  ccache --show-stats 2>/dev/null | grep -E '^ *(Hits|Misses):' || true
fi

phase "test"
# Serially: tests bind loopback ports and fsync, and the machine has two cores.
set +e
# shellcheck disable=SC2086
ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j1 ${CTEST_ARGS:-}
status=$?
set -e

phase ""
echo "=== total: $((SECONDS - total_start)) s, ctest exit code $status"
exit "$status"
