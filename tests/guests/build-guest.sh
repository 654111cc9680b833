#!/bin/bash
# Build a real Debian test guest that looks like a guest made on VMware:
# an MBR disk with an ext4 root on sda1 and swap on sda2, /etc/fstab and
# the kernel command line naming /dev/sda1 (no UUIDs), grub on the MBR,
# a serial console on ttyS0, open-vm-tools installed and a known root
# password ("ferry").
#
# The trixie guest also names its swap partition on the kernel command
# line (resume=/dev/sda2 in /etc/default/grub), as guests set up for
# hibernation do, so that its conversion must regenerate grub.cfg.
# The bullseye guest has a lean initramfs (MODULES=list) with only the
# IDE/SCSI drivers it booted with on VMware, so that its conversion must
# add the virtio drivers and rebuild the initramfs.
#
# Each guest configures its NICs as guests made on VMware do, under the
# names VMware gives its vmxnet3 NICs (ens192 for the first, ens224 for
# the second), each with a different tool:
#   bullseye  ifupdown, as the Debian installer writes it: ens192 by DHCP
#             in /etc/network/interfaces, which sources interfaces.d/,
#             where ens224 has the static address 10.0.2.24/24
#   bookworm  netplan (networkd renderer): ens192 by DHCP; and a
#             systemd-networkd file of its own: ens224 static 10.0.2.24/24
#   trixie    a NetworkManager keyfile: ens192, bound to its MAC
#             00:50:56:a1:3c:07, static 10.0.2.20/24, gateway 10.0.2.2,
#             DNS 10.0.2.3
# Those addresses are in qemu's user network (10.0.2.0/24), where the
# converted guests boot.
#
#   build-guest.sh [--print | --rebuild] DIST
#                                DIST: bullseye, bookworm or trixie
#
# The result is cached outside the tree, in $FERRY_CACHE (default
# ~/.cache/ferry), in a folder keyed by DIST and a hash of this script,
# so a second run costs nothing.  It holds:
#   disk.raw    the 5 GiB sparse raw disk (about 1 GiB allocated)
#   disk.vmdk   the same disk as a monolithicSparse VMDK
#   SUMS        their XXH128 hashes as written (xxh128sum -c SUMS)
#   done        present once all of the above are complete
# The folder's path, and nothing else, is printed on stdout: everything
# the build prints goes to stderr, so that "$(build-guest.sh DIST)" is
# the path.  --print prints it without building; --rebuild builds the
# guest again even if it is cached (the tests' guest_dir, in
# fixtures.sh, does so when a cached disk no longer matches SUMS).
# Concurrent runs are safe: one builds, the others wait for it.

set -euo pipefail

# stdout is for the path alone: keep it on fd 3 and send every other
# output of this script and the programs it runs to stderr.
exec 3>&1 1>&2

print_only=no
rebuild=no
case "${1:-}" in
  --print) print_only=yes; shift ;;
  --rebuild) rebuild=yes; shift ;;
esac
dist="${1:?usage: build-guest.sh [--print | --rebuild] bullseye|bookworm|trixie}"
case "$dist" in
  bullseye|bookworm|trixie) ;;
  *) echo "build-guest.sh: unknown distribution '$dist'" >&2; exit 1 ;;
esac

self="$(readlink -f "$0")"
cache="${FERRY_CACHE:-$HOME/.cache/ferry}"
key="$(sha256sum "$self" | cut -c1-12)"
out="$cache/guest-$dist-$key"
if [ "$print_only" = yes ]; then echo "$out" >&3; exit 0; fi

mkdir -p "$cache"
exec 9>"$cache/guest-$dist.lock"
flock 9
if [ -f "$out/done" ] && [ "$rebuild" = no ]; then echo "$out" >&3; exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "build-guest.sh: building a guest needs root (debootstrap)" >&2
  exit 1
