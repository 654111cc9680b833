#!/bin/sh
# Install every Debian 12 package ferry needs to build, run, test and
# benchmark.  Idempotent: packages already present are left alone, and
# nothing is fetched when the set is complete.
set -e

packages="
  build-essential pkg-config clang libclang-rt-14-dev
  libguestfs-dev libxml2-dev libglib2.0-dev libssh-dev libgtk-3-dev
  libnbd-dev libarchive-dev libvirt-dev libjson-glib-dev
  libguestfs-tools guestfish linux-image-amd64 supermin
  qemu-system-x86 qemu-utils ovmf
  nbdkit libnbd-bin
  openssh-server openssh-client passwd
  debootstrap fdisk e2fsprogs dosfstools
  libvirt-clients libxml2-utils
  libvirt-daemon libvirt-daemon-driver-qemu
  xorriso perl bc python3
  python3-yaml
  xvfb xauth dbus at-spi2-core python3-pyatspi gir1.2-atspi-2.0 imagemagick
  xdotool gettext
  xxhash procps
  gzip xz-utils zstd
  ntfs-3g cryptsetup-bin lvm2 mdadm
"

missing=
for p in $packages; do
  if ! dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null |
       grep -qx installed; then
    missing="$missing $p"
  fi
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages:$missing (run as root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
fi
