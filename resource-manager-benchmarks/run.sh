#!/usr/bin/env bash
# The performance proof in one command: builds what it needs, measures, and prints from this one run
#   - full-sample: the library's Linux fast path against the C floor (procfloor.c reading and parsing the
#     same /proc files), psutil (Debian's python3-psutil) and OSHI used the obvious way, as ratios;
#   - alloc: bytes allocated per operation (JMH with the GC profiler) for the sample, the sample plus history
#     append (TickBenchmark), and the alert, HPA and share benchmarks when this build has them; for our
#     sample and tick also the exact count of the thread allocation counter (AllocationCheck);
#   - history-memory: bytes a full uncompressed History (the reference) retains per metric per sample (JOL);
#   - monitor-overhead: the monitor thread's CPU with 1,000 and with 10,000 agents at 1 Hz, as a percentage of
#     one core (targets 0.1 % and 0.5 %), and the same without agents as a baseline;
#   - the compressed history, on the real samples recorded during the demo and stress bursts (65 minutes at 1 s,
#     resource-manager-core's test data): history-bytes-per-sample (uncompressed raw rows against the compressed
#     store, exact and at 23 bits), append ns/op and B/op and a one-hour summary for the uncompressed, compressed and
#     tiered stores (JMH), the charts of 1,000 agents, and history-retained: the MiB 1,000 agents at 1 s keep with
#     the default tiers after 1 hour and after 24 hours (24 simulated hours: a few minutes, in the smoke run too).
#
# usage: resource-manager-benchmarks/run.sh [--smoke]
#   (none)    the full run: about 20 minutes, the overhead measured over 60 s after 3 minutes of warm-up, for each
#             agent count
#   --smoke   a few minutes: proves every part builds and runs (for CI); numbers are rough, the overhead
#             is measured over 5 s only, so its start-up share weighs twelve times more than in the full run
# Needs Linux, Java 17+ and Maven; installs gcc and python3-psutil with apt-get when missing (as root, or
# with sudo). The summary goes to stdout and to benchmark-results/summary-<time>.txt; build and JMH output
# go to stderr; JMH JSON results are kept in benchmark-results/. Exits non-zero if any step fails; a missed
# performance target is reported in the summary, not as a failure.
set -euo pipefail

smoke=false
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument: $arg (allowed: --smoke, --help)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "$0")/.."
module=resource-manager-benchmarks
target="$module/target"
jar="$target/benchmarks.jar"

say() { echo "run.sh: $*" >&2; }
fail() { echo "run.sh: error: $*" >&2; exit 1; }

[ "$(uname -s)" = Linux ] || fail "the benchmarks read /proc and need Linux; this is $(uname -s)"
command -v java >/dev/null || fail "java is not on the PATH (Java 17 or later is needed)"
command -v mvn >/dev/null || fail "mvn is not on the PATH (Maven builds the benchmarks)"

# ---------------------------------------------------------------- tools (installed only when missing)
apt_install() {
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "$* missing and this is not root and there is no sudo; install $* yourself"
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null || fail "$* missing and there is no apt-get; install $* yourself"
  say "installing $* with apt-get"
  # ${sudo[@]+...}: an empty array is "unbound" under set -u in bash before 4.4
  if ! ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; then
    ${sudo[@]+"${sudo[@]}"} apt-get update -q >&2 || fail "apt-get update failed"
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2 || fail "apt-get install $* failed"
  fi
}
command -v gcc >/dev/null || apt_install gcc libc6-dev
# Debian's python3 (the default python3 may be another build without Debian's packages)
py=/usr/bin/python3
if ! { [ -x "$py" ] && "$py" -c 'import psutil' 2>/dev/null; }; then
  apt_install python3-psutil
fi
"$py" -c 'import psutil' || fail "$py cannot import psutil although python3-psutil is installed"

