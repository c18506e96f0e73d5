#ifndef FANGXIN_CLIENTS_DEMO_DEMO_CERTIFICATION_H_
#define FANGXIN_CLIENTS_DEMO_DEMO_CERTIFICATION_H_

// The demo's certification: programmes (several categories × levels, each with a realistic
// criteria checklist), the certified units in Yancheng's proportions — 229 city-level units and
// 73 provincial ones (stores, merchants, business circles, townships), plus the 12
// demonstration street districts — as certificates granted before fangxin (imported), and a
// handful of live applications that go through the real flow. Deterministic in the seed; pure.
//
// The counts are Yancheng's at the full demo size (7,600 merchants) and scale with the number of
// merchants below it. Every certified unit is a real unit of the demo: a store with a planned
// no-reason-return pledge that stays active, a merchant all of whose stores have one, an area,
// or a township holding stores. A unit holds one certificate: its highest level.
//
// The programmes' automatic veto items are ones every such unit meets (its pledge in force), and
// each pass mark can be reached with the manual points alone plus those veto items, so a
// yearly re-evaluation of an imported certificate (manual criteria counted in full) retains it
// however young the demo's pledges are.

#include <cstdint>
#include <string>
#include <vector>

#include "clients/demo/demo_data.h"
#include "clients/demo/demo_pledges.h"
#include "fangxin/v1/certification.pb.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin::demo {

struct DemoProgramme {
  // For CreateProgrammeRequest.programme_id, e.g. `integrity-brand-city-advanced`.
  std::string programme_id;
  // What CreateProgramme takes: display_name, category, level, unit_kind, criteria, pass_mark,
  // bonus_cap, requires_lower_level, description. Output-only fields are unset.
  fangxin::v1::Programme programme;
  // `demo-{seed}-programme-{programme_id}`.
  std::string request_id;
};

struct DemoCertificate {
  // For ImportCertificateRequest.certificate_id: the number in lower case, `yc-2025-000123`.
  std::string certificate_id;
  // What ImportCertificate takes: programme (`programs/{id}`), unit, number (`YC-2025-000123`
  // for the city's, `JS-2025-000045` for the province's; numbered per issuer and year in order
  // of issue), issuer, issue_time (a day in 2024–2026, 00:00 China time), valid_until (issue
  // plus the programme's validity).
  fangxin::v1::Certificate certificate;
  // Not sent: the unit's kind and display name, for tests and the loader's messages.
  fangxin::v1::UnitKind unit_kind = fangxin::v1::UNIT_KIND_UNSPECIFIED;
  std::string unit_display_name;
  // `demo-{seed}-certificate-{certificate_id}`.
  std::string request_id;
};

// How far the loader takes a live application.
enum class DemoApplicationStage {
  kUnderReview,        // submitted; the pre-check passed
  kScored,             // and every MANUAL criterion scored
  kPublicNotice,       // and approved into public notice
  kObjectionDismissed  // and an objection lodged during the notice, then dismissed
};

struct DemoApplication {
  // For SubmitApplicationRequest.application_id: `demo-{k}`.
  std::string application_id;
  // programme, unit, statement.
  fangxin::v1::Application application;
  DemoApplicationStage stage = DemoApplicationStage::kUnderReview;
  // One per MANUAL criterion of the programme (criterion_id, score, evidence); empty for
  // kUnderReview.
  std::vector<fangxin::v1::ManualScore> scores;
  // kPublicNotice and later: the approval's reason. kObjectionDismissed: the objection and its
  // resolution.
  std::string decision_reason;
  std::string objection_text;
  std::string resolution;
  // `demo-{seed}-application-{application_id}`; the steps append `-score`, `-decide`,
  // `-object`, `-resolve`.
  std::string request_id;
};

struct DemoCertification {
  std::vector<DemoProgramme> programmes;
  // Ordered by issuer, then issue day.
  std::vector<DemoCertificate> certificates;
  std::vector<DemoApplication> applications;
};

// Yancheng's certified units, at the full demo size.
inline constexpr int kCityLevelUnits = 229;
inline constexpr int kProvincialUnits = 73;
inline constexpr int kDemonstrationStreetDistricts = 12;
inline constexpr char kCityIssuer[] = "盐城市市场监督管理局";
inline constexpr char kProvincialIssuer[] = "江苏省市场监督管理局";

// `pledges`: PlanDemoPledges(data, ...). `divisions`: those data was generated from (for the
// townships' names). Fewer units when the data set has too few eligible ones.
DemoCertification PlanDemoCertification(const DemoData& data,
                                        const std::vector<DemoPledge>& pledges,
                                        const std::vector<fangxin::v1::Division>& divisions);

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_DEMO_CERTIFICATION_H_
