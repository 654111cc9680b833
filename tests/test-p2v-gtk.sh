#!/bin/bash
# The GTK wizard, end to end: ferry-p2v without a p2v.server key, on an
# X display (Xvfb, 800x600), starts ferry-p2v-gtk, which the test drives
# as a person would (tests/p2v-gtk-driver.py) against a private sshd and
# ferry-p2v-server (the fixture of tests/test-p2v.sh).
#
# First a whole conversion with the keyboard alone (xdotool's key events;
# the accessibility tree, AT-SPI, is only read meanwhile): the focus
# starts in Server, Tab goes round each page in reading order; a server
# that is down (Enter tests the connection), a first contact whose host
# key Enter refuses (the safe default) and Alt+T trusts; Enter for Next;
# the machine page with the bookworm test guest's raw disk as sda and a
# small LUKS volume as sdb (its pre-flight warning shown, gone once
# space unticks sdb, reached with Alt+D and Tab); Enter starts the
# conversion; its progress, and its end.  The guest it wrote boots
# (under TCG, beside the rest of the test).
#
# Then, through AT-SPI actions on named widgets: Back twice; the Network
# dialog (a bad prefix, then a static address for eth0), with stand-in
# nmcli, ip and ethtool that record their arguments; a changed host key;
# a wrong password; Identify on eth0; a second conversion cancelled as
# soon as the server starts it (Enter in the dialog that asks first
# goes on converting: the safe answer).  Every window, on every page,
# fits the 800x600 screen, each screenshot is 800x600, every widget the
# focus can reach has an accessible name, the words the driver found
# widgets by are in the wizard's gettext catalogue (xgettext), and GTK
# warned about nothing.
#
# The wizard is the one of build-san/ (make unit), under ASan and UBSan:
# any report of theirs on its stderr fails the test.  (LeakSanitizer is
# off: GTK keeps what it allocates until the process ends.)
#
# FERRY_SCREENSHOTS=DIR copies the screenshots into DIR.
source "$(dirname "$0")/functions.sh"

plan 48
san="${FERRY_BUILD_SAN:-$top/build-san}"
[ -x "$san/ferry-p2v" ] && [ -x "$san/ferry-p2v-gtk" ] ||
  bail_out "no $san/ferry-p2v-gtk under the sanitizers: run make unit"
gdir="$(guest_dir bookworm)" || bail_out "cannot build the bookworm test guest"
work="$(scratch)"
root="$work/root"
screens="$work/screens"
mkdir -p "$root/out" "$root/out2" "$screens" "$work/home" "$work/run"
chmod 700 "$work/run"

# sdb: a LUKS header, which the pre-flight checks warn about.
truncate -s 20M "$work/luks.img"
head -c 32 /dev/urandom > "$work/luks.key"
cryptsetup luksFormat -q --type luks2 --pbkdf pbkdf2 \
  --pbkdf-force-iterations 1000 --key-file "$work/luks.key" "$work/luks.img" ||
  bail_out "cannot make the LUKS volume"

p2v_server_start "$work/sshd" "$root" "PasswordAuthentication yes" ||
  bail_out "no conversion server"

# Another host key, which the driver gives the sshd once the first one
# is trusted: a changed key.
ssh-keygen -q -t ed25519 -N '' -C ferry-test-other -f "$work/other_key" ||
  bail_out "cannot make a host key"

# Stand-in ethtool, nmcli and ip first in the wizard's PATH: each
# records its arguments in $work/argv, one line per run, each argument
# in [].  nmcli says NetworkManager runs; ethtool blinks (2 s) the first
# time and fails the next, as a driver without support does.
mkdir -p "$work/bin"
for tool in ethtool nmcli ip; do
  cat > "$work/bin/$tool" <<EOF
