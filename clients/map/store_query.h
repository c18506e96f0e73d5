#ifndef FANGXIN_CLIENTS_MAP_STORE_QUERY_H_
#define FANGXIN_CLIENTS_MAP_STORE_QUERY_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "clients/map/map_view.h"

namespace fangxin::map {

// Parses the query of GET /api/stores.geojson into a StoreFilter:
//   division      `divisions/{code}` or `{code}` (county or township)
//   area          `areas/{id}` or `{id}`
//   pledge_state  a PledgeStatusLabel: none | draft | active | suspended | revoked | ended
//   since         a revision: only stores changed after it, closed ones included
// Unknown parameters are ignored (a page may add cache busters). INVALID_ARGUMENT lists every
// bad parameter as a field violation.
absl::StatusOr<StoreFilter> ParseStoreQuery(const std::multimap<std::string, std::string>& params);

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_STORE_QUERY_H_
