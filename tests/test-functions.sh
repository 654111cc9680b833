#!/bin/bash
# The tests' own helpers can fail: the negative checks of functions.sh
# fail when what they look at is missing, a test's exit status counts its
# failures, cleanups survive any file name, and guest_dir
# (tests/guests/fixtures.sh) prints a guest's folder and nothing else,
# checks its disks against their hashes once per change, and builds a
# guest whose disk changed again.  No guest is built: guest_dir runs
# against a stand-in for build-guest.sh.
source "$(dirname "$0")/functions.sh"

plan 33
work="$(scratch)"

# tap SCRIPT: run SCRIPT (bash, after functions.sh) as a test of its own;
# its stdout in $work/t.out, its exit status printed.
tap () {
  { echo "source '$top/tests/functions.sh'"; cat; } > "$work/t.sh"
  bash "$work/t.sh" > "$work/t.out" 2> "$work/t.err"
  echo $?
}
results () { grep -E '^(not )?ok ' "$work/t.out" | sed 's/ - .*//' | tr '\n' ' '; }

# --- The negative checks. ---
mkdir "$work/dir"
touch "$work/dir/.hidden.part" "$work/log"
is "ok_absent: passes on an empty match, fails on a dot file, a missing folder" \
  "$(tap <<EOF
plan 3
ok_absent a '$work/dir' '*.sock'
ok_absent b '$work/dir' '*.part'
ok_absent c '$work/no-such-dir' '*.part'
EOF
) | $(results)" "2 | ok 1 not ok 2 not ok 3 "
ok "... saying which" \
  bash -c "grep -q '^#   .hidden.part' '$work/t.out' &&
           grep -q \"^#   no folder '$work/no-such-dir' to look in\" '$work/t.out'"

printf 'one\ntwo\n' > "$work/log"
is "ok_no_match: passes without a match, fails on a match, a missing file, a grep error" \
  "$(tap <<EOF
plan 5
ok_no_match a three '$work/log'
ok_no_match b two '$work/log'
ok_no_match c three '$work/missing.log'
ok_no_match d -E 'a(' '$work/log'
ok_no_match e -v -E '^(one|two)\$' '$work/log'
EOF
) | $(results)" "3 | ok 1 not ok 2 not ok 3 not ok 4 ok 5 "
ok "... saying why" \
  bash -c "grep -q '^#   two' '$work/t.out' &&
           grep -q \"no file '$work/missing.log'\" '$work/t.out' &&
           grep -q 'grep failed (exit status 2)' '$work/t.out'"

sleep 300 & sleeper=$!
cleanup kill_job "$sleeper"
# pgrep missing (only what ok needs to report is there), and pgrep failing.
mkdir "$work/nopgrep" "$work/badpgrep"
ln -s "$(command -v tail)" "$(command -v sed)" "$work/nopgrep/"
printf '#!/bin/sh\nexit 3\n' > "$work/badpgrep/pgrep"
chmod +x "$work/badpgrep/pgrep"
is "ok_no_process: passes with no such process, fails on one, without pgrep, on its error" \
  "$(tap <<EOF
plan 4
ok_no_process a '[n]o-such-process-$$'
ok_no_process b '^sleep 300\$'
PATH='$work/nopgrep' ok_no_process c '[n]o-such-process-$$'
PATH='$work/badpgrep:$PATH' ok_no_process d '[n]o-such-process-$$'
EOF
) | $(results)" "3 | ok 1 not ok 2 not ok 3 not ok 4 "
ok "... saying why" \
  bash -c "grep -q '^#   $sleeper sleep 300' '$work/t.out' &&
           grep -q 'pgrep is missing' '$work/t.out' &&
           grep -q 'pgrep failed (exit status 3)' '$work/t.out'"

mkdir "$work/tmp"
is "ok_no_overlay: looks in TMPDIR, fails on an overlay or a missing folder" \
  "$(tap <<EOF
plan 3
TMPDIR='$work/tmp' ok_no_overlay a
mkdir '$work/tmp/ferry.AbC123'
TMPDIR='$work/tmp' ok_no_overlay b
TMPDIR='$work/gone' ok_no_overlay c
EOF
) | $(results)" "2 | ok 1 not ok 2 not ok 3 "
rmdir "$work/tmp/ferry.AbC123"

is "leftovers: a missing folder is not an empty one" \
  "$(leftovers "$work/gone")" "(no folder '$work/gone')"

# --- Exit status. ---
is "a test whose checks all pass exits 0" \
  "$(tap <<<'plan 2; ok a true; is b x x')" 0
is "a failed check makes the exit status non-zero: the number of failures" \
  "$(tap <<<'plan 3; ok a false; is b x y; ok c true')" 2
is "... at most 76 (77 is a skip)" \
  "$(tap <<<'plan 80; for ((i = 0; i < 80; i++)); do is "$i" a b; done')" 76
is "fewer checks than planned is a failure" "$(tap <<<'plan 3; ok a true')" 1
is "so are more" "$(tap <<<'plan 1; ok a true; ok b true')" 1
is "a skip stays a skip" "$(tap <<<'exit 77')" 77
is "a script error stays an error" "$(tap <<<'plan 1; ok a true; exit 3')" 3

# --- Cleanups. ---
# A folder whose name a shell would run, had a cleanup been a string to
# eval: it would touch "pwned" in the current folder.
odd="$work/a file; touch pwned \$(touch pwned2) 'q"
mkdir "$odd"
(cd "$work" && ODD="$odd" W="$work" tap > /dev/null) <<'EOF'
[ -d "$ODD" ] && cleanup rm -rf "$ODD"
cleanup touch "$W/second"
cleanup bash -c 'echo "$1" > "$2"' - 'a  b;c' "$W/third"
EOF
ok "cleanups take their words as given, whatever the file name" \
  bash -c '[ ! -e "$1" ] && [ ! -e "$2/pwned" ] && [ ! -e "$2/pwned2" ] && [ -d "$2" ]' \
    - "$odd" "$work"