fi
if ! command -v xxh128sum >/dev/null; then
  echo "build-guest.sh: xxh128sum is missing (install xxhash:" \
    "scripts/install-deps.sh)" >&2
  exit 1
fi

mirror="${FERRY_MIRROR:-http://deb.debian.org/debian}"
work="$(mktemp -d "$cache/build-$dist.XXXXXX")"
cleanup () {
  for m in dev/pts dev proc sys; do
    umount "$work/root/$m" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
root="$work/root"
log() { echo "build-guest.sh: $dist: $*" >&2; }

extra=
[ "$dist" != bookworm ] || extra=,netplan.io
log "debootstrap"
debootstrap --variant=minbase \
  --include=systemd-sysv,udev,kmod,linux-image-amd64,initramfs-tools,grub-pc,open-vm-tools,e2fsprogs,apt,ifupdown,isc-dhcp-client,procps$extra \
  "$dist" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
    tail -n 30 "$work/debootstrap.log" >&2
    exit 1
  }

# NetworkManager does not configure inside debootstrap: apt installs it.
if [ "$dist" = trixie ]; then
  log "network-manager"
  mount -t proc proc "$root/proc"
  DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -q \
    --no-install-recommends network-manager >"$work/apt.log" 2>&1 || {
      tail -n 30 "$work/apt.log" >&2
      exit 1
    }
  umount "$root/proc"
fi

log "configure"
cmdline_default=""
[ "$dist" != trixie ] || cmdline_default="resume=/dev/sda2"
echo "ferry-$dist" > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tferry-%s\n' "$dist" > "$root/etc/hosts"
cat > "$root/etc/fstab" <<FSTAB
# <file system> <mount point> <type> <options> <dump> <pass>
/dev/sda1  /     ext4  errors=remount-ro  0  1
/dev/sda2  none  swap  sw                 0  0
FSTAB
cat > "$root/etc/network/interfaces" <<NET
# This file describes the network interfaces available on your system
# and how to activate them. For more information, see interfaces(5).

source /etc/network/interfaces.d/*

# The loopback network interface
auto lo
iface lo inet loopback
NET
case "$dist" in
  bullseye)
    cat >> "$root/etc/network/interfaces" <<NET

# The primary network interface
allow-hotplug ens192
iface ens192 inet dhcp
NET
    mkdir -p "$root/etc/network/interfaces.d"
    cat > "$root/etc/network/interfaces.d/ens224" <<NET
allow-hotplug ens224
iface ens224 inet static
    address 10.0.2.24/24
NET
    ;;
  bookworm)
    mkdir -p "$root/etc/netplan"
    cat > "$root/etc/netplan/50-cloud-init.yaml" <<NET
network:
    version: 2
    renderer: networkd
    ethernets:
        ens192:
            dhcp4: true
NET
    chmod 600 "$root/etc/netplan/50-cloud-init.yaml"
    cat > "$root/etc/systemd/network/20-storage.network" <<NET
[Match]
Name=ens224

[Network]
Address=10.0.2.24/24
NET
    chroot "$root" systemctl enable systemd-networkd >/dev/null 2>&1
    ;;
  trixie)
    install -m 600 /dev/null \
      "$root/etc/NetworkManager/system-connections/ens192.nmconnection"
    cat > "$root/etc/NetworkManager/system-connections/ens192.nmconnection" <<NET
[connection]
id=ens192
uuid=5a0c3bd4-6c43-4a3e-9d43-0b9f3e2d7c11
type=ethernet
interface-name=ens192

[ethernet]
mac-address=00:50:56:A1:3C:07

[ipv4]
address1=10.0.2.20/24,10.0.2.2
dns=10.0.2.3;
method=manual

[ipv6]
addr-gen-mode=default
method=disabled

[proxy]
NET
    ;;
esac
cat > "$root/etc/default/grub" <<GRUB
GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT="$cmdline_default"
GRUB_CMDLINE_LINUX="console=tty0 console=ttyS0,115200n8"
GRUB_TERMINAL="serial console"
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_DISABLE_LINUX_UUID=true
GRUB_DISABLE_RECOVERY=true
GRUB_DISABLE_OS_PROBER=true
GRUB
if [ "$dist" = bullseye ]; then
  sed -i 's/^MODULES=.*/MODULES=list/' "$root/etc/initramfs-tools/initramfs.conf"
  printf '%s\n' ata_piix ata_generic mptspi sd_mod ext4 \
    >> "$root/etc/initramfs-tools/modules"
  chroot "$root" update-initramfs -u -k all >/dev/null 2>&1
