/* kindred-entry-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-entry-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kindred-entry-editor.h"
#include "kindred-mood.h"

#define N_MOODS (KINDRED_MOOD_MAX - KINDRED_MOOD_MIN + 1)

struct _KindredEntryEditor
{
  GtkWidget        parent_instance;

  GtkBox          *mood_box;
  GtkTextView     *text_view;
  GtkToggleButton *mood_buttons[N_MOODS];

  KindredEntry    *entry;
  /* Set while the widgets are filled from the entry, so that is not a change */
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (KindredEntryEditor, kindred_entry_editor, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_ENTRY, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
build_mood_buttons (KindredEntryEditor *self)
{
  for (int mood = KINDRED_MOOD_MIN; mood <= KINDRED_MOOD_MAX; mood++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *image = gtk_image_new_from_icon_name (kindred_mood_get_icon_name (mood));
      GtkWidget *label = gtk_label_new (kindred_mood_get_label (mood));

      gtk_image_set_pixel_size (GTK_IMAGE (image), 24);
      gtk_widget_add_css_class (image, kindred_mood_get_css_class (mood));
      gtk_box_append (GTK_BOX (box), image);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);

      gtk_widget_add_css_class (button, "mood-button");
      gtk_widget_add_css_class (button, "flat");
      /* The visible word is the name too; said explicitly so it never depends on how
       * a screen reader walks the button's children */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kindred_mood_get_label (mood),
                                      -1);

      if (mood > KINDRED_MOOD_MIN)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->mood_buttons[0]);

      self->mood_buttons[mood - KINDRED_MOOD_MIN] = GTK_TOGGLE_BUTTON (button);
      gtk_box_append (self->mood_box, button);
    }
}

static void
load_entry (KindredEntryEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  int mood = KINDRED_MOOD_NONE;
  const char *body = NULL;

  if (self->entry != NULL)
    {
      mood = kindred_entry_get_mood (self->entry);
      body = kindred_entry_get_body (self->entry);
    }

  self->loading = TRUE;
  for (int i = 0; i < N_MOODS; i++)
    gtk_toggle_button_set_active (self->mood_buttons[i], i + KINDRED_MOOD_MIN == mood);
  gtk_text_buffer_set_text (buffer, body != NULL ? body : "", -1);
  self->loading = FALSE;
}

static void
mood_toggled_cb (KindredEntryEditor *self,
                 GtkToggleButton    *button)
{
  int mood = KINDRED_MOOD_NONE;

  if (self->loading || self->entry == NULL)
    return;

  /* A group toggles one off and the other on: act once, on the one turned on */
  if (!gtk_toggle_button_get_active (button))
    return;

  for (int i = 0; i < N_MOODS; i++)
    if (self->mood_buttons[i] == button)
      mood = i + KINDRED_MOOD_MIN;

  kindred_entry_set_mood (self->entry, mood);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
buffer_changed_cb (KindredEntryEditor *self,
                   GtkTextBuffer      *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading || self->entry == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  kindred_entry_set_body (self->entry, text);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
kindred_entry_editor_dispose (GObject *object)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (object);
  GtkWidget *child;

  g_clear_object (&self->entry);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_ENTRY_EDITOR);
  /* dispose_template clears only bound children; the root of a bin goes here */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kindred_entry_editor_parent_class)->dispose (object);
}

static void
kindred_entry_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (object);

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
kindred_entry_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      kindred_entry_editor_set_entry (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kindred_entry_editor_class_init (KindredEntryEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_entry_editor_dispose;
  object_class->get_property = kindred_entry_editor_get_property;
  object_class->set_property = kindred_entry_editor_set_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         KINDRED_TYPE_ENTRY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-entry-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, mood_box);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, text_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kindredentryeditor");
}

static void
kindred_entry_editor_init (KindredEntryEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_mood_buttons (self);
  for (int i = 0; i < N_MOODS; i++)
    g_signal_connect_swapped (self->mood_buttons[i], "toggled",
                              G_CALLBACK (mood_toggled_cb), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (buffer_changed_cb), self);
}

GtkWidget *
kindred_entry_editor_new (void)
{
  return g_object_new (KINDRED_TYPE_ENTRY_EDITOR, NULL);
}

KindredEntry *
kindred_entry_editor_get_entry (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->entry;
}

void
kindred_entry_editor_set_entry (KindredEntryEditor *self,
                                KindredEntry       *entry)
{
  g_return_if_fail (KINDRED_IS_ENTRY_EDITOR (self));
  g_return_if_fail (entry == NULL || KINDRED_IS_ENTRY (entry));

  if (!g_set_object (&self->entry, entry))
    return;

  load_entry (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}

gboolean
kindred_entry_editor_has_content (KindredEntryEditor *self)
{
  const char *body;

  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), FALSE);

  if (self->entry == NULL)
    return FALSE;

  if (kindred_entry_get_mood (self->entry) != KINDRED_MOOD_NONE)
    return TRUE;

  body = kindred_entry_get_body (self->entry);
  if (body == NULL)
    return FALSE;

  /* Blank lines alone are not an entry */
  for (const char *p = body; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;

  return FALSE;
}

void
kindred_entry_editor_focus_text (KindredEntryEditor *self)
{
  g_return_if_fail (KINDRED_IS_ENTRY_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

GtkToggleButton *
kindred_entry_editor_get_mood_button (KindredEntryEditor *self,
                                      int                 mood)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);
  g_return_val_if_fail (mood >= KINDRED_MOOD_MIN && mood <= KINDRED_MOOD_MAX, NULL);

  return self->mood_buttons[mood - KINDRED_MOOD_MIN];
}

GtkTextView *
kindred_entry_editor_get_text_view (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->text_view;
}
