#include "clients/demo/demo_compliance.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/demo/prng.h"
#include "common/clock.h"

namespace fangxin::demo {
namespace {

namespace v1 = ::fangxin::v1;

// Streams of the generator no other part of the demo uses.
constexpr uint64_t kComplaintStream = 0x434f4d504c41ULL;  // "COMPLA"
constexpr uint64_t kInspectionStream = 0x494e53504543ULL;  // "INSPEC"

google::protobuf::Timestamp CstTime(absl::CivilSecond t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(absl::FromCivil(t, ChinaStandardTime())));
  return ts;
}

constexpr const char* kReturnSummaries[] = {
    "消费者称七日内要求退货被拒",
    "退货申请多日未办理",
    "店内未公示无理由退货条件",
    "退款方式与承诺不符",
};
constexpr const char* kCompensationSummaries[] = {
    "就餐后身体不适，要求先行赔付被拒",
    "所购商品质量问题，商家拒绝先行赔付",
};
constexpr const char* kInspectors[] = {
    "执法证320902001", "执法证320902002", "执法证320903011", "执法证320904021",
    "执法证320921031", "执法证320922041", "执法证320981051", "执法证320925061",
};
constexpr const char* kPassFindings[] = {
    "承诺标识规范张贴，退货流程清楚",
    "抽查退货记录，均按承诺办理",
    "承诺内容公示完整，店员知晓流程",
};
constexpr const char* kFailFindings[] = {
    "未公示退货条件",
    "承诺标识缺失",
    "抽查发现一笔退货超期未办理",
};

}  // namespace

DemoCompliance PlanDemoCompliance(const DemoData& data, const std::vector<DemoPledge>& pledges) {
  DemoCompliance plan;
  if (pledges.empty()) return plan;

  // Complaints: each names the store of a planned pledge, drawn uniformly over the pledges.
  std::map<std::string, int> upheld_per_store;
  for (int i = 0; i < kDemoComplaintCount; ++i) {
    Prng prng = Prng::ForStream(data.seed ^ kComplaintStream, static_cast<uint64_t>(i));
    const DemoPledge& target = pledges[prng.Below(pledges.size())];
    const bool compensation = target.pledge.kind() == v1::PLEDGE_KIND_ADVANCE_COMPENSATION;
    DemoComplaint c;
    v1::Complaint& complaint = c.complaint;
    complaint.set_source(prng.Chance(0.6) ? v1::COMPLAINT_SOURCE_12315 : v1::COMPLAINT_SOURCE_12345);
    complaint.set_external_id(absl::StrCat("demo-", data.seed, "-c", i));
    complaint.set_store(target.pledge.store());
    if (compensation) {
      complaint.set_category(v1::COMPLAINT_CATEGORY_COMPENSATION_REFUSED);
      complaint.set_summary(kCompensationSummaries[prng.Below(std::size(kCompensationSummaries))]);
      complaint.set_pledge_related(true);
    } else {
      static constexpr v1::ComplaintCategory kCategories[] = {
          v1::COMPLAINT_CATEGORY_RETURN_REFUSED, v1::COMPLAINT_CATEGORY_RETURN_REFUSED,
          v1::COMPLAINT_CATEGORY_RETURN_DELAYED, v1::COMPLAINT_CATEGORY_CONDITIONS_NOT_DISPLAYED,
          v1::COMPLAINT_CATEGORY_OTHER};
      const size_t k = prng.Below(std::size(kCategories));
      complaint.set_category(kCategories[k]);
      complaint.set_pledge_related(kCategories[k] != v1::COMPLAINT_CATEGORY_OTHER);
      complaint.set_summary(complaint.pledge_related()
                                ? kReturnSummaries[prng.Below(std::size(kReturnSummaries))]
                                : "商品质量问题，非退货承诺范围");
    }
    // Received on a day of 2026-01-05 .. 2026-10-30, during office hours (CST).
    const absl::CivilDay day = absl::CivilDay(2026, 1, 5) + prng.Below(299);
    *complaint.mutable_receive_time() = CstTime(absl::CivilSecond(
        day.year(), day.month(), day.day(), 8 + static_cast<int>(prng.Below(10)),
        static_cast<int>(prng.Below(60)), static_cast<int>(prng.Below(60))));

    const double u = prng.Unit();
    if (u < 0.20) {
      c.target_state = v1::COMPLAINT_STATE_RECEIVED;
    } else if (u < 0.30) {
      c.target_state = v1::COMPLAINT_STATE_REJECTED;
    } else if (u < 0.40) {
      c.target_state = v1::COMPLAINT_STATE_ACCEPTED;
    } else {
      c.target_state = v1::COMPLAINT_STATE_RESOLVED;
      const double o = prng.Unit();
      c.outcome = o < 0.35   ? v1::COMPLAINT_OUTCOME_UPHELD
                  : o < 0.65 ? v1::COMPLAINT_OUTCOME_NOT_UPHELD
                             : v1::COMPLAINT_OUTCOME_MEDIATED;
      if (c.outcome == v1::COMPLAINT_OUTCOME_UPHELD &&
          ++upheld_per_store[complaint.store()] > kMaxUpheldPerStore) {
        c.outcome = v1::COMPLAINT_OUTCOME_MEDIATED;  // keep the pledge from being suspended
      }
      if (c.outcome != v1::COMPLAINT_OUTCOME_NOT_UPHELD) {
        c.amount_recovered_fen = prng.Between(50, 2000) * 100;  // 50 to 2,000 yuan
      }
    }
    c.request_id = absl::StrCat("demo-", data.seed, "-complaint-", i);
    plan.complaints.push_back(std::move(c));
  }

  // Inspections: a sample without replacement of the active (not suspended) pledges.
  std::vector<const DemoPledge*> active;
  for (const DemoPledge& p : pledges) {
    if (!p.suspend) active.push_back(&p);
  }
  Prng draw = Prng::ForStream(data.seed ^ kInspectionStream, 0);
  const size_t n = std::min<size_t>(kDemoInspectionCount, active.size());
  for (size_t i = 0; i < n; ++i) {
    std::swap(active[i], active[i + draw.Below(active.size() - i)]);
  }
  for (size_t i = 0; i < n; ++i) {
    Prng prng = Prng::ForStream(data.seed ^ kInspectionStream, i + 1);
    DemoInspection d;
    d.inspection.set_pledge(absl::StrCat("pledges/", active[i]->pledge_id));
    d.inspection.set_inspector(kInspectors[prng.Below(std::size(kInspectors))]);
    d.inspection.set_passed(!prng.Chance(0.12));
    if (d.inspection.passed()) {
      d.inspection.set_findings(kPassFindings[prng.Below(std::size(kPassFindings))]);
    } else {
      d.inspection.set_findings(kFailFindings[prng.Below(std::size(kFailFindings))]);
      d.rectification_days = prng.Chance(0.5) ? 15 : 30;
    }
    d.request_id = absl::StrCat("demo-", data.seed, "-inspection-", i);
    plan.inspections.push_back(std::move(d));
  }
  return plan;
}

}  // namespace fangxin::demo
