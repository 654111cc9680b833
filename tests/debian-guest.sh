# ferry: the conversion test shared by the Debian test guests (sourced by
# tests/test-v2v-DIST.sh after functions.sh).
#
# Converts the cached DIST guest from its VMDK with -i disk -o local
# -of qcow2, then checks: the source is unchanged, the output is complete
# and valid libvirt XML on virtio, open-vm-tools is gone, fstab and
# grub.cfg name /dev/vdX and keep the serial console, the initramfs has the
# virtio drivers, and the guest boots to a login prompt on virtio.
#
#   test_debian_guest DIST [EXTRA]
#
# EXTRA is the number of checks the caller adds after it returns; they may
# read the conversion's output in $conversion_log.

test_debian_guest () {
  local dist="$1" extra="${2:-0}" gdir out xml before after report

  plan $((18 + extra))
  gdir="$(guest_dir "$dist")" || { echo "Bail out! cannot build the $dist guest"; exit 1; }
  ok "the $dist test guest exists" test -f "$gdir/disk.vmdk"

  out="$(scratch)"
  before="$(sha256sum < "$gdir/disk.vmdk")"

  conversion_log="$(scratch)/convert.log"
  ok "ferry-v2v converts the $dist VMDK" \
    bash -c "ferry-v2v -i disk '$gdir/disk.vmdk' -o local -os '$out' -of qcow2 -on '$dist' > '$conversion_log' 2>&1"
  sed 's/^/# /' "$conversion_log"
  after="$(sha256sum < "$gdir/disk.vmdk")"
  is "the source VMDK is unchanged" "$after" "$before"

  xml="$out/$dist.xml"
  is "the output is the XML and one disk, nothing else" \
    "$(ls -A "$out" | tr '\n' ' ')" "$dist-sda $dist.xml "
  ok "the disk is qcow2" sh -c "qemu-img info '$out/$dist-sda' | grep -qx 'file format: qcow2'"
  ok "the XML passes virt-xml-validate" virt-xml-validate "$xml"
  is "the disk is on virtio-blk" \
    "$(xmllint --xpath 'string(//disk/target/@bus)' "$xml")" virtio
  is "the NIC is virtio-net" \
    "$(xmllint --xpath 'string(//interface/model/@type)' "$xml")" virtio
  is "the XML names the libosinfo id" \
    "$(xmllint --xpath 'string(//*[local-name()="os" and @id]/@id)' "$xml")" \
    "http://debian.org/debian/$(debian_major "$dist")"

  # One appliance launch reads back everything conversion wrote, through a
  # throw-away overlay (lsinitramfs needs a writable /tmp).
  qemu-img create -q -f qcow2 -b "$out/$dist-sda" -F qcow2 "$out/readback.qcow2"
  report="$(guestfish -a "$out/readback.qcow2" -i <<'GF' 2>&1
echo ==fstab
cat /etc/fstab
echo ==grub
sh "grep -E '^[[:space:]]*linux[[:space:]]' /boot/grub/grub.cfg"
echo ==tools
sh "dpkg-query -W -f '${db:Status-Status}' open-vm-tools 2>/dev/null || echo absent"
echo ==initrd
sh "for i in /boot/initrd.img-*; do lsinitramfs $i; done | grep -oE 'virtio_(pci|blk|scsi|net)[.]ko' | sort -u; for m in /lib/modules/*/modules.builtin; do grep -oE 'virtio_(pci|blk|scsi|net)[.]ko' $m; done | sort -u"
echo ==end
GF
)"
  rm -f "$out/readback.qcow2"
  section () { printf '%s\n' "$report" | sed -n "/^==$1\$/,/^==/p" | sed '1d;$d'; }

  ok "open-vm-tools is no longer installed" \
    sh -c "[ '$(section tools | tr -d '\n')' != installed ]"
  ok "fstab mounts / from /dev/vda1" \
    sh -c "printf '%s\n' '$(section fstab)' | grep -qE '^/dev/vda1[[:space:]]+/[[:space:]]'"
  ok "fstab names no /dev/sdX any more" \
    sh -c "! printf '%s\n' '$(section fstab)' | grep -q '/dev/sd'"
  ok "grub.cfg boots root=/dev/vda1" \
    sh -c "printf '%s\n' '$(section grub)' | grep -q 'root=/dev/vda1'"
  ok "grub.cfg boots no /dev/sdX any more" \
    sh -c "! printf '%s\n' '$(section grub)' | grep -q '/dev/sd'"
  ok "grub.cfg keeps the serial console" \
    sh -c "printf '%s\n' '$(section grub)' | grep -q 'console=ttyS0'"
  is "the initramfs carries the virtio drivers" \
    "$(section initrd | grep . | sort -u | tr '\n' ' ')" \
    "virtio_blk.ko virtio_net.ko virtio_pci.ko virtio_scsi.ko "
  [ -z "${FERRY_TEST_DEBUG:-}" ] || printf '%s\n' "$report" | sed 's/^/# /'

  local boot
  boot="$(boot-check --timeout 600 "$xml" 2>&1)"
  ok "the converted $dist guest boots to login: on virtio" \
    sh -c "printf '%s\n' '$boot' | grep -q '^boot-check: login prompt after'"
  diag "$boot"
  ok "the domain XML lists no leftovers from the run" \
    sh -c "! ls -A '$out' | grep -q '\.part$'"
}

debian_major () {
  case "$1" in
    bullseye) echo 11 ;;
    bookworm) echo 12 ;;
    trixie) echo 13 ;;
  esac
}
