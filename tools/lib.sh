# Shared settings for the tools. Sourced, not run.
# Layout:
#   qemu/            our new files, at their paths in QEMU's tree
#   patches/         our edits to QEMU's own files, git format-patch files, order in patches/series
#   build/qemu       assembled tree: git repo, commits base -> overlay -> one per patch
#   build/obj        QEMU's build directory (out of tree, so the source tree stays clean)
#   ~/.cache/xen-kvm downloaded Debian sources, the pristine base as a git repo, lab downloads

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XK_CACHE:-$HOME/.cache/xen-kvm}
BUILD=$TOP/build
TREE=$BUILD/qemu
OBJ=$BUILD/obj
QEMU_BIN=$OBJ/qemu-system-x86_64

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Newest qemu source version in bookworm (including security updates).
base_version() {
  apt-cache showsrc qemu 2>/dev/null | awk '/^Version: 1:7\.2/ {print $2}' | sort -V | tail -1 | sed 's/^1://'
}

# Pristine base as a git repo in the cache; prints its path.
base_repo() {
  local ver; ver=$(base_version)
  [ -n "$ver" ] || die "no qemu 7.2 source in apt (run tools/setup.sh)"
  local repo=$CACHE/base-$ver.git
  if [ ! -f "$repo/.done" ]; then
    log "fetching Debian's QEMU source $ver (apt-get source qemu=1:$ver)"
    mkdir -p "$CACHE/src"
    (cd "$CACHE/src" && apt-get source -qq --download-only "qemu=1:$ver" >/dev/null 2>&1) \
      || die "apt-get source qemu=1:$ver failed"
    rm -rf "$repo" "$CACHE/src/x"
    dpkg-source -x -q "$CACHE/src/qemu_$ver.dsc" "$CACHE/src/x" >/dev/null 2>&1 \
      || die "dpkg-source -x failed"
    rm -rf "$CACHE/src/x/.pc"
    git init -q "$CACHE/src/x"
    git -C "$CACHE/src/x" add -A -f
    git -C "$CACHE/src/x" -c user.name=base -c user.email=base@debian \
      commit -q -m "Debian QEMU $ver (base)" --date=2000-01-01T00:00:00Z
    mv "$CACHE/src/x/.git" "$repo"
    rm -rf "$CACHE/src/x"
    echo "$ver" > "$repo/.done"
  fi
  echo "$repo"
}

series() { grep -v '^\s*\(#\|$\)' "$TOP/patches/series" 2>/dev/null || true; }

# A hash of everything the assembled tree is made of.
inputs_hash() {
  (cd "$TOP" && { echo "$1"; find qemu patches -type f | LC_ALL=C sort | xargs -r sha1sum; }) | sha1sum | cut -c1-40
}
