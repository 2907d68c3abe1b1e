#!/usr/bin/env bash
# Builds rtlsd in release mode and installs it with its systemd unit, sysusers/tmpfiles entries,
# example config, SQL migrations and docs.
#
# Usage: scripts/install.sh [--prefix DIR] [--binary PATH | --no-build] [--dry-run] [--help]
#
#   --prefix DIR    install root for the binary and shared files (default /usr/local)
#   --binary PATH   install this rtlsd binary instead of building one
#   --no-build      use the binary from an earlier `swift build -c release`
#   --dry-run       print what would be done, change nothing (no build either)
#   DESTDIR=DIR     stage everything under DIR (for packaging); no users are created, nothing is
#                   chowned and systemctl is not called
#
# Never overwrites /etc/rtlsd/rtlsd.toml or the credential files; the example config is always
# (re)installed as $prefix/share/doc/rtlsd/rtlsd.toml.example.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=/usr/local
binary=""
build=1
dry_run=0
destdir=${DESTDIR:-}

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

while (($#)); do
    case $1 in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a directory"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --binary) [ $# -ge 2 ] || die "--binary needs a path"; binary=$2; build=0; shift 2 ;;
        --binary=*) binary=${1#--binary=}; build=0; shift ;;
        --no-build) build=0; shift ;;
        --dry-run|-n) dry_run=1; shift ;;
        --help|-h) usage; exit 0 ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
