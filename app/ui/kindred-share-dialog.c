/* kindred-share-dialog.c: choose entries, what of them and for whom; see exactly
 * what will leave; save the share file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kindred-share-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kindred-mood.h"
#include "kindred-share-dialog.h"

/* Recent entries offered to add, and search results shown, at most */
#define RECENT_ENTRIES 30
#define SEARCH_RESULTS 50

#define N_LEVELS    (KINDRED_SHARE_LEVEL_TEXT + 1)
#define N_AUDIENCES (KINDRED_SHARE_AUDIENCE_FACILITATOR + 1)

struct _KindredShareDialog
{
  AdwWindow             parent_instance;

  /* template */
  AdwWindowTitle       *window_title;
  GtkWidget            *cancel_button;
  GtkWidget            *back_button;
  GtkWidget            *preview_button;
  GtkWidget            *preview_hint;
  GtkWidget            *save_button;
  GtkStack             *stack;
  GtkScrolledWindow    *choose_scroll;
  GtkWidget            *group_list;
  AdwComboRow          *group_row;
  GtkLabel             *chosen_label;
  GtkSearchEntry       *search_entry;
  GtkListBox           *entries_list;
  AdwPreferencesGroup  *level_group;
  AdwPreferencesGroup  *audience_group;
  AdwEntryRow          *message_row;
  GtkLabel             *choose_error;
  GtkScrolledWindow    *preview_scroll;
  GtkLabel             *preview_intro;
  GtkLabel             *preview_summary;
  GtkLabel             *preview_label;
  GtkLabel             *preview_error;
  AdwStatusPage        *done_page;

  GtkCheckButton       *level_buttons[N_LEVELS];
  GtkCheckButton       *audience_buttons[N_AUDIENCES];
  AdwActionRow         *audience_rows[N_AUDIENCES];

  KindredGroups        *groups;
  GListStore           *candidates;  /* KindredGroup I can share with */
  KindredGroup         *group;       /* the one chosen, in candidates */
  GHashTable           *chosen;      /* uuid → KindredEntry */
  GHashTable           *checks;      /* uuid → GtkCheckButton of the list shown */
  KindredShareDraft    *draft;
  KindredGroupShare    *share;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *error;
  gboolean              busy;
  /* The list is being rebuilt: its check buttons' toggles are not choices */
  gboolean              filling;
};

G_DEFINE_FINAL_TYPE (KindredShareDialog, kindred_share_dialog, ADW_TYPE_WINDOW)

enum { SHARED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int
chosen_level (KindredShareDialog *self)
{
  for (int i = 0; i < N_LEVELS; i++)
    if (gtk_check_button_get_active (self->level_buttons[i]))
      return i;

  return -1;
}

static int
chosen_audience (KindredShareDialog *self)
{
  for (int i = 0; i < N_AUDIENCES; i++)
    if (gtk_check_button_get_active (self->audience_buttons[i]))
      return i;

  return -1;
}

static void
update_actions (KindredShareDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean choose = g_strcmp0 (page, "choose") == 0;
  gboolean preview = g_strcmp0 (page, "preview") == 0;
  gboolean complete = self->group != NULL && g_hash_table_size (self->chosen) > 0 &&
                      chosen_level (self) >= 0 && chosen_audience (self) >= 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.preview",
                                 choose && !self->busy && complete);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.back", preview && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "share.save",
                                 preview && !self->busy && self->draft != NULL &&
                                 self->chooser == NULL);

  /* Says why Preview does nothing yet */
  gtk_widget_set_visible (self->preview_hint, !complete);
  gtk_widget_set_visible (self->back_button, preview);
  gtk_widget_set_visible (self->cancel_button, choose);
}

static void
set_error (KindredShareDialog *self,
           GtkLabel           *label,
           const char         *message)
{
  g_free (self->error);
  self->error = g_strdup (message);

  gtk_widget_set_visible (GTK_WIDGET (self->choose_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_error), FALSE);
  if (label != NULL && message != NULL)
    {
      gtk_label_set_label (label, message);
      gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
    }
}

static void
show_page (KindredShareDialog *self,
           const char         *name)
{
  gtk_stack_set_visible_child_name (self->stack, name);
  update_actions (self);
}

