/* kindred-store-sync.c: the journal as sync records, and merging another device's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is in envelope/FORMATS.md ("Sync").  The rules, and why:
 *
 * - Every version of an entry has a dot: (hlc, device) of the save that made it.
 *   Versions are ordered by hlc, then device id (last writer wins).
 *
 * - Each version has a lineage: the versions of that entry it had seen when it
 *   was saved, as a version vector (device → highest hlc) with exceptions (dots
 *   below the vector it has NOT seen: versions that lived on as conflict copies
 *   beside the one the person edited).  Version a has seen b when b's dot is in
 *   a's lineage; then b is old news.  It is kept in entries.lineage as sync last
 *   wrote it.  A local save changes only hlc and device_id, and the row's lineage
 *   then lacks the row's own dot: that is how sync tells a local save, whose
 *   lineage is everything the family knew except its copies.  The store's save
 *   path did not change.
 *
 * - Versions with the same content (all a person sees of an entry, not when or
 *   where it was saved) are one version for the person: two devices that import
 *   the same file make no conflict.  One row stands for such a group; its latest
 *   version is the row's dot, the others are the row's aliases (entries.aliases).
 *   All deletions of an entry are one content.
 *
 * - An entry's family is its row plus its untouched conflict copies: the members,
 *   the versions nobody has written over.  The family also knows versions that
 *   were written over (superseded): kept in entries.superseded on the entry's row,
 *   and sent along, so that a version written over on one device is known as
 *   such on the others, whatever order the files come in.
 *
 * - A version that arrives is news unless a member is it or has seen it, or it is
 *   superseded.  Every member it has seen, or that is superseded, leaves the
 *   family; a new one joins the group of its content.  The group of the latest
 *   member is the entry; every other group that is not a deletion becomes a
 *   conflict copy, so no words are lost; deletions that lose stay among the entry
 *   row's aliases (see merge_family()).  A copy is an ordinary entry with
 *   conflict_of = the original uuid and a uuid derived from (original, dot): the
 *   same copy made on two devices is one entry, and a copy the person deleted or
 *   kept stays so (their row wins over the copy wherever it comes from again).
 *
 * - Lineages are fixed when a version is saved; "superseded" is everything known
 *   minus the members.  Both are functions of the set of versions known, so a
 *   merge is idempotent, commutative and associative (tests/test-sync.c checks it
 *   against a model of what each device had seen).
 *
 * - Strategies and documents (safety plan, each contact) are last writer wins on
 *   their stamp; they have no text conflicts worth a copy.
 *
 * KINDRED_SYNC_TRACE=1 in the environment prints each family merge's decision to
 * stderr: stamps and device ids only, never a word of an entry.
 */

#define G_LOG_DOMAIN "kindred-store-sync"

#include "config.h"

#include "store/kindred-store-sync.h"
#include "store/kindred-store-private.h"
#include "envelope/kindred-envelope.h"
#include "kindred-util.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

/* Limits for records from another device's file (it passed the passphrase, but a
 * damaged or hostile writer must still not make us misbehave). */
#define MAX_LINE       (16 * 1024 * 1024)
#define MAX_DEPTH      8
#define MAX_CHILDREN   1024
#define MAX_LINEAGE    256
#define MAX_DOCUMENT   (1024 * 1024)

/* The settings rows that follow the person to their other devices. */
static const char * const synced_documents[] = { "safety-plan", "contacts", NULL };

/* ---- Dots and lineages ----------------------------------------------------- */

/* Device ids are interned: there are few, and comparing pointers is cheap. */
typedef struct
{
  const char *device;
  KindredHlc  hlc;
} Dot;

typedef struct
{
  GArray *vv;   /* Dot, sorted by device: the highest hlc seen of each */
  GArray *x;    /* Dot, sorted: exceptions, below vv but not seen */
} Lineage;

static int
compare_devices (const char *a,
                 const char *b)
{
  return a == b ? 0 : strcmp (a, b);
}

/* Last writer wins: by stamp, then by device id. */
static int
compare_dots (const Dot *a,
              const Dot *b)
{
  if (a->hlc != b->hlc)
    return a->hlc < b->hlc ? -1 : 1;
  return compare_devices (a->device, b->device);
}

static int
compare_dot_entries (gconstpointer a,
                     gconstpointer b)
{
  const Dot *da = a, *db = b;
  int c = compare_devices (da->device, db->device);

  if (c != 0)
    return c;
  if (da->hlc != db->hlc)
    return da->hlc < db->hlc ? -1 : 1;
  return 0;
}

static gboolean
dots_equal (const Dot *a,
            const Dot *b)
{
  return a->hlc == b->hlc && compare_devices (a->device, b->device) == 0;
}

static void
lineage_init (Lineage *l)
{
  l->vv = g_array_new (FALSE, FALSE, sizeof (Dot));
  l->x = g_array_new (FALSE, FALSE, sizeof (Dot));
}

static void
lineage_clear (Lineage *l)
{
  g_clear_pointer (&l->vv, g_array_unref);
  g_clear_pointer (&l->x, g_array_unref);
}

static void
lineage_copy (Lineage       *dest,
              const Lineage *src)
{
  lineage_init (dest);
  g_array_append_vals (dest->vv, src->vv->data, src->vv->len);
  g_array_append_vals (dest->x, src->x->data, src->x->len);
}

static KindredHlc
lineage_get (const Lineage *l,
             const char    *device)
{
  for (guint i = 0; i < l->vv->len; i++)
    {
      const Dot *d = &g_array_index (l->vv, Dot, i);

      if (compare_devices (d->device, device) == 0)
        return d->hlc;
    }
  return 0;
}

static gboolean
lineage_has_exception (const Lineage *l,
                       const Dot     *dot)
{
  for (guint i = 0; i < l->x->len; i++)
    if (dots_equal (&g_array_index (l->x, Dot, i), dot))
      return TRUE;
  return FALSE;
}

/* Whether the lineage has seen the version with this dot. */
static gboolean
lineage_contains (const Lineage *l,
                  const Dot     *dot)
{
  return dot->hlc <= lineage_get (l, dot->device) && !lineage_has_exception (l, dot);
}

static void
lineage_sort (Lineage *l)
{
  g_array_sort (l->vv, compare_dot_entries);
  g_array_sort (l->x, compare_dot_entries);
}

/* The vector moves up to @dot (a local save on top of what was there). */
static void
lineage_add_dot (Lineage   *l,
                 const Dot *dot)
{
  for (guint i = 0; i < l->vv->len; i++)
    {
      Dot *d = &g_array_index (l->vv, Dot, i);

      if (compare_devices (d->device, dot->device) == 0)
        {
          d->hlc = MAX (d->hlc, dot->hlc);
          goto done;
        }
    }
  g_array_append_val (l->vv, *dot);
  lineage_sort (l);

done:
  /* Its own dot is seen, even if an older merge listed it as an exception. */
  for (guint i = 0; i < l->x->len; i++)
    if (dots_equal (&g_array_index (l->x, Dot, i), dot))
      {
        g_array_remove_index (l->x, i);
        break;
      }
}

static void
lineage_exclude (Lineage   *l,
                 const Dot *dot)
{
  if (!lineage_has_exception (l, dot))
    {
      g_array_append_val (l->x, *dot);
      lineage_sort (l);
    }
}

/* The exact union of @n lineages: the vector is the maximum; an exception stays
 * only where no lineage has seen that dot. */
static void
lineage_union (Lineage        *out,
               const Lineage **ls,
               guint           n)
{
  lineage_init (out);

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < ls[i]->vv->len; j++)
      {
        const Dot *d = &g_array_index (ls[i]->vv, Dot, j);
        gboolean found = FALSE;

        for (guint k = 0; k < out->vv->len && !found; k++)
          {
            Dot *o = &g_array_index (out->vv, Dot, k);

            if (compare_devices (o->device, d->device) == 0)
              {
                o->hlc = MAX (o->hlc, d->hlc);
                found = TRUE;
              }
          }
        if (!found)
          g_array_append_val (out->vv, *d);
      }

  for (guint i = 0; i < n; i++)
    for (guint j = 0; j < ls[i]->x->len; j++)
      {
        const Dot *x = &g_array_index (ls[i]->x, Dot, j);
        gboolean seen = FALSE;

        for (guint k = 0; k < n && !seen; k++)
          seen = lineage_contains (ls[k], x);
        if (!seen && !lineage_has_exception (out, x))
          g_array_append_val (out->x, *x);
      }

  lineage_sort (out);
}

static gboolean
lineage_equal (const Lineage *a,
               const Lineage *b)
{
  if (a->vv->len != b->vv->len || a->x->len != b->x->len)
    return FALSE;
  for (guint i = 0; i < a->vv->len; i++)
    if (!dots_equal (&g_array_index (a->vv, Dot, i), &g_array_index (b->vv, Dot, i)))
      return FALSE;
  for (guint i = 0; i < a->x->len; i++)
    if (!dots_equal (&g_array_index (a->x, Dot, i), &g_array_index (b->x, Dot, i)))
      return FALSE;
  return TRUE;
}

/* Numbers without printf: 50,000 records have a dozen each. */
static void
append_uint64 (GString *out,
               guint64  value)
{
  char digits[24];
  int n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static void
append_int64 (GString *out,
              gint64   value)
{
  if (value < 0)
    {
      g_string_append_c (out, '-');
      append_uint64 (out, (guint64) 0 - (guint64) value);
    }
  else
    append_uint64 (out, (guint64) value);
}

/* "<device>=<hlc> … !<device>=<hlc> …": the vector, then the exceptions. */
static void
lineage_append (const Lineage *l,
                GString       *out)
{
  for (guint i = 0; i < l->vv->len; i++)
    {
      const Dot *d = &g_array_index (l->vv, Dot, i);

      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, d->device);
      g_string_append_c (out, '=');
      append_uint64 (out, d->hlc);
    }
  for (guint i = 0; i < l->x->len; i++)
    {
      const Dot *d = &g_array_index (l->x, Dot, i);

      g_string_append (out, " !");
      g_string_append (out, d->device);
      g_string_append_c (out, '=');
      append_uint64 (out, d->hlc);
    }
}

static char *
lineage_to_string (const Lineage *l)
{
  GString *out = g_string_new (NULL);

  lineage_append (l, out);
  return g_string_free (out, FALSE);
}

static gboolean
parse_dot (const char *token,
           gsize       len,
           Dot        *dot)
{
  const char *eq = memchr (token, '=', len);
  char device[37];
  char number[24];
  guint64 hlc;

  if (eq == NULL || eq - token != 36 || len - 37 == 0 || len - 37 >= sizeof number)
    return FALSE;

  memcpy (device, token, 36);
  device[36] = '\0';
  memcpy (number, eq + 1, len - 37);
  number[len - 37] = '\0';

  if (!g_uuid_string_is_valid (device) ||
      !g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT64, &hlc, NULL))
    return FALSE;

  dot->device = g_intern_string (device);
  dot->hlc = hlc;
  return TRUE;
}

/* @text NULL or "" is the empty lineage.  FALSE when it is not well formed. */
static gboolean
lineage_parse (const char *text,
               Lineage    *l)
{
  const char *p = text;

  lineage_init (l);
  if (text == NULL)
    return TRUE;

  while (*p != '\0')
    {
      const char *end = strchr (p, ' ');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      gboolean exception = (*p == '!');
      Dot dot;

      if (exception)
        {
          p++;
          len--;
        }
      if (!parse_dot (p, len, &dot) || l->vv->len + l->x->len >= MAX_LINEAGE)
        return FALSE;

      if (exception)
        {
          if (!lineage_has_exception (l, &dot))
            g_array_append_val (l->x, dot);
        }
      else
        {
          if (lineage_get (l, dot.device) != 0)
            return FALSE;
          g_array_append_val (l->vv, dot);
        }

      p += len;
      if (*p == ' ')
        p++;
    }

  lineage_sort (l);
  return TRUE;
}

/* ---- Entry versions ------------------------------------------------------- */

/* A version as the merge sees it: its dot, when it was saved and what it had seen.
 * An entry row holds one (its own) and maybe aliases: other versions with the
 * very same content, which are one version for the person. */
typedef struct
{
  Dot         dot;
  gint64      updated_us;
  gboolean    has_updated;
  Lineage     lineage;     /* the versions it had seen when saved; holds its own dot */
  gboolean    deleted;     /* an alias: a deletion beside a live entry (see Group) */
} Alias;

static void
alias_clear (gpointer data)
{
  Alias *alias = data;

  if (alias->lineage.vv != NULL)
    lineage_clear (&alias->lineage);
}

typedef struct
{
  char       *uuid;
  gint64      created_us;
  Alias       self;        /* this version */
  GArray     *aliases;     /* Alias: other versions with this content, oldest first */
  gboolean    deleted;
  int         mood;
  char       *title;       /* the person's words: never log them */
  char       *body;
  GPtrArray  *emotions;    /* char * */
  GArray     *intensities; /* int */
  GPtrArray  *triggers;    /* char * */
  GPtrArray  *strategies;  /* char *: strategy uuids */
  GArray     *helped;      /* int */
  Lineage     superseded;  /* an entry's row: what its family knows was written over */
  char       *conflict_of;
  gboolean    pristine;    /* a copy untouched since sync made it */
  char       *lineage_text;    /* from a file: as written there, for a quick compare */
  char       *superseded_text;
  char       *aliases_text;
} Version;

static Version *
version_new (void)
{
  Version *v = g_new0 (Version, 1);

  v->emotions = g_ptr_array_new_with_free_func (g_free);
  v->intensities = g_array_new (FALSE, FALSE, sizeof (int));
  v->triggers = g_ptr_array_new_with_free_func (g_free);
  v->strategies = g_ptr_array_new_with_free_func (g_free);
  v->helped = g_array_new (FALSE, FALSE, sizeof (int));
  lineage_init (&v->self.lineage);
  lineage_init (&v->superseded);
  v->aliases = g_array_new (FALSE, TRUE, sizeof (Alias));
  g_array_set_clear_func (v->aliases, alias_clear);
  return v;
}

static void
version_free (gpointer data)
{
  Version *v = data;

  if (v == NULL)
    return;

  g_free (v->uuid);
  if (v->title != NULL)
    sodium_memzero (v->title, strlen (v->title));
  if (v->body != NULL)
    sodium_memzero (v->body, strlen (v->body));
  g_free (v->title);
  g_free (v->body);
  g_ptr_array_unref (v->emotions);
  g_array_unref (v->intensities);
  g_ptr_array_unref (v->triggers);
  g_ptr_array_unref (v->strategies);
  g_array_unref (v->helped);
  lineage_clear (&v->self.lineage);
  lineage_clear (&v->superseded);
  g_array_unref (v->aliases);
  g_free (v->conflict_of);
  g_free (v->lineage_text);
  g_free (v->superseded_text);
  g_free (v->aliases_text);
  g_free (v);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Version, version_free)

void
_kindred_sync_copy_uuid (const char *original,
                         KindredHlc  hlc,
                         const char *device,
                         char        out[37])
{
  crypto_generichash_state state;
  guint8 hash[16];
  char number[24];
  static const char domain[] = "kindred-sync-conflict-copy";

  g_snprintf (number, sizeof number, "%" G_GUINT64_FORMAT, hlc);
  crypto_generichash_init (&state, NULL, 0, sizeof hash);
  crypto_generichash_update (&state, (const guint8 *) domain, sizeof domain);
  crypto_generichash_update (&state, (const guint8 *) original, strlen (original) + 1);
  crypto_generichash_update (&state, (const guint8 *) number, strlen (number) + 1);
  crypto_generichash_update (&state, (const guint8 *) device, strlen (device) + 1);
  crypto_generichash_final (&state, hash, sizeof hash);

  /* A version-8 (custom) uuid: well formed, and never one g_uuid_string_random()
   * makes. */
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  g_snprintf (out, 37,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7],
              hash[8], hash[9], hash[10], hash[11], hash[12], hash[13], hash[14],
              hash[15]);
}

