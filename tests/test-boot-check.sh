#!/bin/bash
# tests/boot-check against a stand-in for qemu that plays a guest on the
# serial console socket: the qemu arguments it builds from domain XML
# (disks and buses, machine, BIOS or UEFI, each NIC's model and MAC), and
# that it passes only when root logs in, the system is running, / is
# mounted read-write from the device the bus implies and every NIC has
# its MAC, up, with its address (10.0.2.15, or the one --address gives).
# Each way a guest can fall short fails it, within its timeout.
# No guest is booted.
source "$(dirname "$0")/functions.sh"

plan 51
work="$(scratch)"
touch "$work/a.qcow2" "$work/b.qcow2" "$work/bare.img"

# The stand-in: records its arguments in $work/args (one a line), opens
# the socket of the -chardev as qemu does (server, waiting for the
# client), and plays the guest FAKE_GUEST describes (KEY=VALUE;...):
#   boot=login|silent|exit|panic     how far it gets (default login)
#   password=P     the root password it takes (default ferry)
#   state=S        what "systemctl is-system-running" prints (running)
#   failed=TEXT    what "systemctl --failed" prints
#   root=TEXT      what findmnt prints for / (default "/dev/vda1 rw,relatime")
#   macs=M,M       the NICs' MACs (default: those of the -device options),
#                  named ens192, ens224, ...
#   addrs=A,A      their IPv4 addresses ("-": none; default 10.0.2.15/24)
#   states=S,S     their operstates (default up)
#   late=N         the first N questions about the NICs find no address
#   deaf=N         the shell ignores the first N lines typed
cat > "$work/fake-qemu" <<'PY'
#!/usr/bin/python3
import os, re, socket, sys, time
args = sys.argv[1:]
with open(os.environ["FAKE_QEMU_ARGS"], "w") as f:
    f.write("\n".join(args) + "\n")
guest = dict(kv.split("=", 1) for kv in os.environ.get("FAKE_GUEST", "").split(";") if kv)
path = re.search(r"path=([^,]+)", args[args.index("-chardev") + 1]).group(1)
srv = socket.socket(socket.AF_UNIX)
srv.bind(path)
srv.listen(1)
conn, _ = srv.accept()
def out(text):
    conn.sendall(text.replace("\n", "\r\n").encode())
buf = b""
def line():
    global buf
    while not re.search(rb"[\r\n]", buf):
        data = conn.recv(4096)
        if not data:
            sys.exit(0)
        buf += data
    text, buf = re.split(rb"[\r\n]", buf, 1)
    return text.decode()
out("SeaBIOS (fake)\nLinux version 6.1.0-fake\n")
boot = guest.get("boot", "login")
if boot == "silent":
    time.sleep(3600)
if boot == "exit":
    sys.stderr.write("qemu-system-x86_64: fake failure\n")
    sys.exit(1)
if boot == "panic":
    out("Kernel panic - not syncing: VFS: Unable to mount root fs\n")
    time.sleep(3600)
macs = guest.get("macs")
if macs is None:
    macs = ",".join(re.search(r"mac=([0-9a-f:]+)", a).group(1)
                    for a in args if "netdev=" in a and "mac=" in a)
while True:
    out("\nDebian GNU/Linux 12 fake ttyS0\n\nfake login: ")
    user = line()
    out("Password: ")
    if line() == guest.get("password", "ferry") and user == "root":
        break
    time.sleep(0.5)
    out("\nLogin incorrect\n")
