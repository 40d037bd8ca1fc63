// Merging compose trees: several `-f` files in order, and a service over the one it `extends`.
#pragma once

#include <vector>

#include "linter/formats/compose/tree.h"
#include "linter/model/stack.h"

namespace stacklint::compose {

// Merges a later compose file into the earlier ones (compose-go override rules): mappings merge
// recursively, the later scalar wins, sequences append; command, entrypoint and healthcheck.test
// are replaced; environment, labels, extra_hosts, annotations, sysctls merge by key; ports dedupe
// by (ip, target, published, protocol); volumes, secrets, configs dedupe by target. A value tagged
// `!reset` removes the key, `!override` replaces the value without merging.
void merge_files(CNode& base, CNode over);

// Merges a service definition over its base (the rules above, at service level).
void merge_service(CNode& base, CNode over);

// Drops the null values of a later file that the merge leaves out: a key written `null` (`build:
// null`) over a key the earlier files set keeps the earlier value (compose-go's merge), so compose
// neither uses nor validates it; except under command, entrypoint and healthcheck.test, where the
// later value replaces the earlier one, null too. Run on the later file before it is validated.
void drop_nulls_kept_by_merge(CNode& over, const CNode& base);

// The empty lists of a later file's services over non-empty ones of the earlier files (`ports: []`
// in a production overlay): compose appends lists, so nothing is removed; `!reset []` would.
std::vector<KeptByEmptyList> empty_lists_kept_by_merge(const CNode& over, const CNode& base);

// Removes `!reset` keys and strips `!override` tags (what compose does before using a single file).
void apply_tags(CNode& node);

// environment / labels / extra_hosts in list form (`KEY=VAL`, `host:ip`) as a mapping.
CNode list_to_mapping(const CNode& list, bool extra_hosts);

}  // namespace stacklint::compose
