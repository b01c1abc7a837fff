#!/usr/bin/env bash
# Emit the whole work as a git format-patch series against Debian's QEMU, the form in
# which QEMU reviews patches: each patch of patches/series, with the new files (qemu/)
# that patches/new-files assigns to it. Output: build/series/ (or the directory given).
#   --check: also build each step of the series, in a tree and build dir of its own
#            (build/series-check/qemu and /obj, configured as tools/build.sh does, ccache):
#            build/qemu's checkout and build/obj are left alone, so work can go on in them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

check=0
[ "${1:-}" = "--check" ] && { check=1; shift; }
out=$(realpath -m "${1:-$BUILD/series}")
map=$TOP/patches/new-files
"$TOP/tools/assemble.sh" >/dev/null

# patches/new-files: "PATCH: FILE..." lines, PATCH being a patches/series name without
# its NNNN- (renumbering keeps the map valid). Every file of qemu/ is listed once.
files_of() { awk -v p="$1:" '$1 == p { for (i = 2; i <= NF; i++) print $i }' "$map"; }
listed=$(grep -v '^\s*\(#\|$\)' "$map" | cut -d: -f2- | tr ' ' '\n' | sed '/^$/d' | sort)
have=$(cd "$TOP/qemu" && find . -type f | sed 's|^\./||' | sort)
[ "$listed" = "$(sort -u <<<"$listed")" ] || die "patches/new-files lists a file twice"
[ "$listed" = "$have" ] || die "patches/new-files and qemu/ differ: $(diff <(echo "$listed") <(echo "$have") | grep '^[<>]' | tr '\n' ' ')"
for k in $(grep -v '^\s*\(#\|$\)' "$map" | cut -d: -f1); do
  series | grep -qx "[0-9][0-9][0-9][0-9]-$k" || die "patches/new-files: no patch $k in patches/series"
done

# Replay build/qemu's patch commits (one per patches/series line) on the base, each
# with its new files.
stage=$BUILD/series-stage
rm -rf "$stage"
git clone -q --shared "$TREE" "$stage"
base=$(git -C "$TREE" rev-parse refs/xk/base)
git -C "$stage" checkout -q --detach "$base"
mapfile -t commits < <(git -C "$TREE" rev-list --reverse refs/xk/overlay..HEAD)
mapfile -t patches < <(series)
[ ${#commits[@]} -eq ${#patches[@]} ] || die "build/qemu does not hold one commit per patch"
export GIT_COMMITTER_NAME=xen-kvm GIT_COMMITTER_EMAIL=xen-kvm@localhost GIT_COMMITTER_DATE=2000-01-01T00:00:00Z
for i in "${!patches[@]}"; do
  git -C "$stage" cherry-pick --allow-empty "${commits[$i]}" >/dev/null
  mapfile -t nf < <(files_of "${patches[$i]#[0-9][0-9][0-9][0-9]-}")
  [ ${#nf[@]} -gt 0 ] || continue
  for f in "${nf[@]}"; do mkdir -p "$stage/$(dirname "$f")"; cp -p "$TOP/qemu/$f" "$stage/$f"; done
  git -C "$stage" add -- "${nf[@]}"
  git -C "$stage" commit -q --amend --no-edit
done
unset GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE
[ "$(git -C "$stage" rev-parse HEAD^{tree})" = "$(git -C "$TREE" rev-parse HEAD^{tree})" ] || \
  die "the series does not add up to build/qemu (base + qemu/ + patches/)"
rm -rf "$out"; mkdir -p "$out"
git -C "$stage" format-patch -q --cover-letter --zero-commit -o "$out" "$base..HEAD"
sed -i "s/\*\*\* SUBJECT HERE \*\*\*/Xen HVM guest support for the KVM accelerator/; s/\*\*\* BLURB HERE \*\*\*/Emulates Xen for HVM guests under KVM, on Debian QEMU $(cat "$BUILD/base-version")./" "$out"/0000-cover-letter.patch
log "series in $out: $(ls "$out" | wc -l) files"
ls "$out"
[ $check -eq 1 ] || exit 0

# Each step builds: check it out in build/series-check/qemu (a clone of build/qemu) and
# build it in build/series-check/obj (tools/build.sh with XK_SERIES_CHECK; ccache, so
# later runs are quick). build/qemu and build/obj are only read.
chk=$BUILD/series-check
[ -d "$chk/qemu/.git" ] || git clone -q --no-checkout "$TREE" "$chk/qemu"
git -C "$chk/qemu" fetch -q "$stage" HEAD
t0=$(date +%s); n=0
for c in $(git -C "$chk/qemu" rev-list --reverse "$base..FETCH_HEAD"); do
  n=$((n + 1)); t=$(date +%s)
  git -C "$chk/qemu" checkout -q -f --detach "$c"
  git -C "$chk/qemu" clean -q -fdx
  XK_SERIES_CHECK=$chk "$TOP/tools/build.sh" >"$chk/build.log" 2>&1 || {
    tail -20 "$chk/build.log"
    die "step $n does not build: $(git -C "$chk/qemu" log -1 --format=%s "$c") (build/series-check/build.log)"; }
  log "step $n builds ($(($(date +%s) - t)) s): $(git -C "$chk/qemu" log -1 --format=%s "$c")"
done
log "all $n steps build ($(($(date +%s) - t0)) s)"