#!/bin/bash
{ printf %s "\${0##*/}"; for a; do printf ' [%s]' "\$a"; done; echo; } >> "$work/argv"
EOF
done
cat >> "$work/bin/nmcli" <<'EOF'
[ "$*" = "-t -f RUNNING general" ] && echo running
exit 0
EOF
cat >> "$work/bin/ethtool" <<EOF
if [ -e "$work/ethtool-ran" ]; then
  echo 'Cannot identify NIC: Operation not supported' >&2
  exit 75
fi
: > "$work/ethtool-ran"
sleep 2
EOF
chmod +x "$work/bin/ethtool" "$work/bin/nmcli" "$work/bin/ip"

# The keys prefill the wizard; the test types the server and its port.
# HOME has no known_hosts: the server's key is a first contact.
keys="p2v.username=root p2v.identity=file://$SSHD_CLIENT_KEY p2v.vcpus=1"
keys+=" p2v.memory=1G p2v.interfaces= p2v.o=local p2v.of=qcow2 p2v.os=out"
started=$SECONDS
PATH="$work/bin:$PATH" HOME="$work/home" XDG_RUNTIME_DIR="$work/run" \
  FERRY_TEST_HOST_KEY="$work/sshd/host_key" \
  FERRY_TEST_OTHER_HOST_KEY="$work/other_key" \
  ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  xvfb-run -a -s "-screen 0 800x600x24 -nolisten tcp" \
  dbus-run-session -- \
  /usr/bin/python3 "$top/tests/p2v-gtk-driver.py" "$work/facts" "$screens" \
    "$SSHD_PORT" 1 "$work/gui.stderr" -- \
    "$san/ferry-p2v" --cmdline="$keys" --test-disk="$gdir/disk.raw" \
    --test-disk="$work/luks.img" \
  > "$work/driver.log" 2>&1 &
driver_pid=$!
cleanup kill_job "$driver_pid"

# Once the keyboard pass has converted the guest, it boots (one boot,
# under TCG) while the driver goes on with the rest.
for i in $(seq 1800); do
  grep -qs '^keyboard_pass=' "$work/facts" && break
  kill -0 "$driver_pid" 2>/dev/null || break
  sleep 1
done
boot=none
if grep -qs '^keyboard_pass=done' "$work/facts"; then
  nice -n 19 ionice -c3 boot-check "$root/out/gtkguest.xml" \
    > "$work/boot.log" 2>&1 &
  boot_pid=$!
  cleanup kill_job "$boot_pid"
fi
wait "$driver_pid"
driver=$?
driver_s=$((SECONDS - started))
[ $driver -eq 0 ] || diag "$(cat "$work/driver.log" "$work/gui.stderr")"
if [ -n "${boot_pid:-}" ]; then
  wait "$boot_pid"
  boot=$?
  diag "$(head -n 2 "$work/boot.log")"
  diag "the driver took $driver_s s; the boot ended $((SECONDS - started - driver_s)) s after it"
fi
fact () { sed -n "s/^$1=//p" "$work/facts"; }

is "the driver went through the whole wizard" "$driver $(fact stopped)" "0 "
is "the window fits 800x600" "$(fact window)" "800x600"
is "... and every window, on every page, fits the screen" "$(fact offscreen)" ""
is "every widget the focus can reach has an accessible name" \
  "$(fact unnamed)" ""

# The keyboard pass.
is "a whole conversion by keyboard alone, without an AT-SPI action" \
  "$(fact keyboard_pass)" "done"
is "the focus starts in Server" "$(fact start_focus)" "Server"
ok "a server that is down: a clear message, on Enter" \
  grep -q "^down=Cannot use this server: cannot connect to '127.0.0.1:1': .*refused" "$work/facts"
# "?": a drop-down's button, which GTK does not name in AT-SPI.
is "Tab goes round the connection page in reading order" \
  "$(fact tab_connection)" \
  "Port, User, Password, Identity file, ?, Test connection, Network…"
ok "a first contact shows the host key's fingerprint" \
  grep -qF "$P2V_HOSTKEY" <(fact first_contact)
is "... with the focus on Do not connect" "$(fact first_contact_focus)" \
  "Do not connect"
