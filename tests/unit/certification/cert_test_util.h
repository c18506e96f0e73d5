#ifndef FANGXIN_TESTS_UNIT_CERTIFICATION_CERT_TEST_UTIL_H_
#define FANGXIN_TESTS_UNIT_CERTIFICATION_CERT_TEST_UTIL_H_

// Builders shared by the certification rules tests: criteria, a valid programme, scores.

#include <string>
#include <vector>

#include "common/errors.h"
#include "fangxin/v1/certification.pb.h"

namespace fangxin {
namespace cert_test {

inline v1::Criterion Automatic(std::string id, v1::Metric metric, v1::Comparison comparison,
                               double threshold, int points) {
  v1::Criterion criterion;
  criterion.set_id(std::move(id));
  criterion.set_title("automatic criterion");
  criterion.set_kind(v1::AUTOMATIC);
  criterion.set_metric(metric);
  criterion.set_comparison(comparison);
  criterion.set_threshold(threshold);
  criterion.set_points(points);
  return criterion;
}

inline v1::Criterion Manual(std::string id, int points, double threshold) {
  v1::Criterion criterion;
  criterion.set_id(std::move(id));
  criterion.set_title("manual criterion");
  criterion.set_kind(v1::MANUAL);
  criterion.set_threshold(threshold);
  criterion.set_points(points);
  return criterion;
}

inline v1::Criterion Veto(v1::Criterion criterion) {
  criterion.set_veto(true);
  return criterion;
}

inline v1::Criterion Bonus(v1::Criterion criterion) {
  criterion.set_bonus(true);
  return criterion;
}

// A valid store programme: an automatic veto on upheld complaints (20 points), an automatic
// on-time rate (30), a manual display check (50 points, met at 30), a bonus manual (20, capped
// at 10). Available: 100 + 10 = 110; pass mark 80.
inline v1::Programme StoreProgramme() {
  v1::Programme programme;
  programme.set_display_name("诚信品牌企业（市级先进）");
  programme.set_category(v1::INTEGRITY_BRAND_ENTERPRISE);
  programme.set_level(v1::CITY_ADVANCED);
  programme.set_unit_kind(v1::UNIT_STORE);
  programme.set_criteria_version(3);
  *programme.add_criteria() =
      Veto(Automatic("upheld_complaints", v1::UPHELD_COMPLAINTS_12M, v1::AT_MOST, 2, 20));
  *programme.add_criteria() =
      Automatic("on_time", v1::ON_TIME_COMPLAINT_RATE, v1::AT_LEAST, 0.9, 30);
  *programme.add_criteria() = Manual("display", 50, 30);
  *programme.add_criteria() = Bonus(Manual("community", 20, 0));
  programme.set_pass_mark(80);
  programme.set_bonus_cap(10);
  return programme;
}

inline v1::ManualScore Score(std::string criterion_id, int score) {
  v1::ManualScore manual_score;
  manual_score.set_criterion_id(std::move(criterion_id));
  manual_score.set_score(score);
  manual_score.set_evidence("visited the store; notices posted at the till");
  return manual_score;
}

inline std::vector<std::string> FieldsOf(const FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : violations.list()) fields.push_back(violation.field);
  return fields;
}

}  // namespace cert_test
}  // namespace fangxin

#endif  // FANGXIN_TESTS_UNIT_CERTIFICATION_CERT_TEST_UTIL_H_
