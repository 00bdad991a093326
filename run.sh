#!/usr/bin/env bash
# Starts Kinko: builds the kinko command if needed and runs `kinko serve` with any extra arguments.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
exec ./kinko serve "$@"
