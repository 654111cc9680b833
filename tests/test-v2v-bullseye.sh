#!/bin/bash
# The bullseye test guest, converted from its VMDK, boots on virtio.
source "$(dirname "$0")/functions.sh"
source "$(dirname "$0")/debian-guest.sh"
test_debian_guest bullseye
