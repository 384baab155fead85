/* bench-data.c: the benchmark's synthetic journal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-data.h"

/* Roughly in order of how often they occur in diary prose; ranks follow Zipf's law
 * below, so "today" is in most entries and "panic" in a few percent, as in a real
 * journal, and the index has long posting lists as well as short ones. */
static const char * const common_words[] = {
  "i", "the", "and", "to", "a", "was", "it", "of", "my", "me", "that", "in", "felt",
  "today", "but", "so", "for", "with", "not", "just", "really", "had", "feel", "like",
  "about", "have", "be", "when", "then", "at", "again", "day", "this", "all", "more",
  "little", "time", "after", "some", "morning", "night", "work", "sleep", "tired",
  "better", "good", "bad", "bit", "still", "went", "walk", "talked", "friend",
  "because", "think", "thought", "want", "know", "could", "would", "did", "much",
  "home", "long", "evening", "tried", "calm", "anxious", "head", "body", "breath",
  "breathing", "mother", "father", "sister", "brother", "partner", "family", "call",
  "called", "message", "phone", "outside", "rain", "sun", "coffee", "tea", "lunch",
  "dinner", "ate", "cooked", "slept", "woke", "early", "late", "week", "weekend",
  "meeting", "boss", "group", "session", "therapist", "doctor", "appointment",
  "medication", "worried", "worry", "stress", "stressed", "happy", "sad", "angry",
  "lonely", "grateful", "hopeful", "overwhelmed", "relieved", "proud", "scared",
  "nervous", "heavy", "light", "quiet", "loud", "crowded", "alone", "together",
  "listened", "music", "book", "read", "wrote", "writing", "journal", "notice",
  "noticed", "small", "step", "steps", "walking", "walked", "park", "garden",
  "kitchen", "bed", "couch", "bus", "train", "shop", "money", "bills", "rent",
  "deadline", "email", "emails", "screen", "news", "social", "scrolling", "cried",
  "laughed", "smiled", "hug", "dog", "cat", "plants", "shower", "stretch",
  "stretched", "yoga", "run", "ran", "gym", "swim", "cold", "warm", "hungry",
  "headache", "stomach", "chest", "tight", "shaky", "racing", "thoughts", "panic",
  "attack", "grounding", "counted", "five", "things", "see", "hear", "touch",
  "remember", "remembered", "memory", "future", "plan", "plans", "list", "done",
  "finished", "started", "forgot", "mistake", "sorry", "argument", "conflict",
  "apologised", "boundary", "boundaries", "said", "no", "yes", "rest", "nap",
  "break", "pause", "kind", "kindness", "gentle", "patient", "hard", "easier",
  "harder", "progress", "setback", "hope", "trust", "safe", "unsafe", "numb",
  "restless", "energy", "drained", "motivated", "stuck", "moving", "forward",
};

/* Made-up words for the long tail of the vocabulary (names, places, rarer words). */
static const char * const syllables[] = {
  "ba", "be", "bo", "da", "de", "di", "fa", "fe", "ka", "ki", "ko", "la", "le", "li",
  "lo", "ma", "me", "mi", "mo", "na", "ne", "no", "pa", "pe", "po", "ra", "re", "ri",
  "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "za", "zo",
};
#define N_TAIL_WORDS 20000

static const char * const emotions[] = {
  "joy", "calm", "sadness", "anxiety", "anger", "loneliness", "hope", "gratitude",
  "tiredness", "overwhelm", "contentment", "shame", "pride", "fear", "frustration",
  "relief",
};

static const char * const triggers[] = {
  "work", "family", "sleep", "money", "health", "news", "social media", "weather",
  "school", "relationship", "being alone", "conflict", "crowds", "deadlines",
};

static const char * const strategy_names[BENCH_N_STRATEGIES] = {
  "Box breathing", "A short walk", "Call a friend", "Five senses grounding",
  "Write it down", "Stretching", "Music", "A warm shower", "Tidy one small thing",
  "Step outside", "Rest without screens", "Kind self-talk",
};

static const char * const strategy_categories[BENCH_N_STRATEGIES] = {
  "body", "movement", "connection", "grounding", "reflection", "movement", "comfort",
  "comfort", "action", "movement", "rest", "reflection",
};