static gboolean
is_pristine_copy (const char *uuid,
                  const char *conflict_of,
                  const Dot  *dot)
{
  char derived[37];

  if (conflict_of == NULL)
    return FALSE;

  _kindred_sync_copy_uuid (conflict_of, dot->hlc, dot->device, derived);
  return strcmp (derived, uuid) == 0;
}

/* Nesting depth of the raw bytes, strings skipped: json-glib 1.6 must not see
 * deep nesting. */
static guint
json_depth (const char *data,
            gsize       len)
{
  guint depth = 0, max = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          depth++;
          max = MAX (max, depth);
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return max;
}

/* What makes two versions one for the person: everything they see of an entry
 * (not when it was saved, nor by which device).  Two devices that import the same
 * file, or set the same mood, make versions with one digest. */
static void
content_digest (const Version *v,
                guint8         out[16])
{
  crypto_generichash_state state;
  char number[32];

#define ADD_TEXT(text) \
  G_STMT_START { \
    const char *t_ = (text) != NULL ? (text) : ""; \
    guint32 len_ = (text) != NULL ? (guint32) strlen (t_) + 1 : 0; \
    crypto_generichash_update (&state, (const guint8 *) &len_, sizeof len_); \
    crypto_generichash_update (&state, (const guint8 *) t_, len_); \
  } G_STMT_END

  crypto_generichash_init (&state, NULL, 0, 16);

  /* Every deletion of an entry is the same for the person. */
  if (v->deleted)
    {
      crypto_generichash_update (&state, (const guint8 *) "deleted", 7);
      crypto_generichash_final (&state, out, 16);
      return;
    }

  g_snprintf (number, sizeof number, "%d %" G_GINT64_FORMAT " %d", v->deleted ? 1 : 0,
              v->created_us, v->mood);
  ADD_TEXT (number);
  ADD_TEXT (v->title);
  ADD_TEXT (v->body);
  for (guint i = 0; i < v->emotions->len; i++)
    {
      ADD_TEXT (g_ptr_array_index (v->emotions, i));
      g_snprintf (number, sizeof number, "%d", g_array_index (v->intensities, int, i));
      ADD_TEXT (number);
    }
  ADD_TEXT ("|");
  for (guint i = 0; i < v->triggers->len; i++)
    ADD_TEXT (g_ptr_array_index (v->triggers, i));
  ADD_TEXT ("|");
  for (guint i = 0; i < v->strategies->len; i++)
    {
      ADD_TEXT (g_ptr_array_index (v->strategies, i));
      g_snprintf (number, sizeof number, "%d", g_array_index (v->helped, int, i));
      ADD_TEXT (number);
    }
#undef ADD_TEXT

  crypto_generichash_final (&state, out, 16);
}

static int
compare_aliases (gconstpointer a,
                 gconstpointer b)
{
  return compare_dots (&((const Alias *) a)->dot, &((const Alias *) b)->dot);
}

/* [{"device":…,"hlc":…,"updated":…,"lineage":…}, …] oldest first, or NULL when
 * there is none.  The same text in the journal and in the file. */
static char *
aliases_to_string (GArray *aliases)
{
  GString *out;

  if (aliases == NULL || aliases->len == 0)
    return NULL;

  out = g_string_new ("[");
  for (guint i = 0; i < aliases->len; i++)
    {
      const Alias *alias = &g_array_index (aliases, Alias, i);

      g_string_append_printf (out, "%s{\"device\":\"%s\",\"hlc\":%" G_GUINT64_FORMAT,
                              i > 0 ? "," : "", alias->dot.device, alias->dot.hlc);
      if (alias->has_updated)
        g_string_append_printf (out, ",\"updated\":%" G_GINT64_FORMAT, alias->updated_us);
      if (alias->deleted)
        g_string_append (out, ",\"deleted\":true");
      g_string_append (out, ",\"lineage\":\"");
      lineage_append (&alias->lineage, out);
      g_string_append (out, "\"}");
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static gboolean
parse_device (const char *text,
              Dot        *dot);

/* The aliases of a version with dot @own from a JSON array node; FALSE when they
 * are not well formed (each must hold its own dot, be older than @own, and be
 * there once). */
static gboolean
aliases_from_node (JsonNode  *node,
                   const Dot *own,
                   GArray    *out)
{
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_LINEAGE)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object;
      Alias alias = { { NULL, 0 }, 0, FALSE, { NULL, NULL }, FALSE };
      const char *device = NULL, *lineage = NULL;
      JsonNode *member;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return FALSE;
      object = json_node_get_object (item);

      member = json_object_get_member (object, "device");
      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING)
        device = json_node_get_string (member);
      member = json_object_get_member (object, "lineage");
      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING)
        lineage = json_node_get_string (member);
      member = json_object_get_member (object, "hlc");
      if (device == NULL || lineage == NULL || !parse_device (device, &alias.dot) ||
          member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
          json_node_get_value_type (member) != G_TYPE_INT64 || json_node_get_int (member) < 1)
        return FALSE;
      alias.dot.hlc = (KindredHlc) json_node_get_int (member);

      member = json_object_get_member (object, "updated");
      if (member != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
            return FALSE;
          alias.has_updated = TRUE;
          alias.updated_us = json_node_get_int (member);
        }
      member = json_object_get_member (object, "deleted");
      if (member != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (member) ||
              json_node_get_value_type (member) != G_TYPE_BOOLEAN)
            return FALSE;
          alias.deleted = json_node_get_boolean (member);
        }

      if (!lineage_parse (lineage, &alias.lineage) ||
          !lineage_contains (&alias.lineage, &alias.dot) ||
          compare_dots (&alias.dot, own) >= 0)
        {
          alias_clear (&alias);
          return FALSE;
        }
      for (guint j = 0; j < out->len; j++)
        if (dots_equal (&g_array_index (out, Alias, j).dot, &alias.dot))
          {
            alias_clear (&alias);
            return FALSE;
          }
      g_array_append_val (out, alias);
    }

  g_array_sort (out, compare_aliases);
  return TRUE;
}

static gboolean
aliases_parse (const char *text,
               const Dot  *own,
               GArray     *out)
{
  g_autoptr(JsonParser) parser = NULL;

  if (text == NULL || text[0] == '\0')
    return TRUE;

  parser = json_parser_new_immutable ();
  return json_parser_load_from_data (parser, text, -1, NULL) &&
         aliases_from_node (json_parser_get_root (parser), own, out);
}

/* ---- Writing JSON -------------------------------------------------------- */

static void
append_member (GString    *out,
               const char *name)
{
  g_string_append_c (out, ',');
  kindred_json_append_string (out, name);
  g_string_append_c (out, ':');
}

static void
append_version (GString       *out,
                const Version *v)
{
  g_string_append (out, "{\"t\":\"entry\",\"uuid\":");
  kindred_json_append_string (out, v->uuid);
  g_string_append_printf (out, ",\"created\":%" G_GINT64_FORMAT, v->created_us);
  if (v->self.has_updated)
    g_string_append_printf (out, ",\"updated\":%" G_GINT64_FORMAT, v->self.updated_us);
  g_string_append_printf (out, ",\"hlc\":%" G_GUINT64_FORMAT, v->self.dot.hlc);
  append_member (out, "device");
  kindred_json_append_string (out, v->self.dot.device);
  if (v->deleted)
    g_string_append (out, ",\"deleted\":true");
  if (v->mood != KINDRED_MOOD_NONE)
    g_string_append_printf (out, ",\"mood\":%d", v->mood);
  if (v->title != NULL)
    {
      append_member (out, "title");
      kindred_json_append_string (out, v->title);
    }
  if (v->body != NULL)
    {
      append_member (out, "body");
      kindred_json_append_string (out, v->body);
    }
  if (v->emotions->len > 0)
    {
      g_string_append (out, ",\"emotions\":[");
      for (guint i = 0; i < v->emotions->len; i++)
        {
          g_string_append (out, i > 0 ? ",[" : "[");
          kindred_json_append_string (out, g_ptr_array_index (v->emotions, i));
          g_string_append_printf (out, ",%d]", g_array_index (v->intensities, int, i));
        }
      g_string_append_c (out, ']');
    }
  if (v->triggers->len > 0)
    {
      g_string_append (out, ",\"triggers\":[");
      for (guint i = 0; i < v->triggers->len; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          kindred_json_append_string (out, g_ptr_array_index (v->triggers, i));
        }
      g_string_append_c (out, ']');
    }
  if (v->strategies->len > 0)
    {
      g_string_append (out, ",\"strategies\":[");
      for (guint i = 0; i < v->strategies->len; i++)
        {
          g_string_append (out, i > 0 ? ",[" : "[");
          kindred_json_append_string (out, g_ptr_array_index (v->strategies, i));
          g_string_append_printf (out, ",%d]", g_array_index (v->helped, int, i));
        }
      g_string_append_c (out, ']');
    }
  if (v->conflict_of != NULL)
    {
      append_member (out, "conflict_of");
      kindred_json_append_string (out, v->conflict_of);
    }
  g_string_append (out, ",\"lineage\":\"");
  lineage_append (&v->self.lineage, out);
  if (v->superseded.vv->len > 0)
    {
      g_string_append (out, "\",\"superseded\":\"");
      lineage_append (&v->superseded, out);
    }
  g_string_append_c (out, '"');
  if (v->aliases->len > 0)
    {
      g_autofree char *aliases = aliases_to_string (v->aliases);

      g_string_append_printf (out, ",\"aliases\":%s", aliases);
    }
  g_string_append (out, "}\n");
}

/* ---- Reading rows ---------------------------------------------------------- */

#define VERSION_COLUMNS \
  "id, uuid, created_at, updated_at, hlc, device_id, mood, title, body, deleted," \
  " conflict_of, lineage, superseded, aliases"

static void
wipe_string (GString *s)
{
  sodium_memzero (s->str, s->allocated_len);
  g_string_free (s, TRUE);
}

/* A row's lineages and aliases from the stored columns.  Saved here since sync
 * last wrote the row (a local save changes only hlc and device_id, so the stored
 * lineage lacks the row's own dot)?  Then this version saw everything the family
 * knew except its conflict copies (the row's aliases too: the person saw their
 * words as this version's), all of that but itself is superseded now, and the row
 * has no aliases.  Columns that cannot be read count as a version that has seen
 * only itself. */
static void
row_lineages (const Dot  *dot,
              const char *stored_lineage,
              const char *stored_superseded,
              const char *stored_aliases,
              Lineage    *own,
              Lineage    *superseded,
              GArray     *aliases)
{
  if (!lineage_parse (stored_lineage, own) || !lineage_parse (stored_superseded, superseded) ||
      !aliases_parse (stored_aliases, dot, aliases))
    {
      g_debug ("An entry's sync lineage could not be read; it starts afresh");
      lineage_clear (own);
      lineage_clear (superseded);
      lineage_init (own);
      lineage_init (superseded);
      g_array_set_size (aliases, 0);
    }

  if (!lineage_contains (own, dot))
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new ();
      Lineage seen;

      g_ptr_array_add (all, own);
      g_ptr_array_add (all, superseded);
      for (guint i = 0; i < aliases->len; i++)
        g_ptr_array_add (all, &g_array_index (aliases, Alias, i).lineage);
      lineage_union (&seen, (const Lineage **) all->pdata, all->len);
      g_array_set_size (aliases, 0);
      lineage_clear (own);
      *own = seen;
      lineage_add_dot (own, dot);
      lineage_clear (superseded);
      lineage_copy (superseded, own);
      lineage_exclude (superseded, dot);
    }
}

/* A row of VERSION_COLUMNS without its children.  A stored lineage that cannot be
 * read counts as having seen only the row itself.  @local_device: for a row
 * without a device id (none should have one; such a row is this device's). */
static Version *
version_from_row (sqlite3_stmt *stmt,
                  gint64       *id,
                  const char   *local_device)
{
  Version *v = version_new ();
  const char *device = (const char *) sqlite3_column_text (stmt, 5);

  *id = sqlite3_column_int64 (stmt, 0);
  v->uuid = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  v->created_us = sqlite3_column_int64 (stmt, 2);
  v->self.has_updated = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
  v->self.updated_us = v->self.has_updated ? sqlite3_column_int64 (stmt, 3) : 0;
  v->self.dot.hlc = (KindredHlc) sqlite3_column_int64 (stmt, 4);
  v->self.dot.device = g_intern_string (device != NULL && device[0] != '\0' ? device : local_device);
  v->mood = sqlite3_column_int (stmt, 6);
  v->title = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  v->body = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  v->deleted = sqlite3_column_int (stmt, 9) != 0;
  v->conflict_of = g_strdup ((const char *) sqlite3_column_text (stmt, 10));

  lineage_clear (&v->self.lineage);
  lineage_clear (&v->superseded);
  row_lineages (&v->self.dot, (const char *) sqlite3_column_text (stmt, 11),
                (const char *) sqlite3_column_text (stmt, 12),
                (const char *) sqlite3_column_text (stmt, 13), &v->self.lineage, &v->superseded,
                v->aliases);
  v->pristine = is_pristine_copy (v->uuid, v->conflict_of, &v->self.dot);

  return v;
}

static gboolean
set_db_error (GError     **error,
              sqlite3     *db,
              int          rc,
              const char  *what)
{
  _kindred_store_set_error (error, db, rc, what);
  return FALSE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (error, db, rc, "prepare");
      return NULL;
    }
  return stmt;
}

