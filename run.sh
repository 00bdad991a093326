#!/usr/bin/env bash
# Starts Kinko with its demo: builds the kinko command if needed and runs `kinko serve --demo` with any
# extra arguments. The demo market maker keeps a moving book on every market; the demo trader's login
# (email, password, API key) is printed at the first start and kept in DATA/demo-login.txt (mode 0600),
# which this script shows again on later starts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
data="${KINKO_DATA:-data}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --data) data="${args[$((i + 1))]:-$data}" ;;
    --data=*) data="${args[$i]#--data=}" ;;
  esac
done
if [[ -f "$data/demo-login.txt" ]]; then
  echo "Demo login (from $data/demo-login.txt):"
  grep -v '^#' "$data/demo-login.txt" | sed 's/^/  /'
fi
exec ./kinko serve --demo "$@"
