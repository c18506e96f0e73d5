#ifndef FANGXIN_CLIENTS_MAP_HTTP_SERVER_H_
#define FANGXIN_CLIENTS_MAP_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "clients/map/feed_follower.h"
#include "clients/map/map_view.h"

namespace httplib {
class Server;
}

namespace fangxin::map {

// The map's HTTP side: the page, its scripts, Leaflet, and a read-only JSON API over the view.
//
//   GET /                      the page (index.html, map.js, map.css are embedded)
//   GET /leaflet/...           Leaflet from Debian's libjs-leaflet (no internet needed)
//   GET /api/config            {"tile_url", "tile_attribution"} for the page
//   GET /api/stores.geojson    ?division=&area=&pledge_state=&since= (store_query.h)
//   GET /api/coverage          map_json.h's CoverageJson
//   GET /api/changes           the latest changes; the page polls it for live updates
//   GET /healthz               200 once the view has been listed, 503 before; JSON body
//
// Thread-safety: Start and Stop from one thread; requests are served on httplib's pool, reading
// the view (which locks) and the health callback (which must be thread-safe).
class MapHttpServer {
 public:
  struct Options {
    // host:port to listen on; port 0 picks a free one (see port()). Default 127.0.0.1:8080.
    std::string listen = "127.0.0.1:8080";
    // Leaflet's files. Default: where libjs-leaflet installs them.
    std::string leaflet_dir = "/usr/share/javascript/leaflet";
    // A tile URL template (`https://tiles.example/{z}/{x}/{y}.png`) for a base map. Default
    // empty: no base map, so the page needs nothing but this server.
    std::string tile_url;
    // Attribution shown for the tiles.
    std::string tile_attribution;
  };

  // Binds and starts serving on a thread of its own. `view` must outlive the server; `health`
  // is called for /healthz. INVALID_ARGUMENT for a malformed address, FAILED_PRECONDITION
  // when leaflet_dir does not exist, UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<MapHttpServer>> Start(Options options, const MapView* view,
                                                              std::function<FeedStatus()> health);

  ~MapHttpServer();  // calls Stop()

  // The bound port.
  int port() const { return port_; }
  // Stops accepting, finishes the requests in flight and joins the thread. Idempotent.
  void Stop();

 private:
  MapHttpServer(Options options, const MapView* view, std::function<FeedStatus()> health);
  void Route();

  // Fixed after construction.
  const Options options_;
  const MapView* const view_;
  const std::function<FeedStatus()> health_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_HTTP_SERVER_H_
