#!/bin/bash
# -i vmx on bad input: a missing .vmx, a .vmx with a malformed line, a
# binary file named .vmx, and the like.  Each gives one clear error line
# naming the file (and the line), exit status 1.  Parsing only: every
# case fails before any disk is opened or any appliance launched.
# Then disks that are host files, not the guest's: an absolute path, a
# ".." escape, a symbolic link out of the .vmx's folder, a block device.
# Each is refused naming the .vmx, the disk and the path, before any
# appliance could be launched (a stand-in hypervisor would leave its
# mark, as a last check shows), with nothing written; --allow-path lets
# such a disk through.
source "$(dirname "$0")/functions.sh"

plan 17
work="$(scratch)"

# vmx_bad WANT ARGS...: ferry-v2v must fail with one stderr line holding
# WANT, and print nothing on stdout.
vmx_bad () {
  local want="$1"; shift
  local out err rc
  out="$(ferry-v2v -q "$@" 2>"$work/err")"; rc=$?
  err="$(cat "$work/err")"
  echo "stderr: $err"
  [ "$rc" -eq 1 ] || { echo "exit status $rc, wanted 1"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "not one line"; return 1; }
  [ -z "$out" ] || { echo "stdout: $out"; return 1; }
  grep -qF -- "$want" <<<"$err" || { echo "no '$want' in it"; return 1; }
}

ok "a missing .vmx is refused" \
  vmx_bad "ferry-v2v: cannot open '$work/nope.vmx': No such file or directory" \
  -i vmx "$work/nope.vmx" --print-source

printf 'config.version = "8"\ndisplayName = "test"\nmemsize "1024"\n' > "$work/malformed.vmx"
ok "a malformed line is refused, with its line number" \
  vmx_bad "ferry-v2v: cannot parse '$work/malformed.vmx' line 3: expected '=' after 'memsize'" \
  -i vmx "$work/malformed.vmx" --print-source
ok "... also when converting" \
  vmx_bad "cannot parse '$work/malformed.vmx' line 3" \
  -i vmx "$work/malformed.vmx" -o null

printf 'displayName = "test\n' > "$work/unterminated.vmx"
ok "a value without its closing quote is refused" \
  vmx_bad "cannot parse '$work/unterminated.vmx' line 1: the value of 'displayname' has no closing quote" \
  -i vmx "$work/unterminated.vmx" --print-source --machine-readable

# A binary file: the first bytes of an ELF program, a gzip stream.
head -c 4096 "$(command -v bash)" > "$work/elf.vmx"
ok "a binary file is refused" \
  vmx_bad "cannot parse '$work/elf.vmx' line 1" -i vmx "$work/elf.vmx" --print-source
printf 'displayName = "x"\n' | gzip > "$work/gzip.vmx"
ok "a compressed file is refused" \
  vmx_bad "cannot parse '$work/gzip.vmx' line 1" -i vmx "$work/gzip.vmx" --print-source

ok "a folder is refused" \
  vmx_bad "cannot read '$work': not a regular file" -i vmx "$work" --print-source

truncate -s 17M "$work/big.vmx"
ok "a file too large to be a VMX is refused unread" \
  vmx_bad "cannot parse '$work/big.vmx': larger than 16 MiB, not a VMX file" \
  -i vmx "$work/big.vmx" --print-source

printf 'displayName = "test"\nnumvcpus = "many"\n' > "$work/vcpus.vmx"
ok "a value of the wrong kind is refused, with its line number" \
  vmx_bad "invalid 'numvcpus' in '$work/vcpus.vmx' line 2: 'many' is not a number" \
  -i vmx "$work/vcpus.vmx" --print-source

# Conversion needs the disks, --print-source does not.
cat > "$work/guest.vmx" <<'VMX'
displayName = "guest"
scsi0.present = "TRUE"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "guest-disk.vmdk"
VMX
ok "converting a VMX whose disk is missing fails on the disk" \
  vmx_bad "cannot open '$work/guest-disk.vmdk': No such file or directory" \
  -i vmx "$work/guest.vmx" -o null
printf 'displayName = "nodisk"\n' > "$work/nodisk.vmx"
ok "converting a VMX with no hard disk is refused" \
  vmx_bad "-i vmx: the source has no disks" -i vmx "$work/nodisk.vmx" -o null

# Disks outside the .vmx's folder.  The appliance's hypervisor is a
# stand-in that leaves a mark and fails: no case may get that far.
mkdir "$work/vm" "$work/out"
launched="$work/appliance-launched"
printf '#!/bin/sh\ntouch "%s"\nexit 1\n' "$launched" > "$work/hypervisor"
chmod +x "$work/hypervisor"
export LIBGUESTFS_HV="$work/hypervisor"

# host_disk WANT DISK: a .vmx whose one disk is DISK, as written, must be
# refused with WANT, writing nothing and launching nothing.
host_disk () {
  local want="$1" disk="$2"
  vmx_head web01 "$disk" > "$work/vm/web01.vmx"
  vmx_bad "$want" -i vmx "$work/vm/web01.vmx" -o local -os "$work/out" ||
    return 1
  [ -z "$(leftovers "$work/out")" ] ||
    { echo "-os: $(leftovers "$work/out")"; return 1; }
  [ ! -e "$launched" ] || { echo "an appliance was launched"; return 1; }
}
ok "a disk named /etc/shadow is refused" \
  host_disk "ferry-v2v: '$work/vm/web01.vmx': disk 'scsi0:0' names '/etc/shadow', outside the folder of the .vmx (allow it with --allow-path /etc)" \
  /etc/shadow
ok "a disk named ../ up to /etc/passwd is refused" \
  host_disk "ferry-v2v: '$work/vm/web01.vmx': disk 'scsi0:0' names '/etc/passwd', outside the folder of the .vmx (allow it with --allow-path /etc)" \
  "$(printf '../%.0s' {1..40})etc/passwd"
ln -s /etc/shadow "$work/vm/web01-flat.vmdk"
ok "a symbolic link out of the folder is refused" \
  host_disk "ferry-v2v: '$work/vm/web01.vmx': disk 'scsi0:0' names '$work/vm/web01-flat.vmdk', which leads to '/etc/shadow', outside the folder of the .vmx (allow it with --allow-path /etc)" \
  web01-flat.vmdk
# A block device of this host: /dev/loop0, else the first there is.
dev=/dev/loop0
[ -b "$dev" ] || dev="/dev/$(ls /sys/block | head -n 1)"
ok "a block device ($dev) is refused" \
  host_disk "ferry-v2v: '$work/vm/web01.vmx': disk 'scsi0:0' names '$dev', a block device, not a file in the folder of the .vmx (allow it with --allow-path $dev)" \
  "$dev"

# --allow-path lets a disk outside through: it is opened, and the run
# stops at the missing -os folder, before any conversion.
mkdir "$work/datastore2"
qemu-img create -q -f raw "$work/datastore2/web01.raw" 16M
vmx_head web01 "$work/datastore2/web01.raw" > "$work/vm/web01.vmx"
ok "--allow-path lets a disk in that folder through" \
  vmx_bad "-os '$work/missing': cannot use the output folder" \
  --allow-path "$work/datastore2" -i vmx "$work/vm/web01.vmx" \
  -o local -os "$work/missing"
# The stand-in does leave its mark when a run gets as far as launching.
ferry-v2v -q --allow-path "$work/datastore2" -i vmx "$work/vm/web01.vmx" \
  -o null > /dev/null 2>&1
ok "... and a run that launches an appliance is seen to" test -e "$launched"
