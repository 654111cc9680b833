#!/bin/bash -
# Boot the guest 'web & <co>' (Old "Linux"?$(reboot)), converted by ferry-v2v 0.1.0.
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
#   FERRY_OVMF_CODE    the UEFI firmware (default: /usr/share/OVMF/OVMF_CODE_4M.fd)
#   FERRY_OVMF_VARS    the variable store template, copied beside the
#                      disks on the first boot (default: /usr/share/OVMF/OVMF_VARS_4M.fd)
set -eu

qemu=${FERRY_QEMU:-qemu-system-x86_64}
accel=${FERRY_QEMU_ACCEL:-kvm:tcg}
cpu=${FERRY_QEMU_CPU:-max}
serial=${FERRY_QEMU_SERIAL:-mon:stdio}

args=(
  -no-user-config -nodefaults
  -name 'guest=web & <co>'
  -machine 'pc,accel='"$accel"
  -cpu "$cpu"
  -m 513
  -smp 1
  -drive 'file=/srv/it'\''s,, here/web & <co>-sda,format=raw,if=ide,index=0,media=disk'
  -vga std
  -serial "$serial"
)

# UEFI: OVMF, and the guest's own variable store (boot entries).
code=${FERRY_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
vars='/srv/it'\''s, here/web & <co>-VARS.fd'
if [ ! -e "$vars" ]; then
  cp -- "${FERRY_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}" "$vars"
fi
args+=(
  -drive "if=pflash,format=raw,unit=0,readonly=on,file=${code//,/,,}"
  -drive "if=pflash,format=raw,unit=1,file=${vars//,/,,}"
)

exec "$qemu" "${args[@]}" "$@"