static char *
format_when (GDateTime *date_time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (date_time == NULL)
    return g_strdup ("");

  local = g_date_time_to_local (date_time);
  if (g_date_time_get_year (local) == g_date_time_get_year (now))
    /* Translators: when an entry was written, see strftime(3) */
    return g_date_time_format (local, _("%a %-d %B, %H:%M"));

  /* Translators: when an entry of another year was written, see strftime(3) */
  return g_date_time_format (local, _("%a %-d %B %Y, %H:%M"));
}

static void
update_chosen_label (KindredShareDialog *self)
{
  guint n = g_hash_table_size (self->chosen);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("No entry chosen yet. Tick the ones to share."));
  else
    /* Translators: how many entries are ticked for sharing */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry chosen",
                                         "%u entries chosen", n),
                            n);
  gtk_label_set_label (self->chosen_label, text);
}

static void
entry_toggled_cb (GtkCheckButton     *check,
                  KindredShareDialog *self)
{
  KindredEntry *entry = g_object_get_data (G_OBJECT (check), "kindred-entry");
  const char *uuid = kindred_entry_get_uuid (entry);

  if (self->filling)
    return;

  if (gtk_check_button_get_active (check))
    g_hash_table_replace (self->chosen, g_strdup (uuid), g_object_ref (entry));
  else
    g_hash_table_remove (self->chosen, uuid);

  update_chosen_label (self);
  update_actions (self);
}

static void
add_entry_row (KindredShareDialog *self,
               KindredEntry       *entry)
{
  const char *uuid = kindred_entry_get_uuid (entry);
  const char *mood = kindred_mood_get_label (kindred_entry_get_mood (entry));
  g_autofree char *when = format_when (kindred_entry_get_created_at (entry));
  g_autofree char *summary = kindred_entry_dup_summary (entry);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  GtkWidget *row;
  GtkWidget *check;

  if (g_hash_table_contains (self->checks, uuid))
    return;

  if (mood != NULL && summary != NULL && *summary != '\0')
    subtitle = g_strdup_printf ("%s · %s", mood, summary);
  else if (mood != NULL)
    subtitle = g_strdup (mood);
  else if (summary != NULL && *summary != '\0')
    subtitle = g_strdup (summary);
  else
    subtitle = g_strdup (_("No mood or text"));

  row = adw_action_row_new ();
  escaped = g_markup_escape_text (when, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  g_free (escaped);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               g_hash_table_contains (self->chosen, uuid));
  g_object_set_data_full (G_OBJECT (check), "kindred-entry", g_object_ref (entry),
                          g_object_unref);
  g_signal_connect (check, "toggled", G_CALLBACK (entry_toggled_cb), self);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

  gtk_list_box_append (self->entries_list, row);
  g_hash_table_insert (self->checks, g_strdup (uuid), check);
}

static void
clear_entries_list (KindredShareDialog *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->checks);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->entries_list))) != NULL)
    gtk_list_box_remove (self->entries_list, child);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  KindredEntry *entry_a = *(KindredEntry **) a;
  KindredEntry *entry_b = *(KindredEntry **) b;
  GDateTime *at_a = kindred_entry_get_created_at (entry_a);
  GDateTime *at_b = kindred_entry_get_created_at (entry_b);

  if (at_a == NULL || at_b == NULL)
    return (at_a == NULL) - (at_b == NULL);

  return -g_date_time_compare (at_a, at_b);
}

/* (transfer container): the chosen entries, newest first */
static GPtrArray *
dup_chosen_entries (KindredShareDialog *self)
{
  GPtrArray *entries = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->chosen);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (entries, value);
  g_ptr_array_sort (entries, compare_newest_first);

  return entries;
}

