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

/* Long enough that a burst of typing is one save, short enough that "Saved" follows
 * a pause at once */
#define SAVE_DELAY_MS 700

struct _KindredEntryEditor
{
  GtkWidget              parent_instance;

  GtkBox                *mood_box;
  GtkTextView           *text_view;
  GtkEntry              *title_entry;
  GtkLabel              *status_label;
  GtkButton             *delete_button;
  GtkButton             *done_button;
  GtkWidget             *more_button;
  GtkWidget             *conflict_banner;
  GtkButton             *keep_copy_button;
  GtkButton             *discard_copy_button;
  KindredDatetimeButton *datetime_button;
  KindredEmotionPicker  *emotion_picker;
  KindredTagEntry       *tag_entry;
  KindredStrategyPicker *strategy_picker;
  GtkToggleButton       *mood_buttons[N_MOODS];

  KindredEntry          *entry;   /* private text: never log it */
  KindredStore          *store;
  gulong                 entry_changed_id;

  KindredSaveState       save_state;
  guint                  save_timeout_id;
  /* The entry holds changes no save has taken yet */
  gboolean               dirty;
  /* An asynchronous save is running: never start a second one beside it, or an older
   * copy could land after a newer one */
  gboolean               in_flight;
  /* The entry is in the journal (it came from it, or a save went through): it can
   * be deleted, and it is saved even when emptied */
  gboolean               ever_saved;
  /* Set while the widgets are filled from the entry, so that is not a change */
  gboolean               loading;
  /* There is a group to share with (the window knows): "Share with a group…" shows */
  gboolean               can_share;
};

