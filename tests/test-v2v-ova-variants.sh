#!/bin/bash
# -i ova on the packages virt-v2v reads that a plain tar of one .ovf, one
# .mf and the disks is not: a tar compressed as a whole (gzip, xz, zstd),
# a gzip disk inside a compressed tar, several manifests, manifest lines
# that do not parse or name no member, an ovf:size that is not the
# member's, disks held only as VMware snapshots (disk1.vmdk.000000001),
# the "._NAME" files tar on a Mac adds; and what the descriptor says of
# removable drives and NICs.  Where virt-v2v warns and goes on, so does
# ferry-v2v: one warning line naming what it skips.  Packages are opened
# in full (extracted, probed) by runs that stop at a missing -os, before
# any appliance; the disks are tiny streamOptimized VMDKs.
source "$(dirname "$0")/functions.sh"

plan 26
work="$(scratch)"
mkdir "$work/src"
export TMPDIR="$work/tmp"
mkdir "$TMPDIR"

qemu-img create -q -f raw "$work/src/disk.raw" 4M
qemu-img convert -O vmdk -o subformat=streamOptimized \
  "$work/src/disk.raw" "$work/src/disk1.vmdk"
vmdk_size=$(stat -c %s "$work/src/disk1.vmdk")

# ovf HREF SIZE [FILE-ATTRIBUTES [ITEMS]]: a descriptor for one disk in
# file HREF, with more hardware ITEMS.
ovf () {
  cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData" xmlns:vmw="http://www.vmware.com/schema/ovf">
  <References>
    <File ovf:href="$1" ovf:id="file1" ovf:size="$2" ${3:-}/>
  </References>
  <DiskSection>
    <Info>Virtual disk information</Info>
    <Disk ovf:capacity="4" ovf:capacityAllocationUnits="byte * 2^20" ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <VirtualSystem ovf:id="tiny">
    <Name>tiny</Name>
    <VirtualHardwareSection>
      <Item><rasd:InstanceID>1</rasd:InstanceID><rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
      <Item><rasd:AllocationUnits>byte * 2^20</rasd:AllocationUnits><rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType><rasd:VirtualQuantity>512</rasd:VirtualQuantity></Item>
      <Item><rasd:InstanceID>3</rasd:InstanceID><rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID><rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
      ${4:-}
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
EOF
}
ovf disk1.vmdk "$vmdk_size" > "$work/src/tiny.ovf"

# manifest ALGORITHM FILE...: manifest lines for FILEs (in $work/src).
manifest () {
  local algorithm="$1" f; shift
  for f in "$@"; do
    echo "$algorithm($f)= $("$(tr A-Z a-z <<<"$algorithm")sum" "$work/src/$f" | cut -d' ' -f1)"
  done
}

# pack OUT FILE...: a tar of FILEs (in $work/src), in that order.
pack () {
  local out="$1"; shift
  (cd "$work/src" && tar --format=pax -cf "$out" "$@")
}

# opens ARGS...: ferry-v2v -i ova ARGS... opens the package in full and
# stops only at the missing -os, leaving nothing in TMPDIR; its stderr
# lines other than that error are in $work/warnings.
no_os="$work/no-such-folder"
opens () {
  local rc
  ferry-v2v -q -i ova "$@" -o local -os "$no_os" >"$work/out" 2>"$work/err"; rc=$?
  cat "$work/err"
  grep -vF -- "-os '$no_os'" "$work/err" > "$work/warnings"
  [ "$rc" -eq 1 ] || { echo "exit status $rc, wanted 1"; return 1; }
  grep -qF -- "-os '$no_os'" "$work/err" || { echo "it stopped before -os"; return 1; }
  [ -z "$(leftovers "$TMPDIR")" ] || { echo "TMPDIR: $(leftovers "$TMPDIR")"; return 1; }
}

# refused WANT ARGS...: ferry-v2v -i ova ARGS... fails with a stderr line
# holding WANT, and leaves nothing in TMPDIR.
refused () {
  local want="$1" rc; shift
  ferry-v2v -q -i ova "$@" -o local -os "$no_os" >"$work/out" 2>"$work/err"; rc=$?
  cat "$work/err"
  [ "$rc" -eq 1 ] || { echo "exit status $rc, wanted 1"; return 1; }
  grep -qF -- "$want" "$work/err" || { echo "no '$want' in it"; return 1; }
  [ -z "$(leftovers "$TMPDIR")" ] || { echo "TMPDIR: $(leftovers "$TMPDIR")"; return 1; }
}

# source_field PACKAGE PYTHON-EXPRESSION: the expression, of the JSON
# source model "d", that --print-source gives.
source_field () {
  ferry-v2v -i ova "$1" --print-source --machine-readable |
    python3 -c "import json,sys; d=json.load(sys.stdin); print($2)"
}