static gboolean
load_children (sqlite3  *db,
               Version  *v,
               gint64    id,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (db, "SELECT emotion, intensity FROM entry_emotions WHERE entry_id = ?"
                  " ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int intensity = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (v->emotions, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (v->intensities, intensity);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "emotions");
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "SELECT tag FROM entry_triggers WHERE entry_id = ? ORDER BY position",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (v->triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "triggers");
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "SELECT s.uuid, es.helped FROM entry_strategies es"
                  " JOIN strategies s ON s.id = es.strategy_id"
                  " WHERE es.entry_id = ? ORDER BY es.position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int helped = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (v->strategies, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_array_append_val (v->helped, helped);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "links");

  return TRUE;
}

/* ---- Export ------------------------------------------------------------- */

typedef struct
{
  GString    *out;
  GString    *copies;     /* untouched conflict copies, written after the entries */
  KindredHlc  hwm;
  guint       n_records;
  const char *local_device;
  gint64      after_id;   /* the last entry row written */
  gboolean    done;
} ExportData;

/* Child rows come in entry id order beside the entries, so one pass over each
 * table fills every entry (no statement per entry). */
typedef struct
{
  sqlite3_stmt *stmt;
  int           rc;
} Cursor;

static void
cursor_start (Cursor       *cursor,
              sqlite3_stmt *stmt)
{
  cursor->stmt = stmt;
  cursor->rc = sqlite3_step (stmt);
}

static gboolean
cursor_at (Cursor *cursor,
           gint64  id)
{
  while (cursor->rc == SQLITE_ROW && sqlite3_column_int64 (cursor->stmt, 0) < id)
    cursor->rc = sqlite3_step (cursor->stmt);
  return cursor->rc == SQLITE_ROW && sqlite3_column_int64 (cursor->stmt, 0) == id;
}

static void
append_strategy_row (GString      *out,
                     sqlite3_stmt *stmt,
                     KindredHlc   *hwm)
{
  int n = sqlite3_column_count (stmt);
  KindredHlc hlc = 0;
  const char *uuid = NULL, *device = NULL;

  for (int i = 0; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (strcmp (name, "uuid") == 0)
        uuid = (const char *) sqlite3_column_text (stmt, i);
      else if (strcmp (name, "hlc") == 0)
        hlc = (KindredHlc) sqlite3_column_int64 (stmt, i);
      else if (strcmp (name, "device_id") == 0)
        device = (const char *) sqlite3_column_text (stmt, i);
    }

  g_string_append (out, "{\"t\":\"strategy\",\"uuid\":");
  kindred_json_append_string (out, uuid != NULL ? uuid : "");
  g_string_append_printf (out, ",\"hlc\":%" G_GUINT64_FORMAT, hlc);
  if (device != NULL)
    {
      append_member (out, "device");
      kindred_json_append_string (out, device);
    }
  /* Every other column as it is: the strategy table grows with the library
   * (issue 5), and a column this build does not know is still carried. */
  g_string_append (out, ",\"cols\":{");
  for (int i = 0, first = 1; i < n; i++)
    {
      const char *name = sqlite3_column_name (stmt, i);

      if (strcmp (name, "id") == 0 || strcmp (name, "uuid") == 0 ||
          strcmp (name, "hlc") == 0 || strcmp (name, "device_id") == 0)
        continue;

      if (!first)
        g_string_append_c (out, ',');
      first = 0;
      kindred_json_append_string (out, name);
      g_string_append_c (out, ':');
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          {
            char number[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (out, g_ascii_dtostr (number, sizeof number,
                                                  sqlite3_column_double (stmt, i)));
          }
          break;
        case SQLITE_NULL:
          g_string_append (out, "null");
          break;
        default:
          kindred_json_append_string (out, (const char *) sqlite3_column_text (stmt, i));
        }
    }
  g_string_append (out, "}}\n");

  *hwm = MAX (*hwm, hlc);
}

/* Whether the stored lineage @text holds the token "<device>=<hlc>": then the row
 * is the version sync wrote (a version's own dot is the highest of its device in
 * its lineage), and the stored texts can go out as they are. */
static gboolean
has_own_token (const char *text,
               const Dot  *dot)
{
  char token[64];
  gsize len;

  len = (gsize) g_snprintf (token, sizeof token, "%s=%" G_GUINT64_FORMAT, dot->device, dot->hlc);
  for (const char *p = strstr (text, token); p != NULL; p = strstr (p + 1, token))
    if ((p == text || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
      return TRUE;
  return FALSE;
}

/* One entry row as a record, straight from the statement (VERSION_COLUMNS) and
 * the child cursors: the same text append_version() writes, without building a
 * Version for each of 50,000 rows.  Untouched copies go to @copies. */
static void
append_entry_row (GString      *copies,
                  GString      *entries,
                  sqlite3_stmt *stmt,
                  Cursor       *em,
                  Cursor       *tr,
                  Cursor       *li,
                  const char   *local_device,
                  KindredHlc   *hlc,
                  gboolean     *pristine)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  const char *uuid = (const char *) sqlite3_column_text (stmt, 1);
  const char *device = (const char *) sqlite3_column_text (stmt, 5);
  const char *title = (const char *) sqlite3_column_text (stmt, 7);
  const char *body = (const char *) sqlite3_column_text (stmt, 8);
  const char *conflict_of = (const char *) sqlite3_column_text (stmt, 10);
  const char *lineage = (const char *) sqlite3_column_text (stmt, 11);
  const char *superseded = (const char *) sqlite3_column_text (stmt, 12);
  const char *aliases = (const char *) sqlite3_column_text (stmt, 13);
  int mood = sqlite3_column_int (stmt, 6);
  gboolean deleted = sqlite3_column_int (stmt, 9) != 0;
  Dot dot;
  GString *out;
  guint n;

  dot.hlc = (KindredHlc) sqlite3_column_int64 (stmt, 4);
  dot.device = g_intern_string (device != NULL && device[0] != '\0' ? device : local_device);
  *hlc = dot.hlc;
  *pristine = is_pristine_copy (uuid, conflict_of, &dot);
  out = *pristine ? copies : entries;

  g_string_append (out, "{\"t\":\"entry\",\"uuid\":");
  kindred_json_append_string (out, uuid);
  g_string_append (out, ",\"created\":");
  append_int64 (out, sqlite3_column_int64 (stmt, 2));
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    {
      g_string_append (out, ",\"updated\":");
      append_int64 (out, sqlite3_column_int64 (stmt, 3));
    }
  g_string_append (out, ",\"hlc\":");
  append_uint64 (out, dot.hlc);
  append_member (out, "device");
  kindred_json_append_string (out, dot.device);
  if (deleted)
    g_string_append (out, ",\"deleted\":true");
  if (mood != KINDRED_MOOD_NONE)
    {
      g_string_append (out, ",\"mood\":");
      append_int64 (out, mood);
    }
  if (title != NULL)
    {
      append_member (out, "title");
      kindred_json_append_string (out, title);
    }
  if (body != NULL)
    {
      append_member (out, "body");
      kindred_json_append_string (out, body);
    }

  for (n = 0; cursor_at (em, id); n++, em->rc = sqlite3_step (em->stmt))
    {
      g_string_append (out, n == 0 ? ",\"emotions\":[[" : ",[");
      kindred_json_append_string (out, (const char *) sqlite3_column_text (em->stmt, 1));
      g_string_append_c (out, ',');
      append_int64 (out, sqlite3_column_int (em->stmt, 2));
      g_string_append_c (out, ']');
    }
  if (n > 0)
    g_string_append_c (out, ']');
  for (n = 0; cursor_at (tr, id); n++, tr->rc = sqlite3_step (tr->stmt))
    {
      g_string_append (out, n == 0 ? ",\"triggers\":[" : ",");
      kindred_json_append_string (out, (const char *) sqlite3_column_text (tr->stmt, 1));
    }
  if (n > 0)
    g_string_append_c (out, ']');
  for (n = 0; cursor_at (li, id); n++, li->rc = sqlite3_step (li->stmt))
    {
      g_string_append (out, n == 0 ? ",\"strategies\":[[" : ",[");
      kindred_json_append_string (out, (const char *) sqlite3_column_text (li->stmt, 1));
      g_string_append_c (out, ',');
      append_int64 (out, sqlite3_column_int (li->stmt, 2));
      g_string_append_c (out, ']');
    }
  if (n > 0)
    g_string_append_c (out, ']');

  if (conflict_of != NULL)
    {
      append_member (out, "conflict_of");
      kindred_json_append_string (out, conflict_of);
    }

  /* The lineages: as stored for a row sync wrote, worked out otherwise; a row sync
   * never wrote has seen only itself (most rows of a journal that never synced). */
  if (lineage == NULL && (aliases == NULL || aliases[0] == '\0') &&
      (superseded == NULL || superseded[0] == '\0'))
    {
      g_string_append (out, ",\"lineage\":\"");
      g_string_append (out, dot.device);
      g_string_append_c (out, '=');
      append_uint64 (out, dot.hlc);
      g_string_append (out, "\",\"superseded\":\"");
      g_string_append (out, dot.device);
      g_string_append_c (out, '=');
      append_uint64 (out, dot.hlc);
      g_string_append (out, " !");
      g_string_append (out, dot.device);
      g_string_append_c (out, '=');
      append_uint64 (out, dot.hlc);
      g_string_append (out, "\"}\n");
    }
  else if (lineage != NULL && has_own_token (lineage, &dot))
    {
      g_string_append_printf (out, ",\"lineage\":\"%s", lineage);
      if (superseded != NULL && superseded[0] != '\0')
        g_string_append_printf (out, "\",\"superseded\":\"%s", superseded);
      g_string_append_c (out, '"');
      if (aliases != NULL && aliases[0] != '\0')
        g_string_append_printf (out, ",\"aliases\":%s", aliases);
      g_string_append (out, "}\n");
    }
  else
    {
      Lineage own, dead;
      g_autoptr(GArray) others = g_array_new (FALSE, TRUE, sizeof (Alias));
      g_autofree char *others_text = NULL;

      /* row_lineages() fills the lineages from nothing. */
      g_array_set_clear_func (others, alias_clear);
      row_lineages (&dot, lineage, superseded, aliases, &own, &dead, others);
      others_text = aliases_to_string (others);
      g_string_append (out, ",\"lineage\":\"");
      lineage_append (&own, out);
      if (dead.vv->len > 0)
        {
          g_string_append (out, "\",\"superseded\":\"");
          lineage_append (&dead, out);
        }
      g_string_append_c (out, '"');
      if (others_text != NULL)
        g_string_append_printf (out, ",\"aliases\":%s", others_text);
      g_string_append (out, "}\n");
      lineage_clear (&own);
      lineage_clear (&dead);
    }
}

static KindredHlc
document_stamp (JsonObject *object)
{
  JsonNode *node = json_object_get_member (object, "hlc");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 0)
    return 0;
  return (KindredHlc) json_node_get_int (node);
}

static KindredHlc
document_hwm (const char *key,
              const char *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  KindredHlc hwm = 0;

  if (json_depth (value, strlen (value)) > 16 ||
      !json_parser_load_from_data (parser, value, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;

  hwm = document_stamp (json_node_get_object (root));
  if (strcmp (key, "contacts") == 0)
    {
      JsonNode *node = json_object_get_member (json_node_get_object (root), "contacts");

      if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *item = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_OBJECT (item))
                hwm = MAX (hwm, document_stamp (json_node_get_object (item)));
            }
        }
    }

  return hwm;
}

static gboolean
export_strategies_func (sqlite3   *db,
                        gpointer   user_data,
                        GError   **error)
{
  ExportData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT * FROM strategies ORDER BY uuid", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      append_strategy_row (data->out, stmt, &data->hwm);
      data->n_records++;
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "strategies");
  return TRUE;
}

/* Entries in pages of EXPORT_PAGE rows, each page one hold of the store's lock, so
 * that the window's reads wait at most for one page.  A sync file need not be a
 * snapshot: every record is whole and true of its row, and a merge takes any set
 * of such records (a change between pages is in this file or the next). */
#define EXPORT_PAGE 2000

static gboolean
export_entries_func (sqlite3   *db,
                     gpointer   user_data,
                     GError   **error)
{
  ExportData *data = user_data;
  g_autoptr(sqlite3_stmt) bounds = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) emotions = NULL;
  g_autoptr(sqlite3_stmt) triggers = NULL;
  g_autoptr(sqlite3_stmt) links = NULL;
  Cursor em, tr, li;
  gint64 last;
  int rc;

  bounds = prepare (db, "SELECT max(id), count(*) FROM (SELECT id FROM entries WHERE id > ?"
                    " ORDER BY id LIMIT " G_STRINGIFY (EXPORT_PAGE) ")", error);
  if (bounds == NULL)
    return FALSE;
  sqlite3_bind_int64 (bounds, 1, data->after_id);
  rc = sqlite3_step (bounds);
  if (rc != SQLITE_ROW)
    return set_db_error (error, db, rc, "entries");
  if (sqlite3_column_int64 (bounds, 1) == 0)
    {
      data->done = TRUE;
      return TRUE;
    }
  last = sqlite3_column_int64 (bounds, 0);

  stmt = prepare (db, "SELECT " VERSION_COLUMNS " FROM entries WHERE id > ?1 AND id <= ?2"
                  " ORDER BY id", error);
  emotions = prepare (db, "SELECT entry_id, emotion, intensity FROM entry_emotions"
                      " WHERE entry_id > ?1 AND entry_id <= ?2 ORDER BY entry_id, position",
                      error);
  triggers = prepare (db, "SELECT entry_id, tag FROM entry_triggers"
                      " WHERE entry_id > ?1 AND entry_id <= ?2 ORDER BY entry_id, position",
                      error);
  links = prepare (db, "SELECT es.entry_id, s.uuid, es.helped FROM entry_strategies es"
                   " JOIN strategies s ON s.id = es.strategy_id"
                   " WHERE es.entry_id > ?1 AND es.entry_id <= ?2"
                   " ORDER BY es.entry_id, es.position", error);
  if (stmt == NULL || emotions == NULL || triggers == NULL || links == NULL)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      sqlite3_stmt *each = (sqlite3_stmt *[]) { stmt, emotions, triggers, links }[i];

      sqlite3_bind_int64 (each, 1, data->after_id);
      sqlite3_bind_int64 (each, 2, last);
    }

  cursor_start (&em, emotions);
  cursor_start (&tr, triggers);
  cursor_start (&li, links);

  /* Untouched conflict copies go last, after the entries they belong to, so that
   * a merge meets the entry before its copies. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KindredHlc hlc;
      gboolean pristine;

      append_entry_row (data->copies, data->out, stmt, &em, &tr, &li, data->local_device,
                        &hlc, &pristine);
      data->hwm = MAX (data->hwm, hlc);
      data->n_records++;
    }
  if (rc != SQLITE_DONE || (em.rc != SQLITE_DONE && em.rc != SQLITE_ROW) ||
      (tr.rc != SQLITE_DONE && tr.rc != SQLITE_ROW) ||
      (li.rc != SQLITE_DONE && li.rc != SQLITE_ROW))
    return set_db_error (error, db, rc != SQLITE_DONE ? rc : SQLITE_ERROR, "entries");

  data->after_id = last;
  return TRUE;
}

static gboolean
export_documents_func (sqlite3   *db,
                       gpointer   user_data,
                       GError   **error)
{
  ExportData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (db, "SELECT key, value FROM settings WHERE key IN ('safety-plan', 'contacts')"
                  " AND value IS NOT NULL ORDER BY key", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append (data->out, "{\"t\":\"document\",\"key\":");
      kindred_json_append_string (data->out, key);
      g_string_append (data->out, ",\"value\":");
      kindred_json_append_string (data->out, value);
      g_string_append (data->out, "}\n");
      data->hwm = MAX (data->hwm, document_hwm (key, value));
      data->n_records++;
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "documents");

  return TRUE;
}

gboolean
_kindred_store_sync_export (KindredStore  *store,
                            GString       *out,
                            KindredHlc    *hwm,
                            guint         *n_records,
                            GError       **error)
{
  ExportData data = { out, NULL, 0, 0, kindred_store_get_device_id (store), 0, FALSE };
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);

  data.copies = g_string_new (NULL);
  ok = _kindred_store_read (store, export_strategies_func, &data, error);
  while (ok && !data.done)
    ok = _kindred_store_read (store, export_entries_func, &data, error);
  if (ok)
    g_string_append_len (out, data.copies->str, data.copies->len);
  wipe_string (data.copies);
  ok = ok && _kindred_store_read (store, export_documents_func, &data, error);
  if (!ok)
    return FALSE;

  if (hwm != NULL)
    *hwm = data.hwm;
  if (n_records != NULL)
    *n_records = data.n_records;
  return TRUE;
}

/* ---- Parsing a batch ------------------------------------------------------ */

typedef struct
{
  char       *uuid;
  Dot         dot;
  JsonObject *cols;
} StrategyRecord;

typedef struct
{
  char *key;
  char *value;
} DocumentRecord;

struct _KindredSyncBatch
{
  GPtrArray  *strategies;  /* StrategyRecord */
  GPtrArray  *entries;     /* Version: entries first, pristine copies after */
  GPtrArray  *documents;   /* DocumentRecord */
  KindredHlc  hwm;
  guint       n_records;
};

static void
strategy_record_free (gpointer data)
{
  StrategyRecord *s = data;

  g_free (s->uuid);
  json_object_unref (s->cols);
  g_free (s);
}

