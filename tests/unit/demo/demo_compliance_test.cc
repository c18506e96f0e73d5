#include "clients/demo/demo_compliance.h"

#include <map>
#include <set>
#include <string>

#include "clients/demo/demo_data.h"
#include "clients/demo/demo_pledges.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/unit/demo/planned_demo.h"

namespace fangxin::demo {
namespace {

namespace v1 = ::fangxin::v1;
using google::protobuf::util::MessageDifferencer;

using testing::PlanDemo;
using Planned = testing::PlannedDemo;

void ExpectSame(const DemoCompliance& a, const DemoCompliance& b) {
  ASSERT_EQ(a.complaints.size(), b.complaints.size());
  for (size_t i = 0; i < a.complaints.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(a.complaints[i].complaint, b.complaints[i].complaint));
    EXPECT_EQ(a.complaints[i].target_state, b.complaints[i].target_state);
    EXPECT_EQ(a.complaints[i].outcome, b.complaints[i].outcome);
    EXPECT_EQ(a.complaints[i].amount_recovered_fen, b.complaints[i].amount_recovered_fen);
    EXPECT_EQ(a.complaints[i].request_id, b.complaints[i].request_id);
  }
  ASSERT_EQ(a.inspections.size(), b.inspections.size());
  for (size_t i = 0; i < a.inspections.size(); ++i) {
    EXPECT_TRUE(
        MessageDifferencer::Equals(a.inspections[i].inspection, b.inspections[i].inspection));
    EXPECT_EQ(a.inspections[i].rectification_days, b.inspections[i].rectification_days);
    EXPECT_EQ(a.inspections[i].request_id, b.inspections[i].request_id);
  }
}

TEST(DemoComplianceTest, SameSeedSamePlan) {
  const Planned a = PlanDemo(20220315, 300);
  const Planned b = PlanDemo(20220315, 300);
  ExpectSame(a.compliance, b.compliance);
}

TEST(DemoComplianceTest, OtherSeedOtherPlan) {
  const Planned a = PlanDemo(20220315, 300);
  const Planned b = PlanDemo(7, 300);
  ASSERT_FALSE(a.compliance.complaints.empty());
  ASSERT_FALSE(b.compliance.complaints.empty());
  EXPECT_NE(a.compliance.complaints[0].complaint.external_id(),
            b.compliance.complaints[0].complaint.external_id());
}

TEST(DemoComplianceTest, CountsAndSpread) {
  const Planned p = PlanDemo(20220315, 300);
  ASSERT_FALSE(p.pledges.empty());
  EXPECT_EQ(p.compliance.complaints.size(), static_cast<size_t>(kDemoComplaintCount));
  EXPECT_EQ(p.compliance.inspections.size(), static_cast<size_t>(kDemoInspectionCount));

  std::map<v1::ComplaintSource, int> sources;
  std::map<v1::ComplaintCategory, int> categories;
  std::map<v1::ComplaintState, int> states;
  std::map<v1::ComplaintOutcome, int> outcomes;
  for (const DemoComplaint& c : p.compliance.complaints) {
    ++sources[c.complaint.source()];
    ++categories[c.complaint.category()];
    ++states[c.target_state];
    if (c.target_state == v1::COMPLAINT_STATE_RESOLVED) {
      ++outcomes[c.outcome];
      EXPECT_NE(c.outcome, v1::COMPLAINT_OUTCOME_UNSPECIFIED);
      if (c.outcome == v1::COMPLAINT_OUTCOME_NOT_UPHELD) {
        EXPECT_EQ(c.amount_recovered_fen, 0);
      } else {
        EXPECT_GT(c.amount_recovered_fen, 0);
      }
    } else {
      EXPECT_EQ(c.outcome, v1::COMPLAINT_OUTCOME_UNSPECIFIED);
      EXPECT_EQ(c.amount_recovered_fen, 0);
    }
    EXPECT_TRUE(c.complaint.has_receive_time());
    EXPECT_NE(c.complaint.category(), v1::COMPLAINT_CATEGORY_UNSPECIFIED);
  }
  EXPECT_GT(sources[v1::COMPLAINT_SOURCE_12315], 100);
  EXPECT_GT(sources[v1::COMPLAINT_SOURCE_12345], 60);
  for (v1::ComplaintCategory k :
       {v1::COMPLAINT_CATEGORY_RETURN_REFUSED, v1::COMPLAINT_CATEGORY_RETURN_DELAYED,
        v1::COMPLAINT_CATEGORY_CONDITIONS_NOT_DISPLAYED, v1::COMPLAINT_CATEGORY_COMPENSATION_REFUSED,
        v1::COMPLAINT_CATEGORY_OTHER}) {
    EXPECT_GT(categories[k], 0) << v1::ComplaintCategory_Name(k);
  }
  for (v1::ComplaintState s : {v1::COMPLAINT_STATE_RECEIVED, v1::COMPLAINT_STATE_ACCEPTED,
                               v1::COMPLAINT_STATE_REJECTED, v1::COMPLAINT_STATE_RESOLVED}) {
    EXPECT_GT(states[s], 10) << v1::ComplaintState_Name(s);
  }
  for (v1::ComplaintOutcome o : {v1::COMPLAINT_OUTCOME_UPHELD, v1::COMPLAINT_OUTCOME_NOT_UPHELD,
                                 v1::COMPLAINT_OUTCOME_MEDIATED}) {
    EXPECT_GT(outcomes[o], 10) << v1::ComplaintOutcome_Name(o);
  }

  int passed = 0;
  for (const DemoInspection& d : p.compliance.inspections) {
    if (d.inspection.passed()) {
      ++passed;
      EXPECT_EQ(d.rectification_days, 0);
    } else {
      EXPECT_GT(d.rectification_days, 0);
    }
    EXPECT_FALSE(d.inspection.inspector().empty());
    EXPECT_FALSE(d.inspection.findings().empty());
  }
  EXPECT_GT(passed, 40);
  EXPECT_LT(passed, 60);
}

TEST(DemoComplianceTest, ComplaintsNamePledgedStoresWithUniqueIds) {
  const Planned p = PlanDemo(20220315, 300);
  std::set<std::string> pledged_stores;
  for (const DemoPledge& d : p.pledges) pledged_stores.insert(d.pledge.store());
  std::set<std::pair<v1::ComplaintSource, std::string>> keys;
  std::set<std::string> external_ids, request_ids;
  std::map<std::string, int> upheld;
  for (const DemoComplaint& c : p.compliance.complaints) {
    EXPECT_EQ(pledged_stores.count(c.complaint.store()), 1u) << c.complaint.store();
    EXPECT_TRUE(external_ids.insert(c.complaint.external_id()).second)
        << c.complaint.external_id();
    EXPECT_TRUE(request_ids.insert(c.request_id).second);
    EXPECT_LE(c.complaint.external_id().size(), 64u);
    EXPECT_EQ(c.complaint.external_id().rfind("demo-20220315-c", 0), 0u);
    if (c.outcome == v1::COMPLAINT_OUTCOME_UPHELD) ++upheld[c.complaint.store()];
  }
  for (const auto& [store, n] : upheld) EXPECT_LE(n, kMaxUpheldPerStore) << store;
}

TEST(DemoComplianceTest, InspectionsAreOfDistinctActivePledges) {
  const Planned p = PlanDemo(20220315, 300);
  std::set<std::string> active;
  for (const DemoPledge& d : p.pledges) {
    if (!d.suspend) active.insert("pledges/" + d.pledge_id);
  }
  std::set<std::string> seen;
  for (const DemoInspection& d : p.compliance.inspections) {
    EXPECT_EQ(active.count(d.inspection.pledge()), 1u) << d.inspection.pledge();
    EXPECT_TRUE(seen.insert(d.inspection.pledge()).second) << d.inspection.pledge();
  }
}

TEST(DemoComplianceTest, NoPledgesNoCompliance) {
  DemoData data;
  data.seed = 1;
  const DemoCompliance plan = PlanDemoCompliance(data, {});
  EXPECT_TRUE(plan.complaints.empty());
  EXPECT_TRUE(plan.inspections.empty());
}

}  // namespace
}  // namespace fangxin::demo