# A tar compressed as a whole: its disk is extracted as it is
# decompressed (never the tar whole), then removed.
{ manifest SHA256 tiny.ovf disk1.vmdk; } > "$work/src/tiny.mf"
pack "$work/plain.ova" tiny.ovf tiny.mf disk1.vmdk
gzip -c "$work/plain.ova" > "$work/gz.ova"
xz -c "$work/plain.ova" > "$work/xz.ova"
zstd -q -c "$work/plain.ova" > "$work/zst.ova"
for kind in gz xz zst; do
  ok "a tar compressed with $kind is opened in full" opens "$work/$kind.ova"
  is "... with no warning" "$(cat "$work/warnings")" ""
done
is "a compressed tar's disk is not read in place (it will be extracted)" \
  "$(source_field "$work/xz.ova" 'd["disks"][0].get("location"), d["disks"][0]["format"]')" \
  "None vmdk"
gzip -c "$work/src/disk1.vmdk" > "$work/src/disk1.vmdk.gz"
ovf disk1.vmdk.gz "$(stat -c %s "$work/src/disk1.vmdk.gz")" 'ovf:compression="gzip"' \
  > "$work/src/gzip.ovf"
pack "$work/gzip-member.ova" gzip.ovf disk1.vmdk.gz
xz -c "$work/gzip-member.ova" > "$work/gzip-member.ova.xz"
ok "a gzip disk inside an xz tar is opened in full" opens "$work/gzip-member.ova.xz"

# Several manifests, one per file, as some exporters write them: all
# are read, and each checksum is checked.
manifest SHA256 tiny.ovf > "$work/src/tiny-ovf.mf"
manifest SHA1 disk1.vmdk > "$work/src/tiny-disk1.mf"
pack "$work/two-mf.ova" tiny.ovf tiny-ovf.mf tiny-disk1.mf disk1.vmdk
ok "a package with two manifests is opened" opens "$work/two-mf.ova"
printf 'SHA1(disk1.vmdk)= %040d\n' 0 > "$work/src/tiny-bad.mf"
pack "$work/two-mf-bad.ova" tiny.ovf tiny-ovf.mf tiny-bad.mf disk1.vmdk
ok "a checksum that does not match in the second manifest is refused" \
  refused "ferry-v2v: '$work/two-mf-bad.ova/disk1.vmdk' does not match its SHA1 checksum in '$work/two-mf-bad.ova/tiny-bad.mf' line 1: refused" \
  "$work/two-mf-bad.ova"

# Manifest lines that do not parse are warnings; the others still count.
{ echo 'this is not a checksum'; manifest SHA256 tiny.ovf;
  echo 'MD5(disk1.vmdk)= 0123456789abcdef0123456789abcdef';
  echo 'SHA256(disk1.vmdk)= 12345';
  manifest SHA1 disk.raw; manifest SHA1 disk1.vmdk; } > "$work/src/messy.mf"
pack "$work/messy.ova" tiny.ovf messy.mf disk1.vmdk
ok "a manifest with lines that do not parse is read" opens "$work/messy.ova"
mf="$work/messy.ova/messy.mf"
is "... each skipped line is one warning naming the manifest, the line and its text" \
  "$(cat "$work/warnings")" \
"ferry-v2v: warning: '$mf' line 1, 'this is not a checksum': expected 'SHA256(FILE)= HEX' (line ignored)
ferry-v2v: warning: '$mf' line 3, 'MD5(disk1.vmdk)= 0123456789abcdef0123456789abcdef': unknown checksum 'MD5' (SHA1, SHA256 or SHA512) (line ignored)
ferry-v2v: warning: '$mf' line 4, 'SHA256(disk1.vmdk)= 12345': the SHA256 checksum is not 64 hexadecimal digits (line ignored)
ferry-v2v: warning: '$mf' line 5, 'SHA1(disk.raw)= $(sha1sum "$work/src/disk.raw" | cut -d' ' -f1)': 'disk.raw' is not in '$work/messy.ova' (line ignored)"
{ echo 'garbage'; printf 'SHA1(disk1.vmdk)= %040d\n' 0; } > "$work/src/messy-bad.mf"
pack "$work/messy-bad.ova" tiny.ovf messy-bad.mf disk1.vmdk
ok "... and a checksum that does not match on another line is still refused" \
  refused "'$work/messy-bad.ova/disk1.vmdk' does not match its SHA1 checksum in '$work/messy-bad.ova/messy-bad.mf' line 2: refused" \
  "$work/messy-bad.ova"
printf 'SHA256(tiny.ovf)= %s\r\n' "$(sha256sum "$work/src/tiny.ovf" | cut -d' ' -f1)" > "$work/src/crlf.mf"
pack "$work/crlf.ova" tiny.ovf crlf.mf disk1.vmdk
ok "a manifest with CRLF line ends is read" opens "$work/crlf.ova"
is "... with no warning" "$(cat "$work/warnings")" ""

