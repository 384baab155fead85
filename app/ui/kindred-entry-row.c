/* kindred-entry-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-entry-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-entry-row.h"
#include "kindred-mood.h"

/* A row shows a few chips; more would only be cut off at narrow widths */
#define MAX_CHIPS 4

struct _KindredEntryRow
{
  GtkWidget     parent_instance;

  GtkLabel     *day_header;
  GtkImage     *mood_image;
  GtkLabel     *mood_label;
  GtkLabel     *time_label;
  GtkLabel     *summary_label;
  GtkBox       *chips_box;
  GtkLabel     *conflict_badge;
  /* Made once and reused as the row is recycled: scrolling binds rows all the time */
  GtkLabel     *chips[MAX_CHIPS + 1];

  KindredEntry *entry;
  gulong        changed_id;
  char         *mood_class;
  GDateTime    *previous_at;
  char         *highlight;
  GHashTable   *strategy_names;
};

G_DEFINE_FINAL_TYPE (KindredEntryRow, kindred_entry_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ENTRY, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Lowercase, without accents: how the FTS4 unicode61 tokenizer (remove_diacritics)
 * compares words */
static char *
fold_word (const char *word,
           gssize      length)
{
  g_autofree char *folded = g_utf8_casefold (word, length);
  g_autofree char *decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Calls @func for each word of @text (runs of letters and digits) */
static void
foreach_word (const char *text,
              void      (*func) (const char *text, guint start, guint end, gpointer data),
              gpointer    data)
{
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      const char *start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;

      start = p;
      while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);

      func (text, start - text, p - text, data);
    }
}

static void
collect_term (const char *text,
              guint       start,
              guint       end,
              gpointer    data)
{
  g_ptr_array_add (data, fold_word (text + start, end - start));
}

typedef struct
{
  GPtrArray *terms;
  GArray    *ranges;
} MatchData;

static void
match_word (const char *text,
            guint       start,
            guint       end,
            gpointer    data)
{
  MatchData *match = data;
  g_autofree char *folded = fold_word (text + start, end - start);

  for (guint i = 0; i < match->terms->len; i++)
    if (g_str_has_prefix (folded, g_ptr_array_index (match->terms, i)))
      {
        KindredTextRange range = { start, end };

        g_array_append_val (match->ranges, range);
        return;
      }
}

GArray *
kindred_text_find_matches (const char *text,
                           const char *words)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  GArray *ranges = g_array_new (FALSE, FALSE, sizeof (KindredTextRange));
  MatchData match = { terms, ranges };

  if (text == NULL || words == NULL)
    return ranges;

  foreach_word (words, collect_term, terms);
  if (terms->len > 0)
    foreach_word (text, match_word, &match);

  return ranges;
}

static int
days_between (GDateTime *earlier,
              GDateTime *later)
{
  g_autoptr(GDate) a = g_date_new_dmy (g_date_time_get_day_of_month (earlier),
                                       g_date_time_get_month (earlier),
                                       g_date_time_get_year (earlier));
  g_autoptr(GDate) b = g_date_new_dmy (g_date_time_get_day_of_month (later),
                                       g_date_time_get_month (later),
                                       g_date_time_get_year (later));

  /* Whole days between the two calendar dates, not 24-hour spans */
  return g_date_days_between (a, b);
}

char *
kindred_entry_row_dup_day_header (GDateTime *created_at,
                                  GDateTime *previous,
                                  GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *date = NULL;
  int days;

  g_return_val_if_fail (created_at != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  local = g_date_time_to_local (created_at);
  if (previous != NULL)
    {
      g_autoptr(GDateTime) local_previous = g_date_time_to_local (previous);

      if (days_between (local, local_previous) == 0)
        return NULL;
    }

  local_now = g_date_time_to_local (now);
  days = days_between (local, local_now);
  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));

  if (g_date_time_get_year (local) == g_date_time_get_year (local_now))
    /* Translators: a day header in the journal list, see strftime(3) */
    date = g_date_time_format (local, _("%A %-d %B"));
  else
    /* Translators: a day header in another year, see strftime(3) */
    date = g_date_time_format (local, _("%A %-d %B %Y"));

  return g_steal_pointer (&date);
}

