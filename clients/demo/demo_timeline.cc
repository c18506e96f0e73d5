#include "clients/demo/demo_timeline.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/clock.h"

namespace fangxin::demo {
namespace {

int DaysInMonth(absl::CivilMonth month) {
  return static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
}

void MoveTimestamp(int months, google::protobuf::Timestamp* ts) {
  if (ts->seconds() != 0 || ts->nanos() != 0) *ts = AddMonths(*ts, months);
}

void MoveRequestId(int months, std::string* request_id) {
  if (months > 0 && !request_id->empty()) absl::StrAppend(request_id, "-m", months);
}

}  // namespace

int MonthsSinceDemo(absl::Time now) {
  const absl::CivilMonth month(absl::ToCivilSecond(now, ChinaStandardTime()));
  const absl::CivilMonth demo(kDemoYear, kDemoMonth);
  return std::max<int>(0, static_cast<int>(month - demo));
}

google::protobuf::Timestamp AddMonths(const google::protobuf::Timestamp& ts, int months) {
  const absl::Time t = absl::FromUnixSeconds(ts.seconds());
  const absl::CivilSecond civil = absl::ToCivilSecond(t, ChinaStandardTime());
  const absl::CivilMonth target = absl::CivilMonth(civil) + months;
  const int day = std::min(civil.day(), DaysInMonth(target));
  const absl::CivilSecond moved(target.year(), target.month(), day, civil.hour(), civil.minute(),
                                civil.second());
  google::protobuf::Timestamp out;
  out.set_seconds(absl::ToUnixSeconds(absl::FromCivil(moved, ChinaStandardTime())));
  out.set_nanos(ts.nanos());
  return out;
}

void ShiftDemoTimeline(int months, std::vector<DemoPledge>* pledges, DemoCompliance* compliance,
                       DemoCertification* certification) {
  if (months <= 0) return;
  for (DemoPledge& p : *pledges) {
    MoveTimestamp(months, p.pledge.mutable_valid_from());
    MoveTimestamp(months, p.pledge.mutable_valid_until());
    MoveRequestId(months, &p.request_id);
  }
  // Complaint updates carry no dates (the server stamps them), so their request ids stay.
  for (DemoComplaint& c : compliance->complaints) {
    MoveTimestamp(months, c.complaint.mutable_receive_time());
  }
  for (DemoCertificate& c : certification->certificates) {
    MoveTimestamp(months, c.certificate.mutable_issue_time());
    MoveTimestamp(months, c.certificate.mutable_valid_until());
    MoveRequestId(months, &c.request_id);
  }
}

}  // namespace fangxin::demo
