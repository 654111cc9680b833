#!/bin/bash
# A guest whose kernel has no virtio_blk driver cannot boot on virtio: it
# keeps its device names, gets emulated devices (IDE, e1000, i440fx) and
# the metadata says why.  It must still boot, its NIC named as the
# guest's configuration names it.
source "$(dirname "$0")/functions.sh"

plan 11
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"

# A copy of the guest with virtio_blk removed: an overlay over the disk,
# linked (or copied) into the same folder, since ferry follows no backing
# file outside it.  Neither the base nor the overlay may change.
ln "$gdir/disk.raw" "$work/base.raw" 2>/dev/null ||
  cp --sparse=always "$gdir/disk.raw" "$work/base.raw"
qemu-img create -q -f qcow2 -b base.raw -F raw "$work/novirtio.qcow2"
guestfish -a "$work/novirtio.qcow2" -i <<'GF'
sh "rm -f /lib/modules/*/kernel/drivers/block/virtio_blk.ko*"
sh "sed -i '/virtio_blk/d' /lib/modules/*/modules.dep"
GF
sums="$(file_sum "$work/base.raw" "$work/novirtio.qcow2")"

ok "the guest without virtio_blk converts" \
  ferry-v2v -i disk "$work/novirtio.qcow2" -o local -os "$work" -on novirtio
is "the source, overlay and base, is unchanged" \
  "$(file_sum "$work/base.raw" "$work/novirtio.qcow2")" "$sums"
xml="$work/novirtio.xml"
ok "the XML passes virt-xml-validate" virt-xml-validate "$xml"
is "the disk falls back to IDE" \
  "$(xmllint --xpath 'string(//disk/target/@bus)' "$xml")" ide
is "the NIC falls back to e1000" \
  "$(xmllint --xpath 'string(//interface/model/@type)' "$xml")" e1000
is "the machine is i440fx" \
  "$(xmllint --xpath 'string(//os/type/@machine)' "$xml")" pc
is "the metadata says the guest has no virtio" \
  "$(xmllint --xpath 'string(//*[local-name()="conversion"]/@virtio)' "$xml")" no
ok "and why" \
  bash -c "xmllint --xpath 'string(//*[local-name()=\"note\"])' '$xml' | grep -q 'no kernel in the guest has virtio drivers'"
report="$(guestfish --ro -a "$work/novirtio-sda" -i cat /etc/fstab)"
ok "fstab keeps /dev/sda1" grep -q '^/dev/sda1' <<<"$report"
boot="$(boot-check --timeout 600 "$xml" 2>&1)"
ok "the guest boots to login: on IDE" grep -q '^boot-check: login prompt after' <<<"$boot"
ok "... its e1000 NIC is ens192 again, by DHCP" \
  grep -q 'NICs: ens192 52:54:00:12:34:56 10.0.2.15/24$' <<<"$boot"
diag "$boot"
