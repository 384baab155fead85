/* kindred-core.h: everything the UI and the tests may use of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kindred-journal.h"
#include "kindred-util.h"
#include "directory/kindred-directory.h"
#include "envelope/kindred-envelope.h"
#include "groups/kindred-groups.h"
#include "formats/kindred-formats.h"
#include "directory/kindred-directory-entry.h"
#include "insights/kindred-insights.h"
#include "keys/kindred-key.h"
#include "keys/kindred-keyring.h"
#include "keys/kindred-sidecar.h"
#include "library/kindred-emotions.h"
#include "library/kindred-strategy-info.h"
#include "library/kindred-strategy-library.h"
#include "plan/kindred-contact.h"
#include "plan/kindred-safety-plan.h"
#include "store/kindred-entry.h"
#include "store/kindred-entry-list.h"
#include "store/kindred-entry-filter.h"
#include "store/kindred-hlc.h"
#include "store/kindred-store.h"
#include "store/kindred-strategy.h"
#include "sync/kindred-sync.h"
