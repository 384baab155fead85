/* bench-data.h: the benchmark's synthetic journal and its arithmetic, shared by
 * kindred-bench (the real store) and kindred-bench-plain (plain SQLite), so that
 * both measure the very same entries and queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BENCH_SEED          20260301u
#define BENCH_N_ENTRIES     50000
#define BENCH_BATCH         1000   /* entries per transaction in the bulk insert */
#define BENCH_PAGE          64     /* rows in the list's first page */
#define BENCH_SEARCH_LIMIT  50     /* uuids asked of one search */
#define BENCH_N_STRATEGIES  12
#define BENCH_MAX_EMOTIONS  4
#define BENCH_MAX_TRIGGERS  3
#define BENCH_MAX_LINKS     2

typedef struct
{
  char        uuid[37];
  gint64      created_at;     /* seconds since the epoch, UTC; strictly increasing */
  int         mood;           /* 1–5 */
  char       *title;          /* nullable */
  char       *body;
  guint       n_emotions;
  const char *emotions[BENCH_MAX_EMOTIONS];
  int         intensities[BENCH_MAX_EMOTIONS];
  guint       n_triggers;
  const char *triggers[BENCH_MAX_TRIGGERS];
  guint       n_links;
  guint       strategies[BENCH_MAX_LINKS];   /* index into BenchJournal.strategy_uuids */
  int         helped[BENCH_MAX_LINKS];       /* 0–4 */
} BenchEntry;

typedef struct
{
  BenchEntry *entries;
  guint       n_entries;
  char        strategy_uuids[BENCH_N_STRATEGIES][37];
  const char *strategy_names[BENCH_N_STRATEGIES];
  const char *strategy_categories[BENCH_N_STRATEGIES];
} BenchJournal;

/* Deterministic: the same @n_entries give the same journal on every machine. */
BenchJournal *bench_journal_new     (guint          n_entries);
void          bench_journal_free    (BenchJournal  *journal);

/* The FTS4 queries, NULL-terminated: single words of different frequency, prefix
 * queries, an implicit AND, an OR, a phrase and a tag. */
extern const char * const bench_queries[];

/* Milliseconds on the monotonic clock. */
double        bench_now_ms          (void);
/* Sorts @values in place.  @q in [0, 1]: nearest-rank percentile; 0.5 = median. */
double        bench_percentile      (double        *values,
                                     guint          n,
                                     double         q);
double        bench_median          (double        *values,
                                     guint          n);

/* One line of results for build-aux/bench.sh:
 * "RESULT <program> <measure> <median ms> <p95 ms or -> <runs>", tab-separated. */
void          bench_report          (const char    *program,
                                     const char    *measure,
                                     double        *values,
                                     guint          n,
                                     gboolean       with_p95);

/* Parses --entries N and --runs N (small values make a quick smoke run) and --keep
 * (leave the last journal behind, to look at its query plans, and say where). */
void          bench_parse_args      (int            argc,
                                     char         **argv,
                                     guint         *n_entries,
                                     guint         *runs,
                                     gboolean      *keep);

G_END_DECLS