static void
document_record_free (gpointer data)
{
  DocumentRecord *d = data;

  g_free (d->key);
  if (d->value != NULL)
    sodium_memzero (d->value, strlen (d->value));
  g_free (d->value);
  g_free (d);
}

void
_kindred_sync_batch_free (KindredSyncBatch *batch)
{
  if (batch == NULL)
    return;

  g_ptr_array_unref (batch->strategies);
  g_ptr_array_unref (batch->entries);
  g_ptr_array_unref (batch->documents);
  g_free (batch);
}

guint
_kindred_sync_batch_get_n_records (KindredSyncBatch *batch)
{
  return batch->n_records;
}

KindredHlc
_kindred_sync_batch_get_hwm (KindredSyncBatch *batch)
{
  return batch->hwm;
}

static gboolean
set_malformed (GError     **error,
               guint        line,
               const char  *what)
{
  /* The line number and the field name only: never a value, which may be the
   * person's words. */
  g_debug ("Sync record on line %u: %s", line, what);
  g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
               _("Part of this file is not in the form Kindred expects (record %u)."),
               line);
  return FALSE;
}

/* Member readers: FALSE (and *ok = FALSE) when present with the wrong type. */
static const char *
opt_string (JsonObject *object,
            const char *name,
            gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64      min,
         gint64      max,
         gint64     *out,
         gboolean    required)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= min && *out <= max;
}

static gboolean
parse_device (const char *text,
              Dot        *dot)
{
  if (text == NULL || !g_uuid_string_is_valid (text))
    return FALSE;
  dot->device = g_intern_string (text);
  return TRUE;
}

/* ---- Entry records, parsed by hand ------------------------------------------ *
 *
 * A sync file of 50,000 entries is 50,000 entry records; through json-glib (a
 * tree of nodes and a hash table per object) parsing them took longer than
 * merging.  Their shape is fixed and flat, so a small strict reader fills a
 * Version directly.  It accepts exactly JSON (RFC 8259) for the values it reads,
 * refuses a member given twice, and skips members it does not know (a later
 * version may add some). */

typedef struct
{
  const char *p;
  const char *end;
} Scan;

static void
scan_space (Scan *s)
{
  while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n'))
    s->p++;
}

