# ferry: the conversion test shared by the Debian test guests (sourced by
# tests/test-v2v-DIST.sh after functions.sh).
#
# Converts the cached DIST guest from its VMDK with -i disk -o local
# -of qcow2, then checks: the source is unchanged, the output is complete
# and valid libvirt XML on virtio, open-vm-tools is gone, fstab and
# grub.cfg name /dev/vdX and keep the serial console, the initramfs has the
# virtio drivers, and the guest boots on virtio (tests/boot-check: root
# logs in, no unit fails, / is /dev/vda1).
#
# The network: a bare disk gives its NIC no MAC.  The guest's
# configuration names ens192 (tests/guests/build-guest.sh says how each
# guest configures it), so conversion says what it did with NIC 1, writes
# /etc/systemd/network/10-ferry-ens192.link (matching the NIC's driver,
# or the MAC the trixie guest's NetworkManager keyfile binds ens192 to,
# which the XML then carries), and the guest comes up with ens192 up
# with its address: 10.0.2.15 by DHCP, trixie's static 10.0.2.20/24.
#
# The bookworm guest is converted by the example, scripts/example.sh
# ("make example"), which runs exactly that conversion (the guest named
# ferry-example): the example is tested without a conversion of its own.
#
#   test_debian_guest DIST [EXTRA]
#
# EXTRA is the number of checks the caller adds after it returns; they may
# read the conversion's output in $conversion_log.

test_debian_guest () {
  local dist="$1" extra="${2:-0}" gdir out xml before after report name
  local checks=22 readback
  [ "$dist" != bookworm ] || checks=23
  # What the network checks expect of each guest: how ens192 is
  # configured, what the .link file matches, the XML's MAC, the address.
  local net_config link_match xml_mac address boot_args=()
  case "$dist" in
    bullseye) net_config="ifupdown, dhcp, '/etc/network/interfaces'"
              link_match="Driver=virtio_net" xml_mac= address=10.0.2.15/24 ;;
    bookworm) net_config="netplan, dhcp, '/etc/netplan/50-cloud-init.yaml'"
              link_match="Driver=virtio_net" xml_mac= address=10.0.2.15/24 ;;
    trixie) net_config="NetworkManager, static, '/etc/NetworkManager/system-connections/ens192.nmconnection'"
            link_match="MACAddress=00:50:56:a1:3c:07"
            xml_mac=00:50:56:a1:3c:07 address=10.0.2.20/24
            boot_args=(--address 1=10.0.2.20/24) ;;
  esac

  plan $((checks + extra))
  gdir="$(guest_dir "$dist")" || bail_out "cannot build the $dist test guest"
  ok "the $dist test guest exists" test -f "$gdir/disk.vmdk"

  out="$(scratch)"
  before="$(file_sum "$gdir/disk.vmdk")"

  conversion_log="$(scratch)/convert.log"
  if [ "$dist" = bookworm ]; then
    name=ferry-example
    ok "scripts/example.sh converts the bookworm VMDK" \
      bash -c "'$top/scripts/example.sh' '$out' > '$conversion_log' 2>&1"
    ok "... it names the VMDK it converted and how to boot the result" \
      bash -c "grep -qxF '   $gdir/disk.vmdk' '$conversion_log' &&
               grep -qF 'virsh define $out/ferry-example.xml' '$conversion_log'"
  else
    name="$dist"
    ok "ferry-v2v converts the $dist VMDK" \
      bash -c "ferry-v2v -i disk '$gdir/disk.vmdk' -o local -os '$out' -of qcow2 -on '$dist' > '$conversion_log' 2>&1"
  fi
  sed 's/^/# /' "$conversion_log"
  after="$(file_sum "$gdir/disk.vmdk")"
  is "the source VMDK is unchanged" "$after" "$before"

  xml="$out/$name.xml"
  is "the output is the XML and one disk, nothing else" \
    "$(ls -A "$out" | tr '\n' ' ')" "$name-sda $name.xml "
  ok "the disk is qcow2" sh -c "qemu-img info '$out/$name-sda' | grep -qx 'file format: qcow2'"
  ok "the XML passes virt-xml-validate" virt-xml-validate "$xml"
  is "the disk is on virtio-blk" \
    "$(xmllint --xpath 'string(//disk/target/@bus)' "$xml")" virtio
  is "the NIC is virtio-net" \
    "$(xmllint --xpath 'string(//interface/model/@type)' "$xml")" virtio
  is "the XML names the libosinfo id" \
    "$(xmllint --xpath 'string(//*[local-name()="os" and @id]/@id)' "$xml")" \
    "http://debian.org/debian/$(debian_major "$dist")"

  # One appliance launch reads back everything conversion wrote, through a
  # throw-away overlay (lsinitramfs needs a writable /tmp).  Each section
  # of the report goes to a file of its own, written only when the
  # section is there: a check of what a file lacks fails when it is
  # missing.
  readback="$(scratch)"
  qemu-img create -q -f qcow2 -b "$out/$name-sda" -F qcow2 "$readback/overlay.qcow2"
  report="$(guestfish -a "$readback/overlay.qcow2" -i <<'GF' 2>&1
