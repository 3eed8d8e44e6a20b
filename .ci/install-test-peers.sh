#!/bin/sh
# Installs, as root, the real peers the integration tests run (Debian 12 packages):
#   direwolf            the software TNC (and kissutil) for the KISS/AX.25 tests
#   pulseaudio          null sinks that carry the AFSK audio between two Direwolf instances
#   pulseaudio-utils    pactl, to set the sink volume
#   libasound2-plugins  ALSA's pulse plugin, through which Direwolf reaches PulseAudio
#   soundmodem          a plain KISS TNC (no Direwolf queries) on a pty, for KissSoundmodemIT
#   socat               the pseudo-terminal pair for the serial KISS test
#   pat                 Pat 0.13.1 (pat-winlink), the Winlink client that checks the VARA modem emulator
#   js8call             two real JS8Call 2.2 instances for the JS8Call link test (js8call-pair.sh)
#   xvfb                the virtual X display JS8Call (a Qt GUI program) runs on headless
#   python3             direwolf-pair.sh's warm-up frame (operators' script only)
#   nodejs, npm         the bcoin regtest nodes (.ci/install-bcoin.sh), unless Node.js is already there
#   lintian             checks the Debian package (.ci/test-deb.sh)
#   chromium, chromium-driver   the headless browser the status page is tested in (StatusPageBrowserIT)
#   prometheus          promtool, which checks the /metrics text
set -eu
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-peers.sh: run as root (apt-get install)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
packages="direwolf soundmodem pulseaudio pulseaudio-utils libasound2-plugins socat pat python3 js8call xvfb lintian chromium chromium-driver prometheus"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages="$packages nodejs npm"
fi
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $packages
