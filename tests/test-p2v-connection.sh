#!/bin/bash
# ferry-p2v --test-connection through a private OpenSSH sshd whose forced
# command is ferry-p2v-server: a good login prints the server's version,
# outputs and free space; then each failure gives its own message: a
# wrong password, a server met for the first time (its fingerprint shown,
# and accepted once given as p2v.hostkey), a changed host key, a closed
# port, and accounts that do not run ferry-p2v-server (one whose forced
# command is /bin/cat, one that prints garbage, one whose shell finds no
# "version" command).  A server that writes on stderr before it answers
# is answered at once, not after the 120 s timeout.  No conversion runs.
source "$(dirname "$0")/functions.sh"

plan 19
work="$(scratch)"
root="$work/root"
mkdir -p "$root" "$work/home"
server="$(command -v ferry-p2v-server)"
# known_hosts, keys and agent: the test's own, never the user's.
export HOME="$work/home"
unset SSH_AUTH_SOCK

# The forced commands: the server, and things that are not it.  sshd
# runs them through the account's shell, with the request in
# SSH_ORIGINAL_COMMAND.
printf '#!/bin/sh\necho "a log line first" >&2\nexec %s --root %s\n' \
  "$server" "$root" > "$work/noisy-server"
printf '#!/bin/sh\necho "Welcome to the backup appliance"\n' > "$work/garbage"
chmod +x "$work/noisy-server" "$work/garbage"

sshd_start "$work/sshd" "PasswordAuthentication yes" \
  "ForceCommand $server --root $root"
fingerprint="$(ssh-keygen -l -E sha256 -f "$work/sshd/host_key.pub" | cut -d' ' -f2)"
base="p2v.server=127.0.0.1 p2v.port=$SSHD_PORT p2v.username=root"
base+=" p2v.identity=file://$SSHD_CLIENT_KEY"

# test_connection NAME CMDLINE: run it; its output in $work/NAME.out,
# its errors in $work/NAME.err, its exit status in $work/NAME.rc.
test_connection () {
  local rc=0
  timeout 100 ferry-p2v --cmdline="$2" --test-connection \
    > "$work/$1.out" 2> "$work/$1.err" || rc=$?
  echo "$rc" > "$work/$1.rc"
}

# --- A good login. ---
test_connection good "$base p2v.hostkey=$fingerprint"
is "a good login exits 0" "$(cat "$work/good.rc") $(cat "$work/good.err")" "0 "
is "... and prints the server and what it offers" \
  "$(sed -n '1p;3,7p' "$work/good.out")" \
  "Connected to 127.0.0.1:$SSHD_PORT as root
server: ferry-p2v-server 0.1.0
protocol: 2
outputs: local null qemu json kubevirt
formats: raw qcow2
allocations: sparse preallocated"
is "... its host key" "$(sed -n 2p "$work/good.out")" "host key: $fingerprint"
free="$(stat -f -c '%a * %S' "$root" | bc)"
ok "... and the space free in its output root" \
  bash -c 'want="$1"; got="$(sed -n "s/^free space: .* (\([0-9]*\) bytes)$/\1/p" "$2")"
    [ -n "$got" ] && d=$(( got - want )) && [ "${d#-}" -lt 104857600 ] ||
      { echo "free space: got [$got], want about $want"; exit 1; }' \
  - "$free" "$work/good.out"

# --- A server met for the first time: its fingerprint is shown. ---
test_connection unknown "$base"
is "an unknown host key fails" "$(cat "$work/unknown.rc")" 1
ok "... saying the server is not known yet, with its fingerprint" \
  grep -qF "ferry-p2v: the conversion server '127.0.0.1' is not known yet: its host key's fingerprint is $fingerprint;" \
  "$work/unknown.err"
ok "... and how to trust it" grep -qF "p2v.hostkey=$fingerprint" "$work/unknown.err"
# The same key recorded in known_hosts: trusted.
mkdir -p "$HOME/.ssh"
cp "$SSHD_KNOWN_HOSTS" "$HOME/.ssh/known_hosts"
test_connection known "$base"
is "a key recorded in known_hosts is trusted" "$(cat "$work/known.rc")" 0

# --- A changed host key: refused. ---
ssh-keygen -q -t ed25519 -N '' -f "$work/other_key"
echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$work/other_key.pub")" \
  > "$HOME/.ssh/known_hosts"
