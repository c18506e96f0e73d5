#ifndef FANGXIN_SERVICES_MERCHANT_TARGETS_H_
#define FANGXIN_SERVICES_MERCHANT_TARGETS_H_

// What a resource is, for authorization: the division, township, area and merchant it belongs
// to. Scopes are matched against these.

#include <string>

#include "absl/status/statusor.h"
#include "fangxin/v1/resources.pb.h"
#include "services/common/authz.h"
#include "services/common/division_directory.h"
#include "storage/registry.h"

namespace fangxin {

Target TargetOf(const v1::Merchant& merchant);
Target TargetOf(const v1::Store& store);
Target TargetOf(const v1::Area& area);

// The merchant name of a store name: "merchants/x/stores/y" -> "merchants/x".
std::string MerchantOfStore(const std::string& store_name);

// Reads a resource of type T. NOT_FOUND names it.
template <typename T>
absl::StatusOr<T> Read(storage::Registry& registry, const std::string& name) {
  auto stored = registry.Get(name);
  if (!stored.ok()) return stored.status();
  return static_cast<const T&>(**stored);
}

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_MERCHANT_TARGETS_H_
