// What data/images.tsv knows about a service's image, and whether its entrypoint is the image's own.
#pragma once

#include "linter/knowledge/knowledge.h"
#include "linter/model/stack.h"

namespace stacklint::compose {

// The row of data/images.tsv for the service's image; null without an image or a known row.
const knowledge::ImageFact* image_fact(const Service& svc);

// Whether the service starts through an official image's own entrypoint (postgres, redis, ...):
// an official-family image, not built here (`build:`), without an `entrypoint:` of its own. Only
// then do the image's documented behaviours hold (its environment variables, its defaults).
bool runs_official_entrypoint(const Service& svc);

}  // namespace stacklint::compose
