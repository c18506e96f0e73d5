#ifndef FANGXIN_CLIENTS_DEMO_DEMO_DATA_H_
#define FANGXIN_CLIENTS_DEMO_DEMO_DATA_H_

// The demo data set: a deterministic, seeded, fictional population of merchants, stores and
// areas for a city's divisions (made for Yancheng: deploy/data/yancheng-divisions.csv).
//
// Pure: no I/O, no clock, no global state. The same options give byte-identical data on every
// platform (the generator uses its own PRNG and distributions and no trigonometry). Merchant i
// depends only on the seed, i and the divisions, so a smaller merchant_count yields a prefix of
// a larger one, and its request ids match.
//
// Everything is invented: names, people, addresses and credit codes (whose check characters are
// valid, so the registry accepts them) belong to no real business. Positions are near the
// township's seat where the divisions file gives one, otherwise near the county's seat.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin::demo {

struct DemoOptions {
  // Seeds every random choice. Default: 2022-03-15, World Consumer Rights Day.
  uint64_t seed = 20220315;
  // Number of merchants, >= 0. Default 7,600, about Yancheng's 7,643 pledged enterprises;
  // stores come to about 1.37 per merchant.
  int merchant_count = 7600;
  // Required. One city, its county-level divisions and (optionally) their townships, e.g.
  // DivisionDirectory::LoadCsv("deploy/data/yancheng-divisions.csv")->All(). Counties without a
  // location are skipped.
  std::vector<fangxin::v1::Division> divisions;
};

struct DemoArea {
  // For CreateAreaRequest.area_id.
  std::string area_id;
  // `name` is set to `areas/{area_id}`; state ACTIVE. Bookkeeping fields are unset.
  fangxin::v1::Area area;
  // `demo-{seed}-area-{area_id}`.
  std::string request_id;
};

struct DemoMerchant {
  // `name` is `merchants/{uscc}`; state OPEN.
  fangxin::v1::Merchant merchant;
  // `demo-{seed}-merchant-{i}`.
  std::string request_id;
};

struct DemoStore {
  // `merchants/{uscc}`.
  std::string parent;
  // `store-{k}`, k = 1, 2, ... within the merchant.
  std::string store_id;
  // `name` is `{parent}/stores/{store_id}`; state OPEN.
  fangxin::v1::Store store;
  // `demo-{seed}-store-{i}-{k}` for merchant i.
  std::string request_id;
};

struct DemoData {
  uint64_t seed = 0;
  // Areas whose township exists in the divisions given (for Yancheng: 6 malls, 12 street
  // districts, 4 business circles).
  std::vector<DemoArea> areas;
  std::vector<DemoMerchant> merchants;
  // Grouped by merchant, in merchant order. A store's `area`, if set, is one of `areas`.
  std::vector<DemoStore> stores;
};

// Generates the data set. INVALID_ARGUMENT if merchant_count is negative or the divisions hold no
// city or no county with a location.
absl::StatusOr<DemoData> Generate(const DemoOptions& options);

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_DEMO_DATA_H_
