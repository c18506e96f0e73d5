#ifndef FANGXIN_SERVICES_CERTIFICATION_RULES_TIME_UTIL_H_
#define FANGXIN_SERVICES_CERTIFICATION_RULES_TIME_UTIL_H_

// Conversions between proto timestamps and absl::Time for the certification rules. An unset
// timestamp (0 seconds, 0 nanos) converts to the Unix epoch, as protobuf defines it.
// Pure and thread-safe.

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace fangxin {

absl::Time FromProto(const google::protobuf::Timestamp& timestamp);

// Writes `time` into `*timestamp`, nanos in [0, 1e9) as protobuf requires (times before the
// epoch round towards the past).
void ToProto(absl::Time time, google::protobuf::Timestamp* timestamp);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_RULES_TIME_UTIL_H_
