#!/bin/bash
# ferry-inspect: the bookworm test guest reported without conversion, as
# XML from its VMDK (-i disk) and from an OVA (-i ova, -b IN:OUT, --root
# first), and as JSON from a VMX (-i vmx) and from a libvirt XML that
# names two copies of it (-i libvirtxml, two roots: --root picks one, a
# root that is not there is one error); the source is not written,
# nothing is left behind, and bad input is one error.
source "$(dirname "$0")/functions.sh"

plan 41
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
private_tmpdir "$work/tmp"
# The VMX and the XML are written here, and name the test guest's disks
# where they are kept, outside this folder: --allow-path lets it in.
allow="--allow-path '$gdir'"
before="$(file_sum "$gdir/disk.vmdk")"

ok "ferry-inspect reports on a VMDK" \
  bash -c "ferry-inspect '$gdir/disk.vmdk' > '$work/report.xml' 2> '$work/report.err'"
ok "... stdout is one well-formed XML document" xmllint --noout "$work/report.xml"
x () { xmllint --xpath "string($1)" "$work/report.xml"; }
is "... the OS type" "$(x /ferry-inspect/operatingsystem/type)" linux
is "... the distro and major version" \
  "$(x /ferry-inspect/operatingsystem/distro) $(x /ferry-inspect/operatingsystem/major_version)" \
  "debian 12"
is "... the osinfo id" "$(x /ferry-inspect/operatingsystem/osinfo)" \
  http://debian.org/debian/12
is "... the host name" "$(x /ferry-inspect/operatingsystem/hostname)" ferry-bookworm
is "... the firmware found on the disk" "$(x /ferry-inspect/operatingsystem/firmware)" bios
is "... the virtual size" "$(x /ferry-inspect/disks/disk/virtual_size)" \
  "$(qemu-img info --output=json "$gdir/disk.vmdk" | python3 -c 'import json,sys; print(json.load(sys.stdin)["virtual-size"])')"
allocated="$(x /ferry-inspect/disks/disk/estimated_allocated_size)"
ok "... an estimated allocation between 200 MiB and 2 GiB ($allocated)" \
  test "${allocated:-0}" -gt $((200 << 20)) -a "${allocated:-0}" -lt $((2 << 30))
is "... the devices: virtio on q35, the disk as vda" \
  "$(x /ferry-inspect/devices/virtio) $(x /ferry-inspect/devices/machine) $(x /ferry-inspect/disks/disk/target_dev)" \
  "yes q35 vda"
ok "... a note says open-vm-tools would be removed" \
  grep -q "<note>conversion removes other hypervisors' tools: open-vm-tools</note>" "$work/report.xml"
ok "... a note says the NIC would keep the name the guest configures" \
  grep -qF "<note>NIC 1 (no MAC in the source): conversion keeps the name of ens192 (netplan, dhcp, " "$work/report.xml"
is "... and nothing on stderr" "$(cat "$work/report.err")" ""

{
  vmx_head web01 "$gdir/disk.vmdk"
  cat <<VMX
ethernet0.present = "TRUE"
ethernet0.virtualDev = "vmxnet3"
ethernet0.networkName = "VM Network"
ethernet0.addressType = "static"
ethernet0.address = "00:50:56:3F:12:34"
VMX
} > "$work/web01.vmx"
ok "ferry-inspect -i vmx --json reports on a VMX" \
  bash -c "ferry-inspect -i vmx '$work/web01.vmx' $allow --json -n 'VM Network:prod' > '$work/report.json'"
j () {
  python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    r = r[int(k)] if k.isdigit() else r[k]
print(json.dumps(r))' "$work/report.json" "$1"
}
is "... the source name and memory from the VMX" \
  "$(j source.name) $(j source.memory) $(j source.input)" '"web01" 1610612736 "vmx"'
is "... the OS" "$(j operatingsystem.distro) $(j operatingsystem.major_version)" '"debian" 12'
is "... the disk, from SCSI sda to virtio vda" \
  "$(j disks.0.source_bus) $(j disks.0.source_target) $(j disks.0.target_dev)" \
  '"scsi" "sda" "vda"'
is "... the NIC from vmxnet3 to virtio with its MAC" \
  "$(j nics.0.source_model) $(j nics.0.target_model) $(j nics.0.mac)" \
  '"vmxnet3" "virtio" "00:50:56:3f:12:34"'
is "... devices.virtio is a JSON boolean" "$(j devices.virtio)" true
is "... the NIC goes where -n puts it" \
  "$(j nics.0.target_type) $(j nics.0.target_name)" '"network" "prod"'

# An OVA: a tar of an OVF descriptor and the guest's VMDK, read in place.
mkdir "$work/pkg"
cp "$gdir/disk.vmdk" "$work/pkg/web02-disk1.vmdk"
cat > "$work/pkg/web02.ovf" <<OVF
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References>
    <File ovf:href="web02-disk1.vmdk" ovf:id="file1" ovf:size="$(stat -c %s "$work/pkg/web02-disk1.vmdk")"/>
  </References>
  <DiskSection>
    <Info>Virtual disk information</Info>
    <Disk ovf:capacity="5" ovf:capacityAllocationUnits="byte * 2^30" ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#sparse"/>
  </DiskSection>
  <VirtualSystem ovf:id="web02">
    <Name>web02</Name>
    <VirtualHardwareSection>
      <Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>2</rasd:VirtualQuantity></Item>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>1024</rasd:VirtualQuantity></Item>
      <Item><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      <Item><rasd:Connection>VM Network</rasd:Connection><rasd:InstanceID>5</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
