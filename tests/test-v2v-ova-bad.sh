#!/bin/bash
# -i ova on hostile and broken packages: members whose names leave the
# package (plain tar names, PAX path= records and GNU long names that a
# reader skipping them would take for harmless ones, zip members), links,
# a descriptor naming a missing file, manifests that do not match, no
# descriptor or two, an entity bomb, a VMDK descriptor naming a host file,
# members that expand past what the package declares (a gzip bomb, also
# inside a compressed tar, a zip member lying about its size), compressed
# tars whose stream is corrupt, truncated or lies about its sizes,
# snapshot names that would leave the descriptor's folder, manifests too
# large together, disks that do not fit in TMPDIR (a small tmpfs).  Each gives exit
# status 1 and one stderr line naming the file and the problem, and
# writes nothing: not to -os, not to TMPDIR.  Every case fails while the
# package is checked, before any appliance could be launched.  A few
# good packages (tar, a long PAX name, gzip-compressed disk, zip, folder)
# check what the checks let through.
source "$(dirname "$0")/functions.sh"

plan 51
work="$(scratch)"
mkdir "$work/out" "$work/tmp" "$work/src"
export TMPDIR="$work/tmp"

# A tiny disk, as a streamOptimized VMDK, and its size.
qemu-img create -q -f raw "$work/src/disk.raw" 4M
qemu-img convert -O vmdk -o subformat=streamOptimized \
  "$work/src/disk.raw" "$work/src/disk1.vmdk"
vmdk_size=$(stat -c %s "$work/src/disk1.vmdk")

# ovf HREF SIZE [FILE-ATTRIBUTES]: a descriptor for one disk in file HREF.
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
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
EOF
}
ovf disk1.vmdk "$vmdk_size" > "$work/src/tiny.ovf"

# mktar OUT SPEC...: a tar written by python3's tarfile, which writes any
# name and any link it is told to.  SPEC: file:NAME=PATH (a regular file
# holding PATH; a NAME longer than 100 bytes goes in a GNU ././@LongLink
# record), symlink:NAME=TARGET, hardlink:NAME=TARGET, paxfile:NAME=PATH (a
# regular file whose name NAME is only in its PAX "path=" record, its
# ustar header naming the last component of NAME, as a reader that skips
# PAX records would see it; the tar is then in PAX format).
mktar () {
  python3 - "$@" <<'PY'
import io, sys, tarfile
pax = any(spec.startswith("paxfile:") for spec in sys.argv[2:])
with tarfile.open(sys.argv[1], "w",
                  format=tarfile.PAX_FORMAT if pax else tarfile.GNU_FORMAT) as tar:
    for spec in sys.argv[2:]:
        kind, rest = spec.split(":", 1)
        name, value = rest.split("=", 1)
        info = tarfile.TarInfo(name)
        if kind == "paxfile":
            info = tarfile.TarInfo(name.rsplit("/", 1)[-1])
            info.pax_headers = {"path": name}
            kind = "file"
        if kind == "file":
            data = open(value, "rb").read()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        elif kind == "symlink":
            info.type = tarfile.SYMTYPE
            info.linkname = value
            tar.addfile(info)
        elif kind == "hardlink":
            info.type = tarfile.LNKTYPE
            info.linkname = value
            tar.addfile(info)
PY
}

# manifest ALGORITHM FILE...: manifest lines for FILEs (in $work/src).
manifest () {
  local algorithm="$1" f; shift
  for f in "$@"; do
    echo "$algorithm($f)= $("$(tr A-Z a-z <<<"$algorithm")sum" "$work/src/$f" | cut -d' ' -f1)"
  done
}

