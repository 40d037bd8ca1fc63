#include "linter/formats/compose/image.h"

#include "linter/formats/compose/syntax.h"

namespace stacklint::compose {

const knowledge::ImageFact* image_fact(const Service& svc) {
  if (!svc.image) return nullptr;
  return knowledge::find_image(analyze_image(svc.image->value).repository);
}

bool runs_official_entrypoint(const Service& svc) {
  if (svc.build() || svc.entrypoint()) return false;
  const knowledge::ImageFact* fact = image_fact(svc);
  return fact != nullptr && fact->family == knowledge::ImageFamily::official;
}

}  // namespace stacklint::compose