OVF
(cd "$work/pkg" && tar -cf "$work/web02.ova" web02.ovf web02-disk1.vmdk)
rm -rf "$work/pkg"
ova_sum="$(sha256sum < "$work/web02.ova")"
ok "ferry-inspect -i ova --root first -b IN:OUT reports on an OVA" \
  bash -c "ferry-inspect -i ova '$work/web02.ova' --root first -b 'VM Network:br0' > '$work/ova.xml' 2> '$work/ova.err'"
o () { xmllint --xpath "string($1)" "$work/ova.xml"; }
is "... the source from the OVF" \
  "$(o /ferry-inspect/source/input) $(o /ferry-inspect/source/name) $(o /ferry-inspect/source/memory) $(o /ferry-inspect/source/vcpus)" \
  "ova web02 1073741824 2"
is "... the OS on the root --root first chose" \
  "$(o /ferry-inspect/operatingsystem/distro) $(o /ferry-inspect/operatingsystem/major_version) $(o /ferry-inspect/operatingsystem/root)" \
  "debian 12 /dev/sda1"
ok "... the disk, read in place in the tar" \
  bash -c '[ "$(cut -c1-6 <<<"$1")" = "json:{" ]' - "$(o /ferry-inspect/disks/disk/source)"
is "... from SCSI to virtio vda" \
  "$(o /ferry-inspect/disks/disk/source_bus) $(o /ferry-inspect/disks/disk/target_dev)" "scsi vda"
is "... the NIC from vmxnet3 to virtio, on the bridge -b IN:OUT names" \
  "$(o /ferry-inspect/nics/nic/network) $(o /ferry-inspect/nics/nic/source_model) $(o /ferry-inspect/nics/nic/target_model) $(o /ferry-inspect/nics/nic/target_type) $(o /ferry-inspect/nics/nic/target_name)" \
  "VM Network vmxnet3 virtio bridge br0"
is "... and nothing on stderr" "$(cat "$work/ova.err")" ""
is "the OVA is unchanged" "$(sha256sum < "$work/web02.ova")" "$ova_sum"
rm -f "$work/web02.ova"

# A libvirt XML naming the guest twice (its VMDK and its raw image): two
# operating systems, on /dev/sda1 and /dev/sdb1.
cat > "$work/twins.xml" <<XML
<domain type='kvm'>
  <name>twins</name>
  <memory unit='GiB'>3</memory>
  <vcpu>4</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='vmdk'/>
      <source file='$gdir/disk.vmdk'/>
      <target dev='sda' bus='sata'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$gdir/disk.raw'/>
      <target dev='sdb' bus='sata'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:ab:cd:ef'/>
      <source network='default'/>
    </interface>
  </devices>
</domain>
XML
ok "ferry-inspect -i libvirtxml --json --root /dev/sdb1 reports on a libvirt XML" \
  bash -c "ferry-inspect -i libvirtxml '$work/twins.xml' $allow --json --root /dev/sdb1 > '$work/report.json'"
is "... the source from the XML" \
  "$(j source.input) $(j source.name) $(j source.memory) $(j source.vcpus)" \
  '"libvirtxml" "twins" 3221225472 4'
is "... the OS on the root --root named" \
  "$(j operatingsystem.root) $(j operatingsystem.distro) $(j operatingsystem.major_version)" \
  '"/dev/sdb1" "debian" 12'
is "... both disks, from SATA to virtio vda and vdb" \
  "$(j disks.0.source) $(j disks.0.source_bus) $(j disks.0.target_dev) $(j disks.1.source) $(j disks.1.source_bus) $(j disks.1.target_dev)" \
  "\"$gdir/disk.vmdk\" \"sata\" \"vda\" \"$gdir/disk.raw\" \"sata\" \"vdb\""
is "... the NIC with its MAC, on its network" \
  "$(j nics.0.mac) $(j nics.0.target_type) $(j nics.0.target_name)" \
  '"52:54:00:ab:cd:ef" "network" "default"'
ferry-inspect -i libvirtxml "$work/twins.xml" --allow-path "$gdir" --root /dev/sdc1 \
  > "$work/root.out" 2> "$work/root.err"
is "--root naming no root exits 1" "$?" 1
is "... with one message naming it, and no report" \
  "$(cat "$work/root.err")$(cat "$work/root.out")" \
  "ferry-inspect: --root '/dev/sdc1': no operating system has this root filesystem"

is "the source disk is unchanged" "$(file_sum "$gdir/disk.vmdk")" "$before"
ok_no_overlay "no overlay is left behind"

pod="$top/converters/ferry-inspect.pod"
accepted="$( (ferry-inspect --short-options; ferry-inspect --long-options) | sort)"
documented="$(grep '^=item' "$pod" | grep -oE 'B<-[^>]*>' | sed 's/^B<//; s/>$//' | sort -u)"
is "the man page documents exactly the options ferry-inspect accepts" \
  "$documented" "$accepted"
ok "... and is valid POD" podchecker "$pod"

ferry-inspect "$work/nope.vmdk" > "$work/bad.out" 2> "$work/bad.err"
is "a missing disk exits 1" "$?" 1
is "... with one message naming it, and no report" \
  "$(cat "$work/bad.err")$(cat "$work/bad.out")" \
  "ferry-inspect: cannot open '$work/nope.vmdk': No such file or directory"
