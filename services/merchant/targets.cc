#include "services/merchant/targets.h"

namespace fangxin {

Target TargetOf(const v1::Merchant& merchant) {
  Target t;
  t.division = merchant.division();
  t.merchant = merchant.name();
  return t;
}

Target TargetOf(const v1::Store& store) {
  Target t;
  t.division = store.division();
  t.township = store.township();
  t.area = store.area();
  t.merchant = MerchantOfStore(store.name());
  return t;
}

Target TargetOf(const v1::Area& area) {
  Target t;
  t.division = area.division();
  t.township = area.township();
  t.area = area.name();
  return t;
}

std::string MerchantOfStore(const std::string& store_name) {
  size_t pos = store_name.find("/stores/");
  return pos == std::string::npos ? std::string() : store_name.substr(0, pos);
}

}  // namespace fangxin