static void
fill_entries_list (KindredShareDialog *self)
{
  KindredStore *store = kindred_groups_get_store (self->groups);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *query = kindred_store_build_match_query (text);
  g_autoptr(GPtrArray) chosen = dup_chosen_entries (self);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  self->filling = TRUE;
  clear_entries_list (self);

  if (query == NULL)
    {
      /* The chosen ones first, then the most recent */
      for (guint i = 0; i < chosen->len; i++)
        add_entry_row (self, g_ptr_array_index (chosen, i));

      if (store != NULL)
        entries = kindred_store_list_entries (store, 0, NULL, RECENT_ENTRIES, &error);
      for (guint i = 0; entries != NULL && i < entries->len; i++)
        add_entry_row (self, g_ptr_array_index (entries, i));
    }
  else if (store != NULL)
    {
      g_autoptr(GPtrArray) uuids = kindred_store_search (store, query, SEARCH_RESULTS, &error);

      for (guint i = 0; uuids != NULL && i < uuids->len; i++)
        {
          const char *uuid = g_ptr_array_index (uuids, i);
          KindredEntry *known = g_hash_table_lookup (self->chosen, uuid);
          g_autoptr(KindredEntry) entry = NULL;

          entry = known != NULL ? g_object_ref (known) : kindred_store_get_entry (store, uuid, NULL);
          if (entry != NULL && !kindred_entry_get_deleted (entry))
            add_entry_row (self, entry);
        }
    }

  if (error != NULL)
    g_debug ("Could not list entries to share: %s", error->message);

  self->filling = FALSE;
  update_chosen_label (self);
}

static void
update_audience_rows (KindredShareDialog *self)
{
  g_autofree char *group_text = NULL;
  g_autofree char *facilitator_text = NULL;
  g_autofree char *escaped = NULL;

  if (self->group == NULL)
    return;

  /* Translators: %s is the group's name */
  group_text = g_strdup_printf (_("Everyone in “%s”, the facilitator too"),
                                kindred_group_get_name (self->group));
  escaped = g_markup_escape_text (group_text, -1);
  adw_action_row_set_subtitle (self->audience_rows[KINDRED_SHARE_AUDIENCE_GROUP], escaped);
  g_free (escaped);

  /* Translators: %s is the facilitator's pseudonym */
  facilitator_text = g_strdup_printf (_("Only %s, who facilitates the group"),
                                      kindred_group_get_facilitator_pseudonym (self->group));
  escaped = g_markup_escape_text (facilitator_text, -1);
  adw_action_row_set_subtitle (self->audience_rows[KINDRED_SHARE_AUDIENCE_FACILITATOR], escaped);

  adw_window_title_set_subtitle (self->window_title, kindred_group_get_name (self->group));
}

static GtkCheckButton *
add_choice_row (AdwPreferencesGroup *group,
                GtkCheckButton      *first,
                const char          *title,
                const char          *subtitle,
                AdwActionRow       **row_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  if (subtitle != NULL)
    {
      g_free (escaped);
      escaped = g_markup_escape_text (subtitle, -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (first != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), first);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_preferences_group_add (group, row);

  if (row_out != NULL)
    *row_out = ADW_ACTION_ROW (row);

  return GTK_CHECK_BUTTON (check);
}

static void
choice_toggled_cb (KindredShareDialog *self)
{
  update_actions (self);
}

static void
build_choices (KindredShareDialog *self)
{
  static const char *level_details[N_LEVELS] = {
    N_("The date and how you felt"),
    N_("Adds the emotions you noted, and how strong they were"),
    N_("Adds what you tried, and how much it helped"),
    N_("Adds what set your feelings off"),
    N_("Adds the title and everything you wrote"),
  };

  for (int i = 0; i < N_LEVELS; i++)
    {
      self->level_buttons[i] =
        add_choice_row (self->level_group, i > 0 ? self->level_buttons[0] : NULL,
                        kindred_share_level_get_label (i), _(level_details[i]), NULL);
      g_signal_connect_swapped (self->level_buttons[i], "toggled",
                                G_CALLBACK (choice_toggled_cb), self);
    }

  for (int i = 0; i < N_AUDIENCES; i++)
    {
      self->audience_buttons[i] =
        add_choice_row (self->audience_group, i > 0 ? self->audience_buttons[0] : NULL,
                        kindred_share_audience_get_label (i), NULL, &self->audience_rows[i]);
      g_signal_connect_swapped (self->audience_buttons[i], "toggled",
                                G_CALLBACK (choice_toggled_cb), self);
    }
}

static void
set_group (KindredShareDialog *self,
           KindredGroup       *group)
{
  if (self->group == group)
    return;

  self->group = group;
  update_audience_rows (self);
  update_actions (self);
}

static void
group_selected_cb (KindredShareDialog *self)
{
  set_group (self, adw_combo_row_get_selected_item (self->group_row));
}

static gboolean
is_candidate (KindredGroup *group)
{
  return kindred_group_get_role (group) == KINDRED_GROUP_ROLE_MEMBER &&
         !kindred_group_get_removed (group);
}

static void
fill_candidates (KindredShareDialog *self,
                 KindredGroup       *wanted)
{
  GListModel *all = kindred_groups_get_groups (self->groups);
  g_autoptr(GtkExpression) expression = NULL;
  guint position = 0;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(KindredGroup) group = g_list_model_get_item (all, i);

      if (!is_candidate (group))
        continue;
      if (group == wanted)
        position = g_list_model_get_n_items (G_LIST_MODEL (self->candidates));
      g_list_store_append (self->candidates, group);
    }

  expression = gtk_property_expression_new (KINDRED_TYPE_GROUP, NULL, "name");
  adw_combo_row_set_expression (self->group_row, expression);
  adw_combo_row_set_model (self->group_row, G_LIST_MODEL (self->candidates));
  gtk_widget_set_visible (self->group_list,
                          g_list_model_get_n_items (G_LIST_MODEL (self->candidates)) > 1);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->candidates)) > 0)
    {
      adw_combo_row_set_selected (self->group_row, position);
      set_group (self, adw_combo_row_get_selected_item (self->group_row));
    }
  g_signal_connect_swapped (self->group_row, "notify::selected-item",
                            G_CALLBACK (group_selected_cb), self);
}