# ovf:size that is not the member's: a warning naming both.
ovf disk1.vmdk $((vmdk_size + 512)) > "$work/src/size.ovf"
pack "$work/size.ova" size.ovf disk1.vmdk
ok "a member whose size is not ovf:size is read" opens "$work/size.ova"
is "... with a warning naming both sizes" "$(cat "$work/warnings")" \
  "ferry-v2v: warning: '$work/size.ova/disk1.vmdk' is $vmdk_size bytes, but '$work/size.ova/size.ovf' says $((vmdk_size + 512)) (ovf:size): reading its $vmdk_size bytes"

# Snapshots: the descriptor names disk1.vmdk, the package holds
# disk1.vmdk.NNN: the newest, as a number, is read.
mkdir "$work/snap"
cp "$work/src/tiny.ovf" "$work/snap/"
for n in 000000000 9 000000010 000000002; do
  cp "$work/src/disk1.vmdk" "$work/snap/disk1.vmdk.$n"
done
(cd "$work/snap" && tar -cf "$work/snap.ova" tiny.ovf disk1.vmdk.000000000 \
   disk1.vmdk.9 disk1.vmdk.000000010 disk1.vmdk.000000002)
offset="$(python3 -c 'import tarfile,sys; print([m.offset_data for m in tarfile.open(sys.argv[1]) if m.name == "disk1.vmdk.000000010"][0])' "$work/snap.ova")"
is "a disk held as snapshots is read from the newest (000000010 after 9)" \
  "$(source_field "$work/snap.ova" 'json.loads(d["disks"][0]["location"][5:])["file"]["offset"]')" \
  "$offset"
ok "... and opened in full" opens "$work/snap.ova"
ok "... also from a package folder" opens "$work/snap"
(cd "$work/snap" &&
 echo "SHA256(disk1.vmdk.000000010)= $(sha256sum disk1.vmdk.000000010 | cut -d' ' -f1)" > snap.mf &&
 printf 'SHA256(disk1.vmdk.000000009)= %064d\n' 0 >> snap.mf &&
 tar -cf "$work/snap-mf.ova" tiny.ovf snap.mf disk1.vmdk.000000010)
ok "a snapshot's checksum is checked, and one for a snapshot not there is a warning" \
  opens "$work/snap-mf.ova"
is "... one warning" "$(wc -l < "$work/warnings")" 1
sed 's/disk1.vmdk/sub\/disk1.vmdk/' "$work/src/tiny.ovf" > "$work/snap/sub.ovf"
mkdir "$work/snap/sub"
cp "$work/src/disk1.vmdk" "$work/snap/sub/disk1.vmdk.000000003"
(cd "$work/snap" && tar -cf "$work/snap-sub.ova" sub.ovf sub/disk1.vmdk.000000003)
ok "a snapshot in the folder the descriptor names is found" opens "$work/snap-sub.ova"

# "._NAME" files tar adds on a Mac are not a second descriptor.
cp "$work/src/tiny.ovf" "$work/src/._tiny.ovf"
cp "$work/src/tiny.mf" "$work/src/._tiny.mf"
pack "$work/mac.ova" ._tiny.ovf tiny.ovf ._tiny.mf tiny.mf disk1.vmdk
ok "'._' files beside the descriptor and manifest are ignored" opens "$work/mac.ova"

# What the descriptor says of drives and NICs, as virt-v2v reads it.
items='
<Item><rasd:Address>1</rasd:Address><rasd:InstanceID>10</rasd:InstanceID><rasd:ResourceType>5</rasd:ResourceType></Item>
<Item><rasd:AddressOnParent>1</rasd:AddressOnParent><rasd:InstanceID>11</rasd:InstanceID><rasd:Parent>10</rasd:Parent><rasd:ResourceType>15</rasd:ResourceType></Item>
<Item><rasd:InstanceID>12</rasd:InstanceID><rasd:ResourceType>14</rasd:ResourceType></Item>
<Item><rasd:AddressOnParent>7</rasd:AddressOnParent><rasd:Connection>VM Network</rasd:Connection><rasd:ElementName>Network adapter 1</rasd:ElementName><rasd:InstanceID>13</rasd:InstanceID><rasd:ResourceSubType>VmxNet3</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>
<Item><rasd:InstanceID>14</rasd:InstanceID><rasd:ResourceSubType>E1000</rasd:ResourceSubType><rasd:ResourceType>10</rasd:ResourceType></Item>'
ovf disk1.vmdk "$vmdk_size" "" "$items" > "$work/src/hw.ovf"
pack "$work/hw.ova" hw.ovf disk1.vmdk
is "a CD-ROM keeps its slot (AddressOnParent), and a floppy is kept" \
  "$(source_field "$work/hw.ova" '" ".join("%s:%s:%s" % (r["kind"], r["bus"], r.get("slot")) for r in d["removables"])')" \
  "cdrom:ide:1 floppy:fdc:None"
is "a NIC with a Connection is on a bridge of that name; one without, on network ethN" \
  "$(source_field "$work/hw.ova" '" ".join("%s:%s:%s" % (n["vnet_type"], n["network"], n["model"]) for n in d["nics"])')" \
  "bridge:VM Network:vmxnet3 network:eth1:e1000"