# ---------------------------------------------------------------- build
say "building the benchmarks jar"
mvn -B -q -pl "$module" -am package -DskipTests >&2 || fail "the Maven build failed"
[ -f "$jar" ] || fail "the build did not produce $jar"
gcc -O2 -Wall -Wextra -std=c11 -o "$target/procfloor" "$module/src/main/c/procfloor.c" -lm >&2 \
  || fail "gcc could not compile $module/src/main/c/procfloor.c"

if $smoke; then
  loop=(--warmup 1 --iterations 2 --time-ms 250)
  jmh_timing=(-wi 1 -i 2 -w 250ms -r 250ms)
  overhead_seconds=5
  overhead_warmup=0
  mode="smoke (short: numbers are rough; overhead over 5 s, not 60 s)"
else
  loop=(--warmup 3 --iterations 5 --time-ms 1000)
  jmh_timing=(-wi 3 -i 5 -w 1s -r 1s)
  overhead_seconds=60
  # At 1 Hz the JIT needs minutes of ticks to compile the tick's code; the steady state is judged after them.
  overhead_warmup=180
  mode="full"
fi
mkdir -p benchmark-results
stamp="$(date +%Y%m%d-%H%M%S)"

# JMH refuses to start while another JMH run on this machine holds /tmp/jmh.lock (two benchmark runs at once
# would distort each other): wait for it, up to 15 minutes, rather than measure alongside it.
jmh_waited=0
jmh() {
  local log="$target/jmh-$stamp.log" waited=0
  while true; do
    if java -jar "$jar" "$@" 2>&1 | tee "$log" >&2; then
      return 0
    fi
    if grep -q 'Unable to acquire the JMH lock' "$log" && [ "$waited" -lt 900 ]; then
      say "another JMH run holds /tmp/jmh.lock; waiting 15 s for it (waited ${waited} s so far)"
      sleep 15
      waited=$((waited + 15))
      jmh_waited=$((jmh_waited + 15))
    else
      return 1
    fi
  done
}
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- the full sample and its references
# The references are measured right before and right after ours, and their two results averaged, so that a
# change in the load of a shared machine during the run weighs on both sides of a ratio alike.
references() { # $1: before or after
  say "the C floor (files kept open, pread), the C floor (open-read-close), psutil: $1 ours"
  "$target/procfloor" --mode pread "${loop[@]}" || fail "procfloor --mode pread failed"
  "$target/procfloor" --mode open-read-close "${loop[@]}" || fail "procfloor --mode open-read-close failed"
  "$py" "$module/src/main/python/psutil_sample.py" "${loop[@]}" || fail "the psutil sampler failed"
}
references_before="$(references before)" || exit 1
say "JMH: SampleBenchmark.linuxFastPath (ours)"
ours_json="benchmark-results/sample-ours-$stamp.json"
jmh '\.SampleBenchmark\.linuxFastPath$' -prof gc -f 1 "${jmh_timing[@]}" -foe true -rf json -rff "$ours_json" >&2 \
  || fail "JMH SampleBenchmark.linuxFastPath failed"
references_after="$(references after)" || exit 1
say "JMH: SampleBenchmark.oshiNaive (OSHI the obvious way) and SampleBenchmark.oshi (the library's OshiSource)"
oshi_json="benchmark-results/sample-oshi-$stamp.json"
jmh '\.SampleBenchmark\.oshi' -prof gc -f 1 "${jmh_timing[@]}" -foe true -rf json -rff "$oshi_json" >&2 \
  || fail "JMH SampleBenchmark.oshi* failed"

# ---------------------------------------------------------------- allocation per operation
listed="$(java -jar "$jar" -l)" || fail "cannot list the benchmarks in $jar"
selected=('\.TickBenchmark\.')
others=()
for entry in "AlertBenchmark=1,000-alert-rules-evaluated" "ScaleBenchmark=one-HPA-decision" \
             "ShareBenchmark=share-recomputation-unchanged-membership"; do
  cls="${entry%%=*}"
  if grep -q "\.$cls\." <<<"$listed"; then
    selected+=("\.$cls\.")
    others+=(--present "$entry")
  else
    others+=(--absent "$entry")
  fi
