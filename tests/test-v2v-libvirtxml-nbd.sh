#!/bin/bash
# The bookworm test guest's raw disk served read-only by nbdkit, as
# ferry-p2v-server will receive a physical machine's disks, described by
# a libvirt XML as an NBD network disk and converted with -i libvirtxml
# -o local over a unix socket: the converted guest validates, keeps the
# XML's name, memory, vCPUs and MAC, and boots on virtio.  Over TCP with
# an export name, only the transport differs: that conversion goes to -o
# null, which still reads the whole converted disk through the NBD
# connection.  The source disk is never written.
source "$(dirname "$0")/functions.sh"

plan 11
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
private_tmpdir "$work/tmp"
source_sum="$(file_sum "$gdir/disk.raw")"

# guest_xml NAME SOURCE: a libvirt domain whose one disk is the NBD
# <source> SOURCE (the inside of the element).
guest_xml () {
  cat > "$work/$1.xml" <<XML
<domain type='kvm'>
  <name>$1</name>
  <memory unit='MiB'>1536</memory>
  <vcpu placement='static'>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <devices>
    <disk type='network' device='disk'>
      <driver name='qemu' type='raw'/>
      $2
      <target dev='sda' bus='scsi'/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:12:34:56'/>
      <source network='default'/>
      <model type='e1000'/>
    </interface>
  </devices>
</domain>
XML
  echo "$work/$1.xml"
}

# convert NAME XML: -i libvirtxml -o local into $work/NAME, then check.
convert () {
  local name="$1" in="$2" out="$work/$1"
  mkdir "$out"
  ok "$name: ferry-v2v -i libvirtxml converts the NBD disk" \
    ferry-v2v -i libvirtxml "$in" -o local -os "$out" -of qcow2
  local xml="$out/$name.xml"
  ok "$name: the XML passes virt-xml-validate" virt-xml-validate "$xml"
  x () { xmllint --xpath "$1" "$xml"; }
  is "$name: the name, memory and vCPUs come from the XML" \
    "$(x 'string(/domain/name)') $(x 'string(/domain/memory)') $(x 'string(/domain/vcpu)')" \
    "$name 1572864 2"
  is "$name: the MAC is kept and the NIC is virtio" \
    "$(x 'string(//interface/mac/@address)') $(x 'string(//interface/model/@type)')" \
    "52:54:00:12:34:56 virtio"
  is "$name: one qcow2 disk on virtio, a local file" \
    "$(x 'string(//disk[@device="disk"]/driver/@type)') $(x 'string(//disk[@device="disk"]/target/@bus)') $(x 'string(//disk[@device="disk"]/source/@file)')" \
    "qcow2 virtio $out/$name-sda"
  local boot
  boot="$(boot-check --timeout 600 "$xml" 2>&1)"
  ok "$name: the converted guest boots to login: on virtio" \
    grep -q '^boot-check: login prompt after' <<<"$boot"
  diag "$boot"
}

nbd_serve_unix "$work/sda.sock" "$gdir/disk.raw"
in="$(guest_xml p2v-unix "<source protocol='nbd'>
        <host transport='unix' socket='$work/sda.sock'/>
      </source>")"
is "the unix socket disk is an nbd+unix URI" \
  "$(ferry-v2v -i libvirtxml "$in" --print-source | sed -n 's/^  sda scsi raw //p')" \
  "'nbd+unix:///?socket=$work/sda.sock'"
convert p2v-unix "$in"

nbd_serve_tcp "$gdir/disk.raw"
in="$(guest_xml p2v-tcp "<source protocol='nbd' name='sda'>
        <host name='127.0.0.1' port='$nbd_port'/>
      </source>")"
is "the TCP disk is an nbd URI with the export name" \
  "$(ferry-v2v -i libvirtxml "$in" --print-source | sed -n 's/^  sda scsi raw //p')" \
  "'nbd://127.0.0.1:$nbd_port/sda'"
ok "p2v-tcp: ferry-v2v -i libvirtxml -o null converts the NBD disk over TCP" \
  bash -c "ferry-v2v -i libvirtxml '$in' -o null > '$work/tcp.log' 2>&1"
sed 's/^/# /' "$work/tcp.log"

is "the source disk was not written" "$(file_sum "$gdir/disk.raw")" \
  "$source_sum"
ok_no_overlay "no overlay is left behind"
