#!/usr/bin/env bash
# Builds the benchmark in release mode (in _build-bench/) and runs it: the real
# encrypted store (kindred-bench), the same SQL on SQLCipher alone (kindred-bench-sql)
# and on Debian's plain SQLite (kindred-bench-plain), all on the same deterministic
# 50,000-entry journal, then prints one Markdown table (the one in README.md).
# Arguments go to the three programs: --entries N, --runs N (e.g. for a quick look).
# Then the app itself (issue 4): kindred-bench-app, inside build-aux/test-session.sh
# (Xvfb, D-Bus, an unlocked keyring), launches the built kindred and a minimal
# libadwaita window (kindred-bench-floor) in turn on the same 50,000-entry journal:
# first frame and memory.  KINDRED_BENCH_APP=<path> launches another kindred binary
# (one built with the bench hook, say); KINDRED_BENCH_LAUNCHES=N (default 10);
# KINDRED_BENCH_SKIP_APP=1 leaves the app part out.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=_build-bench

bash build-aux/install-deps.sh

setup_log=$(mktemp)
results=$(mktemp)
trap 'rm -f "$setup_log" "$results"' EXIT
if [ -f "$build/build.ninja" ]; then
  setup=(meson setup --reconfigure "$build")
else
  setup=(meson setup "$build")
fi
if ! "${setup[@]}" -Dbuildtype=release -Dbench=true >"$setup_log" 2>&1; then
  cat "$setup_log" >&2
  exit 1
fi
ninja -C "$build" --quiet >&2 \
  tests/bench/kindred-bench tests/bench/kindred-bench-sql tests/bench/kindred-bench-plain \
  tests/bench/kindred-bench-app tests/bench/kindred-bench-floor app/kindred data/gschemas.compiled

for program in kindred-bench kindred-bench-sql kindred-bench-plain; do
  echo "bench.sh: running $program…" >&2
  "$build/tests/bench/$program" "$@" >>"$results"
done