static char *
summary_text (KindredShareDraft *draft)
{
  guint n = kindred_share_draft_get_n_entries (draft);
  g_autofree char *entries = NULL;

  /* Translators: how many entries a share holds */
  entries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u entry", "%u entries", n), n);
  /* Translators: a share's audience · what of the entries · how many entries */
  return g_strdup_printf (_("%1$s · %2$s · %3$s"),
                          kindred_share_audience_get_label (kindred_share_draft_get_audience (draft)),
                          kindred_share_level_get_label (kindred_share_draft_get_level (draft)),
                          entries);
}

/* Callbacks */

static void
search_changed_cb (KindredShareDialog *self)
{
  fill_entries_list (self);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KindredShareDialog *self = KINDRED_SHARE_DIALOG (widget);
  KindredStore *store = kindred_groups_get_store (self->groups);
  g_autoptr(GPtrArray) chosen = dup_chosen_entries (self);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KindredShareDraft) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *summary = NULL;
  const char *intro;
  int level = chosen_level (self);
  int audience = chosen_audience (self);

  if (self->group == NULL || store == NULL || chosen->len == 0 || level < 0 || audience < 0)
    return;

  /* Oldest first, as they happened; each read again so what leaves is what the
   * journal holds now, not what the list loaded a while ago */
  for (guint i = chosen->len; i > 0; i--)
    {
      KindredEntry *entry = g_ptr_array_index (chosen, i - 1);
      g_autoptr(GError) local_error = NULL;
      KindredEntry *fresh = kindred_store_get_entry (store, kindred_entry_get_uuid (entry),
                                                     &local_error);

      if (fresh == NULL || kindred_entry_get_deleted (fresh))
        {
          g_clear_object (&fresh);
          set_error (self, self->choose_error,
                     _("One of the chosen entries is no longer in your journal. Please "
                       "untick it and try again."));
          return;
        }
      g_ptr_array_add (entries, fresh);
    }

  message = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_row))));
  draft = kindred_groups_build_share (self->groups, self->group, entries, level, audience,
                                      message[0] != '\0' ? message : NULL, &error);
  if (draft == NULL)
    {
      g_autofree char *text = kindred_envelope_describe_error (error);

      set_error (self, self->choose_error, text);
      return;
    }

  set_error (self, NULL, NULL);
  g_set_object (&self->draft, draft);

  if (audience == KINDRED_SHARE_AUDIENCE_FACILITATOR)
    intro = _("Only the facilitator will be able to read this, word for word. Nothing has "
              "left your journal yet.");
  else
    intro = _("Everyone in the group will be able to read this, word for word. Nothing has "
              "left your journal yet.");
  gtk_label_set_label (self->preview_intro, intro);
  summary = summary_text (draft);
  gtk_label_set_label (self->preview_summary, summary);
  /* Plain text, not markup: exactly the draft's characters */
  gtk_label_set_text (self->preview_label, kindred_share_draft_get_text (draft));

  show_page (self, "preview");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->preview_scroll), 0);
  gtk_widget_grab_focus (self->back_button);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredShareDialog *self = KINDRED_SHARE_DIALOG (widget);

  /* A changed choice makes a new draft: this one is never written */
  g_clear_object (&self->draft);
  gtk_label_set_text (self->preview_label, "");
  set_error (self, NULL, NULL);
  show_page (self, "choose");
}

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     KindredShareDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  update_actions (self);

  if (file != NULL)
    kindred_share_dialog_save_to (self, file);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KindredShareDialog *self = KINDRED_SHARE_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->draft == NULL || self->chooser != NULL || self->busy)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save the Share File"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Kindred share files"));
  gtk_file_filter_add_suffix (filter,
                              kindred_group_file_kind_get_suffix (KINDRED_GROUP_FILE_SHARE) + 1);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  name = kindred_groups_suggest_filename (self->group, KINDRED_GROUP_FILE_SHARE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
  update_actions (self);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

typedef struct
{
  KindredShareDialog *self;   /* a reference */
  char               *basename;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_object_unref (data->self);
  g_free (data->basename);
  g_free (data);
}

static void
write_share_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SaveData *data = user_data;
  KindredShareDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  KindredGroupShare *share;

  share = kindred_groups_write_share_finish (KINDRED_GROUPS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      save_data_free (data);
      return;
    }

  self->busy = FALSE;
  if (share == NULL)
    {
      g_autofree char *message = kindred_envelope_describe_error (error);

      /* A draft is written once: the next try needs a fresh one */
      if (g_error_matches (error, KINDRED_GROUPS_ERROR, KINDRED_GROUPS_ERROR_INVALID))
        g_clear_object (&self->draft);
      set_error (self, self->preview_error, message);
      update_actions (self);
      save_data_free (data);
      return;
    }

  g_set_object (&self->share, share);
  set_error (self, NULL, NULL);

  if (kindred_group_share_get_audience (share) == KINDRED_SHARE_AUDIENCE_FACILITATOR)
    /* Translators: %1$s is the file's name, %2$s the facilitator's pseudonym */
    body = g_strdup_printf (_("Give “%1$s” to %2$s however you like. You can see what you "
                              "shared, and take it back, in the Group view."),
                            data->basename,
                            kindred_group_get_facilitator_pseudonym (self->group));
  else
    /* Translators: %s is the file's name */
    body = g_strdup_printf (_("Give “%s” to your group however you like. You can see what "
                              "you shared, and take it back, in the Group view."),
                            data->basename);
  adw_status_page_set_description (self->done_page, body);
  show_page (self, "done");

  g_signal_emit (self, signals[SHARED], 0, share);
  save_data_free (data);
}

