#!/bin/bash
# A VMX whose disk is a snapshot delta (web-000001.vmdk over web.vmdk, as
# VMware names them) converts through the chain: the result holds what
# only the delta has, and neither link of the chain is written.  A delta
# whose parent is outside the VMX's folder is refused.
source "$(dirname "$0")/functions.sh"

plan 9
gdir="$(guest_dir bookworm)"
work="$(scratch)"
mkdir "$work/vm" "$work/out"

# The base is the test guest itself, linked rather than copied when the
# filesystem allows: neither link may change.
ln "$gdir/disk.vmdk" "$work/vm/web.vmdk" 2>/dev/null ||
  cp --sparse=always "$gdir/disk.vmdk" "$work/vm/web.vmdk"
(cd "$work/vm" && qemu-img create -q -f vmdk -b web.vmdk -F vmdk web-000001.vmdk)
ok "the delta is written with a marker only it holds" \
  guestfish --rw -a "$work/vm/web-000001.vmdk" -i \
    write /etc/ferry-snapshot "taken after the base"
is "... and names its parent as VMware does" \
  "$(grep -a -o 'parentFileNameHint="[^"]*"' "$work/vm/web-000001.vmdk")" \
  'parentFileNameHint="web.vmdk"'
base_sum="$(sha256sum < "$work/vm/web.vmdk")"
delta_sum="$(sha256sum < "$work/vm/web-000001.vmdk")"

cat > "$work/vm/web.vmx" <<VMX
displayName = "snap"
memsize = "1024"
scsi0.present = "TRUE"
scsi0:0.present = "TRUE"
scsi0:0.fileName = "web-000001.vmdk"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "e1000"
VMX
ok "-i vmx converts the snapshot" \
  ferry-v2v -q -i vmx "$work/vm/web.vmx" -o local -os "$work/out" -of qcow2
is "... the converted disk has the delta's marker" \
  "$(guestfish --ro -a "$work/out/snap-sda" -i cat /etc/ferry-snapshot)" \
  "taken after the base"
is "... and is a standalone image (no backing file)" \
  "$(qemu-img info --output=json "$work/out/snap-sda" | grep -c backing-filename)" 0
is "the base is unchanged" "$(sha256sum < "$work/vm/web.vmdk")" "$base_sum"
is "the delta is unchanged" "$(sha256sum < "$work/vm/web-000001.vmdk")" "$delta_sum"

# A delta that names a parent outside its folder: refused before any
# work, with the file named.
mkdir "$work/evil"
qemu-img create -q -f vmdk -b "$work/vm/web.vmdk" -F vmdk "$work/evil/web-000001.vmdk"
sed 's|"web-000001.vmdk"|"web-000001.vmdk"|' "$work/vm/web.vmx" > "$work/evil/web.vmx"
ferry-v2v -i vmx "$work/evil/web.vmx" -o local -os "$work/out" -on evil \
  > /dev/null 2> "$work/evil.err"
is "a delta whose parent is outside its folder is refused" "$?" 1
ok "... with a message naming the delta and its parent" \
  grep -q "web-000001.vmdk.*$work/vm/web.vmdk" "$work/evil.err"