deaf = int(guest.get("deaf", "0"))
late = int(guest.get("late", "0"))
addrs = guest.get("addrs", "").split(",") if "addrs" in guest else []
states = guest.get("states", "").split(",") if "states" in guest else []
out("Linux fake 6.1.0-fake\nroot@fake:~# ")
while True:
    cmd = line()
    out(cmd + "\n")            # the terminal's echo
    if deaf > 0:
        deaf -= 1
        continue
    if "BC_READY_$((6*7))" in cmd:
        out("BC_READY_42\n")
    elif "BC_$((100+6))" in cmd:
        out("BC_106\n")
        late -= 1
        out("BC_NIC_42 lo 00:00:00:00:00:00 unknown 127.0.0.1/8\n")
        for i, mac in enumerate(m for m in macs.split(",") if m):
            addr = addrs[i] if i < len(addrs) else "10.0.2.15/24"
            state = states[i] if i < len(states) else "up"
            out("BC_NIC_42 ens%d %s %s %s\n" % (192 + 32 * i, mac, state,
                "" if addr == "-" or late >= 0 else addr))
        out("BC_107\n")
    elif "BC_$((100+1))" in cmd:
        out("BC_101=%s\n" % guest.get("state", "running"))
        out("BC_102=%s\n" % guest.get("root", "/dev/vda1 rw,relatime"))
        out("BC_104\n%sBC_105\nBC_DONE_42\n" % (guest["failed"] + "\n" if "failed" in guest else ""))
    out("root@fake:~# ")
PY
chmod +x "$work/fake-qemu"
export BOOT_CHECK_QEMU="$work/fake-qemu" FAKE_QEMU_ARGS="$work/args"
export BOOT_CHECK_NIC_WAIT=4

# domain NAME FIRMWARE-ATTRIBUTE OS-EXTRA MACHINE DEVICES: a domain XML.
domain () {
  cat > "$work/$1.xml" <<XML
<domain type='kvm'>
  <name>$1</name>
  <memory unit='MiB'>1024</memory>
  <os$2>
    <type arch='x86_64' machine='$4'>hvm</type>$3
  </os>
  <devices>
$5
  </devices>
</domain>
XML
  echo "$work/$1.xml"
}
disk () {
  echo "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$work/$1'/><target dev='$2' bus='$3'/></disk>"
}
nic () {
  echo "<interface type='network'><mac address='$1'/><source network='default'/><model type='$2'/></interface>"
}