static gboolean
scan_char (Scan *s,
           char  c)
{
  scan_space (s);
  if (s->p < s->end && *s->p == c)
    {
      s->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
scan_peek (Scan *s,
           char  c)
{
  scan_space (s);
  return s->p < s->end && *s->p == c;
}

static gboolean
scan_hex4 (Scan     *s,
           gunichar *out)
{
  *out = 0;
  if (s->end - s->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (s->p[i]);

      if (d < 0)
        return FALSE;
      *out = (*out << 4) | (gunichar) d;
    }
  s->p += 4;
  return TRUE;
}

/* A JSON string into @out (replaced): valid UTF-8, no NUL. */
static gboolean
scan_string (Scan    *s,
             GString *out)
{
  g_string_truncate (out, 0);
  if (!scan_char (s, '"'))
    return FALSE;

  while (s->p < s->end)
    {
      const char *run = s->p;

      while (s->p < s->end && *s->p != '"' && *s->p != '\\' && (guchar) *s->p >= 0x20)
        s->p++;
      if (s->p > run)
        g_string_append_len (out, run, s->p - run);
      if (s->p >= s->end || (guchar) *s->p < 0x20)
        return FALSE;

      if (*s->p == '"')
        {
          s->p++;
          return g_utf8_validate (out->str, (gssize) out->len, NULL);
        }

      /* An escape. */
      s->p++;
      if (s->p >= s->end)
        return FALSE;
      switch (*s->p++)
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar c, low;

            if (!scan_hex4 (s, &c) || c == 0 || (c >= 0xdc00 && c <= 0xdfff))
              return FALSE;
            if (c >= 0xd800 && c <= 0xdbff)
              {
                if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u')
                  return FALSE;
                s->p += 2;
                if (!scan_hex4 (s, &low) || low < 0xdc00 || low > 0xdfff)
                  return FALSE;
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              }
            g_string_append_unichar (out, c);
          }
          break;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

/* An integer: no fraction, no exponent, within gint64. */
static gboolean
scan_int (Scan   *s,
          gint64 *out)
{
  gboolean negative = FALSE;
  guint64 value = 0;
  const char *start;

  scan_space (s);
  if (s->p < s->end && *s->p == '-')
    {
      negative = TRUE;
      s->p++;
    }
  start = s->p;
  while (s->p < s->end && g_ascii_isdigit (*s->p))
    {
      guint digit = (guint) (*s->p - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
      s->p++;
    }
  if (s->p == start || (s->p - start > 1 && *start == '0') ||
      (s->p < s->end && (*s->p == '.' || *s->p == 'e' || *s->p == 'E')))
    return FALSE;
  if (negative ? value > (guint64) G_MAXINT64 + 1 : value > (guint64) G_MAXINT64)
    return FALSE;
  *out = negative ? (gint64) (0 - value) : (gint64) value;
  return TRUE;
}

static gboolean
scan_word (Scan       *s,
           const char *word)
{
  gsize len = strlen (word);

  scan_space (s);
  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return FALSE;
  s->p += len;
  return TRUE;
}

static gboolean
scan_bool (Scan     *s,
           gboolean *out)
{
  if (scan_word (s, "true"))
    *out = TRUE;
  else if (scan_word (s, "false"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* Any value, unread (a member this version does not know). */
static gboolean
scan_skip (Scan    *s,
           GString *scratch,
           guint    depth)
{
  if (depth > MAX_DEPTH)
    return FALSE;

  scan_space (s);
  if (s->p >= s->end)
    return FALSE;

  switch (*s->p)
    {
    case '"':
      return scan_string (s, scratch);
    case '{':
      s->p++;
      if (scan_char (s, '}'))
        return TRUE;
      do
        if (!scan_string (s, scratch) || !scan_char (s, ':') || !scan_skip (s, scratch, depth + 1))
          return FALSE;
      while (scan_char (s, ','));
      return scan_char (s, '}');
    case '[':
      s->p++;
      if (scan_char (s, ']'))
        return TRUE;
      do
        if (!scan_skip (s, scratch, depth + 1))
          return FALSE;
      while (scan_char (s, ','));
      return scan_char (s, ']');
    case 't':
      return scan_word (s, "true");
    case 'f':
      return scan_word (s, "false");
    case 'n':
      return scan_word (s, "null");
    default:
      {
        /* A number: integers are all Kindred writes; others are skipped as text. */
        const char *start = s->p;

        while (s->p < s->end && strchr ("+-0123456789.eE", *s->p) != NULL && *s->p != '\0')
          s->p++;
        return s->p > start;
      }
    }
}

/* A string member that may be null: NULL for null. */
static gboolean
scan_opt_string (Scan     *s,
                 GString  *scratch,
                 char    **out)
{
  if (scan_word (s, "null"))
    {
      *out = NULL;
      return TRUE;
    }
  if (!scan_string (s, scratch))
    return FALSE;
  *out = g_strndup (scratch->str, scratch->len);
  return TRUE;
}

/* [["name", n], …]: names unique, n within [min, max]. */
static gboolean
scan_pairs (Scan      *s,
            GString   *scratch,
            int        min,
            int        max,
            GPtrArray *names,
            GArray    *values)
{
  if (!scan_char (s, '['))
    return FALSE;
  if (scan_char (s, ']'))
    return TRUE;
  do
    {
      gint64 n;
      int value;

      if (names->len >= MAX_CHILDREN || !scan_char (s, '[') || !scan_string (s, scratch) ||
          scratch->len == 0 || !scan_char (s, ',') || !scan_int (s, &n) ||
          !scan_char (s, ']') || n < min || n > max)
        return FALSE;
      for (guint i = 0; i < names->len; i++)
        if (strcmp (g_ptr_array_index (names, i), scratch->str) == 0)
          return FALSE;
      value = (int) n;
      g_ptr_array_add (names, g_strndup (scratch->str, scratch->len));
      g_array_append_val (values, value);
    }
  while (scan_char (s, ','));
  return scan_char (s, ']');
}

static gboolean
scan_strings (Scan      *s,
              GString   *scratch,
              GPtrArray *out)
{
  if (!scan_char (s, '['))
    return FALSE;
  if (scan_char (s, ']'))
    return TRUE;
  do
    {
      if (out->len >= MAX_CHILDREN || !scan_string (s, scratch) || scratch->len == 0)
        return FALSE;
      for (guint i = 0; i < out->len; i++)
        if (strcmp (g_ptr_array_index (out, i), scratch->str) == 0)
          return FALSE;
      g_ptr_array_add (out, g_strndup (scratch->str, scratch->len));
    }
  while (scan_char (s, ','));
  return scan_char (s, ']');
}

/* [{"device":…,"hlc":…,"updated":…,"deleted":…,"lineage":…}, …] */
static gboolean
scan_aliases (Scan      *s,
              GString   *scratch,
              const Dot *own,
              GArray    *out)
{
  if (!scan_char (s, '['))
    return FALSE;
  if (scan_char (s, ']'))
    return TRUE;
  do
    {
      Alias alias = { { NULL, 0 }, 0, FALSE, { NULL, NULL }, FALSE };
      gboolean have_device = FALSE, have_hlc = FALSE, have_lineage = FALSE;
      gint64 n;

      if (out->len >= MAX_LINEAGE || !scan_char (s, '{'))
        return FALSE;
      do
        {
          if (!scan_string (s, scratch) || !scan_char (s, ':'))
            goto bad;
          if (strcmp (scratch->str, "device") == 0 && !have_device)
            {
              if (!scan_string (s, scratch) || !parse_device (scratch->str, &alias.dot))
                goto bad;
              have_device = TRUE;
            }
          else if (strcmp (scratch->str, "hlc") == 0 && !have_hlc)
            {
              if (!scan_int (s, &n) || n < 1)
                goto bad;
              alias.dot.hlc = (KindredHlc) n;
              have_hlc = TRUE;
            }
          else if (strcmp (scratch->str, "updated") == 0 && !alias.has_updated)
            {
              if (!scan_int (s, &alias.updated_us))
                goto bad;
              alias.has_updated = TRUE;
            }
          else if (strcmp (scratch->str, "deleted") == 0)
            {
              if (!scan_bool (s, &alias.deleted))
                goto bad;
            }
          else if (strcmp (scratch->str, "lineage") == 0 && !have_lineage)
            {
              if (!scan_string (s, scratch) || !lineage_parse (scratch->str, &alias.lineage))
                goto bad;
              have_lineage = TRUE;
            }
          else if (!scan_skip (s, scratch, 3))
            goto bad;
        }
      while (scan_char (s, ','));

      if (!scan_char (s, '}') || !have_device || !have_hlc || !have_lineage ||
          !lineage_contains (&alias.lineage, &alias.dot) || compare_dots (&alias.dot, own) >= 0)
        goto bad;
      for (guint j = 0; j < out->len; j++)
        if (dots_equal (&g_array_index (out, Alias, j).dot, &alias.dot))
          goto bad;
      g_array_append_val (out, alias);
      continue;

    bad:
      alias_clear (&alias);
      return FALSE;
    }
  while (scan_char (s, ','));

  if (!scan_char (s, ']'))
    return FALSE;
  g_array_sort (out, compare_aliases);
  return TRUE;
}

enum
{
  SEEN_T = 1 << 0, SEEN_UUID = 1 << 1, SEEN_CREATED = 1 << 2, SEEN_UPDATED = 1 << 3,
  SEEN_HLC = 1 << 4, SEEN_DEVICE = 1 << 5, SEEN_DELETED = 1 << 6, SEEN_MOOD = 1 << 7,
  SEEN_TITLE = 1 << 8, SEEN_BODY = 1 << 9, SEEN_EMOTIONS = 1 << 10, SEEN_TRIGGERS = 1 << 11,
  SEEN_STRATEGIES = 1 << 12, SEEN_CONFLICT = 1 << 13, SEEN_LINEAGE = 1 << 14,
  SEEN_SUPERSEDED = 1 << 15, SEEN_ALIASES = 1 << 16,
};

static const struct
{
  const char *name;
  guint       bit;
} entry_members[] = {
  { "t", SEEN_T }, { "uuid", SEEN_UUID }, { "created", SEEN_CREATED },
  { "updated", SEEN_UPDATED }, { "hlc", SEEN_HLC }, { "device", SEEN_DEVICE },
  { "deleted", SEEN_DELETED }, { "mood", SEEN_MOOD }, { "title", SEEN_TITLE },
  { "body", SEEN_BODY }, { "emotions", SEEN_EMOTIONS }, { "triggers", SEEN_TRIGGERS },
  { "strategies", SEEN_STRATEGIES }, { "conflict_of", SEEN_CONFLICT },
  { "lineage", SEEN_LINEAGE }, { "superseded", SEEN_SUPERSEDED }, { "aliases", SEEN_ALIASES },
};

/* One entry record (a whole line).  Every check the journal makes, and those of
 * sync: the same refusals as for any other record. */
static Version *
parse_entry (const char  *data,
             gsize        len,
             guint        line,
             GError     **error)
{
  g_autoptr(Version) v = version_new ();
  g_autoptr(GString) scratch = g_string_new (NULL);
  Scan s = { data, data + len };
  const char *aliases_at = NULL;
  guint seen = 0;
  gint64 number;

#define BAD(what) return set_malformed (error, line, what), NULL

  if (!scan_char (&s, '{'))
    BAD ("entry");
  if (!scan_peek (&s, '}'))
    do
      {
        guint bit = 0;

        if (!scan_string (&s, scratch) || !scan_char (&s, ':'))
          BAD ("member");
        for (guint i = 0; i < G_N_ELEMENTS (entry_members) && bit == 0; i++)
          if (strcmp (scratch->str, entry_members[i].name) == 0)
            bit = entry_members[i].bit;
        if (bit != 0 && (seen & bit) != 0)
          BAD ("member twice");
        seen |= bit;

        switch (bit)
          {
          case SEEN_T:
            if (!scan_string (&s, scratch) || strcmp (scratch->str, "entry") != 0)
              BAD ("t");
            break;
          case SEEN_UUID:
            if (!scan_string (&s, scratch) || !g_uuid_string_is_valid (scratch->str))
              BAD ("uuid");
            v->uuid = g_strdup (scratch->str);
            break;
          case SEEN_CREATED:
            if (!scan_int (&s, &v->created_us))
              BAD ("created");
            break;
          case SEEN_UPDATED:
            if (!scan_int (&s, &v->self.updated_us))
              BAD ("updated");
            v->self.has_updated = TRUE;
            break;
          case SEEN_HLC:
            if (!scan_int (&s, &number) || number < 1)
              BAD ("hlc");
            v->self.dot.hlc = (KindredHlc) number;
            break;
          case SEEN_DEVICE:
            if (!scan_string (&s, scratch) || !parse_device (scratch->str, &v->self.dot))
              BAD ("device");
            break;
          case SEEN_DELETED:
            if (!scan_bool (&s, &v->deleted))
              BAD ("deleted");
            break;
          case SEEN_MOOD:
            if (!scan_int (&s, &number) || number < KINDRED_MOOD_MIN || number > KINDRED_MOOD_MAX)
              BAD ("mood");
            v->mood = (int) number;
            break;
          case SEEN_TITLE:
            if (!scan_opt_string (&s, scratch, &v->title))
              BAD ("title");
            break;
          case SEEN_BODY:
            if (!scan_opt_string (&s, scratch, &v->body))
              BAD ("body");
            break;
          case SEEN_EMOTIONS:
            if (!scan_pairs (&s, scratch, KINDRED_INTENSITY_MIN, KINDRED_INTENSITY_MAX,
                             v->emotions, v->intensities))
              BAD ("emotions");
            break;
          case SEEN_TRIGGERS:
            if (!scan_strings (&s, scratch, v->triggers))
              BAD ("triggers");
            break;
          case SEEN_STRATEGIES:
            if (!scan_pairs (&s, scratch, KINDRED_HELPED_MIN, KINDRED_HELPED_MAX,
                             v->strategies, v->helped))
              BAD ("strategies");
            for (guint i = 0; i < v->strategies->len; i++)
              if (!g_uuid_string_is_valid (g_ptr_array_index (v->strategies, i)))
                BAD ("strategy");
            break;
          case SEEN_CONFLICT:
            if (!scan_opt_string (&s, scratch, &v->conflict_of) ||
                (v->conflict_of != NULL && !g_uuid_string_is_valid (v->conflict_of)))
              BAD ("conflict_of");
            break;
          case SEEN_LINEAGE:
            if (!scan_string (&s, scratch))
              BAD ("lineage");
            v->lineage_text = g_strdup (scratch->str);
            break;
          case SEEN_SUPERSEDED:
            if (!scan_string (&s, scratch))
              BAD ("superseded");
            v->superseded_text = g_strdup (scratch->str);
            break;
          case SEEN_ALIASES:
            /* Read below, once the own dot is known (a rare member). */
            scan_space (&s);
            aliases_at = s.p;
            if (!scan_skip (&s, scratch, 1))
              BAD ("aliases");
            break;
          default:
            if (!scan_skip (&s, scratch, 1))
              BAD ("member");
          }
      }
    while (scan_char (&s, ','));
  if (!scan_char (&s, '}') || (scan_space (&s), s.p != s.end))
    BAD ("entry end");

  if ((seen & (SEEN_UUID | SEEN_CREATED | SEEN_HLC | SEEN_DEVICE | SEEN_LINEAGE)) !=
      (SEEN_UUID | SEEN_CREATED | SEEN_HLC | SEEN_DEVICE | SEEN_LINEAGE))
    BAD ("missing");

  /* A tombstone keeps nothing of what was written. */
  if (v->deleted &&
      (v->title != NULL || v->body != NULL || v->mood != KINDRED_MOOD_NONE ||
       v->emotions->len > 0 || v->triggers->len > 0 || v->strategies->len > 0))
    BAD ("tombstone");
  if (v->conflict_of != NULL && strcmp (v->conflict_of, v->uuid) == 0)
    BAD ("conflict_of");

  lineage_clear (&v->self.lineage);
  if (!lineage_parse (v->lineage_text, &v->self.lineage) ||
      !lineage_contains (&v->self.lineage, &v->self.dot))
    BAD ("lineage");
  /* A version is never superseded in its own family's eyes. */
  lineage_clear (&v->superseded);
  if (v->superseded_text == NULL)
    v->superseded_text = g_strdup ("");
  if (!lineage_parse (v->superseded_text, &v->superseded) ||
      lineage_contains (&v->superseded, &v->self.dot))
    BAD ("superseded");

  if (aliases_at != NULL)
    {
      Scan a = { aliases_at, data + len };

      if (!scan_aliases (&a, scratch, &v->self.dot, v->aliases))
        BAD ("aliases");
      v->aliases_text = aliases_to_string (v->aliases);
    }

  v->pristine = is_pristine_copy (v->uuid, v->conflict_of, &v->self.dot);
#undef BAD

  return g_steal_pointer (&v);
}

static StrategyRecord *
parse_strategy (JsonObject  *object,
                guint        line,
                GError     **error)
{
  StrategyRecord *s;
  JsonNode *cols;
  const char *uuid;
  const char *device;
  gboolean ok = TRUE;
  gint64 hlc = 0;
  Dot dot = { "", 0 };

  uuid = opt_string (object, "uuid", &ok);
  if (!ok || uuid == NULL || uuid[0] == '\0' || strlen (uuid) > 200)
    return set_malformed (error, line, "strategy uuid"), NULL;
  if (!get_int (object, "hlc", 0, G_MAXINT64, &hlc, TRUE))
    return set_malformed (error, line, "strategy hlc"), NULL;
  device = opt_string (object, "device", &ok);
  if (!ok || (device != NULL && !parse_device (device, &dot)))
    return set_malformed (error, line, "strategy device"), NULL;
  cols = json_object_get_member (object, "cols");
  if (cols == NULL || !JSON_NODE_HOLDS_OBJECT (cols))
    return set_malformed (error, line, "strategy cols"), NULL;

  /* Values only: a column is one SQL value. */
  {
    g_autoptr(GList) members = json_object_get_members (json_node_get_object (cols));

    for (GList *l = members; l != NULL; l = l->next)
      {
        JsonNode *node = json_object_get_member (json_node_get_object (cols), l->data);

        if (!JSON_NODE_HOLDS_VALUE (node) && !JSON_NODE_HOLDS_NULL (node))
          return set_malformed (error, line, "strategy column"), NULL;
      }
  }

  s = g_new0 (StrategyRecord, 1);
  s->uuid = g_strdup (uuid);
  dot.hlc = (KindredHlc) hlc;
  s->dot = dot;
  s->cols = json_object_ref (json_node_get_object (cols));
  return s;
}

static DocumentRecord *
parse_document (JsonObject  *object,
                guint        line,
                GError     **error)
{
  DocumentRecord *d;
  const char *key, *value;
  gboolean ok = TRUE;

  key = opt_string (object, "key", &ok);
  value = opt_string (object, "value", &ok);
  if (!ok || key == NULL || value == NULL || !g_strv_contains (synced_documents, key) ||
      strlen (value) > MAX_DOCUMENT)
    return set_malformed (error, line, "document"), NULL;

  d = g_new0 (DocumentRecord, 1);
  d->key = g_strdup (key);
  d->value = g_strdup (value);
  return d;
}

#define ENTRY_PREFIX "{\"t\":\"entry\","

static void
add_entry (KindredSyncBatch *batch,
           GPtrArray        *copies,
           Version          *v)
{
  batch->hwm = MAX (batch->hwm, v->self.dot.hlc);
  for (guint i = 0; i < v->self.lineage.vv->len; i++)
    batch->hwm = MAX (batch->hwm, g_array_index (v->self.lineage.vv, Dot, i).hlc);
  for (guint i = 0; i < v->superseded.vv->len; i++)
    batch->hwm = MAX (batch->hwm, g_array_index (v->superseded.vv, Dot, i).hlc);
  for (guint i = 0; i < v->aliases->len; i++)
    batch->hwm = MAX (batch->hwm, g_array_index (v->aliases, Alias, i).dot.hlc);
  g_ptr_array_add (v->pristine ? copies : batch->entries, v);
}

KindredSyncBatch *
_kindred_sync_batch_parse (const char  *data,
                           gsize        len,
                           GError     **error)
{
  g_autoptr(KindredSyncBatch) batch = g_new0 (KindredSyncBatch, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func (version_free);
  gboolean ended = FALSE;
  gsize pos = 0;
  guint line = 0;

  batch->strategies = g_ptr_array_new_with_free_func (strategy_record_free);
  batch->entries = g_ptr_array_new_with_free_func (version_free);
  batch->documents = g_ptr_array_new_with_free_func (document_record_free);

  while (pos < len)
    {
      const char *start = data + pos;
      const char *nl = memchr (start, '\n', len - pos);
      gsize line_len = nl != NULL ? (gsize) (nl - start) : len - pos;
      g_autoptr(GError) local_error = NULL;
      JsonNode *root;
      JsonObject *object;
      const char *type;
      gboolean ok = TRUE;

      line++;
      pos += line_len + 1;

      if (ended)
        return set_malformed (error, line, "after end"), NULL;
      if (nl == NULL || line_len == 0 || line_len > MAX_LINE)
        return set_malformed (error, line, "line"), NULL;

      /* Entries, nearly every line, by hand; the rest through json-glib. */
      if (line_len > strlen (ENTRY_PREFIX) &&
          memcmp (start, ENTRY_PREFIX, strlen (ENTRY_PREFIX)) == 0)
        {
          Version *v = parse_entry (start, line_len, line, error);

          if (v == NULL)
            return NULL;
          add_entry (batch, copies, v);
          batch->n_records++;
          continue;
        }

      if (json_depth (start, line_len) > MAX_DEPTH)
        return set_malformed (error, line, "line"), NULL;
      if (!json_parser_load_from_data (parser, start, (gssize) line_len, &local_error) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return set_malformed (error, line, "json"), NULL;

      object = json_node_get_object (root);
      type = opt_string (object, "t", &ok);
      if (!ok || type == NULL)
        return set_malformed (error, line, "type"), NULL;

      if (strcmp (type, "entry") == 0)
        {
          /* Written another way than Kindred writes it, but an entry all the same. */
          Version *v = parse_entry (start, line_len, line, error);

          if (v == NULL)
            return NULL;
          add_entry (batch, copies, v);
        }
      else if (strcmp (type, "strategy") == 0)
        {
          StrategyRecord *s = parse_strategy (object, line, error);

          if (s == NULL)
            return NULL;
          batch->hwm = MAX (batch->hwm, s->dot.hlc);
          g_ptr_array_add (batch->strategies, s);
        }
      else if (strcmp (type, "document") == 0)
        {
          DocumentRecord *d = parse_document (object, line, error);

          if (d == NULL)
            return NULL;
          batch->hwm = MAX (batch->hwm, document_hwm (d->key, d->value));
          g_ptr_array_add (batch->documents, d);
        }
      else if (strcmp (type, "end") == 0)
        {
          gint64 n = 0;

          /* The count guards against a writer that lost records on the way. */
          if (!get_int (object, "records", 0, G_MAXUINT, &n, TRUE) ||
              (guint64) n != batch->n_records)
            return set_malformed (error, line, "count"), NULL;
          ended = TRUE;
          continue;
        }
      else
        {
          /* A record kind from a later version of the same format: skipped, so that
           * a small addition does not need a new format version. */
          g_debug ("Skipping a sync record of an unknown kind on line %u", line);
        }

      batch->n_records++;
    }

  if (!ended)
    return set_malformed (error, line + 1, "no end"), NULL;

  /* Copies after every entry, whatever order the writer used. */
  for (guint i = 0; i < copies->len; i++)
    g_ptr_array_add (batch->entries, g_steal_pointer (&g_ptr_array_index (copies, i)));

  return g_steal_pointer (&batch);
}

/* ---- Merge ----------------------------------------------------------------- */

typedef struct
{
  sqlite3           *db;
  const char        *local_device;
  KindredSyncBatch  *batch;
  const char        *seen_key;
  const char        *seen_value;
  KindredSyncCounts *counts;
  GHashTable        *families;   /* uuids that have conflict copies (or had) */
  GHashTable        *known;      /* uuid → Known: every row before this merge */
  GHashTable        *touched;    /* uuids this merge may have written */
  sqlite3_stmt      *lookup;
  sqlite3_stmt      *load;
  sqlite3_stmt      *copies;
  sqlite3_stmt      *insert;
  sqlite3_stmt      *update;
  sqlite3_stmt      *update_meta;
  sqlite3_stmt      *remove;
  sqlite3_stmt      *strategy_id;
  sqlite3_stmt      *del_emotions;
  sqlite3_stmt      *del_triggers;
  sqlite3_stmt      *del_links;
  sqlite3_stmt      *add_emotion;
  sqlite3_stmt      *add_trigger;
  sqlite3_stmt      *add_link;
} Merge;

static gboolean
step (Merge         *m,
      sqlite3_stmt  *stmt,
      const char    *what,
      GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (error, m->db, rc, what);
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_STATIC);
}

/* What a merge needs to know of every row at its start to pass over the records
 * it has already (nearly all of them, when another device rewrote its file after
 * a small change) without a query each. */
typedef struct
{
  KindredHlc  hlc;
  const char *device;       /* interned */
  char       *lineage;      /* as stored; NULL: never written by sync */
  char       *superseded;
  char       *aliases;
} Known;

static void
known_free (gpointer data)
{
  Known *known = data;

  g_free (known->lineage);
  g_free (known->superseded);
  g_free (known->aliases);
  g_free (known);
}

static gboolean
load_known (Merge   *m,
            GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (m->db, "SELECT uuid, hlc, device_id, lineage, superseded, aliases FROM entries",
             error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Known *known = g_new0 (Known, 1);
      const char *device = (const char *) sqlite3_column_text (stmt, 2);

      known->hlc = (KindredHlc) sqlite3_column_int64 (stmt, 1);
      known->device = g_intern_string (device != NULL && device[0] != '\0' ? device
                                                                            : m->local_device);
      known->lineage = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      known->superseded = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      known->aliases = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_hash_table_insert (m->known, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                           known);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, m->db, rc, "rows");
  return TRUE;
}

/* Whether @incoming is the row of its uuid exactly as this journal holds it (same
 * version, same lineages), judged from the rows read at the start. */
static gboolean
known_unchanged (Merge         *m,
                 const Version *incoming)
{
  Known *known;

  if (incoming->lineage_text == NULL ||
      g_hash_table_contains (m->touched, incoming->uuid) ||
      (known = g_hash_table_lookup (m->known, incoming->uuid)) == NULL ||
      known->hlc != incoming->self.dot.hlc || known->device != incoming->self.dot.device)
    return FALSE;

  if (known->lineage != NULL)
    return strcmp (known->lineage, incoming->lineage_text) == 0 &&
           g_strcmp0 (known->superseded != NULL ? known->superseded : "",
                      incoming->superseded_text) == 0 &&
           g_strcmp0 (known->aliases, incoming->aliases_text) == 0;

  /* Never written by sync: it has seen only itself (see version_from_row()). */
  {
    g_autofree char *own = g_strdup_printf ("%s=%" G_GUINT64_FORMAT, known->device, known->hlc);
    g_autofree char *dead = g_strdup_printf ("%s !%s", own, own);

    return strcmp (own, incoming->lineage_text) == 0 &&
           strcmp (dead, incoming->superseded_text) == 0 && incoming->aliases_text == NULL;
  }
}

/* The row of @uuid without children; NULL with no error when there is none. */
static Version *
lookup_row (Merge       *m,
            const char  *uuid,
            gint64      *id,
            GError     **error)
{
  Version *v = NULL;
  int rc;

  /* Not there at the start and not written since: not there. */
  if (!g_hash_table_contains (m->touched, uuid) && !g_hash_table_contains (m->known, uuid))
    return NULL;

  sqlite3_bind_text (m->lookup, 1, uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (m->lookup);
  if (rc == SQLITE_ROW)
    v = version_from_row (m->lookup, id, m->local_device);
  sqlite3_reset (m->lookup);
  sqlite3_clear_bindings (m->lookup);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_db_error (error, m->db, rc, "lookup");
  return v;
}

/* @fresh: a row just inserted, which has no children to take away yet. */
static gboolean
write_children (Merge          *m,
                const Version  *v,
                gint64          id,
                gboolean        fresh,
                GError        **error)
{
  sqlite3_stmt *dels[] = { m->del_emotions, m->del_triggers, m->del_links };

  for (guint i = 0; i < G_N_ELEMENTS (dels) && !fresh; i++)
    {
      sqlite3_bind_int64 (dels[i], 1, id);
      if (!step (m, dels[i], "children", error))
        return FALSE;
    }

  if (v->deleted)
    return TRUE;

  for (guint i = 0; i < v->emotions->len; i++)
    {
      sqlite3_bind_int64 (m->add_emotion, 1, id);
      bind_text (m->add_emotion, 2, g_ptr_array_index (v->emotions, i));
      sqlite3_bind_int (m->add_emotion, 3, g_array_index (v->intensities, int, i));
      sqlite3_bind_int (m->add_emotion, 4, (int) i);
      if (!step (m, m->add_emotion, "emotion", error))
        return FALSE;
    }

  for (guint i = 0; i < v->triggers->len; i++)
    {
      sqlite3_bind_int64 (m->add_trigger, 1, id);
      bind_text (m->add_trigger, 2, g_ptr_array_index (v->triggers, i));
      sqlite3_bind_int (m->add_trigger, 3, (int) i);
      if (!step (m, m->add_trigger, "trigger", error))
        return FALSE;
    }

  for (guint i = 0; i < v->strategies->len; i++)
    {
      gint64 strategy_id;
      int rc;

      bind_text (m->strategy_id, 1, g_ptr_array_index (v->strategies, i));
      rc = sqlite3_step (m->strategy_id);
      strategy_id = sqlite3_column_int64 (m->strategy_id, 0);
      sqlite3_reset (m->strategy_id);
      sqlite3_clear_bindings (m->strategy_id);
      if (rc == SQLITE_DONE)
        {
          /* The other device's file lists every strategy its entries use; one
           * missing means the file is not whole.  Nothing of it is taken. */
          g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
                       _("An entry in this file uses a coping strategy the file does not "
                         "contain."));
          return FALSE;
        }
      if (rc != SQLITE_ROW)
        return set_db_error (error, m->db, rc, "strategy");

      sqlite3_bind_int64 (m->add_link, 1, id);
      sqlite3_bind_int64 (m->add_link, 2, strategy_id);
      sqlite3_bind_int (m->add_link, 3, g_array_index (v->helped, int, i));
      sqlite3_bind_int (m->add_link, 4, (int) i);
      if (!step (m, m->add_link, "link", error))
        return FALSE;
    }

  return TRUE;
}

/* Writes @content under @uuid (row @id, or a new row when -1) as version @rep
 * (its dot and updated-at) with its lineage, the other versions of the same
 * content (@aliases), @conflict_of and, for an entry's own row, what its family
 * knows to be superseded. */
static gboolean
write_version (Merge          *m,
               const Version  *content,
               const Alias    *rep,
               GArray         *aliases,
               const char     *uuid,
               gint64          id,
               const char     *conflict_of,
               const Lineage  *superseded,
               GError        **error)
{
  sqlite3_stmt *stmt = id >= 0 ? m->update : m->insert;
  g_autofree char *tags = NULL;
  g_autofree char *lineage = lineage_to_string (&rep->lineage);
  g_autofree char *dead = superseded != NULL ? lineage_to_string (superseded) : NULL;
  g_autofree char *others = aliases_to_string (aliases);

  /* The full-text index's copy of the tags, as the store writes it (schema v3). */
  if (!content->deleted && content->triggers->len > 0)
    {
      g_ptr_array_add (content->triggers, NULL);
      tags = g_strjoinv (" ", (char **) content->triggers->pdata);
      g_ptr_array_remove_index (content->triggers, content->triggers->len - 1);
    }

  if (id >= 0)
    sqlite3_bind_int64 (stmt, 1, id);
  else
    bind_text (stmt, 1, uuid);
  sqlite3_bind_int64 (stmt, 2, content->created_us);
  if (rep->has_updated)
    sqlite3_bind_int64 (stmt, 3, rep->updated_us);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int64 (stmt, 4, (gint64) rep->dot.hlc);
  bind_text (stmt, 5, rep->dot.device);
  if (content->deleted || content->mood == KINDRED_MOOD_NONE)
    sqlite3_bind_null (stmt, 6);
  else
    sqlite3_bind_int (stmt, 6, content->mood);
  bind_text (stmt, 7, content->deleted ? NULL : content->title);
  bind_text (stmt, 8, content->deleted ? NULL : content->body);
  sqlite3_bind_int (stmt, 9, content->deleted ? 1 : 0);
  bind_text (stmt, 10, tags);
  bind_text (stmt, 11, conflict_of);
  bind_text (stmt, 12, lineage);
  bind_text (stmt, 13, dead != NULL && dead[0] != '\0' ? dead : NULL);
  bind_text (stmt, 14, others);
  if (!step (m, stmt, "write", error))
    return FALSE;

  m->counts->entries_changed = TRUE;
  m->counts->journal_changed = TRUE;
  if (id < 0)
    return write_children (m, content, sqlite3_last_insert_rowid (m->db), TRUE, error);
  return write_children (m, content, id, FALSE, error);
}

/* Only what sync keeps beside the content of row @id (nothing a person sees). */
static gboolean
update_meta (Merge          *m,
             gint64          id,
             const Lineage  *lineage,
             const Lineage  *superseded,
             GArray         *aliases,
             GError        **error)
{
  g_autofree char *own = lineage_to_string (lineage);
  g_autofree char *dead = superseded != NULL ? lineage_to_string (superseded) : NULL;
  g_autofree char *others = aliases_to_string (aliases);

  sqlite3_bind_text (m->update_meta, 1, own, -1, SQLITE_STATIC);
  bind_text (m->update_meta, 2, dead != NULL && dead[0] != '\0' ? dead : NULL);
  bind_text (m->update_meta, 3, others);
  sqlite3_bind_int64 (m->update_meta, 4, id);
  m->counts->journal_changed = TRUE;
  return step (m, m->update_meta, "lineage", error);
}

/* The full content of row @id. */
static Version *
load_version (Merge   *m,
              gint64   id,
              GError **error)
{
  g_autoptr(Version) v = NULL;
  gint64 row_id;
  int rc;

  sqlite3_bind_int64 (m->load, 1, id);
  rc = sqlite3_step (m->load);
  if (rc == SQLITE_ROW)
    v = version_from_row (m->load, &row_id, m->local_device);
  sqlite3_reset (m->load);
  if (rc != SQLITE_ROW)
    {
      set_db_error (error, m->db, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "load");
      return NULL;
    }

  if (!load_children (m->db, v, id, error))
    return NULL;
  return g_steal_pointer (&v);
}

/* A group: the versions of an entry with the same content, as one row (the
 * entry's own, or an untouched conflict copy) or as the incoming record. */
typedef struct
{
  Version   *row;      /* the row as looked up (no children); NULL for incoming */
  Version   *content;  /* full content: loaded for a row, the record for incoming */
  gint64     id;       /* row id, -1 for incoming */
  gboolean   main;     /* the entry's own row */
  gboolean   owned;    /* @content belongs to the group */
  gboolean   tombstones; /* deletions beside a live entry: no row of their own, they
                          * are kept among the entry row's aliases */
  guint8     digest[16];
  gboolean   has_digest;
  Alias     *rep;      /* the latest version that stays (NULL: none stays) */
  GPtrArray *kept;     /* Alias *: the versions that stay, latest first */
  gboolean   winner;
  gboolean   copy;
} Group;

/* One version in the merge: a group's main version or one of its aliases. */
typedef struct
{
  Alias    *alias;     /* dot, updated-at, own lineage (points into a Version) */
  guint     group;
  gboolean  incoming;
  gboolean  known;     /* incoming: known here already */
  gboolean  keep;      /* a member's: stays */
} Ver;

static void
group_clear (gpointer data)
{
  Group *group = data;

  if (group->owned)
    version_free (group->content);
  if (!group->main)
    version_free (group->row);
  g_clear_pointer (&group->kept, g_ptr_array_unref);
}

static gboolean
ensure_group_content (Merge   *m,
                      Group   *group,
                      GError **error)
{
  if (group->content == NULL)
    {
      group->content = load_version (m, group->id, error);
      if (group->content == NULL)
        return FALSE;
      group->owned = TRUE;
    }
  if (!group->has_digest)
    {
      content_digest (group->content, group->digest);
      group->has_digest = TRUE;
    }
  return TRUE;
}

/* @v's versions, its own and its aliases; deletions among the aliases of a live
 * entry go to @tombstones (a group of their own). */
static void
add_versions (GArray   *vers,
              Version  *v,
              guint     group,
              guint     tombstones,
              gboolean  incoming)
{
  Ver ver = { &v->self, group, incoming, FALSE, TRUE };

  g_array_append_val (vers, ver);
  for (guint i = 0; i < v->aliases->len; i++)
    {
      Alias *a = &g_array_index (v->aliases, Alias, i);
      Ver alias = { a, a->deleted && !v->deleted ? tombstones : group, incoming, FALSE, TRUE };

      g_array_append_val (vers, alias);
    }
}

static gboolean
has_deleted_aliases (Version *v)
{
  for (guint i = 0; !v->deleted && i < v->aliases->len; i++)
    if (g_array_index (v->aliases, Alias, i).deleted)
      return TRUE;
  return FALSE;
}

/* The content of every deletion of the entry (they are one). */
static Version *
tombstone_of (const Version *v)
{
  Version *t = version_new ();

  t->uuid = g_strdup (v->uuid);
  t->created_us = v->created_us;
  t->deleted = TRUE;
  return t;
}

static int
compare_alias_ptrs (gconstpointer a,
                    gconstpointer b)
{
  const Alias *x = *(const Alias * const *) a, *y = *(const Alias * const *) b;

  /* Latest first. */
  return compare_dots (&y->dot, &x->dot);
}

/* The group's other versions for its row, and for the entry's own row, the
 * deletions that lost beside it (@tombstones, nullable): sorted oldest first, as
 * stored.  The Alias structs are shallow copies: the row writer only reads them. */
static GArray *
group_aliases (Group *group,
               Group *tombstones)
{
  GArray *aliases = g_array_new (FALSE, FALSE, sizeof (Alias));

  for (guint i = 1; i < group->kept->len; i++)
    {
      Alias copy = *(Alias *) g_ptr_array_index (group->kept, i);

      copy.deleted = FALSE;
      g_array_append_val (aliases, copy);
    }
  for (guint i = 0; tombstones != NULL && i < tombstones->kept->len; i++)
    {
      Alias copy = *(Alias *) g_ptr_array_index (tombstones->kept, i);

      copy.deleted = TRUE;
      g_array_append_val (aliases, copy);
    }
  g_array_sort (aliases, compare_aliases);
  return aliases;
}

static void
count_main (Merge         *m,
            const Version *before,
            const Version *after,
            const Alias   *rep)
{
  gboolean was_live = before != NULL && !before->deleted;
  gboolean live = !after->deleted;

  if (!was_live && live)
    m->counts->added++;
  else if (was_live && live && !dots_equal (&before->self.dot, &rep->dot))
    m->counts->updated++;
  else if (was_live && !live)
    m->counts->deleted++;
}

static void
trace_family (const char *family,
              GArray     *groups,
              GArray     *vers)
{
  /* Stamps and device ids only: never a word of the entries. */
  g_printerr ("sync trace: family %.8s\n", family);
  for (guint i = 0; i < vers->len; i++)
    {
      Ver *ver = &g_array_index (vers, Ver, i);
      Group *group = ver->group < groups->len ? &g_array_index (groups, Group, ver->group) : NULL;
      g_autofree char *l = lineage_to_string (&ver->alias->lineage);

      g_printerr ("sync trace:   %.8s=%" G_GUINT64_FORMAT " group %d%s%s in=%d known=%d keep=%d"
                  " [%s]\n", ver->alias->dot.device, ver->alias->dot.hlc,
                  group != NULL ? (int) ver->group : -1,
                  group != NULL && group->main ? " (entry)" : "",
                  group != NULL && group->winner ? " (winner)" : "",
                  ver->incoming, ver->known, ver->keep, l);
    }
}

/* Merges @incoming into its family: @main_row (nullable, row @main_id) and the
 * family's untouched copies.
 *
 * The family knows a set of versions (everything in any lineage it has met, the
 * superseded ones included) and holds the members: the versions nobody has
 * written over, grouped by content, one row a group.  An incoming version is
 * news unless the family knows it; every member version it has seen, or that is
 * superseded, leaves (never one that has seen it: that one is later).  New
 * versions join the group of the same content, or make a new one.  The group of
 * the latest version is the entry; every other group that is not a deletion is a
 * conflict copy.  What is known but no member is superseded, kept on the entry's
 * row and sent along, so that a version written over on one device is known as
 * such everywhere.  Lineages are fixed when a version is saved: everything here
 * is a function of the set of versions known, hence the same in any order. */
static gboolean
merge_family (Merge       *m,
              const char  *family,
              Version     *main_row,
              gint64       main_id,
              Version     *incoming,
              GError     **error)
{
  g_autoptr(GArray) groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_autoptr(GArray) vers = g_array_new (FALSE, TRUE, sizeof (Ver));
  g_autoptr(GPtrArray) known = g_ptr_array_new ();
  Lineage dead_before = { NULL, NULL };
  Lineage dead = { NULL, NULL };
  Group *winner = NULL;
  Group *tombstones = NULL;
  gboolean news = FALSE;
  gboolean ok = FALSE;
  int rc;

  g_array_set_clear_func (groups, group_clear);

  /* Every row this merge may write; lookups of them ask the database again. */
  g_hash_table_add (m->touched, g_strdup (family));

  if (main_row != NULL)
    {
      Group group = { main_row, NULL, main_id, TRUE, };

      g_array_append_val (groups, group);
      /* Deletions that lost beside the live entry live among its aliases. */
      if (has_deleted_aliases (main_row))
        {
          Group hidden = { NULL, tombstone_of (main_row), -1, FALSE, TRUE, TRUE, };

          g_array_append_val (groups, hidden);
        }
    }

  if (g_hash_table_contains (m->families, family))
    {
      sqlite3_bind_text (m->copies, 1, family, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (m->copies)) == SQLITE_ROW)
        {
          gint64 id;
          Version *row = version_from_row (m->copies, &id, m->local_device);
          Group group = { row, NULL, id, FALSE, };

          if (!row->pristine || (main_row != NULL && id == main_id))
            {
              version_free (row);
              continue;
            }
          g_hash_table_add (m->touched, g_strdup (row->uuid));
          g_array_append_val (groups, group);
        }
      sqlite3_reset (m->copies);
      sqlite3_clear_bindings (m->copies);
      if (rc != SQLITE_DONE)
        {
          set_db_error (error, m->db, rc, "copies");
          goto out;
        }
    }

  for (guint i = 0; i < groups->len; i++)
    if (g_array_index (groups, Group, i).row != NULL)
      add_versions (vers, g_array_index (groups, Group, i).row, i, i + 1, FALSE);
  add_versions (vers, incoming, G_MAXUINT, G_MAXUINT, TRUE);

  /* Rows of one content are one group: a person's save can give the entry the
   * very words of one of its copies (the merge elsewhere already sees them as
   * one). */
  for (guint i = 0; groups->len > 1 && i < groups->len; i++)
    {
      Group *a = &g_array_index (groups, Group, i);

      if (!ensure_group_content (m, a, error))
        goto out;
      for (guint j = i + 1; j < groups->len; j++)
        {
          Group *b = &g_array_index (groups, Group, j);

          if (!ensure_group_content (m, b, error))
            goto out;
          if (memcmp (a->digest, b->digest, sizeof a->digest) != 0)
            continue;
          for (guint k = 0; k < vers->len; k++)
            {
              Ver *ver = &g_array_index (vers, Ver, k);

              if (!ver->incoming && ver->group == j)
                ver->group = i;
            }
        }
    }

  /* Superseded, as far as this family and the incoming entry's family know. */
  {
    const Lineage *both[] = { main_row != NULL ? &main_row->superseded : &incoming->superseded,
                              &incoming->superseded };

    lineage_union (&dead_before, both, 2);
  }

  /* Known: superseded, a member, or seen by a member. */
  for (guint i = 0; i < vers->len; i++)
    {
      Ver *in = &g_array_index (vers, Ver, i);

      if (!in->incoming)
        continue;
      in->known = lineage_contains (&dead_before, &in->alias->dot);
      for (guint j = 0; j < vers->len && !in->known; j++)
        {
          Ver *member = &g_array_index (vers, Ver, j);

          in->known = !member->incoming &&
                      (dots_equal (&member->alias->dot, &in->alias->dot) ||
                       lineage_contains (&member->alias->lineage, &in->alias->dot));
        }
      news |= !in->known;
    }

  /* Written over: member versions an incoming version has seen, or known to be
   * superseded; never one that has seen (or is) an incoming version. */
  for (guint i = 0; i < vers->len; i++)
    {
      Ver *member = &g_array_index (vers, Ver, i);
      gboolean holds = FALSE, seen = FALSE;

      if (member->incoming)
        continue;
      for (guint j = 0; j < vers->len; j++)
        {
          Ver *in = &g_array_index (vers, Ver, j);

          if (!in->incoming)
            continue;
          holds |= dots_equal (&member->alias->dot, &in->alias->dot) ||
                   lineage_contains (&member->alias->lineage, &in->alias->dot);
          seen |= lineage_contains (&in->alias->lineage, &member->alias->dot);
        }
      if (!holds && (seen || lineage_contains (&dead_before, &member->alias->dot)))
        member->keep = FALSE;
    }

  /* The new versions join the group of the same content, or make one.  A record
   * holds up to two contents: its own, and (a live entry's) deletions that lost
   * beside it. */
  for (guint kind = 0; kind < 2 && news; kind++)
    {
      gboolean tomb = kind == 1;
      guint target = G_MAXUINT;
      gboolean wanted = FALSE;
      g_autoptr(Version) tombstone = NULL;
      Version *content = incoming;
      guint8 digest[16];

      for (guint i = 0; i < vers->len; i++)
        {
          Ver *ver = &g_array_index (vers, Ver, i);

          wanted |= ver->incoming && !ver->known &&
                    (ver->alias->deleted && !incoming->deleted) == tomb;
        }
      if (!wanted)
        continue;

      if (tomb)
        content = tombstone = tombstone_of (incoming);
      content_digest (content, digest);
      for (guint i = 0; i < groups->len && target == G_MAXUINT; i++)
        {
          Group *group = &g_array_index (groups, Group, i);
          gboolean alive = FALSE;

          for (guint j = 0; j < vers->len; j++)
            {
              Ver *ver = &g_array_index (vers, Ver, j);

              alive |= !ver->incoming && ver->group == i && ver->keep;
            }
          if (!alive)
            continue;
          if (!ensure_group_content (m, group, error))
            goto out;
          if (memcmp (group->digest, digest, sizeof digest) == 0)
            target = i;
        }
      if (target == G_MAXUINT)
        {
          Group group = { NULL, content, -1, FALSE, tomb, tomb, };

          memcpy (group.digest, digest, sizeof digest);
          group.has_digest = TRUE;
          g_array_append_val (groups, group);
          target = groups->len - 1;
          tombstone = NULL;   /* the group owns it now */
        }

      for (guint i = 0; i < vers->len; i++)
        {
          Ver *ver = &g_array_index (vers, Ver, i);

          if (ver->incoming && !ver->known &&
              (ver->alias->deleted && !incoming->deleted) == tomb)
            ver->group = target;
        }
    }
  for (guint i = 0; i < vers->len; i++)
    {
      Ver *ver = &g_array_index (vers, Ver, i);

      if (ver->incoming)
        ver->keep = !ver->known;
    }

  /* Each group's versions that stay, latest first; the winner is the group of the
   * latest of all. */
  for (guint i = 0; i < groups->len; i++)
    g_array_index (groups, Group, i).kept = g_ptr_array_new ();
  for (guint i = 0; i < vers->len; i++)
    {
      Ver *ver = &g_array_index (vers, Ver, i);

      if (ver->keep)
        g_ptr_array_add (g_array_index (groups, Group, ver->group).kept, ver->alias);
    }
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = &g_array_index (groups, Group, i);

      if (group->kept->len == 0)
        continue;
      g_ptr_array_sort (group->kept, compare_alias_ptrs);
      group->rep = g_ptr_array_index (group->kept, 0);
      if (winner == NULL || compare_dots (&group->rep->dot, &winner->rep->dot) > 0)
        winner = group;
    }
  if (winner == NULL)
    {
      /* Only a file that contradicts itself gets here. */
      g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
                   _("Part of this file is not in the form Kindred expects."));
      goto out;
    }
  winner->winner = TRUE;

  /* Every other group that stays and is not a deletion is a conflict copy.  The
   * deletions that lose need no copy (nothing was written), but they are not
   * written over either: they stay, among the entry row's aliases, so that a later
   * deletion meets them (all deletions of an entry are one group). */
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = &g_array_index (groups, Group, i);

      if (group->rep == NULL || group == winner)
        continue;
      if (!ensure_group_content (m, group, error))
        goto out;
      if (group->content->deleted)
        {
          group->tombstones = TRUE;
          tombstones = group;
        }
      else
        group->copy = TRUE;
    }
  if (!ensure_group_content (m, winner, error))
    goto out;
  if (winner->content->deleted)
    tombstones = NULL;

  /* Superseded now: everything known, except the versions that stay. */
  g_ptr_array_add (known, &dead_before);
  for (guint i = 0; i < vers->len; i++)
    g_ptr_array_add (known, &g_array_index (vers, Ver, i).alias->lineage);
  lineage_union (&dead, (const Lineage **) known->pdata, known->len);
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = &g_array_index (groups, Group, i);

      for (guint j = 0; j < group->kept->len; j++)
        lineage_exclude (&dead, &((Alias *) g_ptr_array_index (group->kept, j))->dot);
    }

  if (G_UNLIKELY (g_getenv ("KINDRED_SYNC_TRACE") != NULL))
    trace_family (family, groups, vers);

  /* The entry's own row. */
  {
    g_autoptr(GArray) aliases = group_aliases (winner, tombstones);
    gboolean written;

    if (winner->main && dots_equal (&winner->rep->dot, &main_row->self.dot))
      {
        g_autofree char *before = aliases_to_string (main_row->aliases);
        g_autofree char *after = aliases_to_string (aliases);

        written = (lineage_equal (&winner->rep->lineage, &main_row->self.lineage) &&
                   lineage_equal (&dead, &main_row->superseded) &&
                   g_strcmp0 (before, after) == 0) ||
                  update_meta (m, main_id, &winner->rep->lineage, &dead, aliases, error);
      }
    else
      {
        const char *conflict_of;

        /* A copy's "conflict-of" belongs to the copy, not to a version of it. */
        if (!winner->main && !incoming->pristine)
          conflict_of = incoming->conflict_of;
        else
          conflict_of = main_row != NULL ? main_row->conflict_of : NULL;

        written = write_version (m, winner->content, winner->rep, aliases, family,
                                 main_row != NULL ? main_id : -1, conflict_of, &dead, error);
        if (written)
          count_main (m, main_row, winner->content, winner->rep);
      }
    if (!written)
      goto out;
  }

  /* Copies taken back, kept, moved (their latest version left: a new uuid), made. */
  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = &g_array_index (groups, Group, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Version) existing = NULL;
      g_autoptr(GArray) aliases = NULL;
      gint64 existing_id = -1;
      char uuid[37];

      if (group->main || (group->id < 0 && group->tombstones))
        {
          if (group->main && group->copy)
            goto make;
          continue;
        }

      /* A copy whose words are the entry's now (a later version with the same
       * content won): the entry's row stands for it. */
      if (group == winner)
        {
          if (group->id >= 0)
            {
              sqlite3_bind_int64 (m->remove, 1, group->id);
              if (!step (m, m->remove, "remove", error))
                goto out;
              m->counts->entries_changed = TRUE;
              m->counts->journal_changed = TRUE;
          m->counts->journal_changed = TRUE;
            }
          continue;
        }

      if (group->id >= 0)
        {
          if (group->copy && dots_equal (&group->rep->dot, &group->row->self.dot))
            {
              g_autofree char *before = aliases_to_string (group->row->aliases);
              g_autofree char *after = NULL;

              aliases = group_aliases (group, NULL);
              after = aliases_to_string (aliases);
              if (g_strcmp0 (before, after) != 0 &&
                  !update_meta (m, group->id, &group->rep->lineage, NULL, aliases, error))
                goto out;
              continue;
            }

          sqlite3_bind_int64 (m->remove, 1, group->id);
          if (!step (m, m->remove, "remove", error))
            goto out;
          m->counts->entries_changed = TRUE;
          m->counts->journal_changed = TRUE;
          if (!group->copy)
            continue;
        }

      if (!group->copy)
        continue;

    make:
      _kindred_sync_copy_uuid (family, group->rep->dot.hlc, group->rep->dot.device, uuid);
      existing = lookup_row (m, uuid, &existing_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      /* Already here (deleted, kept or edited since): the person's choice stands. */
      if (existing != NULL)
        continue;

      g_hash_table_add (m->touched, g_strdup (uuid));
      aliases = group_aliases (group, NULL);
      if (!write_version (m, group->content, group->rep, aliases, uuid, -1, family, NULL, error))
        goto out;
      g_hash_table_add (m->families, g_strdup (family));
      if (group->id < 0 || group->main)
        m->counts->conflicts++;
    }

  ok = TRUE;

out:
  if (dead_before.vv != NULL)
    lineage_clear (&dead_before);
  if (dead.vv != NULL)
    lineage_clear (&dead);
  return ok;
}

static gboolean
merge_entry (Merge    *m,
             Version  *incoming,
             GError  **error)
{
  g_autoptr(Version) row = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *family = incoming->uuid;
  gint64 id = -1;

  /* Nearly every record of a file that was merged before, without a query. */
  if (!incoming->pristine && !g_hash_table_contains (m->families, incoming->uuid) &&
      known_unchanged (m, incoming))
    return TRUE;

  if (incoming->pristine)
    {
      gint64 copy_id = -1;
      g_autoptr(Version) existing = lookup_row (m, incoming->uuid, &copy_id, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* An untouched copy belongs to its entry's family; one that was deleted,
       * kept or edited here is an entry of its own, and this is its first
       * version. */
      if (existing == NULL || existing->pristine)
        family = incoming->conflict_of;
    }

  row = lookup_row (m, family, &id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return merge_family (m, family, row, id, incoming, error);
}

/* Strategies: last writer wins on (hlc, device), every column this build has. */
static gboolean
merge_strategy (Merge           *m,
                StrategyRecord  *s,
                GHashTable      *columns,
                GError         **error)
{
  g_autoptr(sqlite3_stmt) lookup = NULL;
  g_autoptr(sqlite3_stmt) write = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GList) members = NULL;
  gint64 id = -1;
  int rc, column;

  lookup = prepare (m->db, "SELECT id, hlc, device_id FROM strategies WHERE uuid = ?", error);
  if (lookup == NULL)
    return FALSE;
  sqlite3_bind_text (lookup, 1, s->uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (lookup);
  if (rc == SQLITE_ROW)
    {
      const char *device = (const char *) sqlite3_column_text (lookup, 2);
      Dot local = { g_intern_string (device != NULL ? device : ""),
                    (KindredHlc) sqlite3_column_int64 (lookup, 1) };

      if (compare_dots (&s->dot, &local) <= 0)
        return TRUE;
      id = sqlite3_column_int64 (lookup, 0);
    }
  else if (rc != SQLITE_DONE)
    return set_db_error (error, m->db, rc, "strategy");

  /* Only columns this journal has (a name from the file is never put in SQL
   * unless it is one of ours). */
  members = json_object_get_members (s->cols);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_hash_table_contains (columns, l->data))
      g_ptr_array_add (names, l->data);

  if (id >= 0)
    {
      g_string_append (sql, "UPDATE strategies SET hlc = ?1, device_id = ?2");
      for (guint i = 0; i < names->len; i++)
        g_string_append_printf (sql, ", \"%s\" = ?%u", (char *) g_ptr_array_index (names, i),
                                i + 4);
      g_string_append (sql, " WHERE id = ?3");
    }
  else
    {
      g_string_append (sql, "INSERT INTO strategies (hlc, device_id, uuid");
      for (guint i = 0; i < names->len; i++)
        g_string_append_printf (sql, ", \"%s\"", (char *) g_ptr_array_index (names, i));
      g_string_append (sql, ") VALUES (?1, ?2, ?3");
      for (guint i = 0; i < names->len; i++)
        g_string_append_printf (sql, ", ?%u", i + 4);
      g_string_append (sql, ")");
    }

  write = prepare (m->db, sql->str, error);
  if (write == NULL)
    return FALSE;
  sqlite3_bind_int64 (write, 1, (gint64) s->dot.hlc);
  bind_text (write, 2, s->dot.device[0] != '\0' ? s->dot.device : NULL);
  if (id >= 0)
    sqlite3_bind_int64 (write, 3, id);
  else
    sqlite3_bind_text (write, 3, s->uuid, -1, SQLITE_STATIC);

  column = 4;
  for (guint i = 0; i < names->len; i++, column++)
    {
      JsonNode *node = json_object_get_member (s->cols, g_ptr_array_index (names, i));

      if (JSON_NODE_HOLDS_NULL (node))
        sqlite3_bind_null (write, column);
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        sqlite3_bind_int64 (write, column, json_node_get_int (node));
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        sqlite3_bind_double (write, column, json_node_get_double (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        sqlite3_bind_int (write, column, json_node_get_boolean (node) ? 1 : 0);
      else
        sqlite3_bind_text (write, column, json_node_get_string (node), -1, SQLITE_STATIC);
    }

  rc = sqlite3_step (write);
  if (rc != SQLITE_DONE)
    {
      /* A constraint (a name missing, a value out of range): the file is not
       * what a Kindred writes. */
      if ((rc & 0xff) == SQLITE_CONSTRAINT || (rc & 0xff) == SQLITE_MISMATCH)
        {
          g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
                       _("A coping strategy in this file is not in the form Kindred "
                         "expects."));
          return FALSE;
        }
      return set_db_error (error, m->db, rc, "strategy");
    }

  m->counts->other++;
  m->counts->strategies_changed = TRUE;
  m->counts->journal_changed = TRUE;
  return TRUE;
}

/* ---- Documents ------------------------------------------------------------- */

static JsonObject *
parse_document_object (const char *value,
                       const char *format)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root, *node;

  if (value == NULL || strlen (value) > MAX_DOCUMENT ||
      json_depth (value, strlen (value)) > 16)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, value, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  node = json_object_get_member (json_node_get_object (root), "format");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (node), format) != 0)
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

static char *
node_to_string (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* Last writer wins on the stamp; equal stamps by the text, so that every device
 * picks the same. */
static int
compare_stamped (JsonObject *a,
                 JsonObject *b)
{
  KindredHlc ha = document_stamp (a), hb = document_stamp (b);
  g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), b);
  g_autofree char *ta = NULL, *tb = NULL;

  if (ha != hb)
    return ha < hb ? -1 : 1;
  ta = node_to_string (na);
  tb = node_to_string (nb);
  return strcmp (ta, tb);
}

static gboolean
read_setting (sqlite3     *db,
              const char  *key,
              char       **value,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT value FROM settings WHERE key = ?",
                                          error);
  int rc;

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "setting");
  return TRUE;
}

