#ifndef FANGXIN_SERVICES_CERTIFICATION_UNIT_METRICS_H_
#define FANGXIN_SERVICES_CERTIFICATION_UNIT_METRICS_H_

// The values of the automatic criteria of a unit, read from the registry at one moment. The
// definitions are the Metric comments of proto/fangxin/v1/certification.proto: "the unit's
// stores" are the store itself, the merchant's OPEN stores, or the OPEN stores of the area or
// division (a 6-digit division code is a county, a 9-digit one a township). Windows of
// "12 months" are the 365 days up to `now`.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fangxin/v1/certification.pb.h"
#include "services/certification/rules/criteria_evaluation.h"
#include "services/compliance/working_calendar.h"
#include "storage/registry.h"

namespace fangxin {

// The length of every "last 12 months" window of the metrics.
inline constexpr absl::Duration kMetricWindow = absl::Hours(24 * 365);

// Every metric that applies to `unit_kind` (MetricAppliesTo), each with the basis it was
// computed from ("41 of 52 open stores"). Reads through paged, bounded scans; the reads are not
// one snapshot, which a yearly re-evaluation does not need.
// Errors: NOT_FOUND when the unit (a store, merchant or area) does not exist; INVALID_ARGUMENT
// naming "unit" when its name does not fit `unit_kind`; RESOURCE_EXHAUSTED when one of the
// unit's collections is larger than the reader will walk; storage errors as they come.
// Thread-safe.
absl::StatusOr<UnitMetrics> ReadUnitMetrics(storage::Registry& registry,
                                            const WorkingCalendar& calendar,
                                            const std::string& unit, v1::UnitKind unit_kind,
                                            absl::Time now);

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_UNIT_METRICS_H_
