#!/bin/sh
# Installs, as root, the real peers the integration tests run (Debian 12 packages):
#   direwolf            the software TNC (and kissutil) for the KISS/AX.25 tests
#   pulseaudio          null sinks that carry the AFSK audio between two Direwolf instances
#   pulseaudio-utils    pactl, to set the sink volume
#   libasound2-plugins  ALSA's pulse plugin, through which Direwolf reaches PulseAudio
#   socat               the pseudo-terminal pair for the serial KISS test
#   python3             direwolf-pair.sh's warm-up frame (operators' script only)
set -eu
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-peers.sh: run as root (apt-get install)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends direwolf pulseaudio pulseaudio-utils libasound2-plugins socat python3
