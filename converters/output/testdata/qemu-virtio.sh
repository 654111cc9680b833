#!/bin/bash -
# Boot the guest 'web' (Debian 12.5), converted by ferry-v2v 0.1.0.
#
# The serial console is on standard input and output (Ctrl-A X quits
# qemu, Ctrl-A C switches to its monitor).  The script's arguments go
# to qemu after its own, for example: -display none -snapshot
#
# Environment:
#   FERRY_QEMU         the emulator (default: qemu-system-x86_64)
#   FERRY_QEMU_ACCEL   accelerators, tried in order (default: kvm:tcg)
#   FERRY_QEMU_CPU     the CPU model (default: max)
#   FERRY_QEMU_SERIAL  the serial port's backend (default: mon:stdio)
set -eu

qemu=${FERRY_QEMU:-qemu-system-x86_64}
accel=${FERRY_QEMU_ACCEL:-kvm:tcg}
cpu=${FERRY_QEMU_CPU:-max}
serial=${FERRY_QEMU_SERIAL:-mon:stdio}

args=(
  -no-user-config -nodefaults
  -name 'guest=web'
  -machine 'q35,accel='"$accel"
  -cpu "$cpu"
  -m 2048
  -smp 4,sockets=2,cores=2,threads=1
  -drive 'file=/srv/guests/web-sda,format=qcow2,if=virtio,index=0,media=disk'
  -drive 'file=/srv/guests/web-sdb,format=qcow2,if=virtio,index=1,media=disk'
  -netdev user,id=net0
  -device 'virtio-net-pci,netdev=net0,mac=00:50:56:01:02:03'
  -netdev user,id=net1
  -device 'virtio-net-pci,netdev=net1'
  -vga std
  -serial "$serial"
)

exec "$qemu" "${args[@]}" "$@"
