#!/bin/bash
# The bookworm test guest packaged as vSphere exports it: an OVA (a tar of
# the .ovf, a .mf of SHA256 checksums and a streamOptimized VMDK; SCSI
# disk, vmxnet3 NIC, an empty CD-ROM).  The plain tar's disk is read in
# place (checked with --print-source).  The conversion that boots is of
# the same package with its disk gzip-compressed (ovf:compression, as
# ovftool writes it), run with --machine-readable as management tools
# run virt-v2v: the guest boots on virtio with the OVF's name, memory and
# vCPUs, and stdout holds only JSON events and N/M progress lines.  The
# plain package compressed whole with xz converts too (-o null: no copy,
# no boot).  The packages stay as they were, and nothing is left in
# TMPDIR.
source "$(dirname "$0")/functions.sh"

plan 20
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
mkdir "$work/out" "$work/tmp" "$work/pkg"
export TMPDIR="$work/tmp"
# libguestfs keeps its appliance cache under TMPDIR unless told otherwise:
# keep sharing the usual one.
export LIBGUESTFS_CACHEDIR="${LIBGUESTFS_CACHEDIR:-/var/tmp}"

qemu-img convert -O vmdk -o subformat=streamOptimized \
  "$gdir/disk.raw" "$work/pkg/web02-disk1.vmdk"
vmdk_size="$(stat -c %s "$work/pkg/web02-disk1.vmdk")"
capacity="$(stat -c %s "$gdir/disk.raw")"
cat > "$work/pkg/web02.ovf" <<OVF
<?xml version="1.0" encoding="UTF-8"?>
<Envelope vmw:buildId="build-20395099" xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:cim="http://schemas.dmtf.org/wbem/wscim/1/common" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf" xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <References>
    <File ovf:href="web02-disk1.vmdk" ovf:id="file1" ovf:size="$vmdk_size"/>
  </References>
  <DiskSection>
    <Info>Virtual disk information</Info>
    <Disk ovf:capacity="$capacity" ovf:capacityAllocationUnits="byte" ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection>
    <Info>The list of logical networks</Info>
    <Network ovf:name="VM Network">
      <Description>The VM Network network</Description>
    </Network>
  </NetworkSection>
  <VirtualSystem ovf:id="web02">
    <Info>A virtual machine</Info>
    <Name>web02</Name>
    <OperatingSystemSection ovf:id="96" vmw:osType="debian12_64Guest">
      <Info>The kind of installed guest operating system</Info>
    </OperatingSystemSection>
    <VirtualHardwareSection>
      <Info>Virtual hardware requirements</Info>
      <System>
        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
        <vssd:InstanceID>0</vssd:InstanceID>
        <vssd:VirtualSystemIdentifier>web02</vssd:VirtualSystemIdentifier>
        <vssd:VirtualSystemType>vmx-19</vssd:VirtualSystemType>
      </System>
      <Item>
        <rasd:AllocationUnits>hertz * 10^6</rasd:AllocationUnits>
        <rasd:Description>Number of Virtual CPUs</rasd:Description>
        <rasd:ElementName>2 virtual CPU(s)</rasd:ElementName>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>2</rasd:VirtualQuantity>
        <vmw:CoresPerSocket ovf:required="false">2</vmw:CoresPerSocket>
      </Item>
      <Item>
        <rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits>
        <rasd:Description>Memory Size</rasd:Description>
        <rasd:ElementName>1536MB of memory</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>1536</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:Address>0</rasd:Address>
        <rasd:Description>SCSI Controller</rasd:Description>
        <rasd:ElementName>SCSI controller 0</rasd:ElementName>
        <rasd:InstanceID>3</rasd:InstanceID>
        <rasd:ResourceSubType>VirtualSCSI</rasd:ResourceSubType>
        <rasd:ResourceType>6</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:Address>1</rasd:Address>
        <rasd:Description>IDE Controller</rasd:Description>
        <rasd:ElementName>IDE 1</rasd:ElementName>
        <rasd:InstanceID>4</rasd:InstanceID>
        <rasd:ResourceType>5</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:ElementName>Hard disk 1</rasd:ElementName>
        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource>
        <rasd:InstanceID>5</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent>
        <rasd:ResourceType>17</rasd:ResourceType>
      </Item>
      <Item ovf:required="false">
        <rasd:AddressOnParent>0</rasd:AddressOnParent>
        <rasd:AutomaticAllocation>false</rasd:AutomaticAllocation>
        <rasd:ElementName>CD/DVD drive 1</rasd:ElementName>
        <rasd:InstanceID>6</rasd:InstanceID>
        <rasd:Parent>4</rasd:Parent>
        <rasd:ResourceSubType>vmware.cdrom.atapi</rasd:ResourceSubType>
        <rasd:ResourceType>15</rasd:ResourceType>
      </Item>
      <Item>
        <rasd:AddressOnParent>7</rasd:AddressOnParent>
        <rasd:AutomaticAllocation>true</rasd:AutomaticAllocation>
        <rasd:Connection>VM Network</rasd:Connection>
        <rasd:Description>VmxNet3 ethernet adapter on "VM Network"</rasd:Description>
        <rasd:ElementName>Network adapter 1</rasd:ElementName>
        <rasd:InstanceID>7</rasd:InstanceID>
        <rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType>
        <rasd:ResourceType>10</rasd:ResourceType>
      </Item>
      <vmw:Config ovf:required="false" vmw:key="firmware" vmw:value="bios"/>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