if [ -z "${KINDRED_BENCH_SKIP_APP:-}" ]; then
  echo "bench.sh: running kindred-bench-app…" >&2
  entries=()
  for ((i = 1; i <= $#; i++)); do
    if [ "${!i}" = --entries ] && [ $i -lt $# ]; then
      j=$((i + 1)); entries=(--entries "${!j}")
    fi
  done
  GSETTINGS_SCHEMA_DIR="$PWD/$build/data" bash build-aux/test-session.sh \
    "$build/tests/bench/kindred-bench-app" \
    --app "${KINDRED_BENCH_APP:-$PWD/$build/app/kindred}" \
    --floor "$PWD/$build/tests/bench/kindred-bench-floor" \
    --launches "${KINDRED_BENCH_LAUNCHES:-10}" "${entries[@]}" >>"$results"
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) × ${cpu:-unknown CPU}; Linux $(uname -r);" \
     "load average $(cut -d ' ' -f 1-3 /proc/loadavg);" \
     "$(awk -F '\t' '$1 == "INFO" && $3 == "version" { printf "%s%s", sep, $4; sep = " vs " }' \
          "$results")"
echo

awk -F '\t' '
  function fmt(ms) {
    if (ms == "" || ms == "-") return "–"
    if (ms >= 10000) return sprintf("%.1f s", ms / 1000)
    if (ms >= 1000) return sprintf("%.2f s", ms / 1000)
    if (ms >= 100) return sprintf("%.0f ms", ms)
    if (ms >= 10) return sprintf("%.1f ms", ms)
    return sprintf("%.2f ms", ms)
  }
  function commas(n,   s) {
    s = n ""
    while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", s)
    return s
  }
  function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "–" : sprintf("%.2f×", a / b) }
  function verdict(ok) { return ok ? "met" : "**missed**" }
  $1 == "RESULT" { med[$2, $3] = $4; p95[$2, $3] = $5; runs[$2, $3] = $6 }
  $1 == "INFO" && $2 == "kindred" && $3 == "query" { hits[$4] = $5; order[++nq] = $4 }
  $1 == "INFO" && $3 == "file-size-mb" { size = $4 }
  $1 == "INFO" && $2 == "floor" && $3 == "renderer" { renderer = $4 }
  $1 == "INFO" && $2 == "kindred" && $3 == "entries" { entries = $4 }
  $1 == "INFO" && $2 == "kindred" && $3 == "typed" { ntyped++ }
  END {
    print "| Measure | Kindred store (SQLCipher) | Same SQL, SQLCipher | Same SQL, plain SQLite | Store ÷ plain | Goal |"
    print "|---|---|---|---|---|---|"
    r = med["kindred", "insert"] / med["plain", "insert"]
    printf "| Bulk insert of %s entries, 1,000 per transaction (median of %d) | %s | %s | %s | %s | ≤ 1.50×: %s |\n",
      commas(entries), runs["kindred", "insert"], fmt(med["kindred", "insert"]), fmt(med["sqlcipher-sql", "insert"]),
      fmt(med["plain", "insert"]), ratio(med["kindred", "insert"], med["plain", "insert"]), verdict(r <= 1.5)
    r = med["kindred", "fts"] / med["plain", "fts"]
    printf "| FTS query, median (%d: %d queries, each %d times) | %s | %s | %s | %s | ≤ 1.50×: %s |\n",
      runs["kindred", "fts"], nq, runs["kindred", "fts"] / nq,
      fmt(med["kindred", "fts"]), fmt(med["sqlcipher-sql", "fts"]), fmt(med["plain", "fts"]),
      ratio(med["kindred", "fts"], med["plain", "fts"]), verdict(r <= 1.5)
    printf "| FTS query, p95 | %s | %s | %s | %s | < 10 ms: %s |\n",
      fmt(p95["kindred", "fts"]), fmt(p95["sqlcipher-sql", "fts"]), fmt(p95["plain", "fts"]),
      ratio(p95["kindred", "fts"], p95["plain", "fts"]), verdict(p95["kindred", "fts"] < 10)
    printf "| Open + unlock an existing journal (median of %d) | %s | | | | |\n",
      runs["kindred", "open"], fmt(med["kindred", "open"])
    printf "| First page, 64 rows: new list model on a store just opened (median of %d) | %s | | | | < 20 ms: %s |\n",
      runs["kindred", "first-page-model"], fmt(med["kindred", "first-page-model"]),
      verdict(med["kindred", "first-page-model"] < 20)
    printf "| First page, 64 rows: the store query alone (median of %d) | %s | | | | < 20 ms: %s |\n",
      runs["kindred", "first-page-store"], fmt(med["kindred", "first-page-store"]),
      verdict(med["kindred", "first-page-store"] < 20)
    printf "| Counting the entries, which the list model does for its length (median of %d) | %s | | | | |\n",
      runs["kindred", "count"], fmt(med["kindred", "count"])
    printf "| Search as you type, median (%d: each prefix of %d typed words, the filtered list'"'"'s count and first page) | %s | | | | |\n",
      runs["kindred", "typing"], ntyped, fmt(med["kindred", "typing"])
    printf "| Search as you type, p95 | %s | | | | ≤ 10 ms: %s |\n",
      fmt(p95["kindred", "typing"]), verdict(p95["kindred", "typing"] <= 10)
    print ""
    split("mood-series what-helps top-emotions top-triggers low-mood-triggers summary", agg, " ")
    split("Mood series (daily averages + 7-day moving average)|What helps (strategies ranked)|Top emotions (5)|Top triggers (5)|Triggers with low moods (5)|Summary sentence", aggname, "|")
    if (("kindred", "insights-summary-all") in med) {
      printf "| Insights aggregate (%d runs each) | Last 30 days: median | p95 | All entries: median | p95 | Goal |\n", runs["kindred", "insights-summary-all"]
      print "|---|---|---|---|---|---|"
      for (i = 1; i <= 6; i++) {
        a = "insights-" agg[i] "-30"; b = "insights-" agg[i] "-all"
        printf "| %s | %s | %s | %s | %s | ≤ 50 ms: %s |\n", aggname[i], fmt(med["kindred", a]), fmt(p95["kindred", a]),
          fmt(med["kindred", b]), fmt(p95["kindred", b]), verdict(p95["kindred", a] <= 50 && p95["kindred", b] <= 50)
      }
      print ""
    }
    if (("app", "first-frame") in med && ("floor", "first-frame") in med) {
      printf "| The app on the same journal, under Xvfb (%s) | Kindred | Minimal libadwaita window (floor) | Kindred − floor | Goal |\n", renderer
      print "|---|---|---|---|---|"
      d = med["app", "first-frame"] - med["floor", "first-frame"]
      printf "| Launch to first frame with the list shown (median of %d) | %s | %s | %+.0f ms | ≤ floor + 60 ms: %s |\n",
        runs["app", "first-frame"], fmt(med["app", "first-frame"]), fmt(med["floor", "first-frame"]),
        d, verdict(d <= 60)
      printf "| The window'"'"'s very first frame, whatever it shows (median of %d) | %s | | | |\n",
        runs["app", "first-paint"], fmt(med["app", "first-paint"])
      d = med["app", "mem-open-hwm"] - med["floor", "mem-open-hwm"]
      printf "| Peak resident memory (VmHWM), journal open, settled (median) | %.0f MB | %.0f MB | %+.0f MB | ≤ floor + 40 MB: %s |\n",
        med["app", "mem-open-hwm"], med["floor", "mem-open-hwm"], d, verdict(d <= 40)
      d = med["app", "mem-open-rss"] - med["floor", "mem-open-rss"]
      printf "| Steady resident memory (VmRSS), journal open, settled (median) | %.0f MB | %.0f MB | %+.0f MB | ≤ floor + 40 MB: %s |\n",
        med["app", "mem-open-rss"], med["floor", "mem-open-rss"], d, verdict(d <= 40)
      d = med["app", "mem-scrolled-hwm"] - med["floor", "mem-open-hwm"]
      printf "| Peak resident memory after scrolling through the whole list (one run) | %.0f MB | %.0f MB | %+.0f MB | ≤ floor + 40 MB: %s |\n",
        med["app", "mem-scrolled-hwm"], med["floor", "mem-open-hwm"], d, verdict(d <= 40)
      d = med["app", "mem-scrolled-rss"] - med["floor", "mem-open-rss"]
      printf "| Resident memory at the end of the list (one run) | %.0f MB | %.0f MB | %+.0f MB | ≤ floor + 40 MB: %s |\n",
        med["app", "mem-scrolled-rss"], med["floor", "mem-open-rss"], d, verdict(d <= 40)
    } else if (("floor", "first-frame") in med)
      printf "The app printed no first frame: is kindred_bench_hooks_install () called where the window is made? (floor: %s)\n",
        fmt(med["floor", "first-frame"])
    print ""
    printf "Journal file: %s MB. Queries (hits, at most 50):", size
    for (i = 1; i <= nq; i++)
      printf " %s`%s` (%s)", (i > 1 ? "· " : ""), order[i], hits[order[i]]
    print ""
  }
' "$results"