# ova_bad WANT ARGS...: ferry-v2v must fail with one stderr line holding
# WANT, print nothing on stdout, and leave -os and TMPDIR empty (TMPDIR
# as the caller sets it: $work/tmp, or the small tmpfs below).
ova_bad () {
  local want="$1"; shift
  local out err rc
  out="$(ferry-v2v -q "$@" 2>"$work/err")"; rc=$?
  err="$(cat "$work/err")"
  echo "stderr: $err"
  [ "$rc" -eq 1 ] || { echo "exit status $rc, wanted 1"; return 1; }
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || { echo "not one line"; return 1; }
  [ -z "$out" ] || { echo "stdout: $out"; return 1; }
  grep -qF -- "$want" <<<"$err" || { echo "no '$want' in it"; return 1; }
  [ -z "$(leftovers "$work/out")" ] || { echo "-os: $(leftovers "$work/out")"; return 1; }
  [ -z "$(leftovers "$TMPDIR")" ] || { echo "TMPDIR: $(leftovers "$TMPDIR")"; return 1; }
}

# Convert to -o local, or only print the source model.
local_out=(-o local -os "$work/out")
print=(--print-source)

# Names that leave the package.
mktar "$work/escape.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:../disk1.vmdk=$work/src/disk1.vmdk"
ok "a member named ../ is refused" \
  ova_bad "ferry-v2v: '$work/escape.ova' holds '../disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/escape.ova" "${local_out[@]}"
mktar "$work/inner.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:a/../../disk1.vmdk=$work/src/disk1.vmdk"
ok "a member named a/../../ is refused" \
  ova_bad "'$work/inner.ova' holds 'a/../../disk1.vmdk', whose name leaves the package" \
  -i ova "$work/inner.ova" "${print[@]}"
mktar "$work/absolute.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:/tmp/disk1.vmdk=$work/src/disk1.vmdk"
ok "an absolute member name is refused" \
  ova_bad "'$work/absolute.ova' holds '/tmp/disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/absolute.ova" "${local_out[@]}"

# Names that leave the package where a reader that skips PAX or GNU
# records would see a harmless one: the name that counts is the long one.
mktar "$work/pax-escape.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "paxfile:../../etc/disk1.vmdk=$work/src/disk1.vmdk"
ok "a PAX path= record that leaves the package is refused" \
  ova_bad "'$work/pax-escape.ova' holds '../../etc/disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/pax-escape.ova" "${print[@]}"
mktar "$work/pax-absolute.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "paxfile:/etc/disk1.vmdk=$work/src/disk1.vmdk"
ok "an absolute PAX path= record is refused" \
  ova_bad "'$work/pax-absolute.ova' holds '/etc/disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/pax-absolute.ova" "${print[@]}"
long="$(printf 'd%.0s' $(seq 120))"
mktar "$work/pax-long.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "paxfile:$long/../../disk1.vmdk=$work/src/disk1.vmdk"
ok "a long PAX name that leaves the package is refused" \
  ova_bad "'$work/pax-long.ova' holds '$long/../../disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/pax-long.ova" "${print[@]}"
mktar "$work/gnu-long.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:$long/../../disk1.vmdk=$work/src/disk1.vmdk"
ok "a GNU long name (././@LongLink) that leaves the package is refused" \
  ova_bad "'$work/gnu-long.ova' holds '$long/../../disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/gnu-long.ova" "${print[@]}"
# Every name is kept in memory: a name is at most 4096 bytes.
huge="$(printf 'd%.0s' $(seq 4097))"
mktar "$work/pax-huge.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:disk1.vmdk=$work/src/disk1.vmdk" "paxfile:$huge=$work/src/tiny.ovf"
ok "a PAX name longer than 4096 bytes is refused" \
  ova_bad "'$work/pax-huge.ova' holds a file whose name is longer than 4096 bytes, '${huge:0:64}...': refused" \
  -i ova "$work/pax-huge.ova" "${print[@]}"

# The same in a zip.
# mkzip OUT NAME=PATH...: a zip whose members are named exactly NAME.
mkzip () {
  python3 - "$@" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for spec in sys.argv[2:]:
        name, path = spec.split("=", 1)
        z.writestr(zipfile.ZipInfo(name), open(path, "rb").read())
PY
}
mkzip "$work/escape.zip" "tiny.ovf=$work/src/tiny.ovf" \
  "../../disk1.vmdk=$work/src/disk1.vmdk"
