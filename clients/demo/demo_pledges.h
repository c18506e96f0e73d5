#ifndef FANGXIN_CLIENTS_DEMO_DEMO_PLEDGES_H_
#define FANGXIN_CLIENTS_DEMO_DEMO_PLEDGES_H_

// The demo's pledges: a no-reason-return pledge for most main-urban stores and some elsewhere,
// an advance-compensation pledge for some catering and supermarket stores, and one pledge a
// regulator has suspended. Deterministic in the seed; pure.

#include <set>
#include <string>
#include <vector>

#include "clients/demo/demo_data.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin::demo {

struct DemoPledge {
  // For CreatePledgeRequest.pledge_id: `demo-{i}` in store order, with `-ac` for compensation.
  std::string pledge_id;
  // store, kind, terms, valid_from, valid_until.
  fangxin::v1::Pledge pledge;
  // `demo-{seed}-pledge-{pledge_id}`; activation and suspension append `-activate`/`-suspend`.
  std::string request_id;
  // Whether the loader suspends it after activation (exactly one pledge in a non-empty plan).
  bool suspend = false;
};

// Share of stores pledged: in a main-urban county, and elsewhere.
inline constexpr double kMainUrbanPledgeShare = 0.85;
inline constexpr double kOtherPledgeShare = 0.35;

// The names (`divisions/{code}`) of the main-urban county-level divisions among `divisions`.
std::set<std::string> MainUrbanCounties(const std::vector<fangxin::v1::Division>& divisions);

// `main_urban`: names (`divisions/{code}`) of the main-urban county-level divisions.
std::vector<DemoPledge> PlanDemoPledges(const DemoData& data,
                                        const std::set<std::string>& main_urban);

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_DEMO_PLEDGES_H_