static gboolean
write_setting (sqlite3     *db,
               const char  *key,
               const char  *value,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "INSERT OR REPLACE INTO settings (key, value)"
                                          " VALUES (?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "setting");
  return TRUE;
}

static int
compare_contact_uuids (gconstpointer a,
                       gconstpointer b)
{
  JsonObject *oa = *(JsonObject **) a, *ob = *(JsonObject **) b;

  return g_strcmp0 (json_object_get_string_member_with_default (oa, "uuid", ""),
                    json_object_get_string_member_with_default (ob, "uuid", ""));
}

/* Contact by contact; the local order is kept and new ones follow, sorted. */
static char *
merge_contacts (JsonObject *local,
                JsonObject *remote,
                gboolean   *changed)
{
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) remote_by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) local_uuids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *local_list = NULL, *remote_list;
  JsonNode *node;

  *changed = FALSE;

  node = json_object_get_member (remote, "contacts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  remote_list = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (remote_list); i++)
    {
      JsonNode *item = json_array_get_element (remote_list, i);
      const char *uuid;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      uuid = json_object_get_string_member_with_default (json_node_get_object (item), "uuid", NULL);
      if (uuid != NULL)
        g_hash_table_insert (remote_by_uuid, (gpointer) uuid, json_node_get_object (item));
    }

  if (local != NULL && (node = json_object_get_member (local, "contacts")) != NULL &&
      JSON_NODE_HOLDS_ARRAY (node))
    local_list = json_node_get_array (node);

  for (guint i = 0; local_list != NULL && i < json_array_get_length (local_list); i++)
    {
      JsonNode *item = json_array_get_element (local_list, i);
      JsonObject *contact, *other;
      const char *uuid;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      contact = json_node_get_object (item);
      uuid = json_object_get_string_member_with_default (contact, "uuid", NULL);
      if (uuid == NULL)
        continue;
      g_hash_table_add (local_uuids, (gpointer) uuid);

      other = g_hash_table_lookup (remote_by_uuid, uuid);
      if (other != NULL && compare_stamped (other, contact) > 0)
        {
          contact = other;
          *changed = TRUE;
        }
      g_ptr_array_add (merged, json_object_ref (contact));
    }

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, remote_by_uuid);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (!g_hash_table_contains (local_uuids, key))
        g_ptr_array_add (added, json_object_ref (value));
  }
  g_ptr_array_sort (added, compare_contact_uuids);
  for (guint i = 0; i < added->len; i++)
    {
      g_ptr_array_add (merged, json_object_ref (g_ptr_array_index (added, i)));
      *changed = TRUE;
    }

  if (!*changed)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "kindred-contacts");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < merged->len; i++)
    {
      JsonNode *item = json_node_init_object (json_node_alloc (), g_ptr_array_index (merged, i));

      json_builder_add_value (builder, item);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
merge_document (Merge           *m,
                DocumentRecord  *d,
                GError         **error)
{
  g_autofree char *local_text = NULL;
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autofree char *merged = NULL;
  gboolean contacts = strcmp (d->key, "contacts") == 0;
  const char *format = contacts ? "kindred-contacts" : "kindred-safety-plan";

  remote = parse_document_object (d->value, format);
  if (remote == NULL)
    {
      g_set_error (error, KINDRED_ENVELOPE_ERROR, KINDRED_ENVELOPE_ERROR_MALFORMED,
                   _("A safety plan or contact list in this file is not in the form "
                     "Kindred expects."));
      return FALSE;
    }

  if (!read_setting (m->db, d->key, &local_text, error))
    return FALSE;
  /* A damaged local document is left for the plan module to deal with (it keeps a
   * copy aside); it is not overwritten from here. */
  if (local_text != NULL && (local = parse_document_object (local_text, format)) == NULL)
    return TRUE;

  if (contacts)
    {
      gboolean changed;

      merged = merge_contacts (local, remote, &changed);
      if (merged == NULL)
        return TRUE;
    }
  else
    {
      if (local != NULL && compare_stamped (remote, local) <= 0)
        return TRUE;
      merged = g_strdup (d->value);
    }

  if (!write_setting (m->db, d->key, merged, error))
    return FALSE;
  m->counts->other++;
  m->counts->journal_changed = TRUE;
  return TRUE;
}

static gboolean
load_strategy_columns (sqlite3     *db,
                       GHashTable  *columns,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "PRAGMA table_info (strategies)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 1);

      if (strcmp (name, "id") != 0 && strcmp (name, "uuid") != 0 &&
          strcmp (name, "hlc") != 0 && strcmp (name, "device_id") != 0)
        g_hash_table_add (columns, g_strdup (name));
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "columns");
  return TRUE;
}

