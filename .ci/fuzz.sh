#!/usr/bin/env bash
# Fuzzes every Jazzer target (@FuzzTest) in turn, each for a fixed time, and prints one line per
# target: executions, coverage (libFuzzer's "cov" edges and "ft" features) and corpus size.
#
#   .ci/fuzz.sh            10 s per target (what CI runs)
#   .ci/fuzz.sh 1h         an hour per target; nice -n 19 .ci/fuzz.sh 5m for a background run
#   .ci/fuzz.sh 30s Ax25   only the targets whose class name matches
#
# Jazzer fuzzes one target per JVM, hence one Maven run per target. The corpus a run grows is kept
# in <module>/.cifuzz-corpus (not committed) and reused by the next run; an input that fails a
# target is written into its seed directory (src/test/resources/.../<Class>Inputs/<method>/), where
# plain `mvn verify` replays it as a regression test from then on. Exits non-zero on a finding.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${1:-10s}"
filter="${2:-}"
logs="${FUZZ_LOGS:-target/fuzz-logs}"
mkdir -p "$logs"

status=0
printf '%-55s %10s %8s %8s %8s %s\n' target execs cov ft corpus result
for file in $(grep -rl --include='*FuzzTest.java' '@FuzzTest' transports/src/test/java bridge/src/test/java | sort); do
    module="${file%%/src/*}"
    class="$(basename "$file" .java)"
    [[ -n "$filter" && "$class" != *"$filter"* ]] && continue
    for method in $(grep -A3 '@FuzzTest' "$file" | grep -oP 'void \K\w+(?=\()'); do
        log="$logs/$class.$method.log"
        result=ok
        if ! JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" mvn -B -o -pl "$module" -am test \
                -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
            result="FINDING (see $log)"
            status=1
        fi
        last="$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)"
        execs="$(grep -aoP '^Done \K[0-9]+' "$log" | tail -1 || true)"
        printf '%-55s %10s %8s %8s %8s %s\n' "$class#$method" "${execs:-?}" \
            "$(grep -oP 'cov: \K[0-9]+' <<<"$last" || echo ?)" "$(grep -oP 'ft: \K[0-9]+' <<<"$last" || echo ?)" \
            "$(grep -oP 'corp: \K[0-9]+' <<<"$last" || echo ?)" "$result"
    done
done
exit $status