ok "a zip member named ../../ is refused" \
  ova_bad "'$work/escape.zip' holds '../../disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/escape.zip" "${local_out[@]}"
mkzip "$work/absolute.zip" "tiny.ovf=$work/src/tiny.ovf" \
  "/tmp/disk1.vmdk=$work/src/disk1.vmdk"
ok "an absolute zip member name is refused" \
  ova_bad "'$work/absolute.zip' holds '/tmp/disk1.vmdk', whose name leaves the package: refused" \
  -i ova "$work/absolute.zip" "${local_out[@]}"

# Links.
mktar "$work/symlink.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "symlink:disk1.vmdk=/etc/passwd"
ok "a symbolic link is refused" \
  ova_bad "'$work/symlink.ova' holds 'disk1.vmdk', a symbolic link: refused" \
  -i ova "$work/symlink.ova" "${local_out[@]}"
mktar "$work/hardlink.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:other=$work/src/disk1.vmdk" "hardlink:disk1.vmdk=other"
ok "a hard link is refused" \
  ova_bad "'$work/hardlink.ova' holds 'disk1.vmdk', a hard link: refused" \
  -i ova "$work/hardlink.ova" "${print[@]}"
mkdir "$work/symlink-dir"
cp "$work/src/tiny.ovf" "$work/symlink-dir/"
ln -s "$work/src/disk1.vmdk" "$work/symlink-dir/disk1.vmdk"
ok "a symbolic link in a package folder is refused" \
  ova_bad "'$work/symlink-dir' holds 'disk1.vmdk', a symbolic link: refused" \
  -i ova "$work/symlink-dir" "${local_out[@]}"

# Duplicates.
mktar "$work/twice.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:disk1.vmdk=$work/src/disk1.vmdk" "file:./disk1.vmdk=$work/src/disk.raw"
ok "a member name given twice is refused" \
  ova_bad "'$work/twice.ova' holds 'disk1.vmdk' twice: refused" \
  -i ova "$work/twice.ova" "${print[@]}"

# What the descriptor names.
mktar "$work/missing.ova" "file:tiny.ovf=$work/src/tiny.ovf"
ok "a disk missing from the package is refused" \
  ova_bad "'$work/missing.ova/tiny.ovf' refers to 'disk1.vmdk', which is not in '$work/missing.ova'" \
  -i ova "$work/missing.ova" "${local_out[@]}"
ovf ../disk1.vmdk "$vmdk_size" > "$work/src/outside.ovf"
mktar "$work/href.ova" "file:tiny.ovf=$work/src/outside.ovf" \
  "file:disk1.vmdk=$work/src/disk1.vmdk"
ok "a descriptor naming a file outside the package is refused" \
  ova_bad "'$work/href.ova/tiny.ovf' refers to '../disk1.vmdk', outside the package: refused" \
  -i ova "$work/href.ova" "${print[@]}"

# Manifests.
cp "$work/src/disk.raw" "$work/src/other.vmdk"
{ manifest SHA1 tiny.ovf; manifest SHA1 other.vmdk | sed 's/other.vmdk/disk1.vmdk/'; } \
  > "$work/src/sha1.mf"
mktar "$work/sha1.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:tiny.mf=$work/src/sha1.mf" "file:disk1.vmdk=$work/src/disk1.vmdk"
ok "a SHA1 mismatch is refused" \
  ova_bad "'$work/sha1.ova/disk1.vmdk' does not match its SHA1 checksum in '$work/sha1.ova/tiny.mf' line 2: refused" \
  -i ova "$work/sha1.ova" "${local_out[@]}"
{ manifest SHA256 other.vmdk | sed 's/other.vmdk/disk1.vmdk/'; manifest SHA256 tiny.ovf; } \
  > "$work/src/sha256.mf"