done
case $prefix in /*) ;; *) die "--prefix must be an absolute path, got '$prefix'" ;; esac
prefix=${prefix%/}
[ -n "$prefix" ] || prefix=/

# systemd searches units, sysusers.d and tmpfiles.d under /usr/lib and /usr/local/lib; any other
# prefix gets the admin directories under /etc.
case $prefix in
    /usr|/usr/local) libdir=$prefix/lib; unitdir=$libdir/systemd/system
                     sysusersdir=$libdir/sysusers.d; tmpfilesdir=$libdir/tmpfiles.d ;;
    *) unitdir=/etc/systemd/system; sysusersdir=/etc/sysusers.d; tmpfilesdir=/etc/tmpfiles.d ;;
esac
bindir=$prefix/bin
sharedir=$prefix/share/rtlsd
docdir=$prefix/share/doc/rtlsd
confdir=/etc/rtlsd

# Root and not staging: set owners and run systemd's tools. Otherwise files keep the caller's owner.
system_install=0
if [ -z "$destdir" ] && [ "$(id -u)" -eq 0 ]; then system_install=1; fi

say() { printf '%s\n' "$*"; }
# Runs a command, or only prints it under --dry-run.
run() {
    if ((dry_run)); then say "would run: $*"; else say "+ $*"; "$@"; fi
}

# install_file MODE SOURCE TARGET: copies a file (TARGET is relative to DESTDIR).
install_file() {
    run install -D -m "$1" "$2" "$destdir$3"
}

# install_dir MODE DIR [OWNER:GROUP]: creates a directory; the owner only applies to system installs.
install_dir() {
    local args=(-d -m "$1")
    if ((system_install)) && [ -n "${3:-}" ]; then args+=(-o "${3%%:*}" -g "${3##*:}"); fi
    run install "${args[@]}" "$destdir$2"
}

# --- 1. the binary --------------------------------------------------------------------------------
if [ -z "$binary" ]; then
    if ((build)); then
        if ((dry_run)); then
            say "would run: swift build -c release --product rtlsd (in $repo)"
        else
            say "+ swift build -c release --product rtlsd"
            (cd "$repo" && swift build -c release --product rtlsd)
        fi
    fi
    if ((dry_run)) && ((build)); then
        binary="$repo/.build/release/rtlsd"
    else
        binary="$(cd "$repo" && swift build -c release --show-bin-path)/rtlsd"
    fi
fi
if ! ((dry_run)); then
    [ -x "$binary" ] || die "no rtlsd binary at $binary (build first, or pass --binary PATH)"
fi
install_file 0755 "$binary" "$bindir/rtlsd"

# --- 2. systemd unit, sysusers.d, tmpfiles.d ------------------------------------------------------
# The unit names /usr/local paths; rewrite them for another prefix.
unit_source=$repo/systemd/rtlsd.service
unit_text=$(sed -e "s#/usr/local/bin/rtlsd#$bindir/rtlsd#g" -e "s#/usr/local/share/doc/rtlsd#$docdir#g" "$unit_source")
if ((dry_run)); then
    say "would write: $destdir$unitdir/rtlsd.service (ExecStart=$bindir/rtlsd run --config $confdir/rtlsd.toml)"
else
    say "+ write $destdir$unitdir/rtlsd.service"
    mkdir -p "$destdir$unitdir"
    printf '%s\n' "$unit_text" > "$destdir$unitdir/rtlsd.service"
    chmod 0644 "$destdir$unitdir/rtlsd.service"
fi
install_file 0644 "$repo/systemd/rtlsd.sysusers" "$sysusersdir/rtlsd.conf"
install_file 0644 "$repo/systemd/rtlsd.tmpfiles" "$tmpfilesdir/rtlsd.conf"

# The rtlsd user must exist before files are given to its group.
if ((system_install)) && command -v systemd-sysusers >/dev/null; then
    run systemd-sysusers "$sysusersdir/rtlsd.conf"
fi

# --- 3. config, credentials, state ----------------------------------------------------------------
install_dir 0750 "$confdir" root:rtlsd
install_dir 0700 "$confdir/credentials" root:root
if [ -f "$repo/config/rtlsd.toml" ]; then
    install_file 0644 "$repo/config/rtlsd.toml" "$docdir/rtlsd.toml.example"
    if [ -e "$destdir$confdir/rtlsd.toml" ]; then
        say "keep: $destdir$confdir/rtlsd.toml exists (example at $docdir/rtlsd.toml.example)"
    else
        install_file 0640 "$repo/config/rtlsd.toml" "$confdir/rtlsd.toml"
        if ((system_install)); then run chgrp rtlsd "$confdir/rtlsd.toml"; fi
    fi
else
    say "skip: $repo/config/rtlsd.toml not found, no example config installed"
fi
# LoadCredential= fails the start when a source file is missing; an empty file means "no password".
for credential in db-password mqtt-password; do
    target=$confdir/credentials/$credential
    if [ -e "$destdir$target" ]; then
        say "keep: $destdir$target exists"
    else
        install_file 0600 /dev/null "$target"
    fi
done
install_dir 0700 /var/lib/rtlsd rtlsd:rtlsd
install_dir 0700 /var/lib/rtlsd/spool rtlsd:rtlsd

# --- 4. SQL migrations and docs -------------------------------------------------------------------
if [ -d "$repo/sql" ] && compgen -G "$repo/sql/*.sql" >/dev/null; then
    install_dir 0755 "$sharedir/sql"
    for file in "$repo"/sql/*.sql; do
        install_file 0644 "$file" "$sharedir/sql/$(basename "$file")"
    done
else
    say "skip: no $repo/sql/*.sql"
fi
[ -f "$repo/systemd/README.md" ] && install_file 0644 "$repo/systemd/README.md" "$docdir/systemd.md"
[ -f "$repo/README.md" ] && install_file 0644 "$repo/README.md" "$docdir/README.md"

# --- 5. tell systemd ------------------------------------------------------------------------------
if ((system_install)); then
    command -v systemd-tmpfiles >/dev/null && run systemd-tmpfiles --create "$tmpfilesdir/rtlsd.conf"
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
        run systemctl daemon-reload
        say "next: put the passwords in $confdir/credentials/, edit $confdir/rtlsd.toml, then"
        say "      systemctl enable --now rtlsd && journalctl -u rtlsd -f"
    else
        say "note: systemd is not PID 1 here; skipped systemctl daemon-reload"
    fi
elif [ -n "$destdir" ]; then
    say "staged under $destdir (no users created, no systemctl)"
fi
