#include "storage/schema.h"

#include "fangxin/v1/event.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "gtest/gtest.h"
#include "storage/catalog.h"

namespace fangxin::storage {
namespace {

TEST(SchemaTest, CollectionOfIsTheSecondToLastSegment) {
  EXPECT_EQ(Schema::CollectionOf("merchants/m1"), "merchants");
  EXPECT_EQ(Schema::CollectionOf("merchants/m1/stores/s1"), "stores");
  EXPECT_EQ(Schema::CollectionOf(""), "");
  EXPECT_EQ(Schema::CollectionOf("merchants"), "");
  EXPECT_EQ(Schema::CollectionOf("merchants/m1/stores"), "");
  EXPECT_EQ(Schema::CollectionOf("merchants//stores/s1"), "");
  EXPECT_EQ(Schema::CollectionOf("/merchants/m1"), "");
  EXPECT_EQ(Schema::CollectionOf("merchants/m1/"), "");
  EXPECT_EQ(CollectionIdOf("merchants/m1/stores/s1"), "stores");
}

TEST(SchemaTest, RegisterFindAndForName) {
  Schema schema;
  ASSERT_TRUE(schema.Register({"stores", &fangxin::v1::Store::default_instance(), nullptr}).ok());
  ASSERT_TRUE(
      schema.Register({"merchants", &fangxin::v1::Merchant::default_instance(), nullptr}).ok());
  ASSERT_NE(schema.Find("stores"), nullptr);
  EXPECT_EQ(schema.Find("stores")->prototype, &fangxin::v1::Store::default_instance());
  EXPECT_EQ(schema.Find("pledges"), nullptr);
  EXPECT_EQ(schema.ForName("merchants/m1/stores/s1"), schema.Find("stores"));
  EXPECT_EQ(schema.ForName("merchants/m1"), schema.Find("merchants"));
  EXPECT_EQ(schema.ForName("merchants/m1/pledges/p1"), nullptr);
  EXPECT_EQ(schema.All().size(), 2u);
}

TEST(SchemaTest, RegisteringTwiceIsAlreadyExists) {
  Schema schema;
  ASSERT_TRUE(schema.Register({"stores", &fangxin::v1::Store::default_instance(), nullptr}).ok());
  EXPECT_EQ(schema.Register({"stores", &fangxin::v1::Store::default_instance(), nullptr}).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(SchemaTest, RefusesSpecsTheRegistryCannotStore) {
  Schema schema;
  EXPECT_EQ(schema.Register({"events", &fangxin::v1::Event::default_instance(), nullptr}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(schema.Register({"stores", nullptr, nullptr}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(schema.Register({"", &fangxin::v1::Store::default_instance(), nullptr}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(schema.Register({"a/b", &fangxin::v1::Store::default_instance(), nullptr}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(schema.All().empty());
}

}  // namespace
}  // namespace fangxin::storage
