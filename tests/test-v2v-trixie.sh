#!/bin/bash
# The trixie test guest, converted from its VMDK, boots on virtio.  Its
# kernel command line names the swap partition, so conversion regenerates
# grub.cfg.
source "$(dirname "$0")/functions.sh"
source "$(dirname "$0")/debian-guest.sh"
test_debian_guest trixie
