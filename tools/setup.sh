#!/usr/bin/env bash
# Install what building our QEMU and running the lab need, from Debian's packages.
# Idempotent and quiet when everything is already there.
set -euo pipefail

# Build: QEMU 7.2's minimal x86_64-softmmu dependencies, plus ccache.
BUILD_PKGS="dpkg-dev build-essential ninja-build meson pkg-config ccache flex bison
  libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev libslirp-dev libxen-dev
  python3-venv quilt patch"
# Lab: L0 emulator, busybox for the initramfs, firmware for our QEMU inside L1; 32-bit (i386)
# guest tools (gcc-multilib), checking Debian's i386 indexes the runner fetches (gpgv), and
# eu-stack (elfutils) for the stacks of a QEMU that hangs in L1, Xen's XenStore client
# (xenstore-utils) for L2, clang and its sanitizer runtimes for the fuzz targets.
LAB_PKGS="qemu-system-x86 busybox-static cpio xz-utils zstd seabios qemu-system-data ipxe-qemu
  gcc-multilib libc6-dev-i386 gpgv debian-archive-keyring elfutils xenstore-utils
  clang libclang-rt-14-dev"

missing=()
for p in $BUILD_PKGS $LAB_PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# apt-get source needs a deb-src entry for bookworm.
need_src=0
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  need_src=1
fi

# The lab's L0 is Debian's QEMU 10 from bookworm-backports (tests/lab/run fetches it with
# apt-get download; nothing is installed from there): apt needs the suite.
need_bp=0
# (grep reads it all: -q would end the pipe early, which pipefail takes as a failure.)
if ! apt-cache madison qemu-system-x86 2>/dev/null | grep ' bookworm-backports/' >/dev/null; then
  need_bp=1
fi

if [ ${#missing[@]} -eq 0 ] && [ $need_src -eq 0 ] && [ $need_bp -eq 0 ]; then
  exit 0
fi

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ $need_src -eq 1 ]; then
  # From the mirror this machine's apt uses for Debian 12 (apt reads sources.list and
  # sources.list.d/*.sources alike): no mirror of our choosing.
  src=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' |
    awk '$2 ~ /^bookworm(-updates|-security)?$/ && !seen[$1 " " $2]++ { s[$1] = s[$1] " " $2 }
      END { for (u in s) printf "Types: deb-src\nURIs: %s\nSuites:%s\nComponents: main\n" \
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n", u, s[u] }')
  [ -n "$src" ] || { echo "setup: apt has no Debian 12 (bookworm) entries to take deb-src ones from" >&2; exit 1; }
  echo "setup: adding deb-src entries for bookworm, from apt's own Debian mirror"
  printf '%s\n' "$src" | $SUDO tee /etc/apt/sources.list.d/xen-kvm-src.sources >/dev/null
fi
if [ $need_bp -eq 1 ]; then
  uri=$(apt-get indextargets --no-release-info --format '$(REPO_URI) $(RELEASE)' 'Identifier: Packages' |
    awk '$2 == "bookworm" { print $1; exit }')
  [ -n "$uri" ] || { echo "setup: apt has no Debian 12 (bookworm) entry to take a backports one from" >&2; exit 1; }
  echo "setup: adding bookworm-backports (the lab's L0 QEMU), from apt's own Debian mirror"
  printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: %s\n' \
    "$uri" /usr/share/keyrings/debian-archive-keyring.gpg |
    $SUDO tee /etc/apt/sources.list.d/xen-kvm-backports.sources >/dev/null
fi
echo "setup: installing ${missing[*]:-nothing}"
$SUDO apt-get update -qq
[ ${#missing[@]} -eq 0 ] || \
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