G_DEFINE_FINAL_TYPE (KindredEntryEditor, kindred_entry_editor, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (KindredSaveState, kindred_save_state,
  G_DEFINE_ENUM_VALUE (KINDRED_SAVE_STATE_SAVED, "saved"),
  G_DEFINE_ENUM_VALUE (KINDRED_SAVE_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (KINDRED_SAVE_STATE_SAVING, "saving"),
  G_DEFINE_ENUM_VALUE (KINDRED_SAVE_STATE_FAILED, "failed"))

enum { PROP_0, PROP_ENTRY, PROP_SAVE_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { CHANGED, CLOSE_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void start_save (KindredEntryEditor *self);

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static void
update_actions (KindredEntryEditor *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.delete",
                                 self->entry != NULL && self->ever_saved);
  /* Sync's conflict copies: keep it as an entry of its own, or let it go */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.keep-copy",
                                 self->entry != NULL && self->ever_saved &&
                                 kindred_entry_get_conflict_of (self->entry) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.discard-copy",
                                 self->entry != NULL && self->ever_saved &&
                                 kindred_entry_get_conflict_of (self->entry) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.share",
                                 self->can_share && self->entry != NULL && self->ever_saved);
}

static void
update_status (KindredEntryEditor *self)
{
  const char *text = "";

  switch (self->save_state)
    {
    case KINDRED_SAVE_STATE_PENDING:
    case KINDRED_SAVE_STATE_SAVING:
      text = _("Saving…");
      break;
    case KINDRED_SAVE_STATE_SAVED:
      /* A new, empty entry has nothing to report */
      text = self->entry != NULL && self->ever_saved ? _("Saved") : "";
      break;
    case KINDRED_SAVE_STATE_FAILED:
      text = _("Couldn’t save yet — your text is still here");
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (self->status_label, text);
  if (self->save_state == KINDRED_SAVE_STATE_FAILED)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
}

static void
set_save_state (KindredEntryEditor *self,
                KindredSaveState    state)
{
  if (self->save_state == state)
    return;

  self->save_state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_STATE]);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  KindredEntryEditor *self = user_data;

  self->save_timeout_id = 0;
  start_save (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_save (KindredEntryEditor *self)
{
  self->dirty = TRUE;

  /* A new entry is not written until there is something in it */
  if (!self->ever_saved && !kindred_entry_editor_has_content (self))
    {
      g_clear_handle_id (&self->save_timeout_id, g_source_remove);
      if (!self->in_flight)
        set_save_state (self, KINDRED_SAVE_STATE_SAVED);
      return;
    }

  /* Every change starts the wait again: a burst of typing is one save */
  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->save_timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
  if (!self->in_flight)
    set_save_state (self, KINDRED_SAVE_STATE_PENDING);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KindredEntryEditor) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean saved;

  saved = kindred_store_save_entry_finish (KINDRED_STORE (source), result, &error);
  self->in_flight = FALSE;

  if (!saved)
    {
      /* The message never holds entry text (see kindred-store.c) */
      g_debug ("Autosave failed: %s", error->message);
      self->dirty = TRUE;
      /* A change typed meanwhile is already waiting to try again */
      if (self->save_timeout_id == 0)
        set_save_state (self, KINDRED_SAVE_STATE_FAILED);
      return;
    }

  self->ever_saved = TRUE;
  update_actions (self);

  if (self->dirty && self->entry != NULL)
    {
      if (self->save_timeout_id == 0)
        start_save (self);
      else
        set_save_state (self, KINDRED_SAVE_STATE_PENDING);
    }
  else
    {
      set_save_state (self, KINDRED_SAVE_STATE_SAVED);
      /* "Saved" shows only once the entry is in the journal */
      update_status (self);
    }
}

static void
start_save (KindredEntryEditor *self)
{
  if (self->entry == NULL || self->store == NULL || self->in_flight || !self->dirty)
    return;

  self->dirty = FALSE;
  self->in_flight = TRUE;
  set_save_state (self, KINDRED_SAVE_STATE_SAVING);
  /* One transaction; the store copies the entry now, so typing may go on meanwhile */
  kindred_store_save_entry_async (self->store, self->entry, NULL,
                                  save_done_cb, g_object_ref (self));
}

static void
entry_changed_cb (KindredEntryEditor *self)
{
  if (self->loading)
    return;

  g_signal_emit (self, signals[CHANGED], 0);
  schedule_save (self);
}

static void
build_mood_buttons (KindredEntryEditor *self)
{
  for (int mood = KINDRED_MOOD_MIN; mood <= KINDRED_MOOD_MAX; mood++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *image = gtk_image_new_from_icon_name (kindred_mood_get_icon_name (mood));
      GtkWidget *label = gtk_label_new (kindred_mood_get_label (mood));

      gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
      gtk_widget_add_css_class (image, kindred_mood_get_css_class (mood));
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
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
  const char *title = NULL;

  if (self->entry != NULL)
    {
      mood = kindred_entry_get_mood (self->entry);
      body = kindred_entry_get_body (self->entry);
      title = kindred_entry_get_title (self->entry);
    }

  self->loading = TRUE;
  for (int i = 0; i < N_MOODS; i++)
    gtk_toggle_button_set_active (self->mood_buttons[i], i + KINDRED_MOOD_MIN == mood);
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), title != NULL ? title : "");
  gtk_text_buffer_set_text (buffer, body != NULL ? body : "", -1);
  kindred_datetime_button_set_date_time (self->datetime_button,
                                         self->entry != NULL ?
                                         kindred_entry_get_created_at (self->entry) : NULL);
  kindred_emotion_picker_set_entry (self->emotion_picker, self->entry);
  kindred_tag_entry_set_entry (self->tag_entry, self->entry);
  kindred_tag_entry_reload (self->tag_entry);
  kindred_strategy_picker_set_entry (self->strategy_picker, self->entry);
  self->loading = FALSE;

  gtk_widget_set_sensitive (gtk_widget_get_first_child (GTK_WIDGET (self)),
                            self->entry != NULL);
  gtk_widget_set_visible (self->conflict_banner,
                          self->entry != NULL &&
                          kindred_entry_get_conflict_of (self->entry) != NULL);
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
}

static void
title_changed_cb (KindredEntryEditor *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));

  if (self->loading || self->entry == NULL)
    return;

  kindred_entry_set_title (self->entry, title[0] != '\0' ? title : NULL);
}

static void
date_time_changed_cb (KindredEntryEditor *self)
{
  GDateTime *date_time = kindred_datetime_button_get_date_time (self->datetime_button);

  if (self->loading || self->entry == NULL || date_time == NULL)
    return;

  kindred_entry_set_created_at (self->entry, date_time);
}

static void
save_state_changed_cb (KindredEntryEditor *self)
{
  update_status (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (widget);

  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  if (self->entry == NULL || !self->ever_saved)
    return;

  /* What Undo brings back is what was on screen, so the last keystrokes go in first */
  if (!kindred_entry_editor_save_now (self, &error))
    g_debug ("Saving before deleting failed: %s", error->message);

  uuid = g_strdup (kindred_entry_get_uuid (self->entry));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-entry", "s", uuid);
}

static void
share_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  if (self->entry == NULL)
    return;

  /* What is shared is what is on screen: the last keystrokes go in first */
  if (!kindred_entry_editor_save_now (self, &error))
    {
      g_debug ("Saving before sharing failed: %s", error->message);
      return;
    }
  if (!self->ever_saved)
    return;

  uuid = g_strdup (kindred_entry_get_uuid (self->entry));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.share-entry", "s", uuid);
}

