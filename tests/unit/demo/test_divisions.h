#ifndef FANGXIN_TESTS_UNIT_DEMO_TEST_DIVISIONS_H_
#define FANGXIN_TESTS_UNIT_DEMO_TEST_DIVISIONS_H_

#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/division_directory.h"

namespace fangxin::demo::testing {

// deploy/data/yancheng-divisions.csv of the source tree under test.
inline std::string DivisionsCsvPath() {
  const char* dir = std::getenv("FANGXIN_SOURCE_DIR");
  return std::string(dir != nullptr ? dir : FANGXIN_SOURCE_DIR) +
         "/deploy/data/yancheng-divisions.csv";
}

// Yancheng's divisions (ordered by code), read once.
inline const std::vector<fangxin::v1::Division>& YanchengDivisions() {
  static const auto* divisions = [] {
    auto read = DivisionDirectory::LoadCsv(DivisionsCsvPath());
    if (!read.ok()) {
      ADD_FAILURE() << read.status();
      return new std::vector<fangxin::v1::Division>();
    }
    return new std::vector<fangxin::v1::Division>(read->All());
  }();
  return *divisions;
}

}  // namespace fangxin::demo::testing

#endif  // FANGXIN_TESTS_UNIT_DEMO_TEST_DIVISIONS_H_
