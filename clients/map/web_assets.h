#ifndef FANGXIN_CLIENTS_MAP_WEB_ASSETS_H_
#define FANGXIN_CLIENTS_MAP_WEB_ASSETS_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace fangxin::map {

// A file of clients/map/web/, compiled into the binary so that fangxin-map is one file to
// install and the page always matches the server that serves it (docs/map.md).
struct WebAsset {
  const char* path;  // URL path, e.g. "/map.js"
  const unsigned char* data;
  size_t size;
  absl::string_view content() const {
    return absl::string_view(reinterpret_cast<const char*>(data), size);
  }
};

// Every embedded file. Defined in web_assets.cc, which the build generates with
// embed_web.cmake.
absl::Span<const WebAsset> WebAssets();

}  // namespace fangxin::map

#endif  // FANGXIN_CLIENTS_MAP_WEB_ASSETS_H_
