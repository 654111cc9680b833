#!/bin/bash
# The P2V layers, read from the built objects (nm): the engine
# (libferry-p2v.a) never prints and never calls GTK, and stands on
# common/ alone; ferry-p2v links the engine and common/, nothing of the
# converter core, and no GTK (the wizard is ferry-p2v-gtk, which it
# execs).  A front end speaks for the engine; the engine speaks
# only through its callbacks (p2v-gui/engine/engine.h).
source "$(dirname "$0")/functions.sh"

plan 5
build="${FERRY_BUILD:-$top/build}"
engine="$build/libferry-p2v.a"
common="$build/libferry-common.a"
core="$build/libferry-core.a"
for f in "$engine" "$common" "$core" "$build/ferry-p2v"; do
  [ -e "$f" ] || { echo "Bail out! no $f: run make first"; exit 1; }
done

# "OBJECT SYMBOL" for each symbol the objects of archive $1 use but do
# not define.
undefined () {
  nm -A -P "$1" | awk '$3 == "U" { sub(/:$/, "", $1); print $1, $2 }'
}
# The global symbols $1 (an archive or a program) defines, one a line.
defined () {
  nm -P -g --defined-only "$1" 2>/dev/null | awk 'NF >= 3 { print $1 }' |
    sort -u
}

# Whatever writes on stdout or stderr: stdio, err(3), syslog, GLib's
# printing and logging, and common/report.h's messages, which a program
# prints but the engine passes to its front end.
printing='^(printf|fprintf|vprintf|vfprintf|dprintf|vdprintf|puts|fputs|putchar|putc|fputc|fwrite|perror|psignal|psiginfo|wprintf|fwprintf|vwprintf|vfwprintf|putwchar|fputwc|putwc|fputws|__[a-z]*printf_chk|[a-z_]*_unlocked|stdout|stderr|error|error_at_line|warn|warnx|vwarn|vwarnx|err|errx|verr|verrx|syslog|vsyslog|g_print|g_printerr|g_printf|g_fprintf|g_vprintf|g_vfprintf|g_log|g_logv|g_log_structured|g_log_structured_array|g_log_default_handler|g_return_if_fail_warning|ferry_message|ferry_warning|ferry_debug|ferry_report_error|ferry_progress_[a-z]*)$'

is "the engine's objects print nothing (stdout, stderr, report.h)" \
  "$(undefined "$engine" | awk -v re="$printing" '$2 ~ re')" ""

is "the engine's objects call no GTK or GDK" \
  "$(undefined "$engine" | awk '$2 ~ /^(gtk|gdk)_/')" ""

# Every ferry_ function the engine uses is its own or common/'s.
is "the engine stands on common/ alone" \
  "$(comm -23 <(undefined "$engine" | awk '$2 ~ /^ferry_/ { print $2 }' | sort -u) \
              <(cat <(defined "$engine") <(defined "$common") | sort -u))" ""

# No object of libferry-core.a is linked into ferry-p2v: none of the
# core's global symbols is in the program.
is "ferry-p2v links nothing of the converter core" \
  "$(comm -12 <(defined "$core") <(defined "$build/ferry-p2v") | head -n 5)" ""

is "ferry-p2v loads no GTK or GDK library" \
  "$(readelf -d "$build/ferry-p2v" | awk '/NEEDED/ && /lib(gtk|gdk)/')" ""