static void
keep_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = NULL;

  if (self->entry == NULL || kindred_entry_get_conflict_of (self->entry) == NULL)
    return;

  /* What is kept is what is on screen */
  if (!kindred_entry_editor_save_now (self, &error))
    {
      g_debug ("Saving before keeping a copy failed: %s", error->message);
      return;
    }

  /* The window holds the journal's sync, which marks it on every device */
  uuid = g_strdup (kindred_entry_get_uuid (self->entry));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.keep-conflict-copy", "s", uuid);
}

static void
discard_copy_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (widget);

  if (self->entry == NULL || kindred_entry_get_conflict_of (self->entry) == NULL)
    return;

  /* A delete like any other, with its Undo: the original entry is not touched */
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.delete", NULL);
}

static void
kindred_entry_editor_dispose (GObject *object)
{
  KindredEntryEditor *self = KINDRED_ENTRY_EDITOR (object);
  GtkWidget *child;

  /* A last safety net: the window saves on close and lock, but an editor going away
   * with a change still waiting must not take the text with it.  (A save in flight
   * is not waited for here: running the main loop inside dispose is not safe.) */
  if (self->dirty && !self->in_flight && self->entry != NULL && self->store != NULL &&
      kindred_store_is_open (self->store))
    {
      g_autoptr(GError) error = NULL;

      if (!kindred_entry_editor_save_now (self, &error))
        g_debug ("Saving on dispose failed: %s", error->message);
    }

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  if (self->entry != NULL)
    g_clear_signal_handler (&self->entry_changed_id, self->entry);
  g_clear_object (&self->entry);
  g_clear_object (&self->store);
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
    case PROP_SAVE_STATE:
      g_value_set_enum (value, self->save_state);
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

  properties[PROP_SAVE_STATE] =
    g_param_spec_enum ("save-state", NULL, NULL,
                       KINDRED_TYPE_SAVE_STATE,
                       KINDRED_SAVE_STATE_SAVED,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (KINDRED_TYPE_DATETIME_BUTTON);
  g_type_ensure (KINDRED_TYPE_EMOTION_PICKER);
  g_type_ensure (KINDRED_TYPE_TAG_ENTRY);
  g_type_ensure (KINDRED_TYPE_STRATEGY_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-entry-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, mood_box);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, text_view);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, title_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, status_label);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, done_button);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, more_button);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, conflict_banner);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, keep_copy_button);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, discard_copy_button);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, datetime_button);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, emotion_picker);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredEntryEditor, strategy_picker);

  gtk_widget_class_install_action (widget_class, "editor.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "editor.share", NULL, share_action);
  gtk_widget_class_install_action (widget_class, "editor.keep-copy", NULL, keep_copy_action);
  gtk_widget_class_install_action (widget_class, "editor.discard-copy", NULL,
                                   discard_copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.close", NULL);

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
  g_signal_connect_swapped (self->title_entry, "changed",
                            G_CALLBACK (title_changed_cb), self);
  g_signal_connect_swapped (self->datetime_button, "notify::date-time",
                            G_CALLBACK (date_time_changed_cb), self);
  g_signal_connect (self, "notify::save-state", G_CALLBACK (save_state_changed_cb), NULL);

  load_entry (self);
  update_actions (self);
  update_status (self);
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
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KINDRED_IS_ENTRY_EDITOR (self));
  g_return_if_fail (entry == NULL || KINDRED_IS_ENTRY (entry));

  if (self->entry == entry)
    return;

  /* The entry shown until now keeps what was typed in it */
  if (self->entry != NULL && !kindred_entry_editor_save_now (self, &error))
    g_debug ("Saving the previous entry failed: %s", error->message);

  if (self->entry != NULL)
    g_clear_signal_handler (&self->entry_changed_id, self->entry);
  g_set_object (&self->entry, entry);
  if (entry != NULL)
    self->entry_changed_id = g_signal_connect_swapped (entry, "changed",
                                                       G_CALLBACK (entry_changed_cb), self);

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->dirty = FALSE;
  /* Only a save stamps updated-at: an entry with one came from the journal */
  self->ever_saved = entry != NULL && kindred_entry_get_updated_at (entry) != NULL;
  self->save_state = KINDRED_SAVE_STATE_SAVED;

  load_entry (self);
  update_actions (self);
  update_status (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVE_STATE]);
}

