#!/bin/sh
# Set up a conversion server for ferry-p2v: the dedicated account that
# sshd runs ferry-p2v-server for, its output root, and the sshd_config
# block that confines the account to ferry-p2v-server.  Idempotent: run it
# again to add a key or to reinstall the block; what is already right is
# left alone.  See ferry-p2v-server(1), "SETTING UP A SERVER".
set -eu

user=ferry-p2v
root=/srv/ferry-p2v
server=/usr/local/bin/ferry-p2v-server
home=
keys=
install=
sshd_config=/etc/ssh/sshd_config.d/ferry-p2v.conf

usage () {
  cat <<USAGE
usage: $0 [--user NAME] [--root DIR] [--server PATH] [--home DIR]
          [--key FILE]... [--install [--sshd-config FILE]]

  --user NAME        the account (default: $user)
  --root DIR         the output root, owned by the account, mode 0750
                     (default: $root)
  --server PATH      ferry-p2v-server as installed (default: $server)
  --home DIR         the account's home (default: /var/lib/NAME)
  --key FILE         add the public keys in FILE to the account's
                     authorized_keys (repeatable; keys already there are
                     not added twice)
  --install          write the sshd_config block to FILE and reload sshd
                     (default FILE: $sshd_config); without it the block is
                     printed
USAGE
}

die () { echo "setup.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --user) [ $# -ge 2 ] || die "--user needs a name"; user="$2"; shift 2 ;;
    --root) [ $# -ge 2 ] || die "--root needs a folder"; root="$2"; shift 2 ;;
    --server) [ $# -ge 2 ] || die "--server needs a path"; server="$2"; shift 2 ;;
    --home) [ $# -ge 2 ] || die "--home needs a folder"; home="$2"; shift 2 ;;
    --key) [ $# -ge 2 ] || die "--key needs a file"; keys="$keys
$2"; shift 2 ;;
    --install) install=1; shift ;;
    --sshd-config) [ $# -ge 2 ] || die "--sshd-config needs a file"
                   sshd_config="$2"; shift 2 ;;
    --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

# Names and paths end up in sshd_config and in useradd: keep them plain.
printf '%s\n' "$user" | grep -Eqx '[a-z_][a-z0-9_-]{0,31}' ||
  die "'$user' is not a valid account name"
for path in "$root" "$server" ${home:+"$home"}; do
  case "$path" in
    /*) ;;
    *) die "'$path' must be an absolute path" ;;
  esac
  printf '%s\n' "$path" | grep -Eqx '[A-Za-z0-9_./+-]+' ||
    die "'$path': use a path of letters, digits and _ . / + - only"
done
[ -n "$home" ] || home="/var/lib/$user"
[ "$(id -u)" -eq 0 ] || die "run it as root"
[ -x "$server" ] || echo "setup.sh: warning: '$server' is not installed yet" >&2

# The account: a system account with a shell (sshd runs the forced
# command through it), no password (login by key only; "*" rather than a
# locked "!", which sshd refuses without PAM).
if ! getent passwd "$user" >/dev/null; then
  useradd --system --user-group --home-dir "$home" --create-home \
    --shell /bin/sh --comment "ferry P2V conversion server" "$user"
fi
usermod --password '*' "$user"
home="$(getent passwd "$user" | cut -d: -f6)"
group="$(id -gn "$user")"

# Its authorized keys.
install -d -m 0700 -o "$user" -g "$group" "$home/.ssh"
auth="$home/.ssh/authorized_keys"
[ -e "$auth" ] || install -m 0600 -o "$user" -g "$group" /dev/null "$auth"
printf '%s\n' "$keys" | while IFS= read -r file; do
  [ -n "$file" ] || continue
  [ -r "$file" ] || die "cannot read the key file '$file'"
  grep -E '^(ssh-|ecdsa-|sk-)' "$file" | while IFS= read -r key; do
    grep -qxF -- "$key" "$auth" || printf '%s\n' "$key" >> "$auth"
  done
done
chown "$user:$group" "$auth"
chmod 0600 "$auth"

# The output root: the account's, readable by its group only.
install -d -m 0750 -o "$user" -g "$group" "$root"
chown "$user:$group" "$root"
chmod 0750 "$root"

block="# ferry-p2v: the account runs ferry-p2v-server and nothing else.
Match User $user
    ForceCommand $server --root $root
    AuthorizedKeysFile .ssh/authorized_keys
    AllowTcpForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTTY no
    AllowAgentForwarding no
    PermitTunnel no
    PermitUserRC no
Match all"

if [ -z "$install" ]; then
  cat <<TEXT
Account '$user' (home $home) and output root '$root' are ready.
Add this block at the end of /etc/ssh/sshd_config (or run this script
again with --install to write it to $sshd_config):

$block
TEXT
  exit 0
fi

mkdir -p "$(dirname "$sshd_config")"
if [ "$(cat "$sshd_config" 2>/dev/null || true)" != "$block" ]; then
  printf '%s\n' "$block" > "$sshd_config.new"
  chmod 0644 "$sshd_config.new"
  mv "$sshd_config.new" "$sshd_config"
  echo "setup.sh: wrote $sshd_config"
fi
# Check the whole configuration and reload a running sshd.
if [ "$sshd_config" = /etc/ssh/sshd_config.d/ferry-p2v.conf ]; then
  grep -Eqi '^[[:space:]]*Include[[:space:]]+/etc/ssh/sshd_config\.d/' \
    /etc/ssh/sshd_config ||
    echo "setup.sh: warning: /etc/ssh/sshd_config does not include" \
         "/etc/ssh/sshd_config.d/*.conf: add the block to it by hand" >&2
  sshd="$(command -v sshd || echo /usr/sbin/sshd)"
  mkdir -p /run/sshd
  "$sshd" -t || die "sshd -t refuses the configuration: see above"
  if command -v systemctl >/dev/null && systemctl is-active --quiet ssh; then
    systemctl reload ssh
  elif [ -e /run/sshd.pid ]; then
    kill -HUP "$(cat /run/sshd.pid)"
  fi
fi
echo "setup.sh: account '$user', output root '$root', sshd block installed"