echo ==fstab
cat /etc/fstab
echo ==grub
sh "grep -E '^[[:space:]]*linux[[:space:]]' /boot/grub/grub.cfg"
echo ==tools
sh "dpkg-query -W -f '${db:Status-Status}' open-vm-tools 2>/dev/null || echo absent"
echo ==link
sh "cat /etc/systemd/network/10-ferry-ens192.link"
echo ==initrd
sh "for i in /boot/initrd.img-*; do lsinitramfs $i; done | grep -oE 'virtio_(pci|blk|scsi|net)[.]ko' | sort -u; for m in /lib/modules/*/modules.builtin; do grep -oE 'virtio_(pci|blk|scsi|net)[.]ko' $m; done | sort -u"
echo ==end
GF
)"
  rm -f "$readback/overlay.qcow2"
  local section
  for section in fstab grub tools link initrd; do
    printf '%s\n' "$report" | grep -qx "==$section" || continue
    printf '%s\n' "$report" | sed -n "/^==$section\$/,/^==/p" | sed '1d;$d' \
      > "$readback/$section"
  done
  [ -z "${FERRY_TEST_DEBUG:-}" ] || printf '%s\n' "$report" | sed 's/^/# /'

  local tools
  tools="$(tr -d '\n' < "$readback/tools" 2>/dev/null)"
  ok "open-vm-tools is no longer installed (dpkg says '$tools')" \
    bash -c '[ -n "$1" ] && [ "$1" != installed ]' - "$tools"
  ok "fstab mounts / from /dev/vda1" \
    grep -qE '^/dev/vda1[[:space:]]+/[[:space:]]' "$readback/fstab"
  ok_no_match "fstab names no /dev/sdX any more" '/dev/sd' "$readback/fstab"
  ok "grub.cfg boots root=/dev/vda1" grep -q 'root=/dev/vda1' "$readback/grub"
  ok_no_match "grub.cfg boots no /dev/sdX any more" '/dev/sd' "$readback/grub"
  ok "grub.cfg keeps the serial console" grep -q 'console=ttyS0' "$readback/grub"
  is "the initramfs carries the virtio drivers" \
    "$(grep . "$readback/initrd" 2>&1 | sort -u | tr '\n' ' ')" \
    "virtio_blk.ko virtio_net.ko virtio_pci.ko virtio_scsi.ko "

  ok "conversion says NIC 1 keeps its name ens192 ($net_config)" \
    grep -qF "Network: NIC 1 ($([ -n "$xml_mac" ] && echo "no MAC in the source; $xml_mac, from" || echo "no MAC in the source)")" \
    "$conversion_log"
  ok "... with one line that names the configuration and the .link file" \
    grep -qF "ens192 ($net_config) keeps its name, matched by $([ -n "$xml_mac" ] && echo MAC || echo virtio_net): /etc/systemd/network/10-ferry-ens192.link" \
    "$conversion_log"
  ok "the .link file gives the NIC of $link_match the name ens192" \
    bash -c "grep -qx '$link_match' '$readback/link' && grep -qx 'Name=ens192' '$readback/link'"
  is "the XML's MAC is ${xml_mac:-none} (the source has none)" \
    "$(xmllint --xpath 'string(//interface/mac/@address)' "$xml")" "$xml_mac"

  local boot
  boot="$(boot-check --timeout 600 "${boot_args[@]}" "$xml" 2>&1)"
  ok "the converted $dist guest boots on virtio: root logs in, no unit fails, ens192 is up with $address" \
    bash -c 'grep -q "^boot-check: login prompt after" <<<"$1" &&
             grep -qE "NICs: ens192 [0-9a-f:]{17} $2\$" <<<"$1"' - "$boot" "$address"
  diag "$boot"
  ok_absent "no partial file is left in the output folder" "$out" '*.part'
}

debian_major () {
  case "$1" in
    bullseye) echo 11 ;;
    bookworm) echo 12 ;;
    trixie) echo 13 ;;
  esac
}