const char * const bench_queries[] = {
  "panic",              /* a word in a few percent of entries */
  "walk*",              /* prefix: walk, walked, walking */
  "sleep tired",        /* implicit AND of two common words */
  "therapist OR doctor",
  "anx*",
  "\"felt calm\"",      /* a phrase */
  "boundar*",
  "grounding counted",
  "deadlines",          /* a trigger tag */
  "today",              /* the most common content word: the worst case */
  NULL,
};

static void
make_uuid (GRand *rand,
           char   out[37])
{
  guint8 b[16];

  for (guint i = 0; i < 16; i++)
    b[i] = (guint8) g_rand_int_range (rand, 0, 256);
  b[6] = (b[6] & 0x0f) | 0x40;   /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  snprintf (out, 37,
            "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
            b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

typedef struct
{
  GPtrArray *words;   /* char *, by rank */
  double    *cdf;
} Vocabulary;

static void
vocabulary_init (Vocabulary *vocab,
                 GRand      *rand)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;
  double sum = 0;
  double acc = 0;

  vocab->words = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (common_words); i++)
    {
      g_ptr_array_add (vocab->words, g_strdup (common_words[i]));
      g_hash_table_add (seen, vocab->words->pdata[i]);
    }

  while (vocab->words->len < G_N_ELEMENTS (common_words) + N_TAIL_WORDS)
    {
      GString *word = g_string_new (NULL);
      guint n_syllables = g_rand_int_range (rand, 2, 5);

      for (guint i = 0; i < n_syllables; i++)
        g_string_append (word,
                         syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
      if (g_hash_table_contains (seen, word->str))
        {
          g_string_free (word, TRUE);
          continue;
        }
      g_ptr_array_add (vocab->words, g_string_free (word, FALSE));
      g_hash_table_add (seen, vocab->words->pdata[vocab->words->len - 1]);
    }

  /* Zipf's law (s = 1): the word of rank r is used in proportion to 1/r. */
  n = vocab->words->len;
  vocab->cdf = g_new (double, n);
  for (guint r = 0; r < n; r++)
    sum += 1.0 / (r + 1);
  for (guint r = 0; r < n; r++)
    {
      acc += 1.0 / (r + 1) / sum;
      vocab->cdf[r] = acc;
    }
  vocab->cdf[n - 1] = 1.0;
}

static void
vocabulary_clear (Vocabulary *vocab)
{
  g_ptr_array_unref (vocab->words);
  g_free (vocab->cdf);
}

static const char *
vocabulary_pick (Vocabulary *vocab,
                 GRand      *rand)
{
  double u = g_rand_double (rand);
  guint lo = 0;
  guint hi = vocab->words->len - 1;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (vocab->cdf[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }

  return vocab->words->pdata[lo];
}

static char *
make_text (Vocabulary *vocab,
           GRand      *rand,
           guint       n_words,
           gboolean    sentences)
{
  GString *text = g_string_sized_new (n_words * 7);
  guint until_stop = g_rand_int_range (rand, 6, 20);

  for (guint i = 0; i < n_words; i++)
    {
      const char *word = vocabulary_pick (vocab, rand);

      if (i > 0)
        g_string_append_c (text, ' ');
      if (i == 0 || (sentences && text->len > 1 && text->str[text->len - 2] == '.'))
        {
          g_string_append_c (text, g_ascii_toupper (word[0]));
          g_string_append (text, word + 1);
        }
      else
        {
          g_string_append (text, word);
        }

      if (sentences && --until_stop == 0)
        {
          g_string_append_c (text, '.');
          until_stop = g_rand_int_range (rand, 6, 20);
        }
    }
  if (sentences && text->str[text->len - 1] != '.')
    g_string_append_c (text, '.');

  return g_string_free (text, FALSE);
}

/* Picks @n distinct indices below @max into @out. */
static void
pick_distinct (GRand *rand,
               guint  n,
               guint  max,
               guint *out)
{
  for (guint i = 0; i < n; i++)
    {
      gboolean again;

      do
        {
          out[i] = g_rand_int_range (rand, 0, max);
          again = FALSE;
          for (guint j = 0; j < i; j++)
            again |= out[j] == out[i];
        }
      while (again);
    }
}

BenchJournal *
bench_journal_new (guint n_entries)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (BENCH_SEED);
  BenchJournal *journal = g_new0 (BenchJournal, 1);
  Vocabulary vocab;
  /* 2021-03-01 00:00 UTC; about five years of entries, several a day */
  gint64 t = 1614556800;

  vocabulary_init (&vocab, rand);

  for (guint i = 0; i < BENCH_N_STRATEGIES; i++)
    {
      make_uuid (rand, journal->strategy_uuids[i]);
      journal->strategy_names[i] = strategy_names[i];
      journal->strategy_categories[i] = strategy_categories[i];
    }

  journal->n_entries = n_entries;
  journal->entries = g_new0 (BenchEntry, n_entries);
  for (guint i = 0; i < n_entries; i++)
    {
      BenchEntry *e = &journal->entries[i];
      guint picks[BENCH_MAX_EMOTIONS];

      make_uuid (rand, e->uuid);
      t += g_rand_int_range (rand, 60, 6 * 3600);
      e->created_at = t;
      e->mood = g_rand_int_range (rand, 1, 6);

      if (g_rand_int_range (rand, 0, 10) < 3)
        e->title = make_text (&vocab, rand, g_rand_int_range (rand, 2, 6), FALSE);
      e->body = make_text (&vocab, rand, g_rand_int_range (rand, 50, 401), TRUE);

      e->n_emotions = g_rand_int_range (rand, 1, BENCH_MAX_EMOTIONS + 1);
      pick_distinct (rand, e->n_emotions, G_N_ELEMENTS (emotions), picks);
      for (guint j = 0; j < e->n_emotions; j++)
        {
          e->emotions[j] = emotions[picks[j]];
          e->intensities[j] = g_rand_int_range (rand, 1, 6);
        }

      e->n_triggers = g_rand_int_range (rand, 0, BENCH_MAX_TRIGGERS + 1);
      pick_distinct (rand, e->n_triggers, G_N_ELEMENTS (triggers), picks);
      for (guint j = 0; j < e->n_triggers; j++)
        e->triggers[j] = triggers[picks[j]];

      e->n_links = g_rand_int_range (rand, 0, BENCH_MAX_LINKS + 1);
      pick_distinct (rand, e->n_links, BENCH_N_STRATEGIES, e->strategies);
      for (guint j = 0; j < e->n_links; j++)
        e->helped[j] = g_rand_int_range (rand, 0, 5);
    }

  vocabulary_clear (&vocab);

  return journal;
}

void
bench_journal_free (BenchJournal *journal)
{
  if (journal == NULL)
    return;

  for (guint i = 0; i < journal->n_entries; i++)
    {
      g_free (journal->entries[i].title);
      g_free (journal->entries[i].body);
    }
  g_free (journal->entries);
  g_free (journal);
}

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_percentile (double *values,
                  guint   n,
                  double  q)
{
  guint rank;

  g_return_val_if_fail (n > 0, 0);

  qsort (values, n, sizeof (double), compare_doubles);
  rank = (guint) ceil (q * n);
  rank = CLAMP (rank, 1, n);

  return values[rank - 1];
}

double
bench_median (double *values,
              guint   n)
{
  g_return_val_if_fail (n > 0, 0);

  qsort (values, n, sizeof (double), compare_doubles);
  if (n % 2 == 1)
    return values[n / 2];

  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

void
bench_report (const char *program,
              const char *measure,
              double     *values,
              guint       n,
              gboolean    with_p95)
{
  double median = bench_median (values, n);

  if (with_p95)
    printf ("RESULT\t%s\t%s\t%.2f\t%.2f\t%u\n", program, measure, median,
            bench_percentile (values, n, 0.95), n);
  else
    printf ("RESULT\t%s\t%s\t%.2f\t-\t%u\n", program, measure, median, n);
  fflush (stdout);
}

void
bench_parse_args (int        argc,
                  char     **argv,
                  guint     *n_entries,
                  guint     *runs,
                  gboolean  *keep)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--entries") && i + 1 < argc)
        *n_entries = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        *runs = (guint) g_ascii_strtoull (argv[++i], NULL, 10);
      else if (g_str_equal (argv[i], "--keep"))
        *keep = TRUE;
      else
        {
          fprintf (stderr, "usage: %s [--entries N] [--runs N] [--keep]\n", argv[0]);
          exit (2);
        }
    }

  if (*n_entries < BENCH_PAGE || *runs < 1)
    {
      fprintf (stderr, "%s: at least %d entries and 1 run\n", argv[0], BENCH_PAGE);
      exit (2);
    }
}