static void
update_summary (KindredEntryRow *self)
{
  g_autofree char *summary = NULL;
  g_autoptr(PangoAttrList) attrs = NULL;

  if (self->entry != NULL)
    summary = kindred_entry_dup_summary (self->entry);

  if (summary == NULL || *summary == '\0')
    {
      gtk_label_set_label (self->summary_label, _("No text"));
      gtk_label_set_attributes (self->summary_label, NULL);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "dim-label");

  if (self->highlight != NULL)
    {
      g_autoptr(GArray) ranges = kindred_text_find_matches (summary, self->highlight);

      for (guint i = 0; i < ranges->len; i++)
        {
          KindredTextRange *range = &g_array_index (ranges, KindredTextRange, i);
          PangoAttribute *attr;

          if (attrs == NULL)
            attrs = pango_attr_list_new ();

          attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
          attr->start_index = range->start;
          attr->end_index = range->end;
          pango_attr_list_insert (attrs, attr);

          /* The accent blue, see-through: readable on light and dark cards alike */
          attr = pango_attr_background_new (0x3535, 0x8484, 0xe4e4);
          attr->start_index = range->start;
          attr->end_index = range->end;
          pango_attr_list_insert (attrs, attr);
          attr = pango_attr_background_alpha_new (0x4fff);
          attr->start_index = range->start;
          attr->end_index = range->end;
          pango_attr_list_insert (attrs, attr);
        }
    }

  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_attributes (self->summary_label, attrs);
}

static void
set_chip (KindredEntryRow *self,
          guint            index,
          const char      *text,
          const char      *kind)
{
  static const char *kinds[] = { "emotion-chip", "strategy-chip", "more-chip" };
  GtkWidget *chip = GTK_WIDGET (self->chips[index]);

  gtk_label_set_label (self->chips[index], text);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i], kind) != 0)
      gtk_widget_remove_css_class (chip, kinds[i]);
  gtk_widget_add_css_class (chip, kind);
  gtk_widget_set_visible (chip, TRUE);
}

static void
update_chips (KindredEntryRow *self)
{
  guint n_emotions = 0;
  guint n_strategies = 0;
  guint shown = 0;

  if (self->entry != NULL)
    {
      n_emotions = kindred_entry_get_n_emotions (self->entry);
      n_strategies = kindred_entry_get_n_strategies (self->entry);
    }

  for (guint i = 0; i < n_emotions && shown < MAX_CHIPS; i++, shown++)
    {
      const char *id = kindred_entry_get_emotion (self->entry, i, NULL);
      const char *label = kindred_emotion_get_label (id);

      set_chip (self, shown, label != NULL ? label : id, "emotion-chip");
    }

  for (guint i = 0; i < n_strategies && shown < MAX_CHIPS; i++)
    {
      const char *uuid = kindred_entry_get_strategy (self->entry, i, NULL);
      const char *name = NULL;

      if (self->strategy_names != NULL)
        name = g_hash_table_lookup (self->strategy_names, uuid);
      /* A strategy this journal does not know (yet): nothing sensible to show */
      if (name == NULL)
        continue;

      set_chip (self, shown, name, "strategy-chip");
      shown++;
    }

  if (n_emotions + n_strategies > shown && shown > 0 && shown == MAX_CHIPS)
    {
      /* Translators: how many more emotions and strategies an entry has than shown */
      g_autofree char *more = g_strdup_printf (_("+%u"), n_emotions + n_strategies - shown);

      set_chip (self, shown, more, "more-chip");
      shown++;
    }

  for (guint i = shown; i < G_N_ELEMENTS (self->chips); i++)
    gtk_widget_set_visible (GTK_WIDGET (self->chips[i]), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->chips_box), shown > 0);
}

