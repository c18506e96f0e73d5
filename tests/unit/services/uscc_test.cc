#include "services/common/uscc.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace fangxin {
namespace {

// Valid codes: the example from the brief, four published codes of large enterprises, and
// codes computed with the algorithm to cover other departments, categories and a check
// character of '0' (weighted sum 0 mod 31, where 31 - 0 wraps to 0).
const std::vector<std::string>& ValidCodes() {
  static const auto* codes = new std::vector<std::string>{
      "91110000600037341L",  // Brief's example.
      "914403001922038216",  // Published codes (check character verified independently).
      "9144030071526726XG", "91110302562134916R", "91330100799655058B",
      "91320902MA1MXXXX0F",  // Computed: enterprise in 亭湖区.
      "92320903MA1N2Q3R4W",  // Computed: individual business in 盐都区.
      "93320981MA20ABCDEU",  // Computed: farmers' cooperative in 东台市.
      "12320900466012345D",  // Computed: public institution (机构编制).
      "Y1320900MA0000001Y",  // Computed: department Y.
      "513209025098765430",  // Computed: social organization; check character '0'.
  };
  return *codes;
}

TEST(UsccTest, KnownValidCodesPass) {
  for (const std::string& code : ValidCodes()) {
    EXPECT_EQ(UsccProblem(code), "") << code;
    EXPECT_TRUE(IsValidUscc(code)) << code;
    EXPECT_EQ(UsccCheckCharacter(code.substr(0, 17)), code[17]) << code;
  }
}

TEST(UsccTest, CheckCharacterNeedsSeventeenCharactersOfTheSet) {
  EXPECT_EQ(UsccCheckCharacter("91110000600037341"), 'L');
  EXPECT_EQ(UsccCheckCharacter(""), std::nullopt);
  EXPECT_EQ(UsccCheckCharacter("9111000060003734"), std::nullopt);    // 16
  EXPECT_EQ(UsccCheckCharacter("91110000600037341L"), std::nullopt);  // 18
  EXPECT_EQ(UsccCheckCharacter("9111000060003734I"), std::nullopt);   // I is excluded
  EXPECT_EQ(UsccCheckCharacter("91320902ma1mxxxx0"), std::nullopt);   // lower case
}

struct BadCode {
  std::string code;
  std::string problem;
};

TEST(UsccTest, InvalidCodesNameTheRule) {
  const std::vector<BadCode> cases = {
      {"", "is required"},
      {"91110000600037341", "must be 18 characters"},
      {"91110000600037341LL", "must be 18 characters"},
      {"9111I000600037341L", "character 5 ('I') is not in the GB 32100 character set"},
      {"91110000600037341l",
       "character 18 ('l') is not in the GB 32100 character set; use upper case"},
      {std::string("9111000060003734\0L", 18),
       "character 17 (byte 0x00) is not in the GB 32100 character set"},
      {"91110000600037341X", "check character is 'X' but should be 'L'"},
      {"01110000600037341L",
       "character 1 ('0') is not a registration department code (one of 1-9, A, N, Y)"},
      {"B1110000600037341L",
       "character 1 ('B') is not a registration department code (one of 1-9, A, N, Y)"},
      {"9A110000600037341L", "character 2 ('A') must be a digit (the organization category)"},
      {"94110000600037341L",
       "character 2 ('4') must be 1, 2 or 3 for department 9 (enterprise, individual business, "
       "farmers' cooperative)"},
      {"9111A000600037341L",
       "character 5 ('A') must be a digit: characters 3-8 are an administrative division code"},
  };
  for (const BadCode& c : cases) {
    EXPECT_EQ(UsccProblem(c.code), c.problem) << c.code;
    EXPECT_FALSE(IsValidUscc(c.code)) << c.code;
  }
}

// Every single-character substitution of every valid code is refused: with each other character
// of the set (the check character catches these, since 31 is prime and no weight is 0 mod 31),
// and with characters outside it.
TEST(UsccTest, EverySingleSubstitutionFails) {
  const std::string outside = "aIOSVZ#- \x80";
  int tried = 0;
  for (const std::string& valid : ValidCodes()) {
    for (size_t pos = 0; pos < valid.size(); ++pos) {
      std::string replacements = std::string(kUsccCharset) + outside;
      for (char c : replacements) {
        if (c == valid[pos]) continue;
        std::string code = valid;
        code[pos] = c;
        EXPECT_NE(UsccProblem(code), "") << "substituted " << code;
        ++tried;
      }
    }
  }
  EXPECT_EQ(tried, static_cast<int>(ValidCodes().size() * 18 * (31 - 1 + 10)));
}

// The weights 3^(i-1) also catch every swap of two different adjacent characters among the
// first 17: the sum changes by (a - b)(w_i - w_{i+1}) = -2(a - b)w_i, never 0 mod 31.
TEST(UsccTest, EveryAdjacentTranspositionFails) {
  for (const std::string& valid : ValidCodes()) {
    for (size_t pos = 0; pos + 1 < 17; ++pos) {
      if (valid[pos] == valid[pos + 1]) continue;
      std::string code = valid;
      std::swap(code[pos], code[pos + 1]);
      EXPECT_NE(UsccProblem(code), "") << "transposed " << code;
    }
  }
}

TEST(UsccTest, EveryTruncationAndExtensionFails) {
  const std::string valid = "91110000600037341L";
  for (size_t n = 0; n < valid.size(); ++n) {
    EXPECT_NE(UsccProblem(valid.substr(0, n)), "") << n;
  }
  EXPECT_EQ(UsccProblem(valid + "0"), "must be 18 characters");
}

TEST(UsccTest, MerchantKindFollowsDepartmentAndCategory) {
  struct Case {
    std::string code;
    v1::MerchantKind kind;
  };
  const std::vector<Case> cases = {
      {"91110000600037341L", v1::MERCHANT_KIND_ENTERPRISE},
      {"92320903MA1N2Q3R4W", v1::MERCHANT_KIND_INDIVIDUAL_BUSINESS},
      {"93320981MA20ABCDEU", v1::MERCHANT_KIND_ENTERPRISE},
      {"12320900466012345D", v1::MERCHANT_KIND_ENTERPRISE},
      {"513209025098765430", v1::MERCHANT_KIND_ENTERPRISE},  // Category 2 of department 5.
  };
  for (const Case& c : cases) EXPECT_EQ(UsccMerchantKind(c.code), c.kind) << c.code;
}

}  // namespace
}  // namespace fangxin
