#ifndef FANGXIN_CLIENTS_DEMO_DEMO_TIMELINE_H_
#define FANGXIN_CLIENTS_DEMO_DEMO_TIMELINE_H_

// The demo's dates are written for November 2026: complaints received January to October 2026,
// pledges in force from March 2025 to March 2027, certificates issued 2024 to September 2026.
// Loaded later as written, they would drift into the past (a pledge must end in the future, an
// imported certificate must still be valid), so the loader moves every date forward by the whole
// months that have passed since. The generator stays a pure function of its seed.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "clients/demo/demo_certification.h"
#include "clients/demo/demo_compliance.h"
#include "clients/demo/demo_pledges.h"
#include "google/protobuf/timestamp.pb.h"

namespace fangxin::demo {

// The month the demo's dates are written for.
inline constexpr int kDemoYear = 2026;
inline constexpr int kDemoMonth = 11;

// Whole calendar months from November 2026 to `now`'s month in China time; 0 before then.
int MonthsSinceDemo(absl::Time now);

// `ts` moved `months` calendar months later in China time; a day past the end of the target
// month becomes its last day (31 Oct + 4 months = 28 Feb), so a date in the past stays in the
// past relative to a `now` moved by the same months.
google::protobuf::Timestamp AddMonths(const google::protobuf::Timestamp& ts, int months);

// Moves every date of the plans `months` later. Request ids gain "-m<months>" (when months > 0)
// because a request id names one request: a re-run in a later month sends other dates, and the
// server would refuse the old id as reused. The resources' own ids stay, so a re-run still finds
// what an earlier one loaded.
void ShiftDemoTimeline(int months, std::vector<DemoPledge>* pledges, DemoCompliance* compliance,
                       DemoCertification* certification);

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_DEMO_TIMELINE_H_
