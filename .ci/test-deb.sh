#!/usr/bin/env bash
# Installs the Debian package built by `mvn package` (bridge/target/skywave_*_all.deb) on this
# machine with dpkg, as an operator would, and checks it: lintian reports no errors; the command,
# the conffile and its callsign check, the user and its groups, the state directory; an upgrade
# over itself keeps the edited config and the queue; purge leaves nothing behind.
# Runs as root (CI does). Refuses to touch a machine where skywave is already installed, and
# purges what it installed however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "test-deb: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  echo "test-deb: run as root (dpkg -i)" >&2
  exit 1
fi
shopt -s nullglob
debs=(bridge/target/skywave_*_all.deb)
[ "${#debs[@]}" -eq 1 ] || fail "expected one bridge/target/skywave_*_all.deb, found ${#debs[@]}: run mvn package first"
deb="${debs[0]}"
if dpkg-query -W -f='${Status}' skywave 2>/dev/null | grep -q 'installed'; then
  fail "skywave is already installed here; not touching this machine's copy"
fi
trap 'dpkg --purge skywave >/dev/null 2>&1 || true' EXIT

echo "test-deb: lintian $deb"
lintian_out="$(lintian --allow-root "$deb" || true)"
echo "$lintian_out"
if echo "$lintian_out" | grep -q '^E: '; then fail "lintian reports errors"; fi
echo "test-deb: lintian: $(echo "$lintian_out" | grep -c '^E: ' || true) errors, $(echo "$lintian_out" | grep -c '^W: ' || true) warnings"

echo "test-deb: dpkg -i $deb"
dpkg -i "$deb"
skywave --version | grep -q . || fail "skywave --version printed nothing"
echo "test-deb: $(skywave --version | head -1)"
[ -f /usr/share/skywave/skywave.jar ] || fail "jar not in /usr/share/skywave"
[ -f /lib/systemd/system/skywave.service ] || fail "unit not installed"
[ ! -e /etc/systemd/system/multi-user.target.wants/skywave.service ] || fail "a new install enabled the service before the callsign is set"
id -nG skywave | tr ' ' '\n' | grep -qx dialout || fail "user skywave is not in dialout"
[ "$(stat -c '%U:%G %a' /var/lib/skywave)" = "skywave:skywave 750" ] || fail "/var/lib/skywave: $(stat -c '%U:%G %a' /var/lib/skywave)"
[ "$(stat -c '%U:%G %a' /etc/skywave/skywave.toml)" = "root:skywave 640" ] || fail "config: $(stat -c '%U:%G %a' /etc/skywave/skywave.toml)"

# As shipped, the callsign is unset: check-config (the unit's ExecStartPre) refuses, saying why.
if out="$(skywave check-config /etc/skywave/skywave.toml 2>&1)"; then fail "check-config accepted a config without callsign"; fi
echo "$out" | grep -q "licensed callsign" || fail "check-config did not name the callsign: $out"
echo "test-deb: as shipped, check-config says: $out"

# The operator sets the callsign; the daemon's user can read the config and write its queue.
sed -i 's/^# callsign = ""/callsign = "K1ABC"/' /etc/skywave/skywave.toml
skywave check-config /etc/skywave/skywave.toml | grep -qx OK || fail "check-config after setting the callsign"
su -s /bin/sh skywave -c 'skywave check-config /etc/skywave/skywave.toml' | grep -qx OK || fail "user skywave cannot read its config"

# The daemon runs as its user, as the unit runs it: it creates its queue in /var/lib/skywave and
# stops with status 0 on SIGTERM. (Direwolf is not running: the radio link keeps redialling.)
sed -i 's/^listen = "127.0.0.1:8080"/listen = "127.0.0.1:23080"/' /etc/skywave/skywave.toml
log="$(mktemp)"
setpriv --reuid=skywave --regid=skywave --init-groups skywave run --config /etc/skywave/skywave.toml >"$log" 2>&1 &
daemon=$!
for _ in $(seq 1 120); do
  grep -q "admin API on" "$log" && break
  kill -0 "$daemon" 2>/dev/null || break
  sleep 0.5
done
grep -q "admin API on" "$log" || { cat "$log"; fail "the installed daemon did not start within 60 s"; }
kill -TERM "$daemon"
status=0; wait "$daemon" || status=$?
[ "$status" -eq 0 ] || { cat "$log"; fail "the daemon exited with $status on SIGTERM"; }
rm -f "$log"
[ "$(stat -c '%U' /var/lib/skywave/skywave.db)" = skywave ] || fail "the queue is not in /var/lib/skywave, owned by skywave"
queue_sum="$(sha256sum /var/lib/skywave/skywave.db)"

# The operator enables it; the upgrade must keep that choice.
systemctl enable skywave >/dev/null 2>&1 || deb-systemd-helper enable skywave.service
[ -e /etc/systemd/system/multi-user.target.wants/skywave.service ] || fail "could not enable the service"

echo "test-deb: upgrade over itself"
dpkg -i "$deb"
grep -q '^callsign = "K1ABC"' /etc/skywave/skywave.toml || fail "upgrade lost the edited config"
[ "$(sha256sum /var/lib/skywave/skywave.db)" = "$queue_sum" ] || fail "upgrade changed or lost the queue"
[ -e /etc/systemd/system/multi-user.target.wants/skywave.service ] || fail "upgrade disabled the service"
skywave check-config /etc/skywave/skywave.toml | grep -qx OK || fail "check-config after upgrade"

echo "test-deb: remove, then purge"
dpkg --remove skywave
[ ! -e /usr/bin/skywave ] || fail "remove left /usr/bin/skywave"
[ -e /etc/skywave/skywave.toml ] || fail "remove (not purge) deleted the config"
dpkg --purge skywave
trap - EXIT
for path in /etc/systemd/system/multi-user.target.wants/skywave.service \
    /var/lib/systemd/deb-systemd-helper-enabled/skywave.service.dsh-also /etc/skywave /var/lib/skywave /usr/share/skywave /usr/share/doc/skywave /usr/bin/skywave /lib/systemd/system/skywave.service; do
  [ ! -e "$path" ] || fail "purge left $path"
done
! getent passwd skywave >/dev/null || fail "purge left the user skywave"
! getent group skywave >/dev/null || fail "purge left the group skywave"
! dpkg-query -W skywave >/dev/null 2>&1 || fail "dpkg still knows skywave"
echo "test-deb: passed (install, check-config, upgrade keeping config and queue, purge leaving nothing)"