static void
kindred_share_dialog_dispose (GObject *object)
{
  KindredShareDialog *self = KINDRED_SHARE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->checks != NULL)
    g_hash_table_remove_all (self->checks);
  gtk_widget_dispose_template (GTK_WIDGET (self), KINDRED_TYPE_SHARE_DIALOG);
  g_clear_object (&self->draft);
  g_clear_object (&self->share);
  g_clear_object (&self->candidates);
  g_clear_object (&self->groups);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->chosen, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);

  G_OBJECT_CLASS (kindred_share_dialog_parent_class)->dispose (object);
}

static void
kindred_share_dialog_finalize (GObject *object)
{
  KindredShareDialog *self = KINDRED_SHARE_DIALOG (object);

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (kindred_share_dialog_parent_class)->finalize (object);
}

static void
kindred_share_dialog_class_init (KindredShareDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kindred_share_dialog_dispose;
  object_class->finalize = kindred_share_dialog_finalize;

  signals[SHARED] =
    g_signal_new ("shared",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KINDRED_TYPE_GROUP_SHARE);

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/kindredapp/Kindred/ui/kindred-share-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, preview_button);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, preview_hint);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, choose_scroll);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, group_list);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, group_row);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, chosen_label);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, entries_list);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, level_group);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, audience_group);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, message_row);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, choose_error);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, preview_scroll);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, preview_intro);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, preview_summary);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, preview_error);
  gtk_widget_class_bind_template_child (widget_class, KindredShareDialog, done_page);

  gtk_widget_class_install_action (widget_class, "share.preview", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "share.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "share.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "share.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "share.close", NULL);
}

