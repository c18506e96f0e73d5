#include "storage/resource_meta.h"

#include "fangxin/v1/event.pb.h"
#include "fangxin/v1/resources.pb.h"
#include "gtest/gtest.h"

namespace fangxin::storage {
namespace {

using fangxin::v1::Store;

TEST(ResourceMetaTest, StampSetsEveryBookkeepingField) {
  absl::StatusOr<const ResourceMeta*> meta = ResourceMeta::For(Store::descriptor());
  ASSERT_TRUE(meta.ok()) << meta.status();
  Store store;
  store.set_name("merchants/m1/stores/s1");
  store.set_etag("client-supplied");
  store.set_version(99);

  ResourceMeta::Stamp stamp;
  stamp.revision = 12;
  stamp.create_revision = 7;
  stamp.version = 3;
  stamp.create_time = absl::FromUnixSeconds(1000) + absl::Nanoseconds(5);
  stamp.update_time = absl::FromUnixSeconds(2000) + absl::Milliseconds(250);
  (*meta)->Apply(stamp, &store);

  EXPECT_EQ(store.name(), "merchants/m1/stores/s1");
  EXPECT_EQ(store.etag(), "12");
  EXPECT_EQ(store.mod_revision(), 12);
  EXPECT_EQ(store.create_revision(), 7);
  EXPECT_EQ(store.version(), 3);
  EXPECT_EQ(store.create_time().seconds(), 1000);
  EXPECT_EQ(store.create_time().nanos(), 5);
  EXPECT_EQ(store.update_time().seconds(), 2000);
  EXPECT_EQ(store.update_time().nanos(), 250000000);

  EXPECT_EQ((*meta)->Name(store), "merchants/m1/stores/s1");
  EXPECT_EQ((*meta)->ModRevision(store), 12);
  EXPECT_EQ((*meta)->CreateRevision(store), 7);
  EXPECT_EQ((*meta)->Version(store), 3);
  EXPECT_EQ((*meta)->Etag(store), "12");
  EXPECT_EQ((*meta)->CreateTime(store), stamp.create_time);
  EXPECT_EQ((*meta)->UpdateTime(store), stamp.update_time);
}

TEST(ResourceMetaTest, AccessorsAreCachedPerType) {
  absl::StatusOr<const ResourceMeta*> a = ResourceMeta::For(Store::descriptor());
  absl::StatusOr<const ResourceMeta*> b = ResourceMeta::For(Store::descriptor());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ((*a)->descriptor(), Store::descriptor());
}

TEST(ResourceMetaTest, RefusesMessagesWithoutBookkeepingFields) {
  EXPECT_EQ(ResourceMeta::For(fangxin::v1::Event::descriptor()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ResourceMeta::For(nullptr).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ResourceMetaTest, DeterministicSerializationRoundTrips) {
  Store store;
  store.set_name("merchants/m1/stores/s1");
  store.set_display_name("shop");
  std::string a, b = "stale bytes that must be replaced";
  SerializeDeterministic(store, &a);
  SerializeDeterministic(store, &b);
  EXPECT_EQ(a, b);
  Store parsed;
  ASSERT_TRUE(parsed.ParseFromString(a));
  EXPECT_EQ(parsed.display_name(), "shop");
}

}  // namespace
}  // namespace fangxin::storage