static gboolean
load_families (Merge   *m,
               GError **error)
{
  g_autoptr(sqlite3_stmt) stmt =
    prepare (m->db, "SELECT DISTINCT conflict_of FROM entries WHERE conflict_of IS NOT NULL",
             error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (m->families, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return set_db_error (error, m->db, rc, "families");
  return TRUE;
}

static gboolean
merge_func (sqlite3   *db,
            gpointer   user_data,
            GError   **error)
{
  Merge *m = user_data;
  g_autoptr(GHashTable) columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct { sqlite3_stmt **stmt; const char *sql; } statements[] = {
    { &m->lookup, "SELECT " VERSION_COLUMNS " FROM entries WHERE uuid = ?" },
    { &m->load, "SELECT " VERSION_COLUMNS " FROM entries WHERE id = ?" },
    { &m->copies, "SELECT " VERSION_COLUMNS " FROM entries WHERE conflict_of = ?" },
    { &m->insert, "INSERT INTO entries (uuid, created_at, updated_at, hlc, device_id, mood,"
                  " title, body, deleted, tags, conflict_of, lineage, superseded, aliases)"
                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)" },
    { &m->update, "UPDATE entries SET created_at = ?2, updated_at = ?3, hlc = ?4,"
                  " device_id = ?5, mood = ?6, title = ?7, body = ?8, deleted = ?9,"
                  " tags = ?10, conflict_of = ?11, lineage = ?12, superseded = ?13,"
                  " aliases = ?14 WHERE id = ?1" },
    { &m->update_meta, "UPDATE entries SET lineage = ?, superseded = ?, aliases = ? WHERE id = ?" },
    { &m->remove, "DELETE FROM entries WHERE id = ?" },
    { &m->strategy_id, "SELECT id FROM strategies WHERE uuid = ?" },
    { &m->del_emotions, "DELETE FROM entry_emotions WHERE entry_id = ?" },
    { &m->del_triggers, "DELETE FROM entry_triggers WHERE entry_id = ?" },
    { &m->del_links, "DELETE FROM entry_strategies WHERE entry_id = ?" },
    { &m->add_emotion, "INSERT INTO entry_emotions (entry_id, emotion, intensity, position)"
                       " VALUES (?, ?, ?, ?)" },
    { &m->add_trigger, "INSERT INTO entry_triggers (entry_id, tag, position) VALUES (?, ?, ?)" },
    { &m->add_link, "INSERT INTO entry_strategies (entry_id, strategy_id, helped, position)"
                    " VALUES (?, ?, ?, ?)" },
  };
  gboolean ok = FALSE;

  m->db = db;

  /* A whole journal arriving in one transaction dirties far more pages than the
   * store's 8 MB cache holds; spilling them mid-transaction (journalled, synced,
   * decrypted again) cost more than the inserts.  For a big file the cache grows
   * for this transaction and shrinks back after (see the store's cache_size). */
  if (m->batch->entries->len > 2000 &&
      !_kindred_store_exec (db, "PRAGMA cache_size = -131072", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    if ((*statements[i].stmt = prepare (db, statements[i].sql, error)) == NULL)
      goto out;

  if (!load_strategy_columns (db, columns, error) || !load_families (m, error) ||
      !load_known (m, error))
    goto out;

  for (guint i = 0; i < m->batch->strategies->len; i++)
    if (!merge_strategy (m, g_ptr_array_index (m->batch->strategies, i), columns, error))
      goto out;

  for (guint i = 0; i < m->batch->entries->len; i++)
    if (!merge_entry (m, g_ptr_array_index (m->batch->entries, i), error))
      goto out;

  for (guint i = 0; i < m->batch->documents->len; i++)
    if (!merge_document (m, g_ptr_array_index (m->batch->documents, i), error))
      goto out;

  /* Every later local stamp comes after everything seen here. */
  if (m->batch->hwm > 0)
    _kindred_store_receive_stamp (m->batch->hwm);

  if (m->seen_key != NULL && !write_setting (db, m->seen_key, m->seen_value, error))
    goto out;

  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    g_clear_pointer (statements[i].stmt, sqlite3_finalize);
  if (m->batch->entries->len > 2000)
    sqlite3_exec (db, "PRAGMA cache_size = -8000", NULL, NULL, NULL);
  return ok;
}

gboolean
_kindred_store_sync_merge (KindredStore       *store,
                           KindredSyncBatch   *batch,
                           const char         *seen_key,
                           const char         *seen_value,
                           KindredSyncCounts  *counts,
                           GError            **error)
{
  Merge m = { 0, };
  KindredSyncCounts local_counts = { 0, };
  g_autoptr(GHashTable) families = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, known_free);
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean ok;

  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  m.local_device = kindred_store_get_device_id (store);
  m.batch = batch;
  m.seen_key = seen_key;
  m.seen_value = seen_value;
  m.counts = &local_counts;
  m.families = families;
  m.known = known;
  m.touched = touched;

  ok = _kindred_store_write (store, merge_func, &m, FALSE, error);
  if (ok && counts != NULL)
    *counts = local_counts;
  return ok;
}

/* ---- Conflicts ----------------------------------------------------------- */

typedef struct
{
  GPtrArray  *uuids;
  const char *uuid;
  gboolean    found;
} ConflictData;

static gboolean
list_conflicts_func (sqlite3   *db,
                     gpointer   user_data,
                     GError   **error)
{
  ConflictData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt =
    prepare (db, "SELECT uuid FROM entries WHERE conflict_of IS NOT NULL AND deleted = 0"
             " ORDER BY created_at DESC, uuid DESC", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (data->uuids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "conflicts");
  return TRUE;
}

GPtrArray *
_kindred_store_sync_list_conflicts (KindredStore  *store,
                                    GError       **error)
{
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  ConflictData data = { uuids, NULL, FALSE };

  if (!_kindred_store_read (store, list_conflicts_func, &data, error))
    return NULL;
  return g_steal_pointer (&uuids);
}

static gboolean
keep_copy_func (sqlite3   *db,
                gpointer   user_data,
                GError   **error)
{
  ConflictData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  KindredHlc hlc = _kindred_store_next_stamp ();
  g_autofree char *device = NULL;

  if (!read_setting (db, "device-id", &device, error))
    return FALSE;

  /* Like any local save: the row's stamp moves on, its stored lineage stays, so
   * the kept entry is a version that has seen the copy. */
  stmt = prepare (db, "UPDATE entries SET conflict_of = NULL, hlc = ?, device_id = ?,"
                  " updated_at = ? WHERE uuid = ? AND conflict_of IS NOT NULL AND deleted = 0",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) hlc);
  sqlite3_bind_text (stmt, 2, device, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  sqlite3_bind_text (stmt, 4, data->uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return set_db_error (error, db, sqlite3_errcode (db), "keep");

  data->found = sqlite3_changes (db) > 0;
  if (!data->found)
    {
      g_set_error (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_NOT_FOUND,
                   _("This entry is not a conflict copy any more."));
      return FALSE;
    }
  return TRUE;
}

gboolean
_kindred_store_sync_keep_copy (KindredStore  *store,
                               const char    *uuid,
                               GError       **error)
{
  ConflictData data = { NULL, uuid, FALSE };

  g_return_val_if_fail (KINDRED_IS_STORE (store), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  return _kindred_store_write (store, keep_copy_func, &data, FALSE, error);
}

/* ---- Tests ------------------------------------------------------------------- */

typedef struct
{
  const char *uuid;
  GPtrArray  *dots;
} RowDotsData;

static gboolean
row_dots_func (sqlite3   *db,
               gpointer   user_data,
               GError   **error)
{
  RowDotsData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "SELECT " VERSION_COLUMNS " FROM entries"
                                          " WHERE uuid = ?", error);
  g_autofree char *device = NULL;
  int rc;

  if (stmt == NULL || !read_setting (db, "device-id", &device, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->uuid, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      gint64 id;
      g_autoptr(Version) v = version_from_row (stmt, &id, device);

      data->dots = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (data->dots, g_strdup_printf ("%s=%" G_GUINT64_FORMAT, v->self.dot.device,
                                                    v->self.dot.hlc));
      for (guint i = 0; i < v->aliases->len; i++)
        {
          Alias *alias = &g_array_index (v->aliases, Alias, i);

          g_ptr_array_add (data->dots, g_strdup_printf ("%s=%" G_GUINT64_FORMAT,
                                                        alias->dot.device, alias->dot.hlc));
        }
    }
  else if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "row");
  return TRUE;
}

GPtrArray *
_kindred_store_sync_row_dots (KindredStore  *store,
                              const char    *uuid,
                              GError       **error)
{
  RowDotsData data = { uuid, NULL };

  if (!_kindred_store_read (store, row_dots_func, &data, error))
    return NULL;
  return data.dots;
}

/* ---- Canonical dump (tests) -------------------------------------------------- */

typedef struct
{
  GString  *out;
  gboolean  with_lineage;
} DumpData;

static void
dump_contacts (GString    *out,
               const char *value)
{
  g_autoptr(JsonObject) object = parse_document_object (value, "kindred-contacts");
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, "contacts")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_string_append_printf (out, "D contacts %s\n", value);
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);

      if (JSON_NODE_HOLDS_OBJECT (item))
        g_ptr_array_add (contacts, json_object_ref (json_node_get_object (item)));
    }
  g_ptr_array_sort (contacts, compare_contact_uuids);
  for (guint i = 0; i < contacts->len; i++)
    {
      g_autoptr(JsonNode) item = json_node_init_object (json_node_alloc (),
                                                        g_ptr_array_index (contacts, i));
      g_autofree char *text = json_to_string (item, FALSE);

      g_string_append_printf (out, "D contact %s\n", text);
    }
}

static gboolean
dump_func (sqlite3   *db,
           gpointer   user_data,
           GError   **error)
{
  DumpData *data = user_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (db, "SELECT * FROM strategies ORDER BY uuid", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KindredHlc ignored = 0;

      g_string_append (data->out, "S ");
      append_strategy_row (data->out, stmt, &ignored);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "dump");
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "SELECT " VERSION_COLUMNS " FROM entries ORDER BY uuid", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(Version) v = NULL;
      gint64 id;

      v = version_from_row (stmt, &id, "");
      if (!load_children (db, v, id, error))
        return FALSE;
      if (!data->with_lineage)
        {
          lineage_clear (&v->self.lineage);
          lineage_clear (&v->superseded);
          lineage_init (&v->self.lineage);
          lineage_init (&v->superseded);
        }
      g_string_append (data->out, "E ");
      append_version (data->out, v);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "dump");
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (db, "SELECT key, value FROM settings WHERE key IN ('safety-plan', 'contacts')"
                  " ORDER BY key", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (strcmp (key, "contacts") == 0)
        dump_contacts (data->out, value);
      else
        g_string_append_printf (data->out, "D %s %s\n", key, value);
    }
  if (rc != SQLITE_DONE)
    return set_db_error (error, db, rc, "dump");

  return TRUE;
}

char *
_kindred_store_sync_dump (KindredStore  *store,
                          gboolean       with_lineage,
                          GError       **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  DumpData data = { out, with_lineage };

  if (!_kindred_store_read (store, dump_func, &data, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
