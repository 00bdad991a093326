#!/usr/bin/env bash
# Runs every test of Kinko.slnx on this machine, installing the system packages the tests use.
# Its last line is always "N passed, N failed" (summed over the test projects); the exit code is
# non-zero if the build or a test failed, or if no test ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# Debian packages the tests need. Add to this list when a test needs another real part
# (litecoind, chromium, softhsm2, ...).
DEBIAN_PACKAGES=(postgresql)

RESULTS_DIR="$PWD/.test-results"
HANG_TIMEOUT=10m

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '== %s\n' "$*"; }

summary_and_exit() { # passed failed exit-code
  echo "$1 passed, $2 failed"
  exit "$3"
}

# True when a Debian package (or what the tests use from it) is already on the machine.
package_present() {
  case "$1" in
    # The tests find initdb under /usr/lib/postgresql/*/bin, whichever package put it there.
    postgresql) compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null ;;
    *) dpkg -s "$1" >/dev/null 2>&1 ;;
  esac
}

APT_UPDATED=0
# ensure_debian_packages PKG...: installs the packages that are missing; apt is not called otherwise.
ensure_debian_packages() {
  local missing=() package
  for package in "$@"; do
    package_present "$package" || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0

  local sudo=()
  [[ $EUID -ne 0 ]] && sudo=(sudo)
  log "installing ${missing[*]}"
  if ((APT_UPDATED == 0)); then
    "${sudo[@]}" apt-get update -qq
    APT_UPDATED=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node packages for the API-client tests (ccxt, run by Kinko.Integration.Tests), from the lock file.
install_node_packages() {
  if [[ -f tests/node/package.json ]]; then
    log "installing tests/node packages (npm ci)"
    (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# counter FILE NAME: one attribute of a .trx file's <Counters .../> element (0 if absent).
counter() {
  local value
  value=$(grep -o '<Counters [^>]*>' "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]\+' | head -n 1 || true)
  echo "${value:-0}"
}

ensure_debian_packages "${DEBIAN_PACKAGES[@]}"
install_node_packages

log "building Kinko.slnx"
if ! dotnet build Kinko.slnx -nologo -v quiet; then
  echo "build failed" >&2
  summary_and_exit 0 0 1
fi

rm -rf "$RESULTS_DIR"
mkdir -p "$RESULTS_DIR"
log "testing"
test_status=0
dotnet test Kinko.slnx --no-build -nologo \
  --results-directory "$RESULTS_DIR" --logger trx \
  --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type mini || test_status=$?

passed=0
failed=0
shopt -s nullglob
trx_files=("$RESULTS_DIR"/*.trx)
for trx in "${trx_files[@]}"; do
  project_passed=$(counter "$trx" passed)
  project_failed=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
  passed=$((passed + project_passed))
  failed=$((failed + project_failed))
done
log "${#trx_files[@]} test result file(s) in ${RESULTS_DIR#"$PWD"/}"

if ((test_status != 0)); then
  echo "dotnet test exited with $test_status" >&2
fi
if ((passed + failed == 0)); then
  echo "no test ran" >&2
fi
status=0
((failed > 0 || test_status != 0 || passed + failed == 0)) && status=1
summary_and_exit "$passed" "$failed" "$status"
