#include "clients/map/http_server.h"

#include <atomic>
#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/unit/map/map_test_util.h"

namespace fangxin::map {
namespace {

using ::fangxin::map::testing::MakeDivision;
using ::fangxin::map::testing::MakeStore;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// A MapHttpServer on a free 127.0.0.1 port over a view with one store.
class MapHttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Listing listing;
    listing.divisions = {MakeDivision("320902", v1::DIVISION_LEVEL_COUNTY, true)};
    listing.stores = {MakeStore("a", "320902", "", 2)};
    listing.revision = 2;
    view_.Reset(listing);
    MapHttpServer::Options options;
    options.listen = "127.0.0.1:0";
    options.tile_url = "https://tiles.example/{z}/{x}/{y}.png";
    auto server = MapHttpServer::Start(options, &view_, [this] {
      FeedStatus status;
      status.listed = listed_.load();
      return status;
    });
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  MapView view_;
  std::atomic<bool> listed_{false};  // read on the server's threads
  std::unique_ptr<MapHttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(MapHttpServerTest, ServesThePageFromTheBinary) {
  auto page = client_->Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_THAT(page->body, HasSubstr("/leaflet/leaflet.js"));
  auto script = client_->Get("/map.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_THAT(script->get_header_value("Content-Type"), StartsWith("text/javascript"));
}

TEST_F(MapHttpServerTest, ServesLeafletFromItsDirectoryOnly) {
  auto leaflet = client_->Get("/leaflet/leaflet.js");
  ASSERT_TRUE(leaflet);
  EXPECT_EQ(leaflet->status, 200);
  auto escape = client_->Get("/leaflet/../../../etc/passwd");
  ASSERT_TRUE(escape);
  EXPECT_EQ(escape->status, 404);
}

TEST_F(MapHttpServerTest, StoresAndCoverageComeFromTheView) {
  auto stores = client_->Get("/api/stores.geojson?division=320902");
  ASSERT_TRUE(stores);
  EXPECT_EQ(stores->status, 200);
  EXPECT_EQ(stores->get_header_value("Cache-Control"), "no-store");
  EXPECT_THAT(stores->body, HasSubstr(R"("id":"merchants/91320902MA1XXXXXX0/stores/a")"));
  auto none = client_->Get("/api/stores.geojson?division=320921");
  ASSERT_TRUE(none);
  EXPECT_THAT(none->body, HasSubstr(R"("features":[])"));
  auto coverage = client_->Get("/api/coverage");
  ASSERT_TRUE(coverage);
  EXPECT_THAT(coverage->body, HasSubstr(R"("main_urban":{"open_stores":1,"pledged_stores":0,)"));
  auto config = client_->Get("/api/config");
  ASSERT_TRUE(config);
  EXPECT_THAT(config->body, HasSubstr(R"("tile_url":"https://tiles.example/{z}/{x}/{y}.png")"));
}

TEST_F(MapHttpServerTest, BadQueryIs400ListingEveryField) {
  auto response = client_->Get("/api/stores.geojson?division=x&pledge_state=gone");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_THAT(response->body, HasSubstr(R"("code":"INVALID_ARGUMENT")"));
  EXPECT_THAT(response->body, HasSubstr(R"("field":"division")"));
  EXPECT_THAT(response->body, HasSubstr(R"("field":"pledge_state")"));
}

TEST_F(MapHttpServerTest, HealthIs503UntilListed) {
  auto starting = client_->Get("/healthz");
  ASSERT_TRUE(starting);
  EXPECT_EQ(starting->status, 503);
  listed_ = true;
  auto ok = client_->Get("/healthz");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_THAT(ok->body, HasSubstr(R"("status":"ok")"));
  EXPECT_THAT(ok->body, HasSubstr(R"("revision":2)"));
}

TEST(MapHttpServerStartTest, MissingLeafletIsFailedPrecondition) {
  MapView view;
  MapHttpServer::Options options;
  options.listen = "127.0.0.1:0";
  options.leaflet_dir = "/nonexistent/leaflet";
  auto server = MapHttpServer::Start(options, &view, [] { return FeedStatus(); });
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(MapHttpServerStartTest, MalformedListenAddressIsInvalidArgument) {
  MapView view;
  for (const char* listen : {"8080", ":8080", "127.0.0.1:http", "127.0.0.1:70000"}) {
    MapHttpServer::Options options;
    options.listen = listen;
    auto server = MapHttpServer::Start(options, &view, [] { return FeedStatus(); });
    EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument) << listen;
  }
}

}  // namespace
}  // namespace fangxin::map
