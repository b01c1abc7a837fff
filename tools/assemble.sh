#!/usr/bin/env bash
# Assemble build/qemu = Debian's QEMU 7.2 + qemu/ (our new files) + patches/ (our edits).
# Only files whose content changes are rewritten, so ninja rebuilds incrementally.
# Refuses to run over unexported work in build/qemu unless given --force.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

force=0; check=0
case "${1:-}" in
  --force) force=1 ;;
  --check) check=1 ;;   # only compare build/qemu with what assembling would give
esac

# Tree id of a work tree as it stands, untracked files included.
worktree_id() {
  local idx; idx=$(mktemp)
  cp "$1/.git/index" "$idx"
  GIT_INDEX_FILE=$idx git -C "$1" add -A >/dev/null
  GIT_INDEX_FILE=$idx git -C "$1" write-tree
  rm -f "$idx"
}

repo=$(base_repo)
ver=$(cat "$repo/.done")
hash=$(inputs_hash "$ver")
log "base: Debian QEMU $ver"

if [ $check -eq 1 ]; then
  [ -d "$TREE/.git" ] || { log "no build/qemu: nothing to check"; exit 0; }
elif [ -d "$TREE/.git" ]; then
  if [ $force -eq 0 ]; then
    if [ -n "$(git -C "$TREE" status --porcelain)" ] || \
       [ "$(git -C "$TREE" rev-parse HEAD)" != "$(cat "$BUILD/assembled.head" 2>/dev/null)" ]; then
      die "build/qemu holds work that is not in qemu/ or patches/: run tools/export.sh first (or assemble --force to discard it)"
    fi
  fi
  if [ $force -eq 0 ] && [ "$(cat "$BUILD/assembled.hash" 2>/dev/null)" = "$hash" ]; then
    log "build/qemu is up to date"
    exit 0
  fi
else
  mkdir -p "$BUILD"
  rm -rf "$TREE"
  log "checking out the base into build/qemu"
  git clone -q "$repo" "$TREE"
  git -C "$TREE" config user.name "$(git -C "$TOP" config user.name || echo xen-kvm)"
  git -C "$TREE" config user.email "$(git -C "$TOP" config user.email || echo xen-kvm@localhost)"
fi

# Build the new history in a scratch clone, then move build/qemu to it.
stage=$BUILD/stage
rm -rf "$stage"
git clone -q --shared "$TREE" "$stage"
git -C "$stage" checkout -q --detach "$(git -C "$TREE" rev-list --max-parents=0 HEAD)"
base=$(git -C "$stage" rev-parse HEAD)
export GIT_AUTHOR_NAME=xen-kvm GIT_AUTHOR_EMAIL=xen-kvm@localhost GIT_AUTHOR_DATE=2000-01-01T00:00:00Z
export GIT_COMMITTER_NAME=xen-kvm GIT_COMMITTER_EMAIL=xen-kvm@localhost GIT_COMMITTER_DATE=2000-01-01T00:00:00Z
if [ -n "$(ls -A "$TOP/qemu")" ]; then
  cp -a "$TOP/qemu/." "$stage/"
fi
git -C "$stage" add -A
git -C "$stage" commit -q --allow-empty -m "overlay: new files of the Xen HVM guest support (from qemu/)" \
  -m "Signed-off-by: $GIT_AUTHOR_NAME <$GIT_AUTHOR_EMAIL>"
overlay=$(git -C "$stage" rev-parse HEAD)

for p in $(series); do
  f=$TOP/patches/$p
  [ -f "$f" ] || die "patches/series names $p, which does not exist"
  if ! git -C "$stage" am -q -3 --committer-date-is-author-date "$f" >/dev/null 2>&1; then
    # Not a clean 3-way apply (e.g. a newer Debian revision): retry with fuzz.
    if (cd "$stage" && patch -p1 -s -F3 --no-backup-if-mismatch < "$f") && \
       git -C "$stage" add -A && git -C "$stage" am -q --continue; then
      log "warning: $p applied only with fuzz; run tools/export.sh to refresh it"
    else
      git -C "$stage" am --abort >/dev/null 2>&1 || true
      die "patch $p does not apply to Debian QEMU $ver"
    fi
  fi
done
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE

if [ $check -eq 1 ]; then
  want=$(git -C "$stage" rev-parse HEAD^{tree}); have=$(worktree_id "$TREE")
  rm -rf "$stage"
  if [ "$want" != "$have" ]; then
    git -C "$TREE" diff --stat "$want" | tail -5 >&2
    die "build/qemu differs from base + qemu/ + patches/: export it (tools/export.sh) or discard it (tools/assemble.sh --force)"
  fi
  log "build/qemu = base + qemu/ + patches/"
  exit 0
fi

git -C "$TREE" fetch -q "$stage" HEAD
git -C "$TREE" checkout -q -f -B work FETCH_HEAD
git -C "$TREE" clean -q -fd
git -C "$TREE" update-ref refs/xk/base "$base"
git -C "$TREE" update-ref refs/xk/overlay "$overlay"
git -C "$TREE" rev-parse HEAD > "$BUILD/assembled.head"
echo "$hash" > "$BUILD/assembled.hash"
echo "$ver" > "$BUILD/base-version"
rm -rf "$stage"
log "assembled build/qemu: $(series | wc -l) patches, $(git -C "$TREE" diff --name-only "$base" "$overlay" | wc -l) new files"