OVF
(cd "$work/pkg" && for f in web02.ovf web02-disk1.vmdk; do
   echo "SHA256($f)= $(sha256sum "$f" | cut -d' ' -f1)"; done > web02.mf &&
 tar -cf "$work/web02.ova" web02.ovf web02.mf web02-disk1.vmdk)
# The same with its disk gzip-compressed, and its own manifest.
mkdir "$work/pkg/gz"
gzip -1 -c "$work/pkg/web02-disk1.vmdk" > "$work/pkg/gz/web02-disk1.vmdk.gz"
gz_size="$(stat -c %s "$work/pkg/gz/web02-disk1.vmdk.gz")"
sed "s|ovf:href=\"web02-disk1.vmdk\" ovf:id=\"file1\" ovf:size=\"$vmdk_size\"|ovf:href=\"web02-disk1.vmdk.gz\" ovf:id=\"file1\" ovf:size=\"$gz_size\" ovf:compression=\"gzip\"|" \
  "$work/pkg/web02.ovf" > "$work/pkg/gz/web02.ovf"
(cd "$work/pkg/gz" && for f in web02.ovf web02-disk1.vmdk.gz; do
   echo "SHA256($f)= $(sha256sum "$f" | cut -d' ' -f1)"; done > web02.mf &&
 tar -cf "$work/web02-gz.ova" web02.ovf web02.mf web02-disk1.vmdk.gz)
xz -T2 -1 -c "$work/web02.ova" > "$work/web02-xz.ova"
rm -rf "$work/pkg"
before="$(file_sum "$work/web02.ova" "$work/web02-gz.ova" "$work/web02-xz.ova")"

source_json="$(ferry-v2v -i ova "$work/web02.ova" --print-source --machine-readable)"
is "the disk is read in place in the tar" \
  "$(python3 -c 'import json,sys; d=json.load(sys.stdin)["disks"][0]; print(d["location"][:6], d["format"], d["bus"])' <<<"$source_json")" \
  "json:{ vmdk scsi"
is "the gzip package names its disk compressed" \
  "$(grep -c 'ovf:compression="gzip"' <<<"$(tar -xOf "$work/web02-gz.ova" web02.ovf)")" 1
ok "ferry-v2v -i ova --machine-readable converts the gzip package" \
  bash -c "ferry-v2v -i ova '$work/web02-gz.ova' -o local -os '$work/out' -of qcow2 --machine-readable > '$work/stdout'"
# Read stdout as oVirt and Forklift read virt-v2v's: a line is a
# progress line when it matches ^[0-9]+/[0-9]+$, else a JSON event.
read_machine () {
  python3 - "$work/stdout" <<'PY'
import json, re, sys
progress, types, bad = [], set(), []
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if re.match(r"^[0-9]+/[0-9]+$", line):
        progress.append(tuple(map(int, line.split("/"))))
        continue
    try:
        event = json.loads(line)
        assert set(event) == {"message", "timestamp", "type"}
        types.add(event["type"])
    except Exception:
        bad.append(line)
ok = (not bad and types == {"message"} and progress and
      progress[-1] == (100, 100) and progress == sorted(progress))
print("ok" if ok else "bad: %r types %r progress %r" % (bad[:3], types, progress[-3:]))
PY
}
is "... its stdout is JSON message events and rising N/M lines ending 100/100" \
  "$(read_machine)" ok
xml="$work/out/web02.xml"
ok "the XML passes virt-xml-validate" virt-xml-validate "$xml"
x () { xmllint --xpath "$1" "$xml"; }
is "the name comes from the OVF" "$(x 'string(/domain/name)')" web02
is "the memory from its memory Item" "$(x 'string(/domain/memory)')" 1572864
is "the vCPUs from its CPU Item" "$(x 'string(/domain/vcpu)')" 2
is "the NIC is virtio" "$(x 'string(//interface/model/@type)')" virtio
is "the NIC is on a bridge named after the OVF's Connection, as virt-v2v puts it" \
  "$(x 'concat(//interface/@type, " ", //interface/source/@bridge)')" "bridge VM Network"
is "the disk is on virtio" "$(x 'string(//disk[@device="disk"]/target/@bus)')" virtio
is "the CD-ROM drive stays, on SATA, empty" \
  "$(x 'count(//disk[@device="cdrom" and not(source)]/target[@bus="sata"])')" 1
is "the output disk is named after the guest" "$(ls "$work/out" | tr '\n' ' ')" "web02-sda web02.xml "
is "nothing is left in TMPDIR" "$(leftovers "$work/tmp")" ""
ok "the package compressed whole with xz converts (-o null)" \
  ferry-v2v -q -i ova "$work/web02-xz.ova" -o null
is "... and nothing is left in TMPDIR" "$(leftovers "$work/tmp")" ""
is "the packages are unchanged" \
  "$(file_sum "$work/web02.ova" "$work/web02-gz.ova" "$work/web02-xz.ova")" "$before"
boot="$(boot-check --timeout 600 "$xml" 2>&1)"
ok "the converted guest boots to login: on virtio" \
  grep -q '^boot-check: login prompt after' <<<"$boot"
ok "... its NIC, which the OVF gives no MAC, is ens192 again, by DHCP" \
  grep -q 'NICs: ens192 52:54:00:12:34:56 10.0.2.15/24$' <<<"$boot"
diag "$boot"
ok "the disk image is qcow2" \
  bash -c "qemu-img info '$work/out/web02-sda' | grep -q '^file format: qcow2'"
