#!/bin/bash
# ferry-p2v's kernel command line, through the program: a table of
# command lines, each run as ferry-p2v --cmdline=LINE --dump-config and
# checked exactly (the dump's lines that differ from the defaults, or the
# one error line and exit status 1); the password never shows.  Then the
# man page against the options and keys the program takes, and
# --dump-machine over --test-disk images.
source "$(dirname "$0")/functions.sh"

hostkey_dir="$(scratch)"
ssh-keygen -q -t ed25519 -N '' -C ferry-test -f "$hostkey_dir/key"
fingerprint="$(ssh-keygen -l -f "$hostkey_dir/key.pub" | cut -d' ' -f2)"
md5="$(ssh-keygen -l -E md5 -f "$hostkey_dir/key.pub" | cut -d' ' -f2)"

# LINE, then what --dump-config prints that differs from the defaults
# (exact lines, in order), or "error: MESSAGE" for a refused line.
cases=(
  # Quotes, as the kernel reads them.
  'p2v.server=conv.example.com'
  'p2v.server = "conv.example.com"'
  'p2v.name="web 01" "p2v.os=/var/tmp/p2v jobs"'
  $'p2v.name = "web 01"\np2v.os = "/var/tmp/p2v jobs"'
  'p2v.name=a"b c"d'
  'p2v.name = "a\"b c\"d"'
  'p2v.pre="logger -t p2v '\''conversion starts'\''"'
  'p2v.pre = "logger -t p2v '\''conversion starts'\''"'
  'p2v.name="open quote runs p2v.port=1'
  'p2v.name = "open quote runs p2v.port=1"'
  # A password with spaces inside quotes: hidden, and it does not leak
  # into the next parameter.
  'p2v.password="s3cret with spaces" p2v.port=2222'
  $'p2v.port = 2222\np2v.password = <hidden>'
  '"p2v.password=s3cret with spaces"'
  'p2v.password = <hidden>'
  # Keys that are not p2v.* belong to the kernel.
  'BOOT_IMAGE=/vmlinuz root=live:CDLABEL=ferry quiet p2v=1 P2V.server=x p2vserver=y -- init=/bin/sh'
  ''
  # Repeated keys: the last wins, lists add up.
  'p2v.port=2222 p2v.port=22 p2v.username=a p2v.auth.username=b'
  'p2v.username = "b"'
  'p2v.disks=sda p2v.disks=sdb,nvme0n1 p2v.oo=a=1 p2v.oo=b,a=1'
  $'p2v.disks = ["sda", "sdb", "nvme0n1"]\np2v.oo = ["a=1", "b", "a=1"]'
  'p2v.removable= p2v.interfaces=eth0 p2v.interfaces=eno1'
  $'p2v.removable = []\np2v.interfaces = ["eth0", "eno1"]'
  'p2v.network=em1:ovirtmgmt p2v.network_map=em2:management,other'
  'p2v.network = ["em1:ovirtmgmt", "em2:management", "other"]'
  # Booleans.
  'p2v.sudo p2v.verbose=yes'
  $'p2v.sudo = true\np2v.verbose = true'
  'p2v.sudo p2v.sudo=off'
  ''
  # Memory units.
  'p2v.memory=1024M'
  'p2v.memory = 1G'
  'p2v.memory=1536M'
  'p2v.memory = 1536M'
  'p2v.memory=2048k p2v.vcpus=4'
  $'p2v.vcpus = 4\np2v.memory = 2M'
  'p2v.memory=4GiB'
  'p2v.memory = 4G'
  # Choices, URLs, fingerprints.
  'p2v.oa=preallocated p2v.of=qcow2 p2v.o=libvirt p2v.oc=qemu:///system'
  $'p2v.o = "libvirt"\np2v.oa = "preallocated"\np2v.oc = "qemu:///system"\np2v.of = "qcow2"'
  'p2v.identity=file:///etc/ferry/id_ed25519'
  'p2v.identity = "file:///etc/ferry/id_ed25519"'
  "p2v.hostkey=$fingerprint"
  "p2v.hostkey = \"$fingerprint\""
  'p2v.post= p2v.fail=reboot'
  $'p2v.post = ""\np2v.fail = "reboot"'

  # Errors: one line, exit status 1.
  'p2v.sever=conv'
  "error: unknown key 'p2v.sever' on the kernel command line (did you mean 'p2v.server'?)"
  'p2v.frobnicate'
  "error: unknown key 'p2v.frobnicate' on the kernel command line"
  'p2v.rtc.basis=utc'
  "error: 'p2v.rtc.basis' is a virt-p2v key that ferry-p2v does not take"
  '"p2v.password s3cret"'
  "error: malformed key 'p2v.password...' on the kernel command line: a key is made of a-z, 0-9, '.', '_' and '-', and '=' comes before its value"
  'p2v.password=s3cret p2v.port=abc'
  "error: p2v.port 'abc': not a number"
  'p2v.port=65536'
  "error: p2v.port '65536': must be from 1 to 65535"
  'p2v.vcpus=0'
  "error: p2v.vcpus '0': must be from 1 to 4096"
  'p2v.port'
  'error: p2v.port needs a value: p2v.port=PORT'
  'p2v.memory=4096'
  "error: p2v.memory '4096': give a unit, as in 4096M or 4096G"
  'p2v.memory=4GB'
  "error: p2v.memory '4GB': not a size: a number and a unit, K, M, G, T, P or E (1536M, 4G)"
  'p2v.memory=512K'
  "error: p2v.memory '512K': must be at least 1M"
  'p2v.memory=16E'
  "error: p2v.memory '16E': too big"
  'p2v.sudo=maybe'
  "error: p2v.sudo 'maybe': must be true or false (or yes/no, on/off, 1/0)"
  'p2v.oa=thick'
  "error: p2v.oa 'thick': must be sparse or preallocated"
  'p2v.of=vmdk'
  "error: p2v.of 'vmdk': must be raw or qcow2"
  'p2v.disks=sda,,sdb'
  "error: p2v.disks 'sda,,sdb': an element of the list is empty"
  'p2v.disks=sda p2v.disks=sda'
  "error: p2v.disks: 'sda' is listed twice"
  'p2v.disks=/dev/sda'
  "error: p2v.disks '/dev/sda': name the device without /dev/ ('sda')"
  'p2v.network=a p2v.network=b'
  "error: p2v.network: two networks for the other interfaces, 'a' and 'b'"
  'p2v.identity=https://example.com/id'
  "error: p2v.identity 'https://example.com/id': only file:// URLs are taken (ferry-p2v downloads nothing)"
  "p2v.hostkey=$md5"
  "error: p2v.hostkey '$md5': an MD5 fingerprint; give the SHA256 one (ssh-keygen -l -E sha256 -f KEY)"
  "p2v.hostkey=${fingerprint}x"
  "error: p2v.hostkey '${fingerprint}x': not a SHA256 fingerprint (43 base64 characters after SHA256:, as ssh-keygen -l prints it)"
  'p2v.hostkey=SHA256:tooshort'
  "error: p2v.hostkey 'SHA256:tooshort': not a SHA256 fingerprint (43 base64 characters after SHA256:, as ssh-keygen -l prints it)"
  'p2v.pre="logger '\''open"'
  "error: p2v.pre 'logger \\'open': cannot split the command into words: a quote is not closed"
  $'p2v.name="a\tb"'
  "error: p2v.name 'a\\tb': control characters are not allowed"
)

