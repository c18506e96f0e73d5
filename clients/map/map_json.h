#ifndef FANGXIN_CLIENTS_MAP_MAP_JSON_H_
#define FANGXIN_CLIENTS_MAP_MAP_JSON_H_

#include <string>

#include "absl/strings/string_view.h"
#include "clients/map/map_view.h"

namespace fangxin::map {

// The HTTP API's bodies, rendered from snapshots of the view. Pure functions.

// `text` as a JSON string literal, quotes included (UTF-8 passes through).
std::string JsonQuote(absl::string_view text);

// A GeoJSON FeatureCollection with one Point feature per store (geometry null for a store
// without a location) and the foreign members "revision" and "generation". Properties: name,
// display_name, division, township, area, industry, state ("open" | "closed"), pledge_status
// (a PledgeStatusLabel), changed_revision.
std::string StoresGeoJson(const StoreSnapshot& snapshot);

// {"revision", "generation", "city": counts, "main_urban": counts, "divisions": [{"name",
// "code", "display_name", "level" ("city" | "county" | "township"), "parent", "main_urban",
// "location": {"lat", "lng"} or null, counts...}]}, where counts are "open_stores",
// "pledged_stores" and "coverage_ratio".
std::string CoverageJson(const CoverageSnapshot& snapshot);

// {"revision", "generation", "changes": [{"revision", "commit_time_ms", "what", "store",
// "store_display_name", "division"}]}, newest first.
std::string ChangesJson(const ChangesSnapshot& snapshot);

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_MAP_JSON_H_
