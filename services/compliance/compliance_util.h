#ifndef FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_UTIL_H_
#define FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_UTIL_H_

// Small conversions shared by the compliance core's files. Pure.

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace fangxin::compliance {

inline absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

inline google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp ts;
  const absl::Duration since_epoch = t - absl::UnixEpoch();
  ts.set_seconds(absl::ToInt64Seconds(since_epoch));
  ts.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(since_epoch - absl::Seconds(ts.seconds()))));
  return ts;
}

}  // namespace fangxin::compliance

#endif  // FANGXIN_SERVICES_COMPLIANCE_COMPLIANCE_UTIL_H_
