# Helpers shared by the *-pair.sh scripts; source it after setting $pair (the name for messages)
# and $dir (where PID files and logs go). Every stop is by a PID this script wrote, never by name.

need() { # command, Debian package
  command -v "$1" >/dev/null 2>&1 || { echo "$pair: '$1' not found: apt-get install $2" >&2; exit 2; }
}

alive() { # PID file, text in its command line -> true if that process runs, is ours and is not a zombie
  local pid; pid=$(cat "$1" 2>/dev/null) || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "$2" || return 1
  [ "$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)" != "Z" ]
}

stop_one() { # PID file, text in its command line, [children: end its child processes first]
  if alive "$1" "$2"; then
    local pid; pid=$(cat "$1")
    if [ "${3:-}" = children ]; then
      for child in $(pgrep -P "$pid" 2>/dev/null || true); do kill "$child" 2>/dev/null || true; done
    fi
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$1" "$2" || break; sleep 0.1; done
    alive "$1" "$2" && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

start_pulse() { # a private PulseAudio in $dir/pulse with null sinks radioA and radioB (48 kHz mono)
  mkdir -p "$dir/pulse"; chmod 700 "$dir/pulse"
  cat > "$dir/pulse/link.pa" <<PA
load-module module-native-protocol-unix auth-anonymous=1 socket=$dir/pulse/native
load-module module-null-sink sink_name=radioA rate=48000 channels=1
load-module module-null-sink sink_name=radioB rate=48000 channels=1
PA
  (HOME="$dir/pulse" XDG_RUNTIME_DIR="$dir/pulse" exec setsid pulseaudio -n -F "$dir/pulse/link.pa" \
      --exit-idle-time=-1 --daemonize=no > "$dir/pulse/pulseaudio.log" 2>&1 < /dev/null) &
  echo $! > "$dir/pulseaudio.pid"
  for _ in $(seq 1 50); do [ -S "$dir/pulse/native" ] && break; sleep 0.1; done
  [ -S "$dir/pulse/native" ] || { echo "$pair: PulseAudio did not start:" >&2; cat "$dir/pulse/pulseaudio.log" >&2; exit 1; }
}
