#include "clients/cli/args.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fangxin::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::vector<FlagSpec> kFlags = {
    {"name", "", true},
    {"lat", ""},
    {"scope", "", false, true},
    {"verbose", "", false, false, true},
};

TEST(ParseFlagsTest, EqualsAndSpaceFormsGiveTheSameValue) {
  auto a = ParseFlags({"--name=亭湖店", "--lat", "33.38"}, kFlags);
  auto b = ParseFlags({"--name", "亭湖店", "--lat=33.38"}, kFlags);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->Get("name"), "亭湖店");
  EXPECT_EQ(b->Get("name"), "亭湖店");
  EXPECT_EQ(a->Get("lat"), "33.38");
  EXPECT_EQ(b->Get("lat"), "33.38");
}

TEST(ParseFlagsTest, ValuesMayBeEmptyOrLookNegative) {
  auto args = ParseFlags({"--name=", "--lat", "-12.5"}, kFlags);
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_TRUE(args->Has("name"));
  EXPECT_EQ(args->Get("name"), "");
  EXPECT_EQ(args->Get("lat"), "-12.5");
}

TEST(ParseFlagsTest, UnknownFlagIsAnErrorNamingIt) {
  auto args = ParseFlags({"--name=x", "--nmae=y"}, kFlags);
  EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(args.status().message(), HasSubstr("unknown flag --nmae"));
}

TEST(ParseFlagsTest, RepeatableFlagCollectsEveryValue) {
  auto args = ParseFlags({"--scope", "divisions/320902", "--scope=areas/a1"}, kFlags);
  ASSERT_TRUE(args.ok());
  EXPECT_THAT(args->GetAll("scope"), ElementsAre("divisions/320902", "areas/a1"));
}

TEST(ParseFlagsTest, NonRepeatableFlagTwiceIsAnError) {
  auto args = ParseFlags({"--name=a", "--name=b"}, kFlags);
  EXPECT_THAT(args.status().message(), HasSubstr("--name given more than once"));
}

TEST(ParseFlagsTest, MissingValueIsAnError) {
  EXPECT_THAT(ParseFlags({"--name"}, kFlags).status().message(),
              HasSubstr("--name needs a value"));
  EXPECT_THAT(ParseFlags({"--name", "--lat=1"}, kFlags).status().message(),
              HasSubstr("--name needs a value"));
}

TEST(ParseFlagsTest, BooleanFlags) {
  auto on = ParseFlags({"--verbose"}, kFlags);
  ASSERT_TRUE(on.ok());
  EXPECT_TRUE(on->GetBool("verbose"));
  auto off = ParseFlags({"--verbose=false"}, kFlags);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->GetBool("verbose"));
  EXPECT_FALSE(ParseFlags({"--verbose=maybe"}, kFlags).ok());
  // A boolean flag does not swallow the next token.
  auto positional = ParseFlags({"--verbose", "FILE.csv"}, kFlags);
  ASSERT_TRUE(positional.ok());
  EXPECT_THAT(positional->positional(), ElementsAre("FILE.csv"));
}

TEST(ParseFlagsTest, PositionalsAndDoubleDash) {
  auto args = ParseFlags({"stores.csv", "--lat=1", "--", "--name"}, kFlags);
  ASSERT_TRUE(args.ok());
  EXPECT_THAT(args->positional(), ElementsAre("stores.csv", "--name"));
  EXPECT_FALSE(args->Has("name"));
}

TEST(CheckRequiredTest, NamesTheMissingFlagAndChecksPositionals) {
  CommandSpec spec{"store", "close", "", "NAME", {{"etag", "", true}, {"reason", "", true}}};
  auto args = ParseFlags({"merchants/M/stores/s", "--etag=3"}, spec.flags);
  ASSERT_TRUE(args.ok());
  absl::Status s = CheckRequired(*args, spec);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("missing required flag --reason"));

  args = ParseFlags({"--etag=3", "--reason=x"}, spec.flags);
  EXPECT_THAT(CheckRequired(*args, spec).message(), HasSubstr("missing argument NAME"));
  args = ParseFlags({"a", "b", "--etag=3", "--reason=x"}, spec.flags);
  EXPECT_THAT(CheckRequired(*args, spec).message(), HasSubstr("unexpected argument 'b'"));
  args = ParseFlags({"a", "--etag=3", "--reason=x"}, spec.flags);
  EXPECT_TRUE(CheckRequired(*args, spec).ok());
}

TEST(CommandHelpTest, ListsEveryFlag) {
  CommandSpec spec{"key", "create", "Create a key.", "", {{"role", "the role", true},
                                                          {"scope", "a scope", false, true}}};
  std::string help = CommandHelp(spec, {{"server", "address"}});
  EXPECT_THAT(help, HasSubstr("usage: fangxinctl key create --role=VALUE [flags]"));
  EXPECT_THAT(help, HasSubstr("--role=VALUE   the role (required)"));
  EXPECT_THAT(help, HasSubstr("a scope (repeatable)"));
  EXPECT_THAT(help, HasSubstr("--server=VALUE"));
}

}  // namespace
}  // namespace fangxin::cli
