#!/usr/bin/env bash
# Two emulated VARA modems on one simulated radio channel, for the demo and for trying a
# configuration without a radio:
#
#   modem A  command 127.0.0.1:$PORT_A  data $PORT_A+1  ~~ simulated HF/FM channel ~~  modem B  command $PORT_B  data $PORT_B+1
#
# The emulator (transports/src/test/java/org/skywave/transport/testing/VaraModemEmulator.java)
# follows the VARA host interface command by command and refuses what a real modem refuses.
# Usage: vara-pair.sh start|stop|status [DIR]   (DIR default /tmp/skywave-vara-pair)
# Environment: KIND=hf|fm (default hf), PORT_A=8300, PORT_B=8400, TIME_SCALE=1.0 (1 = real VARA timing),
#   FRAME_LOSS=0 (chance a data frame is lost and repeated), DROPOUT=0 (chance a session fades out during a frame),
#   SEED=1 (for those draws).
# Then e.g.: ./skywave demo --link-a vara-hf://127.0.0.1:8300 --link-b vara-hf://127.0.0.1:8400 --count 5
# Needs Java 17 and Maven (the emulator is compiled from the test tree if it is not built yet).
# Stops only the process it started, by the PID it wrote into DIR.
set -euo pipefail

cmd=${1:-}
dir=${2:-/tmp/skywave-vara-pair}
KIND=${KIND:-hf}; PORT_A=${PORT_A:-8300}; PORT_B=${PORT_B:-8400}; TIME_SCALE=${TIME_SCALE:-1.0}
FRAME_LOSS=${FRAME_LOSS:-0}; DROPOUT=${DROPOUT:-0}; SEED=${SEED:-1}
root=$(cd "$(dirname "$0")/../../.." && pwd)   # the transports module
main=org.skywave.transport.testing.VaraModemPair
pair=vara-pair
# shellcheck source=lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

case "$cmd" in
  start)
    case "$KIND" in hf|fm) ;; *) echo "vara-pair: KIND must be hf or fm (got '$KIND')" >&2; exit 64 ;; esac
    need java openjdk-17-jre-headless
    if alive "$dir/vara-pair.pid" "$main"; then echo "vara-pair: already running in $dir" >&2; exit 1; fi
    if [ ! -f "$root/target/test-classes/org/skywave/transport/testing/VaraModemPair.class" ]; then
      echo "vara-pair: compiling the emulator (mvn -pl transports test-compile)"
      (cd "$root/.." && mvn -B -q -pl transports test-compile)
    fi
    mkdir -p "$dir"
    (exec setsid java -Dvara.timeScale="$TIME_SCALE" -Dvara.frameLoss="$FRAME_LOSS" -Dvara.dropout="$DROPOUT" -Dvara.seed="$SEED" -cp "$root/target/classes:$root/target/test-classes" \
        "$main" "$KIND" "$PORT_A" "$PORT_B" > "$dir/vara-pair.log" 2>&1 < /dev/null) &
    echo $! > "$dir/vara-pair.pid"
    for _ in $(seq 1 100); do [ "$(grep -c '^ready:' "$dir/vara-pair.log" 2>/dev/null)" = 2 ] && break; sleep 0.1; done
    if [ "$(grep -c '^ready:' "$dir/vara-pair.log" 2>/dev/null)" != 2 ]; then
      echo "vara-pair: the modems did not start:" >&2; cat "$dir/vara-pair.log" >&2; exit 1
    fi
    echo "VARA $KIND pair up in $dir: A command 127.0.0.1:$PORT_A data $((PORT_A + 1)), B command 127.0.0.1:$PORT_B data $((PORT_B + 1))"
    ;;
  stop)
    if alive "$dir/vara-pair.pid" "$main"; then
      stop_one "$dir/vara-pair.pid" "$main"
      grep -E '^(stopping|air:)' "$dir/vara-pair.log" || true
    fi
    rm -f "$dir/vara-pair.pid"
    echo "VARA pair in $dir stopped"
    ;;
  status)
    if alive "$dir/vara-pair.pid" "$main"; then echo "vara-pair running (pid $(cat "$dir/vara-pair.pid"))"; else echo "vara-pair stopped"; fi
    ;;
  *) echo "usage: $0 start|stop|status [DIR]" >&2; exit 64 ;;
esac