test_connection changed "$base"
is "a changed host key fails" "$(cat "$work/changed.rc")" 1
ok "... refused, warning of an impostor" \
  grep -q "host key verification failed for '127.0.0.1:$SSHD_PORT': its key (.*$fingerprint) is not the one recorded in .*: refused (someone may be impersonating the host" \
  "$work/changed.err"
other="$(ssh-keygen -l -E sha256 -f "$work/other_key.pub" | cut -d' ' -f2)"
test_connection changed2 "$base p2v.hostkey=$other"
ok "a p2v.hostkey the key does not have is refused the same way" \
  grep -q "does not have the expected fingerprint $other: refused (someone may be impersonating" \
  "$work/changed2.err"

# --- A wrong password. ---
test_connection password "p2v.server=127.0.0.1 p2v.port=$SSHD_PORT p2v.username=root p2v.password=wrong p2v.hostkey=$fingerprint"
ok "a wrong password fails, saying so" \
  bash -c '[ "$(cat "$1.rc")" = 1 ] && grep -qx "ferry-p2v: cannot log in to .127.0.0.1:$2. as .root.: the password was refused" "$1.err"' \
  - "$work/password" "$SSHD_PORT"

# --- Nothing listens: a closed port. ---
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
test_connection closed "p2v.server=127.0.0.1 p2v.port=$port p2v.hostkey=$fingerprint"
ok "a closed port fails: the host cannot be reached" \
  bash -c '[ "$(cat "$1.rc")" = 1 ] && grep -q "^ferry-p2v: cannot connect to .127.0.0.1:$2.: .*[Cc]onnection refused" "$1.err"' \
  - "$work/closed" "$port"

# --- Accounts that do not run ferry-p2v-server. ---
# force COMMAND: the account's forced command is COMMAND from now on
# (none when empty).  sshd reads its configuration again on SIGHUP.
force () {
  local n
  n="$(grep -c "Server listening" "$work/sshd/sshd.log")"
  sed -i '/^ForceCommand /d' "$work/sshd/sshd_config"
  [ -z "$1" ] || sed -i "1i ForceCommand $1" "$work/sshd/sshd_config"
  kill -HUP "$SSHD_PID"
  for i in $(seq 100); do
    [ "$(grep -c "Server listening" "$work/sshd/sshd.log")" -gt "$n" ] && return
    sleep 0.1
  done
  bail_out "sshd did not restart"
}
force /bin/cat
test_connection cat "$base p2v.hostkey=$fingerprint"
ok "an account that runs cat: not ferry-p2v-server, at once" \
  bash -c '[ "$(cat "$1.rc")" = 1 ] && grep -qx "ferry-p2v: .127.0.0.1:$2. does not run ferry-p2v-server: it answered .version. with nothing" "$1.err"' \
  - "$work/cat" "$SSHD_PORT"
force "$work/garbage"
test_connection garbage "$base p2v.hostkey=$fingerprint"
ok "an account that prints garbage: not ferry-p2v-server, quoting it" \
  bash -c '[ "$(cat "$1.rc")" = 1 ] && grep -qx "ferry-p2v: .127.0.0.1:$2. does not run ferry-p2v-server: it answered .version. with .Welcome to the backup appliance." "$1.err"' \
  - "$work/garbage" "$SSHD_PORT"
# No forced command: root's shell runs "version", which it does not have.
force ""
test_connection shell "$base p2v.hostkey=$fingerprint"
ok "an account whose shell has no 'version' command: not ferry-p2v-server" \
  bash -c '[ "$(cat "$1.rc")" = 1 ] && grep -q "^ferry-p2v: .127.0.0.1:$2. does not run ferry-p2v-server: the request .version. failed (exit status 127: .*version.*not found)" "$1.err"' \
  - "$work/shell" "$SSHD_PORT"

# --- A server that writes on stderr before it answers. ---
force "$work/noisy-server"
start=$(date +%s)
test_connection noisy "$base p2v.hostkey=$fingerprint"
is "a server that logs on stderr first is answered" \
  "$(cat "$work/noisy.rc") $(sed -n 3p "$work/noisy.out")" \
  "0 server: ferry-p2v-server 0.1.0"
ok "... at once, not after a timeout" test $(( $(date +%s) - start )) -lt 20
ok "... and the client said nothing on stderr" test ! -s "$work/noisy.err"
