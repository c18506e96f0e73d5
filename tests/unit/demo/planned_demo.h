#ifndef FANGXIN_TESTS_UNIT_DEMO_PLANNED_DEMO_H_
#define FANGXIN_TESTS_UNIT_DEMO_PLANNED_DEMO_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "clients/demo/demo_certification.h"
#include "clients/demo/demo_compliance.h"
#include "clients/demo/demo_data.h"
#include "clients/demo/demo_pledges.h"
#include "gtest/gtest.h"
#include "tests/unit/demo/test_divisions.h"

namespace fangxin::demo::testing {

// Everything fangxin-demo plans for a seed and a size, in the loader's order, over Yancheng's
// divisions.
struct PlannedDemo {
  DemoData data;
  std::vector<DemoPledge> pledges;
  DemoCompliance compliance;
  DemoCertification certification;
};

inline PlannedDemo PlanDemo(uint64_t seed, int merchants) {
  DemoOptions options;
  options.seed = seed;
  options.merchant_count = merchants;
  options.divisions = YanchengDivisions();
  auto data = Generate(options);
  EXPECT_TRUE(data.ok()) << data.status();
  PlannedDemo p;
  if (!data.ok()) return p;
  p.data = *std::move(data);
  p.pledges = PlanDemoPledges(p.data, MainUrbanCounties(options.divisions));
  p.compliance = PlanDemoCompliance(p.data, p.pledges);
  p.certification = PlanDemoCertification(p.data, p.pledges, options.divisions);
  return p;
}

}  // namespace fangxin::demo::testing

#endif  // FANGXIN_TESTS_UNIT_DEMO_PLANNED_DEMO_H_