done
say "JMH with the GC profiler: ${selected[*]}"
alloc_json="benchmark-results/alloc-$stamp.json"
jmh "${selected[@]}" -prof gc -f 1 "${jmh_timing[@]}" -foe true -rf json -rff "$alloc_json" >&2 \
  || fail "JMH allocation benchmarks failed"

say "exact allocation per operation of the paths that must allocate nothing (thread allocation counter)"
alloc_exact="$(java -cp "$jar" io.github.resourcemanager.benchmarks.AllocationCheck)" || fail "AllocationCheck failed"

# ---------------------------------------------------------------- history memory, monitor overhead
say "History memory (JOL)"
history_out="$(java -Djdk.attach.allowAttachSelf=true -cp "$jar" io.github.resourcemanager.benchmarks.HistoryFootprint 30 3600)" \
  || fail "HistoryFootprint failed"
history="$(grep '^history-memory ' <<<"$history_out")" || fail "HistoryFootprint printed no history-memory line"
say "monitor overhead at 1 Hz for ${overhead_seconds} s after ${overhead_warmup} s of warm-up: the baseline without agents, then with 1,000 and 10,000 agents"
baseline="$(java -cp "$jar" io.github.resourcemanager.benchmarks.MonitorOverhead --seconds "$overhead_seconds" --warmup "$overhead_warmup" --agents 0)" \
  || fail "MonitorOverhead --agents 0 failed"
overhead="$(java -cp "$jar" io.github.resourcemanager.benchmarks.MonitorOverhead --seconds "$overhead_seconds" --warmup "$overhead_warmup" --agents 1000)" \
  || fail "MonitorOverhead --agents 1000 failed"
overhead_many="$(java -cp "$jar" io.github.resourcemanager.benchmarks.MonitorOverhead --seconds "$overhead_seconds" --warmup "$overhead_warmup" --agents 10000)" \
  || fail "MonitorOverhead --agents 10000 failed"

# ---------------------------------------------------------------- the compressed history, on the recorded data
say "history bytes per sample on the recorded data (uncompressed rows against the compressed store)"
compression="$(java -cp "$jar" io.github.resourcemanager.benchmarks.HistoryCompression)" || fail "HistoryCompression failed"
say "JMH: HistoryBenchmark (append, one-hour summary, charts of 1,000 agents) per store"
history_json="benchmark-results/history-$stamp.json"
jmh '\.HistoryBenchmark\.' -prof gc -f 1 "${jmh_timing[@]}" -foe true -rf json -rff "$history_json" >&2 \
  || fail "JMH HistoryBenchmark failed"
say "history retained by 1,000 agents at 1 s with the default tiers: 24 simulated hours (a few minutes)"
retained="$(java -cp "$jar" io.github.resourcemanager.benchmarks.HistoryRetained --agents 1000 --hours 24)" \
  || fail "HistoryRetained failed"
history_args=()
while IFS= read -r line; do
  [ -n "$line" ] && history_args+=(--history-line "$line")
done <<<"$compression"$'\n'"$retained"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- summary
machine="$(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), Linux $(uname -r)"
machine="$machine, $(java -version 2>&1 | head -1), $(gcc --version | head -1)"
if [ "$jmh_waited" -gt 0 ]; then
  machine="$machine; JMH waited ${jmh_waited} s for another JMH run on this machine to finish"
fi
summary="benchmark-results/summary-$stamp.txt"
"$py" "$module/src/main/python/summarize.py" --mode "$mode" --machine "$machine" \
  --load-start "$load_start" --load-end "$load_end" --references "$references_before" --references "$references_after" \
  --sample-json "$ours_json" --sample-json "$oshi_json" --alloc-json "$alloc_json" --alloc-exact "$alloc_exact" "${others[@]}" --history "$history" --overhead-baseline "$baseline" --overhead "$overhead" --overhead "$overhead_many" \
  "${history_args[@]}" --history-json "$history_json" \
  >"$summary" || fail "could not summarize the results (inputs kept in benchmark-results/)"
cat "$summary"
