// GetCoverage after a random load of stores and pledges equals a recount made in the test from
// the raw records (ListStores, ListPledges): the counters kept by the commit path stay right
// whatever order stores open, move and close and pledges activate, suspend and end in.

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clients/sdk/pledge_client.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace fangxin::testing {
namespace {

google::protobuf::Timestamp Ts(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

struct Counts {
  int64_t open = 0;
  int64_t pledged = 0;
  bool operator==(const Counts& o) const { return open == o.open && pledged == o.pledged; }
};

class CoverageTest : public ServerTest {
 protected:
  sdk::PledgeClient Pledges() {
    sdk::ClientOptions options;
    options.endpoint = absl::StrCat("127.0.0.1:", server_->port());
    options.token = admin_token_;
    return sdk::PledgeClient(*sdk::MakePledgeConnection(options));
  }

  v1::Coverage GetCoverage(const std::string& name) {
    auto stub = v1::EventService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", server_->port()), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + admin_token_);
    v1::GetCoverageRequest request;
    request.set_name(name);
    v1::Coverage coverage;
    grpc::Status status = stub->GetCoverage(&ctx, request, &coverage);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return coverage;
  }
};

TEST_F(CoverageTest, AgreesWithARecountFromTheRecordsAfterARandomLoad) {
  sdk::PledgeClient pledges = Pledges();
  std::mt19937 random(20220315);
  const std::vector<std::string> townships = {"divisions/320902001", "divisions/320902002",
                                              "divisions/320902100"};
  v1::Area mall;
  mall.set_display_name("测试广场");
  mall.set_kind(v1::AREA_KIND_SHOPPING_MALL);
  mall.set_division("divisions/320902");
  mall.mutable_center()->set_latitude(33.38);
  mall.mutable_center()->set_longitude(120.14);
  ASSERT_TRUE(admin_->CreateArea(mall, "mall").ok());
  for (int m = 1; m <= 3; ++m) ASSERT_TRUE(admin_->CreateMerchant(NewMerchant(m)).ok());

  std::vector<v1::Store> stores;                 // Latest known version of each store.
  std::map<std::string, v1::Pledge> live;        // Store name -> its live pledge, if any.
  for (int op = 0; op < 150; ++op) {
    const int kind = static_cast<int>(random() % 6);
    if (kind == 0 || stores.size() < 5) {  // Open a store somewhere.
      v1::Store s = NewStore(absl::StrCat("店", op));
      s.set_township(townships[random() % townships.size()]);
      if (random() % 3 == 0) s.set_area("areas/mall");
      auto created = admin_->CreateStore(absl::StrCat("merchants/", Uscc(1 + random() % 3)), s);
      ASSERT_TRUE(created.ok()) << created.status();
      stores.push_back(*created);
      continue;
    }
    v1::Store& store = stores[random() % stores.size()];
    if (store.state() != v1::STORE_STATE_OPEN) continue;
    auto pledge = live.find(store.name());
    if (kind == 1) {  // Close it (its pledges end with it).
      auto closed = admin_->CloseStore(store.name(), store.etag(), "random close");
      ASSERT_TRUE(closed.ok()) << closed.status();
      store = *closed;
      live.erase(store.name());
    } else if (kind == 2) {  // Move it to another township, in or out of the mall.
      v1::Store moved = store;
      moved.set_township(townships[random() % townships.size()]);
      moved.set_area(random() % 2 ? "areas/mall" : "");
      google::protobuf::FieldMask mask;
      mask.add_paths("township");
      mask.add_paths("area");
      auto updated = admin_->UpdateStore(moved, mask);
      ASSERT_TRUE(updated.ok()) << updated.status();
      store = *updated;
      if (pledge != live.end()) pledge->second = *pledges.GetPledge(pledge->second.name());
    } else if (kind == 3 && pledge == live.end()) {  // Pledge and activate.
      v1::Pledge p;
      p.set_store(store.name());
      p.set_kind(v1::PLEDGE_KIND_NO_REASON_RETURN);
      p.mutable_no_reason_return()->set_window_days(7);
      p.mutable_no_reason_return()->set_refund_method(v1::REFUND_METHOD_ORIGINAL_PAYMENT);
      *p.mutable_valid_from() = Ts(absl::Now() - absl::Hours(1));
      *p.mutable_valid_until() = Ts(absl::Now() + absl::Hours(24 * 365));
      auto created = pledges.CreatePledge(p);
      ASSERT_TRUE(created.ok()) << created.status();
      auto active = pledges.ActivatePledge(created->name(), created->etag());
      ASSERT_TRUE(active.ok()) << active.status();
      live[store.name()] = *active;
    } else if (kind == 4 && pledge != live.end()) {  // Suspend or reinstate.
      const v1::Pledge& p = pledge->second;
      auto next = p.state() == v1::PLEDGE_STATE_ACTIVE
                      ? pledges.SuspendPledge(p.name(), p.etag(), "random check")
                      : pledges.ReinstatePledge(p.name(), p.etag(), "rectified");
      ASSERT_TRUE(next.ok()) << next.status();
      pledge->second = *next;
    } else if (kind == 5 && pledge != live.end()) {  // Revoke.
      auto revoked = pledges.RevokePledge(pledge->second.name(), pledge->second.etag(), "fraud");
      ASSERT_TRUE(revoked.ok()) << revoked.status();
      live.erase(pledge);
    }
  }

  // The recount, from the raw records only.
  std::set<std::string> pledged_stores;
  for (auto& p : pledges.ListPledges()) {
    ASSERT_TRUE(p.ok()) << p.status();
    if (p->state() == v1::PLEDGE_STATE_ACTIVE && p->kind() == v1::PLEDGE_KIND_NO_REASON_RETURN) {
      pledged_stores.insert(p->store());
    }
  }
  std::map<std::string, Counts> expected;
  int64_t main_urban_open = 0, main_urban_pledged = 0;
  for (auto& s : admin_->ListStores()) {
    ASSERT_TRUE(s.ok()) << s.status();
    if (s->state() != v1::STORE_STATE_OPEN) continue;
    const bool pledged = pledged_stores.count(s->name()) > 0;
    for (const std::string& scope : {std::string("divisions/320900"), s->division(),
                                     s->township(), s->area()}) {
      if (scope.empty()) continue;
      ++expected[scope].open;
      expected[scope].pledged += pledged;
    }
    if (s->township() != "divisions/320902100") {  // 南洋镇 is the one rural town used.
      ++main_urban_open;
      main_urban_pledged += pledged;
    }
  }
  ASSERT_GT(expected["divisions/320900"].pledged, 0) << "the load made no pledge";
  for (const std::string& scope : {std::string("divisions/320900"), std::string("divisions/320902"),
                                   townships[0], townships[1], townships[2],
                                   std::string("areas/mall")}) {
    v1::Coverage coverage = GetCoverage(scope);
    EXPECT_EQ(coverage.open_stores(), expected[scope].open) << scope;
    EXPECT_EQ(coverage.pledged_stores(), expected[scope].pledged) << scope;
  }
  v1::Coverage city = GetCoverage("divisions/320900");
  EXPECT_EQ(city.main_urban_open_stores(), main_urban_open);
  EXPECT_EQ(city.main_urban_pledged_stores(), main_urban_pledged);
  EXPECT_TRUE(server_->registry()->CheckConsistency().ok());
}

}  // namespace
}  // namespace fangxin::testing