static void
update_header (KindredEntryRow *self)
{
  g_autofree char *header = NULL;

  if (self->entry != NULL && kindred_entry_get_created_at (self->entry) != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      /* "Today" changes at midnight: asked at each bind, it is never stale for long */
      header = kindred_entry_row_dup_day_header (kindred_entry_get_created_at (self->entry),
                                                 self->previous_at, now);
    }

  gtk_label_set_label (self->day_header, header != NULL ? header : "");
  gtk_widget_set_visible (GTK_WIDGET (self->day_header), header != NULL);
}

static void
update (KindredEntryRow *self)
{
  g_autofree char *time = NULL;
  const char *mood_label = NULL;
  int mood = KINDRED_MOOD_NONE;

  if (self->mood_class != NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->mood_image), self->mood_class);
      g_clear_pointer (&self->mood_class, g_free);
    }

  if (self->entry != NULL)
    {
      GDateTime *created_at = kindred_entry_get_created_at (self->entry);

      mood = kindred_entry_get_mood (self->entry);
      if (created_at != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (created_at);

          /* The day is in the header above: the row says when in it */
          /* Translators: the time of day of an entry, see strftime(3) */
          time = g_date_time_format (local, _("%H:%M"));
        }
    }

  mood_label = kindred_mood_get_label (mood);
  if (mood_label != NULL)
    {
      gtk_image_set_from_icon_name (self->mood_image, kindred_mood_get_icon_name (mood));
      self->mood_class = g_strdup (kindred_mood_get_css_class (mood));
      gtk_widget_add_css_class (GTK_WIDGET (self->mood_image), self->mood_class);
      gtk_label_set_label (self->mood_label, mood_label);
      gtk_widget_set_visible (GTK_WIDGET (self->mood_label), TRUE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->mood_image), "dim-label");
    }
  else
    {
      /* No mood chosen: nothing to say about it, just the time and the words */
      gtk_image_set_from_icon_name (self->mood_image, "x-office-document-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->mood_image), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->mood_label), FALSE);
    }

  gtk_label_set_label (self->time_label, time != NULL ? time : "");

  /* A copy sync kept because two devices edited the entry at once */
  gtk_widget_set_visible (GTK_WIDGET (self->conflict_badge),
                          self->entry != NULL &&
                          kindred_entry_get_conflict_of (self->entry) != NULL);

  update_header (self);
  update_summary (self);
  update_chips (self);
}

static void
entry_changed_cb (KindredEntryRow *self)
{
  update (self);
}

