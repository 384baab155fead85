#!/usr/bin/env bash
# Builds the benchmark in release mode (in _build-bench/) and runs it: the real
# encrypted store (kindred-bench), the same SQL on SQLCipher alone (kindred-bench-sql)
# and on Debian's plain SQLite (kindred-bench-plain), all on the same deterministic
# 50,000-entry journal, then prints one Markdown table (the one in README.md).
# Arguments go to the three programs: --entries N, --runs N (e.g. for a quick look).
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
ninja -C "$build" --quiet \
  tests/bench/kindred-bench tests/bench/kindred-bench-sql tests/bench/kindred-bench-plain

for program in kindred-bench kindred-bench-sql kindred-bench-plain; do
  echo "bench.sh: running $program…" >&2
  "$build/tests/bench/$program" "$@" >>"$results"
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) × ${cpu:-unknown CPU}; Linux $(uname -r);" \
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
  $1 == "INFO" && $3 == "entries" { entries = $4 }
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
    print ""
    printf "Journal file: %s MB. Queries (hits, at most 50):", size
    for (i = 1; i <= nq; i++)
      printf " %s`%s` (%s)", (i > 1 ? "· " : ""), order[i], hits[order[i]]
    print ""
  }
' "$results"
