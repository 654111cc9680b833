#!/bin/bash
# -o qemu: the bookworm test guest converted to a disk and a script that
# boots it.  The conversion runs with -oo qemu-boot and FERRY_QEMU naming
# a stand-in that records its arguments (the boot step without a guest);
# then the script itself boots the guest under TCG, with no display, on a
# snapshot, its serial console captured, until the kernel prints.
source "$(dirname "$0")/functions.sh"

plan 14
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
before="$(file_sum "$gdir/disk.vmdk")"
mkdir "$work/out"

cat > "$work/fake-qemu" <<EOF
#!/bin/sh
printf '%s\n' "\$@" > '$work/fake-qemu.args'
echo "fake serial console line"
EOF
chmod +x "$work/fake-qemu"

ok "ferry-v2v -o qemu -oo qemu-boot converts" \
  bash -c "FERRY_QEMU='$work/fake-qemu' ferry-v2v -i disk '$gdir/disk.vmdk' -o qemu -os '$work/out' -of qcow2 -on web -oo qemu-boot > '$work/v2v.out'"
script="$work/out/web.sh"
is "the source disk is unchanged" "$(file_sum "$gdir/disk.vmdk")" "$before"
is "the output is the disk and the script" "$(ls "$work/out" | tr '\n' ' ')" \
  "web-sda web.sh "
ok "the script is executable" test -x "$script"
ok "the script passes bash -n" bash -n "$script"
ok "-oo qemu-boot ran the script" \
  grep -qx -- "file=$work/out/web-sda,format=qcow2,if=virtio,index=0,media=disk" \
  "$work/fake-qemu.args"
ok "... and relayed its serial console" \
  grep -qx "fake serial console line" "$work/v2v.out"
is "the machine is q35 with kvm:tcg by default" \
  "$(grep -A1 -x -- -machine "$work/fake-qemu.args" | tail -n 1)" \
  "q35,accel=kvm:tcg"
is "the NIC is virtio-net on user networking" \
  "$(grep -A1 -x -- -device "$work/fake-qemu.args" | grep -c '^virtio-net-pci,netdev=net0')" \
  1
ok "the serial console is on stdio" \
  grep -qx "mon:stdio" "$work/fake-qemu.args"

# The real boot: TCG, no display, -snapshot (the disk stays as converted),
# the serial console on stdout into a file.  setsid: qemu leads its own
# process group, stopped as a whole.
console="$work/console.log"
FERRY_QEMU_ACCEL=tcg setsid "$script" -display none -snapshot -no-reboot \
  </dev/null >"$console" 2>"$work/qemu.err" &
qpid=$!
cleanup kill_job -g "$qpid"
start=$(date +%s)
booted=no
while [ $(( $(date +%s) - start )) -lt 600 ]; do
  if grep -qE 'Linux version' "$console"; then booted=yes; break; fi
  kill -0 "$qpid" 2>/dev/null || break
  sleep 1
done
ok "the script boots the guest under TCG: the kernel prints on the serial console" \
  test "$booted" = yes
diag "after $(( $(date +%s) - start )) s: $(grep -m1 -aE 'Linux version' "$console" | cut -c1-100)"
[ "$booted" = yes ] || { tail -n 20 "$console" "$work/qemu.err" | sed 's/^/#   /'; }
ok "qemu was still running (not stopped by an error)" kill -0 "$qpid"
kill_job -g "$qpid" 2>/dev/null
wait "$qpid" 2>/dev/null
ok "the converted disk is still a sound qcow2 after the boot" \
  qemu-img check -q "$work/out/web-sda"
is "no UEFI variable store for a BIOS guest" \
  "$(ls "$work/out" | tr '\n' ' ')" "web-sda web.sh "