ok "... every one of them" \
  bash -c "[ -e '$work/second' ] && [ \"\$(cat '$work/third')\" = 'a  b;c' ]"

# kill_job stops a job of this shell that runs, and nothing else: not a
# process that is no job of it (as a recycled number would be).
sleep 60 & job=$!
stranger="$(bash -c 'sleep 60 >/dev/null 2>&1 & echo $!')"
kill_job "$job"; kill_job "$stranger"
wait "$job" 2>/dev/null
is "kill_job stops a running job of the shell (SIGTERM)" "$?" 143
ok "... and leaves alone a process that is not one of its jobs" kill -0 "$stranger"
kill "$stranger"

# --- guest_dir, against a stand-in for build-guest.sh. ---
# The stand-in, beside a copy of fixtures.sh, does what FAKE_BUILD says:
#   good     print the folder it made (disk.raw, disk.vmdk, SUMS)
#   chatty   the same, after a line of build output on stdout
#   empty    print a folder without disks
#   fail     exit 1
#   stale    build (--rebuild) a folder whose SUMS do not match
# Each call is logged in $work/calls.  xxh128sum calls are counted too.
mkdir -p "$work/fx" "$work/bin"
cp "$top/tests/guests/fixtures.sh" "$work/fx/"
cat > "$work/fx/build-guest.sh" <<'SH'
#!/bin/bash
echo "$*" >> "$FAKE_DIR/calls"
rebuild=no
[ "$1" != --rebuild ] || { rebuild=yes; shift; }
out="$FAKE_DIR/guest-$1"
make () {
  rm -rf "$out" && mkdir "$out" &&
  echo "raw $RANDOM" > "$out/disk.raw" && echo "vmdk" > "$out/disk.vmdk" &&
  (cd "$out" && xxh128sum disk.raw disk.vmdk > SUMS)
}
case "$FAKE_BUILD" in
  fail) echo "build failed" >&2; exit 1 ;;
  empty) mkdir -p "$out"; echo "$out" ;;
  chatty) echo "Creating regular file $out/etc/hostname"; [ -d "$out" ] || make
          echo; echo "$out" ;;
  stale) [ $rebuild = no ] || { make; echo changed >> "$out/disk.raw"; }
         echo "$out" ;;
  *) [ -d "$out" ] && [ $rebuild = no ] || make; echo "$out" ;;
esac
SH
chmod +x "$work/fx/build-guest.sh"
cat > "$work/bin/xxh128sum" <<SH
#!/bin/sh
echo "\$*" >> '$work/hashed'
exec $(command -v xxh128sum) "\$@"
SH
chmod +x "$work/bin/xxh128sum"
# fixture MODE: guest_dir bookworm through the stand-in; stdout in
# $work/fx.out, stderr in $work/fx.err, exit status printed.
fixture () {
  (export FAKE_BUILD="$1" FAKE_DIR="$work/fx" PATH="$work/bin:$PATH"
   source "$work/fx/fixtures.sh"
   guest_dir bookworm > "$work/fx.out" 2> "$work/fx.err"; echo $?)
}
g="$work/fx/guest-bookworm"

is "guest_dir prints the guest's folder" "$(fixture good) $(cat "$work/fx.out")" "0 $g"
is "... having checked its disks against SUMS once" "$(grep -c SUMS "$work/hashed")" 1
is "... and not again while they are the same files, unchanged" \
  "$(fixture good) $(cat "$work/fx.out") $(grep -c SUMS "$work/hashed")" "0 $g 1"
printf 'RAW' | dd of="$g/disk.raw" conv=notrunc status=none
touch -r "$g/disk.vmdk" "$g/disk.raw"
: > "$work/fx/calls"
is "a guest whose disk changed (same size, same mtime) is built again" \
  "$(fixture good) $(cat "$work/fx.out") $(cat "$work/fx/calls" | tr '\n' ' ')" \
  "0 $g bookworm --rebuild bookworm "
ok "... saying why" grep -q "disks no longer match '$g/SUMS': building it again" "$work/fx.err"
ok "... and the rebuilt one matches its SUMS" bash -c "cd '$g' && xxh128sum --quiet -c SUMS"
is "a replaced disk (a new file) is checked again" \
  "$(cp "$g/disk.vmdk" "$g/x" && mv "$g/x" "$g/disk.vmdk" && fixture good; grep -c SUMS "$work/hashed")" \
  "0
4"
is "a build that prints more than the path fails, printing nothing" \
  "$(rm -rf "$g"; fixture chatty) $(wc -c < "$work/fx.out")" "1 0"
ok "... saying what it printed" \
  grep -q "build-guest.sh printed 'Creating regular file" "$work/fx.err"
is "a folder without the disks fails" "$(rm -rf "$g"; fixture empty) $(wc -c < "$work/fx.out")" "1 0"
ok "... saying so" grep -q "'$g' holds no disk.raw" "$work/fx.err"
is "a build that fails fails" "$(fixture fail) $(wc -c < "$work/fx.out")" "1 0"
is "a rebuilt guest that still does not match fails" \
  "$(rm -rf "$g"; fixture good >/dev/null; echo x >> "$g/disk.vmdk"; fixture stale) $(wc -c < "$work/fx.out")" \
  "1 0"
ok "... saying so" grep -q "the rebuilt bookworm guest does not match its SUMS" "$work/fx.err"
