#ifndef FANGXIN_CLIENTS_DEMO_DEMO_COMPLIANCE_H_
#define FANGXIN_CLIENTS_DEMO_DEMO_COMPLIANCE_H_

// The demo's compliance data: 12315/12345 complaints against pledged stores (some accepted and
// resolved, some rejected, some left open) and spot-check inspections of active pledges (mostly
// passed, a few failed with a rectification deadline). Deterministic in the seed; pure.

#include <cstdint>
#include <string>
#include <vector>

#include "clients/demo/demo_data.h"
#include "clients/demo/demo_pledges.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin::demo {

struct DemoComplaint {
  // source, external_id (`demo-{seed}-c{i}`), store (a planned pledged store), category,
  // receive_time (a fixed day in 2026, in the past), summary, pledge_related.
  fangxin::v1::Complaint complaint;
  // The state the loader drives it to: RECEIVED (left open), ACCEPTED (open, in mediation),
  // REJECTED or RESOLVED (with outcome and amount_recovered_fen).
  fangxin::v1::ComplaintState target_state = fangxin::v1::COMPLAINT_STATE_RECEIVED;
  fangxin::v1::ComplaintOutcome outcome = fangxin::v1::COMPLAINT_OUTCOME_UNSPECIFIED;
  int64_t amount_recovered_fen = 0;
  // `demo-{seed}-complaint-{i}`, with `-decide` / `-resolve` for the updates. Intake itself
  // needs none: it is idempotent on source and external id.
  std::string request_id;
};

struct DemoInspection {
  // pledge (`pledges/{pledge_id}` of an active planned pledge), inspector, findings, passed.
  // rectification_deadline is left to the loader: now + rectification_days, when failed.
  fangxin::v1::Inspection inspection;
  int rectification_days = 0;
  // `demo-{seed}-inspection-{i}`.
  std::string request_id;
};

struct DemoCompliance {
  std::vector<DemoComplaint> complaints;
  std::vector<DemoInspection> inspections;
};

inline constexpr int kDemoComplaintCount = 300;
inline constexpr int kDemoInspectionCount = 60;
// Upheld pledge-related complaints per store at most: the third would suspend the pledge.
inline constexpr int kMaxUpheldPerStore = 2;

// `pledges`: PlanDemoPledges(data, ...). Empty when no pledge is planned; fewer inspections
// when fewer active pledges are planned.
DemoCompliance PlanDemoCompliance(const DemoData& data, const std::vector<DemoPledge>& pledges);

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_DEMO_COMPLIANCE_H_
