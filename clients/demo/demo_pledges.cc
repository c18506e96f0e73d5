#include "clients/demo/demo_pledges.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/demo/prng.h"
#include "common/clock.h"

namespace fangxin::demo {
namespace {

namespace v1 = ::fangxin::v1;

// A stream of the generator no other part of the demo uses.
constexpr uint64_t kPledgeStream = 0x504c45444745ULL;  // "PLEDGE"

google::protobuf::Timestamp CstDay(int y, int m, int d) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(
      absl::ToUnixSeconds(absl::FromCivil(absl::CivilDay(y, m, d), ChinaStandardTime())));
  return ts;
}

v1::Pledge ReturnPledge(const DemoStore& store, Prng& prng) {
  v1::Pledge p;
  p.set_store(store.store.name());
  p.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
  auto* t = p.mutable_no_reason_return();
  static constexpr int kWindows[] = {7, 7, 7, 7, 15, 30};
  t->set_window_days(kWindows[prng.Below(std::size(kWindows))]);
  t->set_covered_goods("店内销售的商品");
  t->add_excluded_goods(v1::EXCLUDED_GOODS_CUSTOM_MADE);
  if (prng.Chance(0.6)) t->add_excluded_goods(v1::EXCLUDED_GOODS_FRESH_PERISHABLE);
  if (prng.Chance(0.3)) t->add_excluded_goods(v1::EXCLUDED_GOODS_DISCLOSED_NEAR_EXPIRY_OR_FLAWED);
  if (prng.Chance(0.2)) t->add_excluded_items("已拆封的贴身衣物");
  t->add_conditions("商品完好，不影响二次销售");
  t->add_conditions("凭购物凭证");
  t->set_refund_method(prng.Chance(0.8) ? v1::REFUND_METHOD_ORIGINAL_PAYMENT
                                        : v1::REFUND_METHOD_CASH);
  t->set_accepted_at_other_stores(prng.Chance(0.3));
  // World Consumer Rights Day 2025 for two years.
  *p.mutable_valid_from() = CstDay(2025, 3, 15);
  *p.mutable_valid_until() = CstDay(2027, 3, 15);
  return p;
}

v1::Pledge CompensationPledge(const DemoStore& store) {
  v1::Pledge p;
  p.set_store(store.store.name());
  p.set_kind(v1::PLEDGE_KIND_ADVANCE_COMPENSATION);
  p.mutable_advance_compensation()->set_scope(
      store.store.industry() == "catering" ? v1::ADVANCE_COMPENSATION_SCOPE_CATERING_QUALITY
                                           : v1::ADVANCE_COMPENSATION_SCOPE_LARGE_SUPERMARKET);
  *p.mutable_valid_from() = CstDay(2025, 3, 15);
  *p.mutable_valid_until() = CstDay(2027, 3, 15);
  return p;
}

}  // namespace

std::set<std::string> MainUrbanCounties(const std::vector<v1::Division>& divisions) {
  std::set<std::string> main_urban;
  for (const v1::Division& d : divisions) {
    if (d.level() == v1::DIVISION_LEVEL_COUNTY && d.main_urban()) main_urban.insert(d.name());
  }
  return main_urban;
}

std::vector<DemoPledge> PlanDemoPledges(const DemoData& data,
                                        const std::set<std::string>& main_urban) {
  std::vector<DemoPledge> plan;
  for (size_t i = 0; i < data.stores.size(); ++i) {
    const DemoStore& store = data.stores[i];
    Prng prng = Prng::ForStream(data.seed ^ kPledgeStream, i);
    const bool urban = main_urban.count(store.store.division()) > 0;
    if (!prng.Chance(urban ? kMainUrbanPledgeShare : kOtherPledgeShare)) continue;
    DemoPledge pledge;
    pledge.pledge_id = absl::StrCat("demo-", i);
    pledge.pledge = ReturnPledge(store, prng);
    pledge.request_id = absl::StrCat("demo-", data.seed, "-pledge-", pledge.pledge_id);
    plan.push_back(std::move(pledge));
    const std::string& industry = store.store.industry();
    if ((industry == "catering" || industry == "supermarket") && prng.Chance(0.5)) {
      DemoPledge compensation;
      compensation.pledge_id = absl::StrCat("demo-", i, "-ac");
      compensation.pledge = CompensationPledge(store);
      compensation.request_id =
          absl::StrCat("demo-", data.seed, "-pledge-", compensation.pledge_id);
      plan.push_back(std::move(compensation));
    }
  }
  if (!plan.empty()) plan.front().suspend = true;
  return plan;
}

}  // namespace fangxin::demo
