#!/usr/bin/env bash
# Run the lab scenarios (tests/lab/README.md): tools/lab.sh [--qemu PATH] [--list] [--native|--lab] [NAME...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/tools/setup.sh"
exec "$TOP/tests/lab/run" "$@"
