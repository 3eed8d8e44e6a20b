#!/usr/bin/env bash
# Two JS8Call stations joined by a software audio path, headless (test-peers.md section 2):
#
#   JS8Call A (N0CALL, API 127.0.0.1:2442)  TX -> null sink radioA -> radioA.monitor -> RX  JS8Call B
#   JS8Call B (N1CALL, API 127.0.0.1:2443)  TX -> null sink radioB -> radioB.monitor -> RX  JS8Call A
#
# under a private Xvfb display and a private PulseAudio. Crossed, so each hears the other, never itself.
# Usage: js8call-pair.sh start|stop|status [DIR]   (DIR default /tmp/skywave-js8call-pair)
# Environment: API_A=2442 API_B=2443 CALL_A=N0CALL CALL_B=N1CALL SUBMODE=2 (0 Normal, 1 Fast, 2 Turbo, 4 Slow)
#   DISPLAY_NUM=97; EMULATED=1 runs two JS8Call API emulators on a simulated channel instead (needs a built
#   tree: mvn -o -pl transports test-compile), for trying the demo without JS8Call.
# Callsigns are test placeholders: never transmit on a real radio with them.
# Needs the Debian packages js8call, xvfb, pulseaudio, pulseaudio-utils.
# Stops only the processes it started, by the PIDs it wrote into DIR (JS8Call's js8 decoder child first).
set -euo pipefail

cmd=${1:-}
dir=${2:-/tmp/skywave-js8call-pair}
API_A=${API_A:-2442}; API_B=${API_B:-2443}
CALL_A=${CALL_A:-N0CALL}; CALL_B=${CALL_B:-N1CALL}
SUBMODE=${SUBMODE:-2}
DISPLAY_NUM=${DISPLAY_NUM:-97}
EMULATED=${EMULATED:-0}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
pair=js8call-pair
# shellcheck source=lib.sh
. "$here/lib.sh"

wait_port() { # port, seconds, log
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ $SECONDS -ge "$deadline" ]; then echo "js8call-pair: nothing listens on 127.0.0.1:$1 after $2 s; see $3" >&2; tail -20 "$3" >&2 || true; return 1; fi
    sleep 0.5
  done
}

station() { # name call api-port tx-sink rx-source
  local d="$dir/js8-$1"
  mkdir -p "$d/home/.config" "$d/tmp" "$d/run"
  chmod 700 "$d/run"
  # Keys and why: test-peers.md section 2 and js8call.md section 2.
  cat > "$d/home/.config/JS8Call - $1.ini" <<INI
[Configuration]
MyCall=$2
MyGrid=FN20
SoundInName=$5
SoundOutName=$4
AudioInputChannel=Mono
AudioOutputChannel=Mono
Rig=None
TCPEnabled=true
TCPServer=127.0.0.1
TCPServerPort=$3
TCPMaxConnections=4
AcceptTCPRequests=true
UDPEnabled=false
PSKReporter=false
SpotToAPRS=false
CheckForUpdates=false
AutoreplyOnAtStartup=true
AutoreplyConfirmation=false
TransmitOFF=false
MonitorOFF=false
TxIdleWatchdog=0
[Common]
SubMode=$SUBMODE
SubModeMultiDecode=false
RxFreq=1500
TxFreq=1500
INI
  (cd "$d" && DISPLAY=":$DISPLAY_NUM" HOME="$d/home" TMPDIR="$d/tmp" XDG_RUNTIME_DIR="$d/run" \
      PULSE_SERVER="unix:$dir/pulse/native" exec setsid js8call --rig-name "$1" > "$d/js8call.log" 2>&1 < /dev/null) &
  echo $! > "$dir/js8call-$1.pid"
}

start_emulated() {
  mkdir -p "$dir"
  local cp
  cp=$(cd "$repo" && mvn -q -o -pl transports dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
  (exec setsid java -cp "$repo/transports/target/test-classes:$repo/transports/target/classes:$cp" \
      org.skywave.transport.testing.Js8CallEmulatorPair "$API_A" "$CALL_A" "$API_B" "$CALL_B" "$SUBMODE" \
      > "$dir/emulators.log" 2>&1 < /dev/null) &
  echo $! > "$dir/emulators.pid"
  wait_port "$API_A" 30 "$dir/emulators.log"
  wait_port "$API_B" 30 "$dir/emulators.log"
  echo "JS8Call emulator pair up in $dir: A $CALL_A API 127.0.0.1:$API_A, B $CALL_B API 127.0.0.1:$API_B"
}

case "$cmd" in
  start)
    if [ "$EMULATED" = 1 ]; then start_emulated; exit 0; fi
    need js8call js8call; need Xvfb xvfb; need pulseaudio pulseaudio; need pactl pulseaudio-utils
    if alive "$dir/pulseaudio.pid" pulseaudio; then echo "js8call-pair: already running in $dir" >&2; exit 1; fi
    start_pulse
    (exec setsid Xvfb ":$DISPLAY_NUM" -screen 0 1280x1024x24 -nolisten tcp > "$dir/xvfb.log" 2>&1 < /dev/null) &
    echo $! > "$dir/xvfb.pid"
    for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ] && break; sleep 0.1; done
    station A "$CALL_A" "$API_A" radioA radioB.monitor
    station B "$CALL_B" "$API_B" radioB radioA.monitor
    wait_port "$API_A" 60 "$dir/js8-A/js8call.log"
    wait_port "$API_B" 60 "$dir/js8-B/js8call.log"
    echo "JS8Call pair up in $dir: A $CALL_A API 127.0.0.1:$API_A, B $CALL_B API 127.0.0.1:$API_B, SubMode $SUBMODE"
    ;;
  stop)
    stop_one "$dir/emulators.pid" Js8CallEmulatorPair
    stop_one "$dir/js8call-A.pid" js8call children  # JS8Call leaves its js8 decoder running
    stop_one "$dir/js8call-B.pid" js8call children
    stop_one "$dir/xvfb.pid" Xvfb
    stop_one "$dir/pulseaudio.pid" pulseaudio
    echo "JS8Call pair in $dir stopped"
    ;;
  status)
    for p in js8call-A:js8call js8call-B:js8call xvfb:Xvfb pulseaudio:pulseaudio emulators:Js8CallEmulatorPair; do
      if alive "$dir/${p%%:*}.pid" "${p##*:}"; then echo "${p%%:*} running (pid $(cat "$dir/${p%%:*}.pid"))"; else echo "${p%%:*} stopped"; fi
    done
    ;;
  *) echo "usage: $0 start|stop|status [DIR]" >&2; exit 64 ;;
esac
