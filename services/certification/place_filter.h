#ifndef FANGXIN_SERVICES_CERTIFICATION_PLACE_FILTER_H_
#define FANGXIN_SERVICES_CERTIFICATION_PLACE_FILTER_H_

// The filters ListApplications and ListCertificates share: a unit, an area, a programme, and a
// county or township division. Applications and certificates carry the same place fields and
// are indexed alike (certification_keys.h), so one rule picks the index to walk and checks the
// rest on each item.

#include <string>

#include "common/errors.h"
#include "storage/registry.h"

namespace fangxin {

struct PlaceFilter {
  std::string unit;
  std::string area;
  std::string programme;
  std::string division;
  bool township = false;  // `division` is a township (9 digits), not a county.

  // From a list request's fields; each bad one is added to `violations` under its own name.
  static PlaceFilter Parse(const std::string& unit, const std::string& area,
                           const std::string& programme, const std::string& division,
                           FieldViolations* violations);

  // Points `query` at the most selective index the filter names (unit, area, programme,
  // division, in that order); false when it names none, so the caller picks the walk.
  bool SelectIndex(storage::ScanQuery* query) const;

  // Whether an application or certificate lies where the filter says.
  template <typename T>
  bool Matches(const T& item) const {
    if (!unit.empty() && item.unit() != unit) return false;
    if (!area.empty() && item.area() != area) return false;
    if (!programme.empty() && item.programme() != programme) return false;
    return division.empty() || (township ? item.township() : item.division()) == division;
  }
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_PLACE_FILTER_H_