checks=$(( ${#cases[@]} / 2 ))
plan $(( checks + 15 ))

defaults="$(ferry-p2v --cmdline= --dump-config)"
is "the dump of the defaults" "$defaults" \
'p2v.server = <unset>
p2v.port = 22
p2v.username = "root"
p2v.password = <unset>
p2v.identity = <unset>
p2v.sudo = false
p2v.name = <short host name>
p2v.vcpus = <online CPUs>
p2v.memory = <machine'\''s memory>
p2v.disks = <all fixed disks>
p2v.removable = <all CD-ROM drives>
p2v.interfaces = <all network interfaces>
p2v.network = []
p2v.o = "local"
p2v.oa = "sparse"
p2v.oc = <unset>
p2v.of = "raw"
p2v.os = <server'\''s choice>
p2v.oo = []
p2v.pre = <unset>
p2v.post = <poweroff, on the live image>
p2v.fail = <unset>
p2v.hostkey = <unset>
p2v.verbose = false'

# Run LINE; print what differs from the defaults, or "error: MESSAGE".
# Everything the program wrote is kept in $all_output.
all_output=
run_case () {
  local line="$1" out err rc
  out="$(ferry-p2v --cmdline="$line" --dump-config 2>"$scratch_dir/err")"
  rc=$?
  err="$(cat "$scratch_dir/err")"
  all_output+="$out$err"
  if [ "$rc" -eq 0 ] && [ -z "$err" ]; then
    # The lines of OUT that are not in the defaults, in order.
    grep -vxF -f <(printf '%s\n' "$defaults") <<<"$out"
  elif [ "$rc" -eq 1 ] && [ -z "$out" ] &&
       [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ]; then
    echo "error: ${err#ferry-p2v: }"
  else
    echo "exit status $rc, stdout [$out], stderr [$err]"
  fi
}

scratch_dir="$(scratch)"
for (( i = 0; i < ${#cases[@]}; i += 2 )); do
  line="${cases[i]}"
  is "--cmdline=$line" "$(run_case "$line")" "${cases[i+1]}"
done

# The password given in the cases shows nowhere.
is "the password shows nowhere" \
  "$(grep -c s3cret <<<"$all_output")" 0

# --cmdline-file: the way to give a password without putting it in argv.
printf '%s\n' 'ro p2v.password="s3cret in a file" p2v.server=conv' \
  > "$scratch_dir/cmdline"
out="$(ferry-p2v --cmdline-file="$scratch_dir/cmdline" --dump-config)"
is "--cmdline-file" \
  "$(grep -e '^p2v.server' -e '^p2v.password' <<<"$out" | tr '\n' '|')" \
  'p2v.server = "conv"|p2v.password = <hidden>|'

# The man page documents exactly the options the program accepts, and
# every key of the dump.
pod="$top/p2v-gui/headless/ferry-p2v.pod"
accepted="$( (ferry-p2v --short-options; ferry-p2v --long-options) | sort)"
documented="$(grep '^=item B<-' "$pod" | grep -oE 'B<-[^>]*>' |
              sed 's/^B<//; s/>$//' | sort -u)"
is "every accepted option is documented and every documented one accepted" \
  "$documented" "$accepted"
ok "the man page is valid POD" podchecker "$pod"
keys="$(sed 's/ = .*//' <<<"$defaults")"
ok "the man page documents every key" \
  bash -c "for k in $(tr '\n' ' ' <<<"$keys"); do grep -q \"^=item B<\$k[=>]\" '$pod' || { echo \"\$k\"; exit 1; }; done"
ok "--help names every key" \
  bash -c "help=\"\$(ferry-p2v --help)\"; for k in $(tr '\n' ' ' <<<"$keys"); do grep -qe \"  \$k\" <<<\"\$help\" || { echo \"\$k\"; exit 1; }; done"
is "--version" "$(ferry-p2v --version)" "ferry-p2v 0.1.0"
is "an unknown option" "$(ferry-p2v --frobnicate 2>&1; echo "rc=$?")" \
  "ferry-p2v: unknown option '--frobnicate' (see --help)
rc=1"

# --dump-machine over test disks: sda and sdb, with the sizes qemu-img
# reports, and the configuration resolved against them.
disks="$(realpath "$(scratch)")"
qemu-img create -q -f raw "$disks/a.img" 3M
qemu-img create -q -f qcow2 "$disks/b.qcow2" 1G
machine="$(ferry-p2v --cmdline='p2v.interfaces= p2v.removable=' \
             --test-disk="$disks/a.img" --test-disk="$disks/b.qcow2" \
             --dump-machine)"
is "--dump-machine: the test disks" \
  "$(grep '^machine.disk' <<<"$machine")" \
  "machine.disk.sda.size = 3145728
machine.disk.sda.model = <unknown>
machine.disk.sda.serial = <unknown>
machine.disk.sda.path = \"$disks/a.img\"
machine.disk.sda.format = raw
machine.disk.sda.in-use = false
machine.disk.sdb.size = 1073741824
machine.disk.sdb.model = <unknown>
machine.disk.sdb.serial = <unknown>
machine.disk.sdb.path = \"$disks/b.qcow2\"
machine.disk.sdb.format = qcow2
machine.disk.sdb.in-use = false"
is "--dump-machine: the configuration resolved" \
  "$(grep -e '^p2v.disks' -e '^p2v.removable' -e '^p2v.interfaces' \
       <<<"$machine")" \
  'p2v.disks = ["sda", "sdb"]
p2v.removable = []
p2v.interfaces = []'
is "--dump-machine: sane CPU and memory" \
  "$(grep -cE '^(machine.cpu.online = [1-9]|machine.memory = [1-9]|p2v.vcpus = [1-9]|p2v.memory = [1-9][0-9]*G$)' <<<"$machine")" \
  4
is "a disk that is not there" \
  "$(ferry-p2v --cmdline='p2v.disks=sdc' --test-disk="$disks/a.img" \
       --test-disk="$disks/b.qcow2" 2>&1; echo "rc=$?")" \
  "ferry-p2v: p2v.disks: no disk 'sdc' on this machine (its disks: sda, sdb)
rc=1"
is "a server that cannot be reached: one error, after the progress lines" \
  "$(ferry-p2v --cmdline='p2v.server=127.0.0.1 p2v.port=1 p2v.interfaces= p2v.removable=' \
       --test-disk="$disks/a.img" 2>&1; echo "rc=$?")" \
  "Connecting to 127.0.0.1:1 as root
ferry-p2v: cannot connect to '127.0.0.1:1': Connection refused
rc=1"
is "a missing test disk" \
  "$(ferry-p2v --cmdline= --test-disk="$disks/none.img" --dump-machine \
       2>&1 >/dev/null; echo "rc=$?")" \
  "ferry-p2v: cannot open test disk '$disks/none.img': No such file or directory
rc=1"
