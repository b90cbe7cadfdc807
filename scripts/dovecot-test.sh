#!/usr/bin/env bash
# A throwaway IMAP server for the reply-by-e-mail tests: Debian's dovecot-imapd with its own
# config under a temporary folder (passwd-file user, maildir, log file), on 127.0.0.1 only,
# no TLS (loopback), run without touching /etc/dovecot or any system service.
#
#   eval "$(scripts/dovecot-test.sh start)"   # starts it, prints the exports the tests read
#   scripts/dovecot-test.sh stop              # stops the one started from this shell
#
# Prints TEST_IMAP_URL=imap://portal:portal-test@127.0.0.1:1143/INBOX and DOVECOT_TEST_DIR.
# DOVECOT_TEST_PORT chooses another port (default 1143).
set -euo pipefail

dovecot_bin="${DOVECOT_BIN:-/usr/sbin/dovecot}"
port="${DOVECOT_TEST_PORT:-1143}"
user=portal
password=portal-test

start() {
  if [ ! -x "$dovecot_bin" ]; then
    echo "dovecot not found at $dovecot_bin (apt-get install dovecot-imapd)" >&2
    exit 1
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "127.0.0.1:$port is already in use (DOVECOT_TEST_PORT chooses another port)" >&2
    exit 1
  fi
  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/dovecot-test.XXXXXX")"
  # Mail processes never run as root: as root, use Debian's dovecot users.
  local mail_user login_user
  if [ "$(id -u)" -eq 0 ]; then
    mail_user=dovecot
    login_user=dovenull
  else
    mail_user="$(id -un)"
    login_user="$mail_user"
  fi
  local uid gid
  uid="$(id -u "$mail_user")"
  gid="$(id -g "$mail_user")"
  mkdir -p "$dir/run" "$dir/state" "$dir/home"
  printf '%s:{PLAIN}%s::::::\n' "$user" "$password" >"$dir/users"
  cat >"$dir/dovecot.conf" <<EOF
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
info_log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $mail_user
default_internal_group = $(id -gn "$mail_user")
default_login_user = $login_user
first_valid_uid = $uid
last_valid_uid = $uid
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/users
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$dir/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
EOF
  chown -R "$uid:$gid" "$dir/home"
  chmod 755 "$dir"
  "$dovecot_bin" -c "$dir/dovecot.conf"
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "export DOVECOT_TEST_DIR=$dir"
      echo "export TEST_IMAP_URL=imap://$user:$password@127.0.0.1:$port/INBOX"
      return 0
    fi
    sleep 0.2
  done
  echo "dovecot did not answer on 127.0.0.1:$port; log:" >&2
  cat "$dir/dovecot.log" >&2 || true
  exit 1
}

stop() {
  local dir="${1:-${DOVECOT_TEST_DIR:-}}"
  if [ -z "$dir" ] || [ ! -f "$dir/dovecot.conf" ]; then
    echo "usage: $0 stop DIR (or DOVECOT_TEST_DIR set)" >&2
    exit 1
  fi
  "$dovecot_bin" -c "$dir/dovecot.conf" stop || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
