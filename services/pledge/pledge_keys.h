#ifndef FANGXIN_SERVICES_PLEDGE_PLEDGE_KEYS_H_
#define FANGXIN_SERVICES_PLEDGE_PLEDGE_KEYS_H_

// The names and index entries of the `pledges` collection, shared by the schema (which
// maintains the indexes), the pledge core (which queries them) and store closure. Pure.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "fangxin/v1/resources.pb.h"
#include "storage/schema.h"

namespace fangxin::pledge_index {

inline constexpr char kCollection[] = "pledges";
// Every pledge of a store (value: StoreKey).
inline constexpr char kStore[] = "store";
// Unique: the one ACTIVE or SUSPENDED pledge of a kind at a store (value: LiveKey). Held while
// SUSPENDED too, so that a merchant cannot sidestep a suspension by filing a fresh pledge.
inline constexpr char kLive[] = "live";
// Pledges by state number, for the sweeper (value: the PledgeState number).
inline constexpr char kState[] = "state";
// The county division, township and area the pledge was filed in (last name segment), as for
// stores.
inline constexpr char kDivision[] = "division";
inline constexpr char kTownship[] = "township";
inline constexpr char kArea[] = "area";

// Index values cannot contain '/': "merchants/X/stores/y" -> "merchants:X:stores:y".
inline std::string StoreKey(const std::string& store) {
  return absl::StrReplaceAll(store, {{"/", ":"}});
}

inline std::string LiveKey(const std::string& store, v1::PledgeKind kind) {
  return absl::StrCat(StoreKey(store), ":", static_cast<int>(kind));
}

inline storage::IndexEntry LiveEntry(const std::string& store, v1::PledgeKind kind) {
  return {kLive, LiveKey(store, kind), true};
}

inline std::string LastSegment(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

inline std::vector<storage::IndexEntry> PledgeIndexEntries(const v1::Pledge& pledge) {
  std::vector<storage::IndexEntry> out;
  out.push_back({kStore, StoreKey(pledge.store()), false});
  out.push_back({kState, absl::StrCat(static_cast<int>(pledge.state())), false});
  if (pledge.state() == v1::PLEDGE_STATE_ACTIVE || pledge.state() == v1::PLEDGE_STATE_SUSPENDED) {
    out.push_back(LiveEntry(pledge.store(), pledge.kind()));
  }
  if (!pledge.division().empty()) out.push_back({kDivision, LastSegment(pledge.division()), false});
  if (!pledge.township().empty()) out.push_back({kTownship, LastSegment(pledge.township()), false});
  if (!pledge.area().empty()) out.push_back({kArea, LastSegment(pledge.area()), false});
  return out;
}

}  // namespace fangxin::pledge_index

#endif  // FANGXIN_SERVICES_PLEDGE_PLEDGE_KEYS_H_
