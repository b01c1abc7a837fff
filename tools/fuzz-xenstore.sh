#!/bin/sh
# Builds the XenStore fuzz target (tests/fuzz/xenstore-fuzz.c) with
# Debian's clang, libFuzzer, ASan and UBSan, and runs it for a bounded
# number of executions on a copy of its seed corpus.
#
#   tools/fuzz-xenstore.sh [RUNS [LIBFUZZER-OPTION...]]   (default 200000)
#
# Needs build/qemu assembled and configured in build/obj (tools/build.sh)
# for config-host.h. Exits non-zero on any finding; the crashing input is
# left in build/fuzz-xenstore/.
#
# This work is licensed under the terms of the GNU GPL, version 2 or later.
# See the COPYING file in the top-level directory.

set -eu

runs=${1:-200000}
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/build/qemu
obj=$root/build/obj
out=$root/build/fuzz-xenstore

if ! command -v clang-14 >/dev/null ||
   ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
        >/dev/null 2>&1; then
    sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y clang-14 libclang-rt-14-dev
fi
if [ ! -f "$obj/config-host.h" ]; then
    echo "$0: $obj/config-host.h missing: run tools/build.sh first" >&2
    exit 2
fi

mkdir -p "$out"
clang-14 -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=all -fno-omit-frame-pointer \
    -D_GNU_SOURCE -iquote "$src/include" -iquote "$obj" -iquote "$src" \
    $(pkg-config --cflags glib-2.0) \
    -o "$out/xenstore-fuzz" \
    "$src/hw/i386/kvm/xenstore_impl.c" "$root/tests/fuzz/xenstore-fuzz.c" \
    $(pkg-config --libs glib-2.0)

rm -rf "$out/corpus"
cp -r "$root/tests/fuzz/xenstore-corpus" "$out/corpus"
cd "$out"
G_SLICE=always-malloc ./xenstore-fuzz -runs="$runs" -max_len=8192 \
    -print_final_stats=1 "$@" corpus
