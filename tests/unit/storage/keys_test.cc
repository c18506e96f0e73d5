#include "storage/keys.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace fangxin::storage::keys {
namespace {

TEST(KeysTest, LayoutIsAsDocumented) {
  EXPECT_EQ(Resource("stores", "merchants/m1/stores/s1"), "r/stores/merchants/m1/stores/s1");
  EXPECT_EQ(Index("stores", "division", "320902", "merchants/m1/stores/s1"),
            "i/stores/division/320902/merchants/m1/stores/s1");
  EXPECT_EQ(IndexPrefix("stores", "division", "320902"), "i/stores/division/320902/");
  EXPECT_EQ(Unique("merchants", "uscc", "91320902MA1X"), "u/merchants/uscc/91320902MA1X");
  EXPECT_EQ(Event(42, 3), "e/00000000000000000042/000003");
  EXPECT_EQ(EventPrefix(42), "e/00000000000000000042/");
  EXPECT_EQ(Audit(42), "a/00000000000000000042");
  EXPECT_EQ(kRevisionKey, "m/revision");
}

TEST(KeysTest, ResourceBufferIsReplacedNotAppended) {
  std::string key = "leftover";
  ResourceTo("merchants", "merchants/m1", &key);
  EXPECT_EQ(key, "r/merchants/merchants/m1");
}

TEST(KeysTest, RevisionsOrderNumerically) {
  std::vector<std::string> events = {Event(10, 0), Event(9, 1), Event(2, 999999),
                                     Event(10, 1), Event(3, 0), Event(100000000000, 0)};
  std::sort(events.begin(), events.end());
  EXPECT_EQ(events, (std::vector<std::string>{Event(2, 999999), Event(3, 0), Event(9, 1),
                                              Event(10, 0), Event(10, 1), Event(100000000000, 0)}));
  EXPECT_LT(Audit(9), Audit(10));
  EXPECT_LT(Audit(99), Audit(100));
  // A commit's events are one contiguous range.
  EXPECT_LT(Event(7, 999999), PrefixSuccessor(EventPrefix(7)));
  EXPECT_GE(Event(8, 0), PrefixSuccessor(EventPrefix(7)));
}

TEST(KeysTest, ParentAndChildCollectionsDoNotInterleave) {
  const std::string merchants_end = PrefixSuccessor(Resource("merchants", ""));
  const std::string merchant = Resource("merchants", "merchants/m1");
  const std::string store = Resource("stores", "merchants/m1/stores/s1");
  EXPECT_LT(merchant, merchants_end);
  EXPECT_FALSE(store >= Resource("merchants", "") && store < merchants_end);
  // The stores of one merchant are one range, which excludes another merchant's.
  const std::string m1_stores = Resource("stores", "merchants/m1/");
  EXPECT_LT(store, PrefixSuccessor(m1_stores));
  EXPECT_GE(Resource("stores", "merchants/m10/stores/s1"), m1_stores);
  EXPECT_GE(Resource("stores", "merchants/m2/stores/s1"), PrefixSuccessor(m1_stores));
}

TEST(KeysTest, IndexValuesDoNotInterleave) {
  // "3209" must not see entries of "32090", hence the trailing '/' of the prefix.
  const std::string prefix = IndexPrefix("stores", "division", "3209");
  const std::string other = Index("stores", "division", "32090", "merchants/m1/stores/s1");
  EXPECT_FALSE(other >= prefix && other < PrefixSuccessor(prefix));
}

TEST(KeysTest, RequestKeysAreUnambiguous) {
  EXPECT_NE(Request("apiKeys/a", "b"), Request("apiKeys", "a/b"));
  EXPECT_NE(Request("a%2Fb", "c"), Request("a/b", "c"));
  EXPECT_EQ(Request("apiKeys/k1", "r-1"), "q/apiKeys%2Fk1/r-1");
}

TEST(KeysTest, PrefixSuccessor) {
  EXPECT_EQ(PrefixSuccessor("e/"), "e0");
  EXPECT_EQ(PrefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(PrefixSuccessor(std::string("\xff\xff", 2)), "");
  EXPECT_EQ(PrefixSuccessor(""), "");
}

TEST(KeysTest, RevisionValueRoundTrips) {
  int64_t revision = -1;
  EXPECT_TRUE(DecodeRevision(EncodeRevision(1234567), &revision));
  EXPECT_EQ(revision, 1234567);
  EXPECT_FALSE(DecodeRevision("12x", &revision));
  EXPECT_FALSE(DecodeRevision("-3", &revision));
  EXPECT_FALSE(DecodeRevision("", &revision));
}

TEST(KeysTest, ParseInvertsEncode) {
  // Parsed views point into the key, so the keys are kept alive.
  absl::string_view collection, index, value, name;
  const std::string resource_key = Resource("stores", "merchants/m1/stores/s1");
  ASSERT_TRUE(ParseResource(resource_key, &collection, &name));
  EXPECT_EQ(collection, "stores");
  EXPECT_EQ(name, "merchants/m1/stores/s1");

  const std::string index_key = Index("stores", "area", "a1", "merchants/m1/stores/s1");
  ASSERT_TRUE(ParseIndex(index_key, &collection, &index, &value, &name));
  EXPECT_EQ(collection, "stores");
  EXPECT_EQ(index, "area");
  EXPECT_EQ(value, "a1");
  EXPECT_EQ(name, "merchants/m1/stores/s1");

  const std::string empty_value = Index("stores", "area", "", "merchants/m1/stores/s1");
  ASSERT_TRUE(ParseIndex(empty_value, &collection, &index, &value, &name));
  EXPECT_EQ(value, "");
  EXPECT_EQ(name, "merchants/m1/stores/s1");

  const std::string unique_key = Unique("merchants", "uscc", "X1");
  ASSERT_TRUE(ParseUnique(unique_key, &collection, &index, &value));
  EXPECT_EQ(collection, "merchants");
  EXPECT_EQ(index, "uscc");
  EXPECT_EQ(value, "X1");

  int64_t revision = 0;
  int event_index = 0;
  ASSERT_TRUE(ParseEvent(Event(123456789012, 42), &revision, &event_index));
  EXPECT_EQ(revision, 123456789012);
  EXPECT_EQ(event_index, 42);
  ASSERT_TRUE(ParseAudit(Audit(77), &revision));
  EXPECT_EQ(revision, 77);
}

TEST(KeysTest, ParseRejectsMalformedKeys) {
  absl::string_view a, b, c, d;
  int64_t revision = 0;
  int index = 0;
  EXPECT_FALSE(ParseResource("r/stores", &a, &b));
  EXPECT_FALSE(ParseResource("i/stores/x", &a, &b));
  EXPECT_FALSE(ParseIndex("i/stores/division/320902", &a, &b, &c, &d));
  EXPECT_FALSE(ParseIndex("i/stores/division/320902/", &a, &b, &c, &d));
  EXPECT_FALSE(ParseUnique("u/merchants/uscc/a/b", &a, &b, &c));
  EXPECT_FALSE(ParseEvent("e/42/1", &revision, &index));
  EXPECT_FALSE(ParseEvent("e/0000000000000000004x/000001", &revision, &index));
  EXPECT_FALSE(ParseEvent(Audit(42), &revision, &index));
  EXPECT_FALSE(ParseAudit("a/42", &revision));
  EXPECT_FALSE(ParseAudit(Event(42, 0), &revision));
}

}  // namespace
}  // namespace fangxin::storage::keys
