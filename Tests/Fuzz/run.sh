#!/usr/bin/env bash
# Fuzzes the readers of untrusted input with libFuzzer: catalogue and plan XML, OSCAL, CSV, XLSX
# and multipart uploads. Each target starts from its seed corpus (Tests/Fuzz/Corpus/TARGET, kept
# in git; inputs libFuzzer finds interesting go to a work folder under .build-fuzz) and stops at
# the first crash, hang (-timeout) or runaway memory (-rss_limit_mb, -malloc_limit_mb); a
# crashing input is copied to Tests/Fuzz/Crashers/TARGET, which QMSFormatsTests and QMSWebTests
# replay on every `swift test`.
#
#   Tests/Fuzz/run.sh --seconds 10            # each target for 10 s (make test)
#   Tests/Fuzz/run.sh --runs 1000000          # each target to a million executions (make bench)
#   Tests/Fuzz/run.sh --seconds 60 fuzz-csv   # one target
#   Tests/Fuzz/run.sh --seconds 0             # skip (make test FUZZ_SECONDS=0): the first build
#                                             # of the instrumented targets takes many minutes
#   Tests/Fuzz/run.sh --release --runs 1000000  # optimised build (make bench): the multipart
#                                             # target runs ~120 executions/s in debug, hours to 1M
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scratch="${EQMS_FUZZ_SCRATCH:-$root/.build-fuzz}"
configuration=debug
# A release build needs -enable-testing: the multipart target reaches QMSWeb's internal parser.
extra=()
limit=(-max_total_time=10)
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --release)
      configuration=release; extra=(-Xswiftc -enable-testing)
      scratch="${EQMS_FUZZ_SCRATCH:-$root/.build-fuzz-release}"; shift ;;
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ "${limit[*]}" = "-max_total_time=0" ]; then echo "fuzzing skipped (--seconds 0)" >&2; exit 0; fi
[ ${#targets[@]} -gt 0 ] || targets=(fuzz-catalogue fuzz-plan fuzz-oscal fuzz-csv fuzz-xlsx fuzz-multipart fuzz-po)

echo "Building the fuzz targets ($configuration, -sanitize=fuzzer) in $scratch" >&2
# From the repository with a relative package path: built by absolute path, SwiftPM kept planning
# with a stale list of the main package's files (a source file added since was "not in scope").
cd "$root"
swift build -c "$configuration" --package-path Tests/Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer \
  "${extra[@]}" >&2
bin="$(swift build -c "$configuration" --package-path Tests/Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer \
  "${extra[@]}" --show-bin-path)"

# Let libFuzzer, not Swift's backtracer, handle a trap, so that it saves the input.
export SWIFT_BACKTRACE=enable=no
# The multipart target checks that no upload folder is left behind: give it a folder of its own.
# (emptied first: a run stopped by a crash leaves the folder of the upload it was reading).
export TMPDIR="$scratch/tmp"
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR"
status=0
summary=()
for target in "${targets[@]}"; do
  work="$scratch/corpus/$target"
  artifacts="$scratch/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  rm -f "$artifacts"/*
  max_len=65536
  [ "$target" = fuzz-xlsx ] && max_len=262144
  dict=()
  [ -f "$here/Dictionaries/$target.dict" ] && dict=(-dict="$here/Dictionaries/$target.dict")
  log="$scratch/$target.log"
  echo "== $target ${limit[*]}" >&2
  started=$(date +%s)
  set +e
  "$bin/$target" "${limit[@]}" "${dict[@]}" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_len=$max_len -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$work" "$here/Corpus/$target" >"$log" 2>&1
  code=$?
  set -e
  elapsed=$(( $(date +%s) - started ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  peak=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  line="$target: ${runs:-?} executions in ${elapsed} s, peak RSS ${peak:-?} MB"
  if [ $code -ne 0 ]; then
    status=1
    mkdir -p "$here/Crashers/$target"
    for artifact in "$artifacts"/*; do
      [ -e "$artifact" ] || continue
      cp "$artifact" "$here/Crashers/$target/"
      line="$line; FAILED: $(basename "$artifact") copied to Tests/Fuzz/Crashers/$target"
    done
    tail -40 "$log" >&2
  fi
  summary+=("$line")
done
printf '%s\n' "${summary[@]}"
exit $status
