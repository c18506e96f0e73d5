#include "clients/demo/credit_code.h"

#include "gtest/gtest.h"

namespace fangxin::demo {
namespace {

TEST(CreditCodeTest, KnownOrganizationCodes) {
  // 60003734-1 is the organization code inside 91110000600037341L.
  EXPECT_EQ(OrganizationCodeCheckCharacter("60003734"), '1');
  // Letters count 10 to 35; a remainder of 1 gives 'X', of 0 gives '0'.
  EXPECT_EQ(OrganizationCodeCheckCharacter("D2143569"), 'X');
  EXPECT_EQ(OrganizationCodeCheckCharacter("60003705"), '0');
  EXPECT_EQ(OrganizationCodeCheckCharacter("6000373"), '\0');
  EXPECT_EQ(OrganizationCodeCheckCharacter("6000373a"), '\0');
}

}  // namespace
}  // namespace fangxin::demo
