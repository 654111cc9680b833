#!/bin/bash
# ferry-p2v --preflight on small real images and loop devices: a
# hibernated NTFS (hiberfil.sys starting with "hibr") and a clean one, a
# LUKS volume, a BitLocker signature, an LVM volume group and an md RAID1
# array spanning two loop devices of which one is sent (then both), an
# ext4 mounted read-write (then read-only), and disks larger than the
# server's free space (a 1 MiB tmpfs as its output root).
source "$(dirname "$0")/functions.sh"

plan 13
work="$(scratch)"
id="ferrypf$$"

# preflight NAME DISKS FILE...: ferry-p2v --preflight with p2v.disks=DISKS
# and the FILEs as sda, sdb...; its warnings (stderr) in $work/NAME.err.
preflight () {
  local name="$1" disks="$2" f args=()
  shift 2
  for f in "$@"; do args+=(--test-disk="$f"); done
  ferry-p2v --cmdline="p2v.disks=$disks ${EXTRA:-}" --preflight "${args[@]}" \
    > "$work/$name.out" 2> "$work/$name.err"
}
codes () { sed -n 's/^ferry-p2v: warning: \(.*\) \[\([a-z-]*\)\]$/\2/p' "$1" | tr '\n' ' '; }

# --- NTFS, hibernated and clean. ---
for kind in hibr clean; do
  truncate -s 16M "$work/$kind.img"
  mkntfs -q -F -Q "$work/$kind.img" >/dev/null 2>&1
  if [ $kind = hibr ]; then printf 'hibr'; else printf '\0\0\0\0'; fi > "$work/$kind.head"
  head -c 4092 /dev/zero >> "$work/$kind.head"
  ntfscp -q "$work/$kind.img" "$work/$kind.head" hiberfil.sys 2>/dev/null
done
preflight ntfs sda "$work/hibr.img"
is "a hibernated NTFS is warned about" "$(codes "$work/ntfs.err")" "hibernated "
ok "... naming the disk and saying why" grep -q "^ferry-p2v: warning: sda: .*hibernated or was shut down with Fast Startup" "$work/ntfs.err"
preflight clean sda "$work/clean.img"
is "a clean NTFS is not" "$(cat "$work/clean.err")" ""

# --- Encrypted volumes. ---
truncate -s 20M "$work/luks.img"
head -c 32 /dev/urandom > "$work/luks.key"
cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 --pbkdf-force-iterations 1000 \
  --key-file "$work/luks.key" "$work/luks.img"
truncate -s 1M "$work/bitlocker.img"
printf '\xeb\x58\x90-FVE-FS-' | dd of="$work/bitlocker.img" conv=notrunc status=none
preflight crypt sda,sdb "$work/luks.img" "$work/bitlocker.img"
is "LUKS and BitLocker are warned about, disk by disk" \
  "$(codes "$work/crypt.err")" "luks bitlocker "
ok "... sdb is the BitLocker one" grep -q "^ferry-p2v: warning: sdb: .*BitLocker" "$work/crypt.err"

# --- An LVM volume group and an md RAID1 across two loop devices. ---
loops=()
new_loop () {
  truncate -s 32M "$work/$1.img"
  local l
  l="$(losetup -f --show "$work/$1.img")" || bail_out "no loop device"
  cleanup losetup -d "$l"
  loops+=("$l")
}
new_loop pv1; new_loop pv2
cleanup vgremove -f "$id"
vgcreate -q "$id" "${loops[0]}" "${loops[1]}" >/dev/null 2>&1 ||
  bail_out "cannot make the volume group"
preflight lvm sda "${loops[0]}" "${loops[1]}"
is "an LVM group with a PV on a disk not sent is warned about" \
  "$(codes "$work/lvm.err")" "lvm-split "
ok "... naming the group and the other PV" \
  grep -q "^ferry-p2v: warning: sda: ${loops[0]} belongs to the LVM volume group '$id', which also has ${loops[1]}" "$work/lvm.err"
preflight lvm2 sda,sdb "${loops[0]}" "${loops[1]}"
is "... not when both disks are sent" "$(cat "$work/lvm2.err")" ""
vgremove -f "$id" >/dev/null 2>&1

new_loop md1; new_loop md2
md="/dev/md/$id"
cleanup mdadm --zero-superblock "${loops[2]}" "${loops[3]}"
cleanup mdadm --stop "$md"
if mdadm --create "$md" --run --level=1 --raid-devices=2 --metadata=1.2 \
     "${loops[2]}" "${loops[3]}" >/dev/null 2>&1; then
  mdadm --stop "$md" >/dev/null 2>&1
  preflight md sda "${loops[2]}" "${loops[3]}"
  is "an md RAID1 member without its pair is warned about" \
    "$(codes "$work/md.err")" "md-split "
  preflight md2 sda,sdb "${loops[2]}" "${loops[3]}"
  is "... not when both are sent" "$(cat "$work/md2.err")" ""
else
  # The kernel has no md driver here (a container): nothing to test on.
  _tap_n=$((_tap_n + 2))
  echo "ok $((_tap_n - 1)) # SKIP the kernel cannot make md arrays here"
  echo "ok $_tap_n # SKIP the kernel cannot make md arrays here"
fi

# --- An ext4 mounted read-write, then read-only. ---
new_loop ext4
mkfs.ext4 -q -F "${loops[4]}"
mkdir "$work/mnt"
cleanup umount "$work/mnt"
mount "${loops[4]}" "$work/mnt"
preflight rw sda "${loops[4]}"
ok "a disk mounted read-write is warned about" \
  grep -q "^ferry-p2v: warning: sda: ${loops[4]} is mounted read-write on '$work/mnt'.*\[mounted-rw\]$" "$work/rw.err"
mount -o remount,ro "$work/mnt"
preflight ro sda "${loops[4]}"
is "... not once read-only" "$(cat "$work/ro.err")" ""

# --- Disks larger than the server's free space. ---
root="$work/root"
mkdir "$root"
cleanup umount "$root"
mount -t tmpfs -o size=1M tmpfs "$root"
sshd_start "$work/sshd" "ForceCommand $(command -v ferry-p2v-server) --root $root"
fingerprint="$(ssh-keygen -l -E sha256 -f "$work/sshd/host_key.pub" | cut -d' ' -f2)"
EXTRA="p2v.server=127.0.0.1 p2v.port=$SSHD_PORT p2v.identity=file://$SSHD_CLIENT_KEY p2v.hostkey=$fingerprint"
preflight space sda "$work/clean.img"
ok "disks larger than the server's free space are warned about" \
  grep -q "^ferry-p2v: warning: the disks sent add up to 16.*(16777216 bytes) but the conversion server has .* free.*\[server-space\]$" "$work/space.err"
