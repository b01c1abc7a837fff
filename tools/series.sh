#!/usr/bin/env bash
# Emit the whole work as a git format-patch series against Debian's QEMU,
# the form in which QEMU reviews patches: the new files first, then each patch.
# Output: build/series/ (or the directory given).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=$(realpath -m "${1:-$BUILD/series}")
"$TOP/tools/assemble.sh" >/dev/null
rm -rf "$out"; mkdir -p "$out"
git -C "$TREE" format-patch -q --cover-letter --zero-commit -o "$out" refs/xk/base..HEAD
sed -i "s/\*\*\* SUBJECT HERE \*\*\*/Xen HVM guest support for the KVM accelerator/; s/\*\*\* BLURB HERE \*\*\*/Emulates Xen for HVM guests under KVM, on Debian QEMU $(cat "$BUILD/base-version")./" "$out"/0000-cover-letter.patch
log "series in $out: $(ls "$out" | wc -l) files"
ls "$out"
