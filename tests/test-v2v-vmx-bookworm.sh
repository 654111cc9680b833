#!/bin/bash
# The bookworm test guest described by a VMX file, as vSphere writes one
# (SCSI disk, vmxnet3 NICs with static and generated MACs, an empty
# CD-ROM), converted with -i vmx -o local, boots on virtio with the VMX's
# name, memory, vCPUs and MAC; --mac puts the first NIC on a host bridge
# and -n the second on a libvirt network.  The disk is a snapshot: a
# delta (web01-000001.vmdk, as VMware names them) over the guest's
# monolithicSparse VMDK, holding a file the base has not: the conversion
# goes through the chain and writes neither link.  A delta whose parent is
# outside its folder is refused.
#
# The guest configures ens192 (netplan, DHCP) and ens224 (systemd-networkd,
# static 10.0.2.24/24), the names VMware gives the two vmxnet3 NICs: each
# keeps its name on virtio through a .link file matching its MAC, and the
# converted guest brings both up with their MACs and addresses.
source "$(dirname "$0")/functions.sh"

plan 25
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
mkdir "$work/out" "$work/vm"

# The base is the test guest itself, linked rather than copied when the
# filesystem allows: neither link may change.
ln "$gdir/disk.vmdk" "$work/vm/web01.vmdk" 2>/dev/null ||
  cp --sparse=always "$gdir/disk.vmdk" "$work/vm/web01.vmdk"
(cd "$work/vm" &&
   qemu-img create -q -f vmdk -b web01.vmdk -F vmdk web01-000001.vmdk)
ok "the snapshot delta is written with a file only it holds" \
  guestfish --rw -a "$work/vm/web01-000001.vmdk" -i \
    write /etc/ferry-snapshot "taken after the base"
is "... and names its parent as VMware does" \
  "$(grep -a -o 'parentFileNameHint="[^"]*"' "$work/vm/web01-000001.vmdk")" \
  'parentFileNameHint="web01.vmdk"'
base_sum="$(file_sum "$work/vm/web01.vmdk")"
delta_sum="$(file_sum "$work/vm/web01-000001.vmdk")"

{
  vmx_head web01 web01-000001.vmdk
  cat <<VMX
ide1:0.present = "TRUE"
ide1:0.deviceType = "cdrom-image"
ide1:0.fileName = "/vmfs/volumes/datastore1/iso/debian-12.iso"
ide1:0.startConnected = "FALSE"
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "static"
ethernet0.address = "00:50:56:3F:12:34"
ethernet1.present = "TRUE"
ethernet1.virtualDev = "vmxnet3"
ethernet1.networkName = "Storage Net"
ethernet1.addressType = "generated"
ethernet1.generatedAddress = "00:50:56:3f:56:78"
floppy0.present = "FALSE"
VMX
} > "$work/vm/web01.vmx"

ok "ferry-v2v -i vmx converts" \
  bash -c 'ferry-v2v "$@" > "$0" 2>&1' "$work/convert.log" \
    -i vmx "$work/vm/web01.vmx" -o local -os "$work/out" -of qcow2 \
    --mac 00:50:56:3f:12:34:bridge:br0 -n "Storage Net:san" -n "VM Network:lan"
sed 's/^/# /' "$work/convert.log"
ok "conversion keeps ens192's name on the NIC of its MAC" \
  grep -qF "Network: NIC 1 (00:50:56:3f:12:34): ens192 (netplan, dhcp, '/etc/netplan/50-cloud-init.yaml') keeps its name, matched by MAC: /etc/systemd/network/10-ferry-ens192.link" \
  "$work/convert.log"
ok "... and ens224's on the second NIC" \
  grep -qF "Network: NIC 2 (00:50:56:3f:56:78): ens224 (systemd-networkd, static, '/etc/systemd/network/20-storage.network') keeps its name, matched by MAC: /etc/systemd/network/10-ferry-ens224.link" \
  "$work/convert.log"
is "the .link files match the MACs" \
  "$(guestfish --ro -a "$work/out/web01-sda" -i sh 'grep -h -e ^MACAddress= -e ^Name= /etc/systemd/network/10-ferry-*.link' | xargs)" \
  "MACAddress=00:50:56:3f:12:34 Name=ens192 MACAddress=00:50:56:3f:56:78 Name=ens224"
xml="$work/out/web01.xml"
ok "the XML passes virt-xml-validate" virt-xml-validate "$xml"
x () { xmllint --xpath "$1" "$xml"; }
is "the name comes from displayName" "$(x 'string(/domain/name)')" web01
is "the memory from memsize" "$(x 'string(/domain/memory)')" 1572864
is "the vCPUs from numvcpus" "$(x 'string(/domain/vcpu)')" 2
is "the MAC is kept, lower-cased" "$(x 'string(//interface/mac/@address)')" 00:50:56:3f:12:34
is "the NIC is virtio" "$(x 'string(//interface/model/@type)')" virtio
is "--mac puts the first NIC on host bridge br0, before -n" \
  "$(x 'concat(//interface[1]/@type, " ", //interface[1]/source/@bridge, " ", //interface[1]/mac/@address)')" \
  "bridge br0 00:50:56:3f:12:34"
is "-n puts the second NIC on libvirt network san" \
  "$(x 'concat(//interface[2]/@type, " ", //interface[2]/source/@network, " ", //interface[2]/mac/@address)')" \
  "network san 00:50:56:3f:56:78"
is "the disk is on virtio" "$(x 'string(//disk[@device="disk"]/target/@bus)')" virtio
is "the CD-ROM drive stays, on SATA, empty" \
  "$(x 'count(//disk[@device="cdrom" and not(source)]/target[@bus="sata"])')" 1
is "the output disk is named after the guest" "$(ls "$work/out" | tr '\n' ' ')" "web01-sda web01.xml "
is "the converted disk has the delta's file" \
  "$(guestfish --ro -a "$work/out/web01-sda" -i cat /etc/ferry-snapshot)" \
  "taken after the base"
is "... and stands alone (no backing file)" \
  "$(qemu-img info --output=json "$work/out/web01-sda" |
     python3 -c 'import json, sys; print(json.load(sys.stdin).get("backing-filename", "none"))')" \
  none
is "the base is unchanged" "$(file_sum "$work/vm/web01.vmdk")" "$base_sum"
is "the delta is unchanged" "$(file_sum "$work/vm/web01-000001.vmdk")" "$delta_sum"
boot="$(boot-check --timeout 600 --address 2=10.0.2.24/24 "$xml" 2>&1)"
ok "the converted guest boots to login: on virtio" \
  grep -q '^boot-check: login prompt after' <<<"$boot"
ok "... with ens192 by DHCP and ens224 static, each with its MAC" \
  grep -q 'NICs: ens192 00:50:56:3f:12:34 10.0.2.15/24, ens224 00:50:56:3f:56:78 10.0.2.24/24$' <<<"$boot"
diag "$boot"

# A delta naming a parent outside its folder: refused before any work,
# with the file named.
mkdir "$work/evil"
qemu-img create -q -f vmdk -b "$work/vm/web01.vmdk" -F vmdk \
  "$work/evil/web01-000001.vmdk"
vmx_head evil web01-000001.vmdk > "$work/evil/evil.vmx"
ferry-v2v -i vmx "$work/evil/evil.vmx" -o local -os "$work/out" \
  > /dev/null 2> "$work/evil.err"
is "a delta whose parent is outside its folder is refused" "$?" 1
ok "... with a message naming the delta and its parent" \
  grep -q "web01-000001.vmdk.*$work/vm/web01.vmdk" "$work/evil.err"
