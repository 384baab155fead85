/* kindred-core.h: everything the UI and the tests may use of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kindred-journal.h"
#include "kindred-util.h"
#include "keys/kindred-key.h"
#include "keys/kindred-keyring.h"
#include "keys/kindred-sidecar.h"
#include "store/kindred-entry.h"
#include "store/kindred-entry-list.h"
#include "store/kindred-hlc.h"
#include "store/kindred-store.h"