void
kindred_entry_editor_set_store (KindredEntryEditor *self,
                                KindredStore       *store)
{
  g_return_if_fail (KINDRED_IS_ENTRY_EDITOR (self));
  g_return_if_fail (store == NULL || KINDRED_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  kindred_tag_entry_set_store (self->tag_entry, store);
  kindred_strategy_picker_set_store (self->strategy_picker, store);

  /* A change made while there was no store is saved now */
  if (store != NULL && self->dirty && self->save_timeout_id == 0)
    schedule_save (self);
}

gboolean
kindred_entry_editor_save_now (KindredEntryEditor  *self,
                               GError             **error)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);

  /* A save on its way holds an older copy: let it land first, or it would overwrite
   * this one.  Saves take milliseconds; this runs on close and lock only. */
  while (self->in_flight)
    g_main_context_iteration (NULL, TRUE);

  if (self->entry == NULL || !self->dirty)
    return TRUE;

  if (!self->ever_saved && !kindred_entry_editor_has_content (self))
    {
      self->dirty = FALSE;
      set_save_state (self, KINDRED_SAVE_STATE_SAVED);
      return TRUE;
    }

  if (self->store == NULL)
    {
      g_set_error_literal (error, KINDRED_STORE_ERROR, KINDRED_STORE_ERROR_LOCKED,
                           _("The journal is locked."));
      set_save_state (self, KINDRED_SAVE_STATE_FAILED);
      return FALSE;
    }

  set_save_state (self, KINDRED_SAVE_STATE_SAVING);
  if (!kindred_store_save_entry (self->store, self->entry, error))
    {
      set_save_state (self, KINDRED_SAVE_STATE_FAILED);
      return FALSE;
    }

  self->dirty = FALSE;
  self->ever_saved = TRUE;
  update_actions (self);
  set_save_state (self, KINDRED_SAVE_STATE_SAVED);
  update_status (self);

  return TRUE;
}

KindredSaveState
kindred_entry_editor_get_save_state (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), KINDRED_SAVE_STATE_SAVED);

  return self->save_state;
}

gboolean
kindred_entry_editor_has_content (KindredEntryEditor *self)
{
  const char * const *triggers;

  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), FALSE);

  if (self->entry == NULL)
    return FALSE;

  if (kindred_entry_get_mood (self->entry) != KINDRED_MOOD_NONE ||
      kindred_entry_get_n_emotions (self->entry) > 0 ||
      kindred_entry_get_n_strategies (self->entry) > 0)
    return TRUE;

  triggers = kindred_entry_get_triggers (self->entry);
  if (triggers != NULL && triggers[0] != NULL)
    return TRUE;

  /* Blank lines alone are not an entry */
  return !is_blank (kindred_entry_get_body (self->entry)) ||
         !is_blank (kindred_entry_get_title (self->entry));
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

GtkEditable *
kindred_entry_editor_get_title_entry (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return GTK_EDITABLE (self->title_entry);
}

KindredDatetimeButton *
kindred_entry_editor_get_datetime_button (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->datetime_button;
}

KindredEmotionPicker *
kindred_entry_editor_get_emotion_picker (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->emotion_picker;
}

KindredTagEntry *
kindred_entry_editor_get_tag_entry (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->tag_entry;
}

KindredStrategyPicker *
kindred_entry_editor_get_strategy_picker (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->strategy_picker;
}

GtkButton *
kindred_entry_editor_get_delete_button (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->delete_button;
}

GtkButton *
kindred_entry_editor_get_done_button (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->done_button;
}

GtkLabel *
kindred_entry_editor_get_status_label (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->status_label;
}

void
kindred_entry_editor_set_can_share (KindredEntryEditor *self,
                                    gboolean            can_share)
{
  g_return_if_fail (KINDRED_IS_ENTRY_EDITOR (self));

  self->can_share = !!can_share;
  gtk_widget_set_visible (self->more_button, self->can_share);
  update_actions (self);
}

GtkWidget *
kindred_entry_editor_get_conflict_banner (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->conflict_banner;
}

GtkButton *
kindred_entry_editor_get_keep_copy_button (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->keep_copy_button;
}

GtkButton *
kindred_entry_editor_get_discard_copy_button (KindredEntryEditor *self)
{
  g_return_val_if_fail (KINDRED_IS_ENTRY_EDITOR (self), NULL);

  return self->discard_copy_button;
}