is "... Enter refuses it, and connects nothing" "$(fact refused)" \
  "Not connected: the server's host key was not trusted."
ok "... Alt+T trusts it and connects, showing the server and its outputs" \
  grep -q "^connected=Connected: ferry-p2v-server .*Outputs: .*local" "$work/facts"
is "Enter goes on to the machine page, the focus in Name" \
  "$(fact machine_focus)" "Name"
ok "the machine page lists the test disk as sda, ticked" \
  grep -q "^disk_checked=True" "$work/facts"
ok "... offers the server's outputs" grep -q "^output=.*local,null" "$work/facts"
offered () { fact connected | sed -n "s/.*  $1: \([^.]*\)\..*/\1/p" | sed 's/, /,/g'; }
is "... offers the formats the server takes" "$(fact format)" "$(offered Formats)"
is "... and its allocations" "$(fact allocation)" "$(offered Allocation)"
is "... no pre-flight warning beside sda" "$(fact preflight)" ""
ok "... a LUKS warning beside sdb, with its reason" \
  grep -q "^preflight_sdb=⚠ .*LUKS.*" "$work/facts"
is "Tab goes round the machine page in reading order" "$(fact tab_machine)" \
  "vCPUs, Storage, Memory, ?, ?, ?, $(fact disk), sdb   20.0 MiB   (no model), eth0   02:fc:00:00:00:01   link up, Network for eth0, ?, Identify eth0, Back, Start conversion"
is "Alt+D, Tab, space: sdb unticked, its warning gone" \
  "$(fact preflight_sdb_unticked)" ""
is "Enter starts the conversion, the focus on Cancel" \
  "$(fact converting_focus)" "Cancel conversion"
ok "the copy was seen in its midst" grep -q "^mid_copy=0\." "$work/facts"
ok "the end says what the server wrote" \
  grep -q "^outcome=Done: the server wrote out/gtkguest.xml" "$work/facts"
is "... and offers Reboot and Power off, the focus on Back" \
  "$(fact reboot) $(fact poweroff) $(fact end_focus)" "True True Back"

xml="$root/out/gtkguest.xml"
ok "the domain XML is in the output folder and validates" virt-xml-validate "$xml"
is "... with sda alone, on virtio, the memory and vCPUs the keys gave" \
  "$(xmllint --xpath 'count(//disk[@device="disk"]/target[@bus="virtio"])' "$xml" 2>/dev/null) $(xmllint --xpath 'string(//memory)' "$xml" 2>/dev/null) $(xmllint --xpath 'string(//vcpu)' "$xml" 2>/dev/null)" \
  "1 1048576 1"
job="$(dirname "$(grep -lx 'name=gtkguest' "$root"/jobs/*/description)")"
is "the job's status says done" "$(cat "$job/status")" "done out/gtkguest.xml"
booted () { [ "$boot" = 0 ] || { cat "$work/boot.log"; return 1; }; }
ok "the guest converted through the wizard boots" booted

# The rest, through AT-SPI.
ok "a changed host key is refused, with a warning" \
  grep -q "^changed_key=Refused: the server's host key has changed.  Someone may be impersonating the server.*$P2V_HOSTKEY" "$work/facts"
is "... and no offer to trust the new key" "$(fact changed_key_dialogs)" ""
ok "a wrong password: a clear message" \
  grep -q "^wrong_password=Cannot use this server: cannot log in to '127.0.0.1:$SSHD_PORT' as 'root'" "$work/facts"
is "the Network dialog refuses a bad prefix, saying why" \
  "$(fact network_invalid)" \
  "invalid prefix '33': give a number from 0 to 32 (24 is 255.255.255.0)"
is "... then configures eth0, closes, and says so" \
  "$(fact network) / $(fact network_dialogs)" \
  "Network: eth0 configured as 192.0.2.10/24.  Test the connection. / "
is "... through nmcli, as NetworkManager runs" \
  "$(grep '^nmcli\|^ip' "$work/argv")" \
  "nmcli [-t] [-f] [RUNNING] [general]
nmcli [device] [modify] [eth0] [ipv4.method] [manual] [ipv4.addresses] [192.0.2.10/24] [ipv4.gateway] [192.0.2.1] [ipv4.dns] [192.0.2.53]"
is "Identify blinks eth0 with ethtool -p, insensitive meanwhile" \
  "$(fact identify_busy) $(grep '^ethtool' "$work/argv" | head -1)" \
  "True ethtool [-p] [eth0] [5]"
is "... a failure says why beside the NIC" "$(fact identify_failed)" \
  "cannot identify 'eth0': Cannot identify NIC: Operation not supported"
# The status line, and whether the outcome shows.
going_on () {
  fact cancel_enter | grep -x '.* / False' | grep -qv '^Stopping'
}
ok "Cancel asks; Enter there goes on converting" going_on
is "... Stop stops the conversion" "$(fact cancelled)" \
  "The conversion was cancelled: the server keeps nothing of it."
is "... and offers only Back" "$(fact after_cancel)" "Back"
job="$(dirname "$(grep -lx 'name=second' "$root"/jobs/*/description)")"
for i in $(seq 60); do
  grep -q "^failed" "$job/status" && break
  sleep 1