mktar "$work/sha256.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:disk1.vmdk=$work/src/disk1.vmdk" "file:tiny.mf=$work/src/sha256.mf"
ok "a SHA256 mismatch is refused" \
  ova_bad "'$work/sha256.ova/disk1.vmdk' does not match its SHA256 checksum in '$work/sha256.ova/tiny.mf' line 1: refused" \
  -i ova "$work/sha256.ova" "${print[@]}"
ok "... also when converting" \
  ova_bad "'$work/sha256.ova/disk1.vmdk' does not match its SHA256 checksum" \
  -i ova "$work/sha256.ova" "${local_out[@]}"
printf 'SHA256(tiny.ovf)= %064d\n' 0 > "$work/src/ovfsum.mf"
mktar "$work/ovfsum.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:tiny.mf=$work/src/ovfsum.mf" "file:disk1.vmdk=$work/src/disk1.vmdk"
ok "a descriptor that does not match the manifest is refused" \
  ova_bad "'$work/ovfsum.ova/tiny.ovf' does not match its SHA256 checksum in '$work/ovfsum.ova/tiny.mf' line 1" \
  -i ova "$work/ovfsum.ova" "${print[@]}"

# Descriptors: none, two, hostile.
mktar "$work/none.ova" "file:disk1.vmdk=$work/src/disk1.vmdk"
ok "a package without a descriptor is refused" \
  ova_bad "'$work/none.ova' holds no OVF descriptor (.ovf): not an OVA" \
  -i ova "$work/none.ova" "${local_out[@]}"
mktar "$work/two.ova" "file:a.ovf=$work/src/tiny.ovf" \
  "file:disk1.vmdk=$work/src/disk1.vmdk" "file:b.ovf=$work/src/tiny.ovf"
ok "a package with two descriptors is refused" \
  ova_bad "'$work/two.ova' holds two OVF descriptors, 'a.ovf' and 'b.ovf': refused" \
  -i ova "$work/two.ova" "${print[@]}"
