#include "clients/map/http_server.h"

#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/map/map_json.h"
#include "clients/map/store_query.h"
#include "clients/map/web_assets.h"
#include "common/errors.h"
#include "httplib.h"

namespace fangxin::map {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

absl::string_view ContentType(absl::string_view path) {
  if (absl::EndsWith(path, ".html")) return "text/html; charset=utf-8";
  if (absl::EndsWith(path, ".js")) return "text/javascript; charset=utf-8";
  if (absl::EndsWith(path, ".css")) return "text/css; charset=utf-8";
  return "application/octet-stream";
}

// The JSON API changes with every commit: never let a cache answer for it.
void SetJson(httplib::Response& response, const std::string& body) {
  response.set_header("Cache-Control", "no-store");
  response.set_content(body, kJson);
}

// {"error": {"code", "message", "field_violations": [{"field", "description"}]}}
std::string ErrorJson(const absl::Status& status) {
  std::string violations;
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    if (!violations.empty()) violations += ",";
    absl::StrAppend(&violations, R"({"field":)", JsonQuote(v.field), R"(,"description":)",
                    JsonQuote(v.description), "}");
  }
  return absl::StrCat(R"({"error":{"code":)", JsonQuote(absl::StatusCodeToString(status.code())),
                      R"(,"message":)", JsonQuote(status.message()), R"(,"field_violations":[)",
                      violations, "]}}");
}

std::multimap<std::string, std::string> Params(const httplib::Request& request) {
  return {request.params.begin(), request.params.end()};
}

}  // namespace

absl::StatusOr<std::unique_ptr<MapHttpServer>> MapHttpServer::Start(
    Options options, const MapView* view, std::function<FeedStatus()> health) {
  std::pair<std::string, std::string> host_port =
      absl::StrSplit(options.listen, absl::MaxSplits(':', 1));
  int port = 0;
  if (host_port.first.empty() || !absl::SimpleAtoi(host_port.second, &port) || port < 0 ||
      port > 65535) {
    return InvalidFieldError("listen", "must be host:port, e.g. 127.0.0.1:8080");
  }
  std::unique_ptr<MapHttpServer> server(
      new MapHttpServer(std::move(options), view, std::move(health)));
  // httplib refuses paths that climb out of the mount point.
  if (!server->server_->set_mount_point("/leaflet", server->options_.leaflet_dir)) {
    return absl::FailedPreconditionError(
        absl::StrCat("no Leaflet in ", server->options_.leaflet_dir,
                     " (install Debian's libjs-leaflet, or set --leaflet_dir)"));
  }
  server->Route();
  if (port == 0) {
    server->port_ = server->server_->bind_to_any_port(host_port.first);
  } else if (server->server_->bind_to_port(host_port.first, port)) {
    server->port_ = port;
  } else {
    server->port_ = -1;
  }
  if (server->port_ <= 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", server->options_.listen));
  }
  httplib::Server* raw = server->server_.get();
  server->thread_ = std::thread([raw] { raw->listen_after_bind(); });
  return server;
}

MapHttpServer::MapHttpServer(Options options, const MapView* view,
                             std::function<FeedStatus()> health)
    : options_(std::move(options)),
      view_(view),
      health_(std::move(health)),
      server_(std::make_unique<httplib::Server>()) {}

MapHttpServer::~MapHttpServer() { Stop(); }

void MapHttpServer::Stop() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

void MapHttpServer::Route() {
  for (const WebAsset& asset : WebAssets()) {
    const std::string path = asset.path;
    auto serve = [asset](const httplib::Request&, httplib::Response& response) {
      response.set_header("Cache-Control", "no-cache");
      response.set_content(asset.content().data(), asset.content().size(),
                           std::string(ContentType(asset.path)).c_str());
    };
    server_->Get(path, serve);
    if (path == "/index.html") server_->Get("/", serve);
  }

  server_->Get("/api/config", [this](const httplib::Request&, httplib::Response& response) {
    SetJson(response,
            absl::StrCat(R"({"tile_url":)", JsonQuote(options_.tile_url), R"(,"tile_attribution":)",
                         JsonQuote(options_.tile_attribution), "}"));
  });
  server_->Get("/api/stores.geojson",
               [this](const httplib::Request& request, httplib::Response& response) {
                 absl::StatusOr<StoreFilter> filter = ParseStoreQuery(Params(request));
                 if (!filter.ok()) {
                   response.status = 400;
                   SetJson(response, ErrorJson(filter.status()));
                   return;
                 }
                 response.set_header("Cache-Control", "no-store");
                 response.set_content(StoresGeoJson(view_->Stores(*filter)),
                                      "application/geo+json; charset=utf-8");
               });
  server_->Get("/api/coverage", [this](const httplib::Request&, httplib::Response& response) {
    SetJson(response, CoverageJson(view_->Coverage()));
  });
  server_->Get("/api/changes", [this](const httplib::Request&, httplib::Response& response) {
    SetJson(response, ChangesJson(view_->LatestChanges()));
  });
  server_->Get("/healthz", [this](const httplib::Request&, httplib::Response& response) {
    const FeedStatus status = health_();
    response.status = status.listed ? 200 : 503;
    SetJson(response,
            absl::StrCat(R"({"status":)", status.listed ? R"("ok")" : R"("starting")",
                         R"(,"watching":)", status.watching ? "true" : "false", R"(,"revision":)",
                         view_->revision(), R"(,"lists":)", status.lists, R"(,"watches":)",
                         status.watches, R"(,"last_error":)", JsonQuote(status.last_error), "}"));
  });
}

}  // namespace fangxin::map
