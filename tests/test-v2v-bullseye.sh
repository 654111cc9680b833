#!/bin/bash
# The bullseye test guest, converted from its VMDK, boots on virtio.  Its
# initramfs was built with MODULES=list and lacks the virtio drivers, so
# conversion must add them and rebuild it with update-initramfs.
source "$(dirname "$0")/functions.sh"
source "$(dirname "$0")/debian-guest.sh"
test_debian_guest bullseye 2
ok "conversion found the virtio drivers missing" \
  grep -qE 'lacks .*virtio_blk' "$conversion_log"
ok "and rebuilt the initramfs" grep -q 'Rebuilding /boot/initrd.img-' "$conversion_log"
