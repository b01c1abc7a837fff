#!/usr/bin/env bash
# Export the work done inside build/qemu back into qemu/ and patches/.
#   new files (not in Debian's QEMU)  -> qemu/<path>
#   edits to QEMU's own files         -> patches/NNNN-*.patch, one per commit after the overlay
# Uncommitted edits to QEMU files go into the patch that already touches those
# files, or into a new patch with --new "subsystem: summary".
# Ends by re-assembling and proving nothing was lost.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

new_subject=""
[ "${1:-}" = "--new" ] && { new_subject=${2:?--new needs a subject}; }

[ -d "$TREE/.git" ] || die "no build/qemu to export"
g() { git -C "$TREE" "$@"; }
base=$(g rev-parse refs/xk/base)
overlay=$(g rev-parse refs/xk/overlay)
before=$(cd "$TREE" && idx=$(mktemp) && cp .git/index "$idx" && GIT_INDEX_FILE=$idx git add -A >/dev/null && GIT_INDEX_FILE=$idx git write-tree && rm -f "$idx")

in_base() { g cat-file -e "$base:$1" 2>/dev/null; }

# 1. Edits to base files not yet committed: into a patch commit.
mapfile -t dirty < <(g status --porcelain --untracked-files=no | cut -c4- | while read -r f; do in_base "$f" && echo "$f"; done)
if [ ${#dirty[@]} -gt 0 ]; then
  if [ -n "$new_subject" ]; then
    g add -- "${dirty[@]}"
    g commit -q --signoff -m "$new_subject" -m "Forwarded: no (Xen HVM guest support for KVM, not yet submitted)"
  else
    # The one patch commit that already touches all of these files.
    target=""
    for c in $(g rev-list --reverse "$overlay..HEAD"); do
      touched=$(g diff-tree --no-commit-id --name-only -r "$c")
      all=1; for f in "${dirty[@]}"; do grep -qxF "$f" <<<"$touched" || all=0; done
      [ $all -eq 1 ] && target=$c
    done
    [ -n "$target" ] || die "no single patch touches ${dirty[*]}: give --new \"subsystem: summary\""
    g add -- "${dirty[@]}"
    g commit -q --fixup="$target"
    log "folded ${dirty[*]} into: $(g log -1 --format=%s "$target")"
  fi
fi
# New files are exported from the work tree below; keep the history on base files only.
g add -A >/dev/null
g diff --cached --quiet || g commit -q -m "fixup! $(g log -1 --format=%s "$overlay")"
GIT_SEQUENCE_EDITOR=: g -c advice.skippedCherryPicks=false rebase -q -i --autosquash "$overlay" >/dev/null

# 2. New files -> qemu/
tmpq=$(mktemp -d)
comm -23 <(g ls-files | LC_ALL=C sort) <(g ls-tree -r --name-only "$base" | LC_ALL=C sort) | \
  while read -r f; do mkdir -p "$tmpq/$(dirname "$f")"; cp -p "$TREE/$f" "$tmpq/$f"; done
rm -rf "$TOP/qemu"; mv "$tmpq" "$TOP/qemu"; chmod 755 "$TOP/qemu"

# 3. Each commit after the overlay -> one patch, limited to base files.
rm -f "$TOP"/patches/*.patch
: > "$TOP/patches/series"
n=0
for c in $(g rev-list --reverse "$overlay..HEAD"); do
  mapfile -t files < <(g diff-tree --no-commit-id --name-only -r "$c" | while read -r f; do in_base "$f" && echo "$f"; done)
  [ ${#files[@]} -gt 0 ] || continue
  n=$((n + 1))
  out=$(g format-patch --zero-commit --no-signature --start-number "$n" -o "$TOP/patches" -1 "$c" -- "${files[@]}")
  basename "$out" >> "$TOP/patches/series"
done
log "exported $(find "$TOP/qemu" -type f | wc -l) new files and $n patches"

# 4. Prove it: assembling from qemu/ + patches/ gives the same tree.
g rev-parse HEAD > "$BUILD/assembled.head"
"$TOP/tools/assemble.sh" --force >/dev/null
after=$(g rev-parse HEAD^{tree})
[ "$before" = "$after" ] || die "export lost work: build/qemu before ($before) != assembled ($after); the old state is in build/qemu's reflog"
log "build/qemu = base + qemu/ + patches/"

# tools/series.sh puts each new file into the patch patches/new-files names for it.
unlisted=$(cd "$TOP/qemu" && find . -type f | sed 's|^\./||' | while read -r f; do
  grep -v '^\s*#' "$TOP/patches/new-files" 2>/dev/null | grep -qwF -- "$f" || echo "$f"; done)
[ -z "$unlisted" ] || log "warning: patches/new-files does not list $(echo $unlisted): name the patch that introduces each"