# run NAME FAKE-GUEST XML-OR-DISKS...: boot-check's stdout, stderr and
# exit status in $work/NAME.{out,err,rc}; its arguments to qemu in
# $work/NAME.args.
run () {
  local name="$1" guest="$2"; shift 2
  rm -f "$work/args"
  FAKE_GUEST="$guest" boot-check --timeout 30 "$@" \
    > "$work/$name.out" 2> "$work/$name.err"
  echo $? > "$work/$name.rc"
  cp "$work/args" "$work/$name.args" 2>/dev/null || : > "$work/$name.args"
}
rc () { cat "$work/$1.rc"; }
# has_arg NAME ARG [NEXT]: qemu got ARG (followed by NEXT).
has_arg () {
  if [ $# -eq 2 ]; then
    grep -qxF -- "$2" "$work/$1.args"
  else
    grep -A1 -xF -- "$2" "$work/$1.args" | grep -qxF -- "$3"
  fi || { cat "$work/$1.args"; return 1; }
}

# A UEFI q35 guest on virtio with two NICs, all well.
efi="$(domain efi " firmware='efi'" "" q35 \
  "$(disk a.qcow2 vda virtio; disk b.qcow2 vdb virtio
     nic 52:54:00:AA:BB:01 virtio; nic 52:54:00:aa:bb:02 e1000)")"
run efi "" "$efi"
is "a guest that comes up passes" "$(rc efi)" 0
ok "... saying when the login prompt came, in the format callers parse" \
  grep -qE '^boot-check: login prompt after [0-9]+ s \(disks: virtio virtio, ' "$work/efi.out"
ok "... and what it checked after logging in" \
  grep -qxE 'boot-check: logged in after [0-9]+ s: system running, / on /dev/vda1 \(rw\), NICs: ens192 52:54:00:aa:bb:01 10.0.2.15/24, ens224 52:54:00:aa:bb:02 10.0.2.15/24' \
  "$work/efi.out"
ok "... the machine type is the XML's, under TCG" has_arg efi -machine "q35,accel=tcg"
ok "... the disks are on virtio, opened with -snapshot" \
  bash -c "grep -qxF -- 'file=$work/a.qcow2,format=qcow2,if=virtio' '$work/efi.args' &&
           grep -qxF -- 'file=$work/b.qcow2,format=qcow2,if=virtio' '$work/efi.args' &&
           grep -qxF -- -snapshot '$work/efi.args'"
ok "... firmware='efi' boots OVMF" \
  has_arg efi "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
ok "... the first NIC is virtio-net with its MAC, lower-cased" \
  has_arg efi "virtio-net-pci,netdev=n1,mac=52:54:00:aa:bb:01"
ok "... the second is an e1000 with its MAC" \
  has_arg efi "e1000,netdev=n2,mac=52:54:00:aa:bb:02"
ok "... and there is no other NIC" has_arg efi -nic none
is "... two user networks, one per NIC" "$(grep -c '^user,id=n[12],restrict=on$' "$work/efi.args")" 2

# A <loader> without firmware='efi'; a SCSI disk, so / is /dev/sda1.
loader="$(domain loader "" "
    <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader>" pc \
  "$(disk a.qcow2 sda scsi; nic 52:54:00:aa:bb:03 virtio)")"
run loader "root=/dev/sda1 rw,relatime" "$loader"
is "a guest with an OVMF <loader> on SCSI passes" "$(rc loader)" 0
ok "... booted with OVMF" \
  has_arg loader "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd"
ok "... its disk on a SCSI controller" \
  bash -c "grep -qxF virtio-scsi-pci,id=scsi0 '$work/loader.args' &&
           grep -qxF 'scsi-hd,drive=d1,bus=scsi0.0' '$work/loader.args'"
ok "... where / must be /dev/sda1" grep -q ' / on /dev/sda1 (rw)' "$work/loader.out"
run loader-vda "" "$loader"
is "... and a SCSI guest whose / is /dev/vda1 fails" "$(rc loader-vda)" 1
ok "... saying so" grep -q '/ is mounted from /dev/vda1, not /dev/sda1' "$work/loader-vda.err"

# BIOS, SATA, no NIC at all.
bios="$(domain bios "" "" pc "$(disk a.qcow2 sda sata)")"
run bios "root=/dev/sda1 rw" "$bios"
is "a BIOS guest on SATA without a NIC passes" "$(rc bios)" 0
ok_no_match "... without OVMF" pflash "$work/bios.args"
ok "... on SATA" has_arg bios "ide-hd,drive=d1"
ok "... with no NIC" has_arg bios -nic none
ok_no_match "... and no network" netdev "$work/bios.args"

# Bare disks: IDE and an e1000.
run bare "root=/dev/sda1 rw" "$work/bare.img"
is "a bare disk passes with / on /dev/sda1" "$(rc bare)" 0
ok "... booted on IDE with an e1000" \
  bash -c "grep -qxF 'file=$work/bare.img,if=ide,index=0' '$work/bare.args' &&
           grep -qxF e1000,netdev=n0,mac=52:54:00:12:34:56 '$work/bare.args'"

# What must fail.
run degraded "state=degraded;failed=ferry-broken.service loaded failed failed Broken on purpose" "$efi"
is "a degraded system fails" "$(rc degraded)" 1
ok "... naming the failed unit" \
  bash -c "grep -q 'the system is degraded, not running' '$work/degraded.err' &&
           grep -q 'ferry-broken.service loaded failed failed' '$work/degraded.err'"
ok_no_match "... and printing no success line" 'login prompt after' "$work/degraded.out"
run readonly "root=/dev/vda1 ro,relatime" "$efi"
is "/ mounted read-only fails" "$(rc readonly)" 1
ok "... saying so" grep -q '/ is not mounted read-write (ro,relatime)' "$work/readonly.err"
run mac "macs=52:54:00:aa:bb:01,52:54:00:12:34:56" "$efi"
is "a NIC without its MAC fails" "$(rc mac)" 1
ok "... naming the MAC" grep -q 'no NIC in the guest has the MAC 52:54:00:aa:bb:02' "$work/mac.err"
run password "password=other" "$efi"
is "a guest where root cannot log in fails" "$(rc password)" 1
ok "... saying so" grep -q 'Login incorrect' "$work/password.err"
run exit "boot=exit" "$efi"
ok "qemu exiting fails, with its message" \
  bash -c "[ \$(cat '$work/exit.rc') = 1 ] && grep -q 'qemu exited' '$work/exit.err' &&
           grep -q 'fake failure' '$work/exit.err'"
start=$(date +%s)
run panic "boot=panic" "$efi"
ok "a kernel panic fails at once" \
  bash -c "[ \$(cat '$work/panic.rc') = 1 ] && grep -q 'the kernel panicked' '$work/panic.err' &&
           [ $(( $(date +%s) - start )) -lt 10 ]"
start=$(date +%s)
FAKE_GUEST=boot=silent boot-check --timeout 4 "$efi" > "$work/silent.out" 2> "$work/silent.err"
rc=$?
took=$(( $(date +%s) - start ))
is "a guest that never shows a login prompt fails" "$rc" 1
ok "... within its timeout ($took s for 4 s, a few more to stop qemu)" \
  bash -c "[ $took -le 12 ] && grep -qE '(no login prompt|did not open its serial console) within 4 s' '$work/silent.err'"
ok_no_process "... and its qemu is stopped" "[f]ake-qemu.*$work"

# A shell that does not read what was typed before it started: the probe
# is sent again.
run deaf "deaf=1" "$efi"
is "a shell that drops the first line typed still gets the checks" "$(rc deaf)" 0

# The NICs: each up, with its address.
run down "states=up,down" "$efi"
is "a NIC that is down fails" "$(rc down)" 1
ok "... naming it" grep -q 'ens224 (52:54:00:aa:bb:02) is down, not up' "$work/down.err"
run noaddr "addrs=10.0.2.15/24,-" "$efi"
is "a NIC without an address fails" "$(rc noaddr)" 1
ok "... naming it and the address it should have" \
  grep -q 'ens224 (52:54:00:aa:bb:02) has no IPv4 address, not 10.0.2.15' "$work/noaddr.err"
run static "addrs=10.0.2.15/24,10.0.2.24/24" --address 2=10.0.2.24/24 "$efi"
is "a static address given with --address passes" "$(rc static)" 0
ok "... and is shown" grep -q 'ens224 52:54:00:aa:bb:02 10.0.2.24/24$' "$work/static.out"
run dhcp-for-static "" --address 2=10.0.2.24/24 "$efi"
is "a NIC with the DHCP address where a static one is expected fails" \
  "$(rc dhcp-for-static)" 1
ok "... saying what it has" \
  grep -q 'ens224 (52:54:00:aa:bb:02) has 10.0.2.15/24, not 10.0.2.24/24' "$work/dhcp-for-static.err"
run prefix "addrs=10.0.2.15/24,10.0.2.24/16" --address 2=10.0.2.24/24 "$efi"
is "a static address with another prefix length fails" "$(rc prefix)" 1
run late "late=1" "$efi"
is "an address that comes late (DHCP) is waited for" "$(rc late)" 0
nomac="$(domain nomac "" "" q35 "$(disk a.qcow2 vda virtio
  echo "<interface type='network'><source network='default'/><model type='virtio'/></interface>")")"
run nomac "" "$nomac"
is "a NIC without a MAC in the XML passes" "$(rc nomac)" 0
ok "... with the MAC boot-check gives it" \
  has_arg nomac "virtio-net-pci,netdev=n1,mac=52:54:00:12:34:56"
boot-check --address 3=10.0.2.3 "$efi" > /dev/null 2> "$work/badaddr.err"
is "--address for a NIC the XML lacks is refused" "$?" 2
