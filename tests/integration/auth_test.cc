// Authentication and authorization through the real server: keys, roles and scopes.

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

class AuthTest : public ServerTest {};

TEST_F(AuthTest, CallsWithoutAValidKeyAreUnauthenticated) {
  EXPECT_EQ(ClientWithToken("").GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ClientWithToken("not-a-token").GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnauthenticated);
  // Right shape, wrong secret.
  std::string forged = admin_token_;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(ClientWithToken(forged).GetDivision("divisions/320902").status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST_F(AuthTest, ThePublicReadsButCannotWriteAndNeverSeesContacts) {
  auto merchant = admin_->CreateMerchant(NewMerchant(1));
  ASSERT_TRUE(merchant.ok());
  ASSERT_TRUE(merchant->has_contact());
  sdk::Client public_client = ClientFor(v1::ROLE_PUBLIC);
  auto read = public_client.GetMerchant(merchant->name());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_FALSE(read->has_contact());
  auto refused = public_client.CreateMerchant(NewMerchant(2));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "ROLE_NOT_ALLOWED");
}

TEST_F(AuthTest, AMerchantKeyManagesOnlyItsOwnStores) {
  auto mine = admin_->CreateMerchant(NewMerchant(3));
  auto theirs = admin_->CreateMerchant(NewMerchant(4));
  ASSERT_TRUE(mine.ok() && theirs.ok());
  sdk::Client merchant = ClientFor(v1::ROLE_MERCHANT, {mine->name()});
  EXPECT_TRUE(merchant.CreateStore(mine->name(), NewStore("我的店")).ok());
  auto refused = merchant.CreateStore(theirs->name(), NewStore("别人的店"));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReasonOf(refused.status()), "OUT_OF_SCOPE");
  // It sees its own contact data.
  auto own = merchant.GetMerchant(mine->name());
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->has_contact());
}

TEST_F(AuthTest, AnAreaManagerWritesStoresInItsAreaOnly) {
  v1::Area area;
  area.set_display_name("建军路步行街");
  area.set_kind(v1::AREA_KIND_STREET_DISTRICT);
  area.set_division("divisions/320902");
  area.mutable_center()->set_latitude(33.38);
  area.mutable_center()->set_longitude(120.15);
  ASSERT_TRUE(admin_->CreateArea(area, "jianjun").ok());
  auto merchant = admin_->CreateMerchant(NewMerchant(5));
  ASSERT_TRUE(merchant.ok());
  sdk::Client manager = ClientFor(v1::ROLE_AREA_MANAGER, {"areas/jianjun"});
  v1::Store inside = NewStore("街区店");
  inside.set_area("areas/jianjun");
  EXPECT_TRUE(manager.CreateStore(merchant->name(), inside).ok());
  auto outside = manager.CreateStore(merchant->name(), NewStore("街区外"));
  EXPECT_EQ(outside.status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthTest, ADistrictRegulatorIsLimitedToItsDistrict) {
  sdk::Client tinghu = ClientFor(v1::ROLE_REGULATOR, {"divisions/320902"});
  EXPECT_TRUE(tinghu.CreateMerchant(NewMerchant(6)).ok());
  v1::Merchant yandu = NewMerchant(7);
  yandu.set_uscc(Uscc(7, "320903"));
  yandu.set_division("divisions/320903");
  EXPECT_EQ(tinghu.CreateMerchant(yandu).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(AuthTest, OnlyAdminsManageKeysAndRevocationTakesEffectAtOnce) {
  v1::ApiKey key;
  key.set_display_name("12315 platform");
  key.set_role(v1::ROLE_CITY_SYSTEM);
  auto created = admin_->CreateKey(key);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->key().secret_sha256().empty());  // Never shown.
  sdk::Client system = ClientWithToken(created->token());
  EXPECT_TRUE(system.GetDivision("divisions/320900").ok());
  EXPECT_EQ(system.CreateKey(key).status().code(), absl::StatusCode::kPermissionDenied);

  auto revoked = admin_->RevokeKey(created->key().name(), created->key().etag(), "rotated");
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->state(), v1::API_KEY_STATE_REVOKED);
  EXPECT_EQ(system.GetDivision("divisions/320900").status().code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace fangxin::testing
