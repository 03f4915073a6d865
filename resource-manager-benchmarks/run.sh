#!/usr/bin/env bash
# Measures one full sample of the Linux fast path (LinuxProcSource + JvmSource) against OSHI (OshiSource)
# with JMH and the GC profiler, then prints one line with both costs, their ratio and the bytes allocated
# per sample.
#
# usage: resource-manager-benchmarks/run.sh [--smoke]
#   --smoke   a few seconds instead of about half a minute of measuring (for CI: proves it runs, numbers are rough)
# The JMH JSON is kept in benchmark-results/ at the repository root. Build and JMH output go to stderr,
# so stdout is the one summary line. Allocation is JMH's gc.alloc.rate.norm, which also spreads JMH's own
# per-iteration bookkeeping over the operations: a few tenths of a byte per op on a path that allocates
# nothing (LinuxProcSourceAllocationTest asserts exactly 0 bytes with the thread allocation counter).
set -euo pipefail

smoke=false
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (allowed: --smoke, --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
mvn -B -q -pl resource-manager-benchmarks -am package -DskipTests >&2

mkdir -p benchmark-results
result="benchmark-results/sample-$(date +%Y%m%d-%H%M%S).json"
if $smoke; then
  timing=(-wi 1 -i 1 -w 200ms -r 200ms)
else
  timing=(-wi 3 -i 5 -w 1s -r 1s)
fi
java -jar resource-manager-benchmarks/target/benchmarks.jar SampleBenchmark \
  -prof gc -f 1 "${timing[@]}" -rf json -rff "$result" >&2

python3 - "$result" <<'PY'
import json, sys

with open(sys.argv[1]) as f:
    runs = json.load(f)

def find(method):
    for run in runs:
        if run["benchmark"].endswith(".SampleBenchmark." + method):
            primary = run["primaryMetric"]
            if primary["scoreUnit"] != "us/op":
                sys.exit(f"{method}: expected us/op, got {primary['scoreUnit']}")
            alloc = next((m["score"] for name, m in run.get("secondaryMetrics", {}).items()
                          if name.endswith("gc.alloc.rate.norm")), float("nan"))
            return primary["score"], alloc
    sys.exit(f"no result for SampleBenchmark.{method} in {sys.argv[1]}")

def fmt(x):
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"

def fmt_bytes(x):
    return f"{x:.1f}" if x < 10 else f"{x:.0f}"

ours, ours_alloc = find("linuxFastPath")
oshi, oshi_alloc = find("oshi")
print(f"full sample: ours={fmt(ours)} us/op oshi={fmt(oshi)} us/op oshi/ours={oshi / ours:.1f} "
      f"alloc: ours={fmt_bytes(ours_alloc)} B/op oshi={fmt_bytes(oshi_alloc)} B/op")
PY