done
is "... the server marked the job failed" "$(cat "$job/status")" \
  "failed: connection to the client lost"
is "... and left nothing in the output folder" "$(leftovers "$root/out2")" ""

sizes () {
  local f
  for f in "$screens"/*.png; do identify -format '%wx%h\n' "$f"; done |
    sort | uniq -c | awk '{ print $1, $2 }'
}
is "nine screenshots, each 800x600" "$(sizes)" "9 800x600"
ok_no_match "ASan and UBSan reported nothing" \
  -E 'AddressSanitizer|LeakSanitizer|runtime error:|SUMMARY: ' "$work/gui.stderr"
ok_no_match "GTK, GLib and the wizard warned about nothing" \
  -E 'Gtk-|Gdk-|GLib-|Pango-|WARNING|CRITICAL|ferry-p2v' "$work/gui.stderr"
# Every word the wizard shows goes through gettext: the names the
# driver found widgets by are messages of the catalogue xgettext makes
# (mnemonics' underscores aside), and the program binds its text domain.
catalogue="$(xgettext -k_ -kN_ --from-code=UTF-8 -o - "$top"/p2v-gui/gtk/*.c |
             sed -n 's/^msgid //p' | tr -d _)"
unmarked () {
  local w
  for w in Server Port "Identity file" "Test connection" "Network…" \
           "First connection" "Do not connect" Name Storage Output Format \
           Allocation "Start conversion" "Cancel conversion" Back Reboot \
           "Power off" "Stop the conversion?" Stop Network Apply Address \
           "Prefix length" Outcome "Total progress"; do
    grep -qxF "\"$w\"" <<< "$catalogue" || echo "$w"
  done
  nm -D "$san/ferry-p2v-gtk" | grep -qw bindtextdomain || echo bindtextdomain
}
is "the wizard's words are gettext messages, in its text domain" \
  "$(unmarked)" ""
ok_no_process "no nbdkit is left on the client" "[n]bdkit .*--unix $TMPDIR/"

if [ -n "${FERRY_SCREENSHOTS:-}" ]; then
  mkdir -p "$FERRY_SCREENSHOTS" && cp "$screens"/*.png "$FERRY_SCREENSHOTS/"
fi

# The man page documents exactly the options the wizard accepts.
pod="$top/p2v-gui/gtk/ferry-p2v-gtk.pod"
accepted="$( (ferry-p2v-gtk --short-options; ferry-p2v-gtk --long-options) | sort)"
documented="$(grep '^=item B<-' "$pod" | grep -oE 'B<-[^>]*>' |
              sed 's/^B<//; s/>$//' | sort -u)"
is "ferry-p2v-gtk(1) documents every option it accepts, and no other" \
  "$documented" "$accepted"
