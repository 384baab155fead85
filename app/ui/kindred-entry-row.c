/* kindred-entry-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-entry-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-entry-row.h"
#include "kindred-mood.h"

struct _KindredEntryRow
{
  GtkWidget     parent_instance;

  GtkImage     *mood_image;
  GtkLabel     *mood_label;
  GtkLabel     *time_label;
  GtkLabel     *summary_label;

  KindredEntry *entry;
  gulong        changed_id;
  char         *mood_class;
};

G_DEFINE_FINAL_TYPE (KindredEntryRow, kindred_entry_row, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ENTRY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static char *
format_time (GDateTime *created_at)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *clock = NULL;
  int days;

  if (created_at == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (created_at);
  now = g_date_time_new_now_local ();
  /* Translators: the time of day of an entry, see strftime(3) */
  clock = g_date_time_format (local, _("%H:%M"));

  /* Whole days between the two calendar dates, not 24-hour spans */
  {
    g_autoptr(GDate) a = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                         g_date_time_get_month (local),
                                         g_date_time_get_year (local));
    g_autoptr(GDate) b = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                         g_date_time_get_month (now),
                                         g_date_time_get_year (now));
    days = g_date_days_between (a, b);
  }

  if (days == 0)
    /* Translators: "Today, 14:05" */
    return g_strdup_printf (_("Today, %s"), clock);
  if (days == 1)
    /* Translators: "Yesterday, 14:05" */
    return g_strdup_printf (_("Yesterday, %s"), clock);
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    {
      /* Translators: a date in this year, see strftime(3) */
      g_autofree char *date = g_date_time_format (local, _("%A, %e %B"));
      /* Translators: "Tuesday, 24 November, 14:05" */
      return g_strdup_printf (_("%s, %s"), g_strstrip (date), clock);
    }
  else
    {
      /* Translators: a date in another year, see strftime(3) */
      g_autofree char *date = g_date_time_format (local, _("%e %B %Y"));
      return g_strdup_printf (_("%s, %s"), g_strstrip (date), clock);
    }
}

static void
update (KindredEntryRow *self)
{
  g_autofree char *summary = NULL;
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
      mood = kindred_entry_get_mood (self->entry);
      summary = kindred_entry_dup_summary (self->entry);
      time = format_time (kindred_entry_get_created_at (self->entry));
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

  if (summary == NULL || *summary == '\0')
    {
      gtk_label_set_label (self->summary_label, _("No text"));
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->summary_label, summary);
      gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "dim-label");
    }
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

  G_OBJECT_CLASS (kindred_entry_row_parent_class)->dispose (object);
}

static void
kindred_entry_row_finalize (GObject *object)
{
  KindredEntryRow *self = KINDRED_ENTRY_ROW (object);

  g_clear_pointer (&self->mood_class, g_free);

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
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, mood_image);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, mood_label);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryRow, summary_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredentryrow");
}

static void
kindred_entry_row_init (KindredEntryRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