static void
kindred_entry_row_dispose (GObject *object)
{
  KindredEntryRow *self = KINDRED_ENTRY_ROW (object);
  GtkWidget *child;

  kindred_entry_row_set_entry (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_ENTRY_ROW);
  /* dispose_template clears only bound children; the root of a bin goes here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->strategy_names, g_hash_table_unref);

  G_OBJECT_CLASS (kindred_entry_row_parent_class)->dispose (object);
}

static void
kindred_entry_row_finalize (GObject *object)
{
  KindredEntryRow *self = KINDRED_ENTRY_ROW (object);

  g_clear_pointer (&self->mood_class, g_free);
  g_clear_pointer (&self->previous_at, g_date_time_unref);
  g_clear_pointer (&self->highlight, g_free);

  G_OBJECT_CLASS (kindred_entry_row_parent_class)->finalize (object);
}

static void
kindred_entry_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KindredEntryRow *self = KINDRED_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KindredEntryRow *self = KINDRED_ENTRY_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      kindred_entry_row_set_entry (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_row_class_init (KindredEntryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_entry_row_dispose;
  object_class->finalize = kindred_entry_row_finalize;
  object_class->get_property = kindred_entry_row_get_property;
  object_class->set_property = kindred_entry_row_set_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         KINDRED_TYPE_ENTRY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-entry-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, day_header);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, mood_image);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, mood_label);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, chips_box);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, conflict_badge);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredentryrow");
}

static void
kindred_entry_row_init (KindredEntryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->chips); i++)
    {
      GtkWidget *chip = gtk_label_new (NULL);

      gtk_label_set_ellipsize (GTK_LABEL (chip), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (chip), TRUE);
      gtk_widget_add_css_class (chip, "chip");
      gtk_widget_set_visible (chip, FALSE);
      gtk_box_append (self->chips_box, chip);
      self->chips[i] = GTK_LABEL (chip);
    }

  update (self);
}

GtkWidget *
kindred_entry_row_new (void)
{
  return g_object_new (KINDRED_TYPE_ENTRY_ROW, NULL);
}

KindredEntry *
kindred_entry_row_get_entry (KindredEntryRow *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_ROW (self), NULL);

  return self->entry;
}

void
kindred_entry_row_set_entry (KindredEntryRow *self,
                             KindredEntry    *entry)
{
  g_return_if_fail (KINDRED_IS_ENTRY_ROW (self));
  g_return_if_fail (entry == NULL || KINDRED_IS_ENTRY (entry));

  if (self->entry == entry)
    return;

  if (self->entry != NULL)
    g_clear_signal_handler (&self->changed_id, self->entry);
  g_set_object (&self->entry, entry);
  if (self->entry != NULL)
    self->changed_id = g_signal_connect_swapped (self->entry, "changed",
                                                 G_CALLBACK (entry_changed_cb), self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

const char *
kindred_entry_row_get_summary (KindredEntryRow *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_ROW (self), NULL);

  return gtk_label_get_label (self->summary_label);
}

void
kindred_entry_row_set_previous (KindredEntryRow *self,
                                KindredEntry    *previous)
{
  GDateTime *previous_at = NULL;

  g_return_if_fail (KINDRED_IS_ENTRY_ROW (self));
  g_return_if_fail (previous == NULL || KINDRED_IS_ENTRY (previous));

  if (previous != NULL)
    previous_at = kindred_entry_get_created_at (previous);

  g_clear_pointer (&self->previous_at, g_date_time_unref);
  if (previous_at != NULL)
    self->previous_at = g_date_time_ref (previous_at);

  update_header (self);
}

const char *
kindred_entry_row_get_day_header (KindredEntryRow *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_ROW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->day_header)))
    return NULL;

  return gtk_label_get_label (self->day_header);
}

void
kindred_entry_row_set_highlight (KindredEntryRow *self,
                                 const char      *words)
{
  g_return_if_fail (KINDRED_IS_ENTRY_ROW (self));

  if (words != NULL && *words == '\0')
    words = NULL;
  if (g_strcmp0 (self->highlight, words) == 0)
    return;

  g_free (self->highlight);
  self->highlight = g_strdup (words);
  update_summary (self);
}

void
kindred_entry_row_set_strategy_names (KindredEntryRow *self,
                                      GHashTable      *names)
{
  g_return_if_fail (KINDRED_IS_ENTRY_ROW (self));

  if (names == self->strategy_names)
    return;

  g_clear_pointer (&self->strategy_names, g_hash_table_unref);
  if (names != NULL)
    self->strategy_names = g_hash_table_ref (names);
  update_chips (self);
}

void
kindred_entry_row_refresh (KindredEntryRow *self)
{
  g_return_if_fail (KINDRED_IS_ENTRY_ROW (self));

  update (self);
}

gboolean
kindred_entry_row_get_shows_conflict (KindredEntryRow *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_ROW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->conflict_badge));
}

void
kindred_entry_row_set_current (KindredEntryRow *self,
                               gboolean         current)
{
  g_return_if_fail (KINDRED_IS_ENTRY_ROW (self));

  if (current)
    gtk_widget_add_css_class (GTK_WIDGET (self), "current");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "current");
}