cat > "$work/src/bomb.ovf" <<'EOF'
<?xml version="1.0"?>
<!DOCTYPE Envelope [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1"><VirtualSystem><Name>&g;</Name></VirtualSystem></Envelope>
EOF
mktar "$work/bomb.ova" "file:bomb.ovf=$work/src/bomb.ovf" \
  "file:disk1.vmdk=$work/src/disk1.vmdk"
ok "an XML entity bomb is refused unexpanded" \
  ova_bad "cannot parse '$work/bomb.ova/bomb.ovf' line 2: it has a DTD (<!DOCTYPE>), which could declare entities: refused" \
  -i ova "$work/bomb.ova" "${local_out[@]}"
printf 'not xml\n' > "$work/src/junk.ovf"
mktar "$work/junk.ova" "file:junk.ovf=$work/src/junk.ovf"
ok "a descriptor that is not XML is refused" \
  ova_bad "cannot parse '$work/junk.ova/junk.ovf' line 1: Start tag expected" \
  -i ova "$work/junk.ova" "${print[@]}"

# Disks that name other files.
printf '# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType="monolithicFlat"\nRW 8 FLAT "/etc/passwd" 0\n' \
  > "$work/src/flat.vmdk"
ovf disk1.vmdk "$(stat -c %s "$work/src/flat.vmdk")" > "$work/src/flat.ovf"
mktar "$work/flat.ova" "file:tiny.ovf=$work/src/flat.ovf" \
  "file:disk1.vmdk=$work/src/flat.vmdk"
ok "a VMDK descriptor naming a host file is refused" \
  ova_bad "'$work/flat.ova/disk1.vmdk' is not a sparse VMDK (a descriptor names other files): refused" \
  -i ova "$work/flat.ova" "${local_out[@]}"
qemu-img create -q -f qcow2 -b /etc/passwd -F raw "$work/src/backed.qcow2" 1M
sed 's/vmdk.html#streamOptimized/x/' "$work/src/tiny.ovf" |
  sed "s/ovf:size=\"$vmdk_size\"/ovf:size=\"$(stat -c %s "$work/src/backed.qcow2")\"/" \
  > "$work/src/backed.ovf"
mktar "$work/backed.ova" "file:tiny.ovf=$work/src/backed.ovf" \
  "file:disk1.vmdk=$work/src/backed.qcow2"
ok "a qcow2 with a backing file is refused" \
  ova_bad "'$work/backed.ova/disk1.vmdk' refers to '/etc/passwd', another file: refused" \
  -i ova "$work/backed.ova" "${local_out[@]}"

# Bombs: members whose data expands past what the package declares.  A
# gzip disk may expand to its Disk's ovf:capacity (4 MiB) plus 1/32 of
# it and 1 MiB; this one is 64 MiB of zeros in 64 KiB.
head -c 64M /dev/zero | gzip -1 -c > "$work/src/bomb.vmdk.gz"
ovf bomb.vmdk.gz "$(stat -c %s "$work/src/bomb.vmdk.gz")" 'ovf:compression="gzip"' \
  > "$work/src/gzbomb.ovf"
mktar "$work/gzbomb.ova" "file:tiny.ovf=$work/src/gzbomb.ovf" \
  "file:bomb.vmdk.gz=$work/src/bomb.vmdk.gz"
ok "a gzip disk expanding past its declared capacity is refused" \
  ova_bad "cannot decompress '$work/gzbomb.ova/bomb.vmdk.gz': it expands to more than $(( (4 << 20) + (4 << 20) / 32 + (1 << 20) )) bytes, its disk's declared capacity of 4194304 bytes (ovf:capacity) and a margin: refused" \
  -i ova "$work/gzbomb.ova" "${local_out[@]}"
sed 's/ ovf:capacity="4"//' "$work/src/gzbomb.ovf" > "$work/src/nocapacity.ovf"
mktar "$work/nocapacity.ova" "file:tiny.ovf=$work/src/nocapacity.ovf" \
  "file:bomb.vmdk.gz=$work/src/bomb.vmdk.gz"
ok "a gzip disk whose capacity is not declared is not decompressed" \
  ova_bad "cannot decompress '$work/nocapacity.ova/bomb.vmdk.gz': '$work/nocapacity.ova/tiny.ovf' declares no capacity for its disk (ovf:capacity), which would bound it: refused" \
  -i ova "$work/nocapacity.ova" "${local_out[@]}"

# mkzip_lie OUT OVF NAME BYTES SIZE: a zip of OVF (as tiny.ovf) and of a
# member NAME of BYTES zero bytes, deflated, whose local and central
# headers both say it holds SIZE bytes.
mkzip_lie () {
  python3 - "$@" <<'PY'
import struct, sys, zipfile
out, ovf, name, nbytes, size = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.write(ovf, "tiny.ovf")
    z.writestr(name, bytes(int(nbytes)))
data = bytearray(open(out, "rb").read())
# Each kind of header: its signature, and where its name's length, its
# uncompressed size and its name are.
for sig, length_at, size_at, name_at in ((b"PK\x03\x04", 26, 22, 30),
                                         (b"PK\x01\x02", 28, 24, 46)):
    i = data.find(sig)
    while i >= 0:
        n = struct.unpack_from("<H", data, i + length_at)[0]
        if data[i + name_at:i + name_at + n] == name.encode():
            struct.pack_into("<I", data, i + size_at, int(size))
        i = data.find(sig, i + 4)
open(out, "wb").write(data)
PY
}
ovf disk1.vmdk 1048576 > "$work/src/lie.ovf"
mkzip_lie "$work/lie.zip" "$work/src/lie.ovf" disk1.vmdk $((64 << 20)) 1048576
ok "a zip member holding more than its declared size is refused" \
  ova_bad "cannot extract '$work/lie.zip/disk1.vmdk': it holds more than the 1048576 bytes the package declares for it (" \
  -i ova "$work/lie.zip" "${local_out[@]}"

# The same bomb in a tar compressed as a whole: the bound holds.
xz -c "$work/gzbomb.ova" > "$work/gzbomb-xz.ova"
ok "a gzip disk expanding past its capacity inside an xz tar is refused" \
  ova_bad "cannot decompress '$work/gzbomb-xz.ova/bomb.vmdk.gz': it expands to more than $(( (4 << 20) + (4 << 20) / 32 + (1 << 20) )) bytes" \
  -i ova "$work/gzbomb-xz.ova" "${local_out[@]}"

# Compressed tars whose stream does not decompress to what it says.  xz
# with sizes in its block headers (threaded, 1 MiB blocks): the first
# block's uncompressed size is made one byte short, its header's CRC32
# made right again, so that only the decoder's own check can tell.
head -c 3M /dev/urandom > "$work/src/notes.bin"
(cd "$work/src" && tar -cf "$work/xzlie.tar" tiny.ovf notes.bin disk1.vmdk)
xz -T2 --block-size=1MiB -c "$work/xzlie.tar" > "$work/xzlie.ova"
python3 - "$work/xzlie.ova" <<'PY'
import sys, zlib
path = sys.argv[1]
d = bytearray(open(path, "rb").read())
start = 12                          # after the stream header
size = (d[start] + 1) * 4
flags = d[start + 1]
assert flags & 0xc0 == 0xc0, "no sizes in the block header"
def varint(i):
    v = shift = 0
    while True:
        c = d[i]; i += 1; v |= (c & 0x7f) << shift; shift += 7
        if not c & 0x80:
            return v, i
_, i = varint(start + 2)            # compressed size
at = i
usize, end = varint(at)
new, n = usize - 1, []
while True:
    c = new & 0x7f; new >>= 7
    n.append(c | (0x80 if new else 0))
    if not new:
        break
assert len(n) == end - at
d[at:end] = bytes(n)
d[start + size - 4:start + size] = zlib.crc32(d[start:start + size - 4]).to_bytes(4, "little")
open(path, "wb").write(d)
PY
ok "an xz tar whose block declares a wrong size is refused" \
  ova_bad "cannot read '$work/xzlie.ova" -i ova "$work/xzlie.ova" "${local_out[@]}"
ok "... also with --print-source" \
  ova_bad "cannot read '$work/xzlie.ova" -i ova "$work/xzlie.ova" "${print[@]}"
xz -c "$work/xzlie.tar" | head -c 2M > "$work/truncated.ova"
ok "a truncated xz tar is refused" \
  ova_bad "cannot read '$work/truncated.ova" -i ova "$work/truncated.ova" "${local_out[@]}"
zstd -q -c "$work/xzlie.tar" > "$work/corrupt.ova"
printf '\xff\xff\xff\xff\xff\xff\xff\xff' |
  dd of="$work/corrupt.ova" bs=1 seek=$(( $(stat -c %s "$work/corrupt.ova") / 2 )) conv=notrunc status=none
ok "a corrupt zstd tar is refused" \
  ova_bad "cannot read '$work/corrupt.ova" -i ova "$work/corrupt.ova" "${local_out[@]}"

# Snapshots: only NAME.DIGITS in the descriptor's folder is a snapshot of
# NAME, never a name with a '/' after the dot, nor one in another folder.
mktar "$work/snapslash.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:disk1.vmdk.000000001/disk1.vmdk=$work/src/disk1.vmdk" \
  "file:sub/disk1.vmdk.000000002=$work/src/disk1.vmdk"
ok "a snapshot name with a '/' is not a snapshot" \
  ova_bad "'$work/snapslash.ova/tiny.ovf' refers to 'disk1.vmdk', which is not in '$work/snapslash.ova'" \
  -i ova "$work/snapslash.ova" "${print[@]}"
mktar "$work/snapdots.ova" "file:tiny.ovf=$work/src/tiny.ovf" \
  "file:disk1.vmdk.1/../../../etc/passwd=$work/src/disk1.vmdk"
ok "a snapshot name that leaves the package is refused" \
  ova_bad "'$work/snapdots.ova' holds 'disk1.vmdk.1/../../../etc/passwd', whose name leaves the package: refused" \
  -i ova "$work/snapdots.ova" "${print[@]}"

# Manifests are read into memory: 4 MiB of them at most, together.
for i in 1 2 3 4 5; do
  head -c 1000000 /dev/zero | tr '\0' '\n' > "$work/src/big$i.mf"
done
(cd "$work/src" && tar -cf "$work/bigmf.ova" tiny.ovf big1.mf big2.mf big3.mf big4.mf big5.mf disk1.vmdk)
ok "manifests larger than 4 MiB together are refused" \
  ova_bad "'$work/bigmf.ova' holds manifests (.mf) of more than 4 MiB together: refused" \
  -i ova "$work/bigmf.ova" "${print[@]}"

# Not a package.
ok "a missing package is refused" \
  ova_bad "cannot open '$work/nope.ova': No such file or directory" \
  -i ova "$work/nope.ova" "${print[@]}"
ok "a file that is not a tar or zip is refused" \
  ova_bad "cannot read '$work/src/tiny.ovf': " -i ova "$work/src/tiny.ovf" "${print[@]}"

# Good packages: what the checks let through.
gzip -c "$work/src/disk1.vmdk" > "$work/src/disk1.vmdk.gz"
ovf disk1.vmdk.gz "$(stat -c %s "$work/src/disk1.vmdk.gz")" 'ovf:compression="gzip"' \
  > "$work/src/gzip.ovf"
{ manifest SHA256 tiny.ovf; manifest SHA1 disk1.vmdk; } > "$work/src/tiny.mf"
(cd "$work/src" && tar --format=pax -cf "$work/good.ova" tiny.ovf tiny.mf disk1.vmdk)
json="$(ferry-v2v -i ova "$work/good.ova" --print-source --machine-readable 2>&1)"
is "a good tar's disk is read in place, through a json: name" \
  "$(python3 -c 'import json,sys; d=json.load(sys.stdin)["disks"][0]; print(d["location"].startswith("json:{") and d["format"])' <<<"$json")" \
  vmdk
offset="$(python3 -c 'import tarfile,sys; print([m.offset_data for m in tarfile.open(sys.argv[1]) if m.name == "disk1.vmdk"][0])' "$work/good.ova")"
is "... at the member's offset" \
  "$(python3 -c 'import json,sys; d=json.load(sys.stdin)["disks"][0]["location"]; print(json.loads(d[5:])["file"]["offset"])' <<<"$json")" \
  "$offset"
# -os names no folder: the input is opened in full (probed, extracted),
# then the output refuses, before any appliance.
no_os=(-o local -os "$work/no-such-folder")
ok "a good tar is opened: the run stops only at -os" \
  ova_bad "-os '$work/no-such-folder'" -i ova "$work/good.ova" "${no_os[@]}"
(cd "$work/src" && tar -cf "$work/gzip.ova" gzip.ovf disk1.vmdk.gz)
ok "a gzip-compressed disk is extracted, then removed" \
  ova_bad "-os '$work/no-such-folder'" -i ova "$work/gzip.ova" "${no_os[@]}"
(cd "$work/src" && python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED); [z.write(f) for f in sys.argv[2:]]' \
  "$work/good.zip" tiny.ovf tiny.mf disk1.vmdk)
ok "a zip is extracted, then removed" \
  ova_bad "-os '$work/no-such-folder'" -i ova "$work/good.zip" "${no_os[@]}"
ovf "$long/disk1.vmdk" "$vmdk_size" > "$work/src/long.ovf"
mktar "$work/pax-inside.ova" "file:tiny.ovf=$work/src/long.ovf" \
  "paxfile:$long/disk1.vmdk=$work/src/disk1.vmdk"
ok "a long PAX name inside the package is its name: the run stops only at -os" \
  ova_bad "-os '$work/no-such-folder'" -i ova "$work/pax-inside.ova" "${no_os[@]}"
mkdir "$work/folder"
cp "$work/src/tiny.ovf" "$work/src/tiny.mf" "$work/src/disk1.vmdk" "$work/folder/"
ok "a package folder is opened" \
  ova_bad "-os '$work/no-such-folder'" -i ova "$work/folder/" "${no_os[@]}"

# Disks that do not fit where they are extracted: TMPDIR on an 8 MiB
# tmpfs (where ferry's private folder takes no space).
small="$work/small"
mkdir "$small"
mount -t tmpfs -o size=8m tmpfs "$small" || bail_out "cannot mount a tmpfs on '$small'"
cleanup umount "$small"
# Sparse tar members are extracted, and declare their size in a few
# blocks: 16 MiB, or 6 MiB each for two disks.  Each starts with a few
# bytes of data (libarchive reads a member that is all hole as empty).
mkdir "$work/sparse"
printf KDMV > "$work/sparse/disk1.vmdk"
truncate -s 16M "$work/sparse/disk1.vmdk"
ovf disk1.vmdk $((16 << 20)) > "$work/sparse/tiny.ovf"
(cd "$work/sparse" && tar --sparse -cf "$work/sparse.ova" tiny.ovf disk1.vmdk)
TMPDIR="$small" ok "a disk larger than TMPDIR's free space is refused before it is extracted" \
  ova_bad "cannot extract '$work/sparse.ova/disk1.vmdk' into '$small': 16777216 bytes needed, 8388608 free: set TMPDIR to a folder with more space" \
  -i ova "$work/sparse.ova" "${local_out[@]}"
truncate -s 4 "$work/sparse/disk1.vmdk"
truncate -s 6M "$work/sparse/disk1.vmdk"
cp --sparse=always "$work/sparse/disk1.vmdk" "$work/sparse/disk2.vmdk"
ovf disk1.vmdk $((6 << 20)) |
  sed -e '/<File /{p;s/file1/file2/g;s/disk1/disk2/g}' \
      -e '/<Disk /{p;s/vmdisk1/vmdisk2/g;s/file1/file2/g}' \
      -e '/vmdisk1<\/rasd:HostResource>/{p;s/vmdisk1/vmdisk2/;s/InstanceID>4</InstanceID>5</}' \
  > "$work/sparse/tiny.ovf"
(cd "$work/sparse" && tar --sparse -cf "$work/sparse2.ova" tiny.ovf disk1.vmdk disk2.vmdk)
xz -c "$work/sparse.ova" > "$work/sparse-xz.ova"
TMPDIR="$small" ok "... also in an xz tar" \
  ova_bad "cannot extract '$work/sparse-xz.ova/disk1.vmdk' into '$small': 16777216 bytes needed, 8388608 free" \
  -i ova "$work/sparse-xz.ova" "${local_out[@]}"
TMPDIR="$small" ok "two disks that each fit but not together are refused before either is extracted" \
  ova_bad "cannot extract '$work/sparse2.ova/disk2.vmdk' into '$small': 12582912 bytes needed with the disks before it, 8388608 free: set TMPDIR" \
  -i ova "$work/sparse2.ova" "${local_out[@]}"
# A gzip disk is checked against its compressed size first (64 KiB here),
# then before each write as it expands (to 16 MiB, its capacity).
head -c 16M /dev/zero | gzip -1 -c > "$work/src/big.vmdk.gz"
ovf big.vmdk.gz "$(stat -c %s "$work/src/big.vmdk.gz")" 'ovf:compression="gzip"' |
  sed 's/ovf:capacity="4"/ovf:capacity="16"/' > "$work/src/big.ovf"
mktar "$work/big.ova" "file:tiny.ovf=$work/src/big.ovf" \
  "file:big.vmdk.gz=$work/src/big.vmdk.gz"
TMPDIR="$small" ok "a gzip disk that outgrows TMPDIR's free space stops before the write that would not fit" \
  ova_bad "cannot extract '$work/big.ova/big.vmdk.gz' into '$small': 1048576 more bytes needed after the first " \
  -i ova "$work/big.ova" "${local_out[@]}"
TMPDIR="$small" ok "a zip's disk that fits in TMPDIR is extracted: the run stops only at -os" \
  ova_bad "-os '$work/no-such-folder'" -i ova "$work/good.zip" "${no_os[@]}"