static void
kindred_share_dialog_init (KindredShareDialog *self)
{
  GtkEditable *delegate;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->candidates = g_list_store_new (KINDRED_TYPE_GROUP);
  self->chosen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  delegate = gtk_editable_get_delegate (GTK_EDITABLE (self->message_row));
  if (GTK_IS_TEXT (delegate))
    gtk_text_set_max_length (GTK_TEXT (delegate), KINDRED_GROUPS_MAX_MESSAGE);

  build_choices (self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (search_changed_cb), self);

  show_page (self, "choose");
}

GtkWidget *
kindred_share_dialog_new (GtkWindow     *parent,
                          KindredGroups *groups,
                          KindredGroup  *group,
                          const char    *entry_uuid)
{
  KindredShareDialog *self;
  KindredStore *store;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KINDRED_IS_GROUPS (groups), NULL);
  g_return_val_if_fail (group == NULL || KINDRED_IS_GROUP (group), NULL);

  self = g_object_new (KINDRED_TYPE_SHARE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->groups = g_object_ref (groups);
  fill_candidates (self, group != NULL && is_candidate (group) ? group : NULL);

  /* Only the entry it was opened for is chosen: anything more is the person's act */
  store = kindred_groups_get_store (groups);
  if (entry_uuid != NULL && store != NULL)
    {
      g_autoptr(KindredEntry) entry = kindred_store_get_entry (store, entry_uuid, NULL);

      if (entry != NULL && !kindred_entry_get_deleted (entry))
        g_hash_table_replace (self->chosen, g_strdup (entry_uuid), g_steal_pointer (&entry));
    }
  fill_entries_list (self);
  update_actions (self);

  return GTK_WIDGET (self);
}

void
kindred_share_dialog_save_to (KindredShareDialog *self,
                              GFile              *file)
{
  g_autofree char *path = NULL;
  SaveData *data;

  g_return_if_fail (KINDRED_IS_SHARE_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->draft == NULL || self->busy)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      set_error (self, self->preview_error,
                 _("Please choose a folder on this computer for the share file."));
      return;
    }

  self->busy = TRUE;
  set_error (self, NULL, NULL);
  update_actions (self);

  data = g_new0 (SaveData, 1);
  data->self = g_object_ref (self);
  data->basename = g_file_get_basename (file);
  kindred_groups_write_share_async (self->groups, self->draft, path, self->cancellable,
                                    write_share_cb, data);
}

const char *
kindred_share_dialog_get_page_name (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

KindredGroup *
kindred_share_dialog_get_group (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return self->group;
}

KindredShareDraft *
kindred_share_dialog_get_draft (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return self->draft;
}

char *
kindred_share_dialog_dup_preview_text (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return g_strdup (gtk_label_get_label (self->preview_label));
}

KindredGroupShare *
kindred_share_dialog_get_share (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return self->share;
}

GStrv
kindred_share_dialog_dup_chosen (KindredShareDialog *self)
{
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  chosen = dup_chosen_entries (self);
  for (guint i = chosen->len; i > 0; i--)
    g_strv_builder_add (builder, kindred_entry_get_uuid (g_ptr_array_index (chosen, i - 1)));

  return g_strv_builder_end (builder);
}

GtkCheckButton *
kindred_share_dialog_get_level_button (KindredShareDialog *self,
                                       KindredShareLevel   level)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);
  g_return_val_if_fail ((int) level >= 0 && level < N_LEVELS, NULL);

  return self->level_buttons[level];
}

GtkCheckButton *
kindred_share_dialog_get_audience_button (KindredShareDialog   *self,
                                          KindredShareAudience  audience)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);
  g_return_val_if_fail ((int) audience >= 0 && audience < N_AUDIENCES, NULL);

  return self->audience_buttons[audience];
}

GtkEditable *
kindred_share_dialog_get_message_row (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return GTK_EDITABLE (self->message_row);
}

GtkEditable *
kindred_share_dialog_get_search_entry (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

GtkCheckButton *
kindred_share_dialog_get_entry_check (KindredShareDialog *self,
                                      const char         *uuid)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return g_hash_table_lookup (self->checks, uuid);
}

const char *
kindred_share_dialog_get_error (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), NULL);

  return self->error;
}

gboolean
kindred_share_dialog_get_busy (KindredShareDialog *self)
{
  g_return_val_if_fail (KINDRED_IS_SHARE_DIALOG (self), FALSE);

  return self->busy;
}
