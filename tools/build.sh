#!/usr/bin/env bash
# Assemble and build qemu-system-x86_64 (and our unit tests) with ccache, incrementally.
# --xen: build with real Xen support too (--enable-xen), in build/obj-xen, without unit tests.
# --asan: build with AddressSanitizer and UBSan (--enable-sanitizers), in build/obj-asan, for
#         lab runs (tests/lab/run --qemu build/obj-asan/qemu-system-x86_64 NAME...).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

xen=0 asan=0
[ "${1:-}" = "--xen" ] && { xen=1; shift; OBJ=$BUILD/obj-xen; QEMU_BIN=$OBJ/qemu-system-x86_64; }
[ "${1:-}" = "--asan" ] && { asan=1; shift; OBJ=$BUILD/obj-asan; QEMU_BIN=$OBJ/qemu-system-x86_64; }
# tools/series.sh --check: a step of the series, as it is in DIR/qemu, built in DIR/obj.
[ -n "${XK_SERIES_CHECK:-}" ] && { TREE=$XK_SERIES_CHECK/qemu; OBJ=$XK_SERIES_CHECK/obj; QEMU_BIN=$OBJ/qemu-system-x86_64; }

"$TOP/tools/setup.sh"
if [ -n "${XK_SERIES_CHECK:-}" ]; then
  :  # tools/series.sh --check: not build/qemu, nothing to assemble
elif [ -d "$TREE/.git" ] && { [ -n "$(git -C "$TREE" status --porcelain)" ] || \
     [ "$(git -C "$TREE" rev-parse HEAD)" != "$(cat "$BUILD/assembled.head" 2>/dev/null)" ]; }; then
  log "warning: build/qemu holds unexported work: building it as it is (tools/export.sh keeps it)"
else
  "$TOP/tools/assemble.sh" "$@"
fi

# ccache via its compiler symlinks; paths relative to build/ so clones share the cache.
export PATH=/usr/lib/ccache:/usr/bin:$PATH  # Debian python3, whose meson we use
export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
ccache --max-size=5G >/dev/null 2>&1 || true

CONFIGURE_ARGS=(--target-list=x86_64-softmmu --without-default-features
  --enable-kvm --enable-tcg --enable-slirp --enable-fdt=system --disable-xen
  --disable-docs --enable-trace-backends=log --with-git-submodules=ignore
  --meson=/usr/bin/meson)

[ $xen -eq 0 ] || CONFIGURE_ARGS=("${CONFIGURE_ARGS[@]/--disable-xen/--enable-xen}")
[ $asan -eq 0 ] || CONFIGURE_ARGS+=(--enable-sanitizers)

mkdir -p "$OBJ"
if [ ! -f "$OBJ/build.ninja" ] || [ "$(cat "$OBJ/.xk-configure" 2>/dev/null)" != "${CONFIGURE_ARGS[*]}" ]; then
  log "configuring (${CONFIGURE_ARGS[*]})"
  (cd "$OBJ" && "$TREE/configure" "${CONFIGURE_ARGS[@]}" > configure.log 2>&1) || {
    tail -30 "$OBJ/configure.log"; die "configure failed ($OBJ/configure.log)"; }
  echo "${CONFIGURE_ARGS[*]}" > "$OBJ/.xk-configure"
fi
log "building qemu-system-x86_64 (a cold build takes ~13 min on 2 cores; ccache makes later ones fast)"
# Our unit tests: those of qemu/tests/unit/ (test-xen-*.c, test-net-tso.c) that the tree
# holds (tools/series.sh --check builds trees of the series' first patches only)
targets=(qemu-system-x86_64)
[ $xen -eq 1 ] || [ $asan -eq 1 ] || for t in "$TOP"/qemu/tests/unit/test-*.c; do
  [ -e "$TREE/tests/unit/$(basename "$t")" ] && targets+=("tests/unit/$(basename "$t" .c)")
done
ninja -C "$OBJ" "${targets[@]}" 2>&1 | \
  awk '/^\[[0-9]+\/[0-9]+\]/ { n++; if (n % 200 == 0) { print; fflush() } next } { print; fflush() }'
[ "${PIPESTATUS[0]}" -eq 0 ] || die "build failed"
log "built $QEMU_BIN"