fi
echo 'root:ferry' | chroot "$root" chpasswd
chroot "$root" apt-get clean
rm -f "$root"/var/lib/apt/lists/*_Packages "$root"/var/lib/apt/lists/*_Release \
      "$root"/var/lib/apt/lists/*_InRelease
# No machine-id: the first boot makes one, as on a cloned template.
: > "$root/etc/machine-id"

# The boot loader, made without grub-install (whose probing of devices is
# unreliable in a chroot or an appliance): the guest's own grub-mkimage
# builds a core image that looks for /boot/grub on the first partition,
# the modules go where grub-install would put them, and boot.img and
# core.img are written to the MBR and the gap after it below.
log "boot loader image"
mkdir -p "$root/boot/grub"
cp -a "$root/usr/lib/grub/i386-pc" "$root/boot/grub/"
chroot "$root" grub-mkimage -O i386-pc -o /boot/grub/i386-pc/core.img \
  -p '(hd0,msdos1)/boot/grub' biosdisk part_msdos ext2
cp "$root/usr/lib/grub/i386-pc/boot.img" "$work/boot.img"

log "disk image"
disk="$work/disk.raw"
truncate -s 5G "$disk"
sfdisk -q "$disk" <<PARTS
label: dos
start=2048, size=9437184, type=83, bootable
start=9439232, type=82
PARTS
mkfs.ext4 -q -F -L root -d "$root" "$work/root.img" 4608M
dd if="$work/root.img" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
truncate -s 511M "$work/swap.img"
chmod 600 "$work/swap.img"
mkswap -L swap "$work/swap.img" >/dev/null 2>&1
dd if="$work/swap.img" of="$disk" bs=1M seek=4609 conv=notrunc,sparse status=none
rm -f "$work/root.img" "$work/swap.img"

dd if="$work/boot.img" of="$disk" bs=440 count=1 conv=notrunc status=none
dd if="$root/boot/grub/i386-pc/core.img" of="$disk" bs=512 seek=1 \
  conv=notrunc status=none

# grub.cfg is made by the guest's grub-mkconfig, which must see the disk:
# it runs inside the libguestfs appliance, not on this host.  It writes
# the root device as the appliance's kernel names it, which is /dev/sdb1
# when that kernel finds its own root disk first (it happens on a loaded
# machine): the guest's own name is /dev/sda1, and the build checks it.
log "grub.cfg"
LIBGUESTFS_BACKEND=direct LIBGUESTFS_BACKEND_SETTINGS=force_tcg \
guestfish --rw -a "$disk" <<GF
run
mount /dev/sda1 /
command "update-grub"
sh "sed -i -E 's#root=/dev/sd[a-z]+1 #root=/dev/sda1 #' /boot/grub/grub.cfg"
sh "grep -q 'root=/dev/sda1 ' /boot/grub/grub.cfg"
GF

qemu-img convert -f raw -O vmdk -o subformat=monolithicSparse \
  "$disk" "$work/disk.vmdk"

(cd "$work" && xxh128sum disk.raw disk.vmdk > SUMS)

rm -rf "$out"
mkdir "$out"
mv "$disk" "$work/disk.vmdk" "$work/SUMS" "$out/"
touch "$out/done"
log "done: $(du -sh --apparent-size "$out/disk.raw" | cut -f1) virtual, $(du -sh "$out/disk.raw" | cut -f1) allocated"
echo "$out" >&3
