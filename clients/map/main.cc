// fangxin-map: the cloud map's consumer. Follows fangxind's event feed into an in-memory view
// and serves the map page and its JSON on an HTTP port until SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "clients/map/feed_follower.h"
#include "clients/map/grpc_feed_source.h"
#include "clients/map/http_server.h"
#include "clients/map/map_view.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

ABSL_FLAG(std::string, server, "127.0.0.1:7443", "fangxind's gRPC address (host:port).");
ABSL_FLAG(std::string, token, "",
          "API key with read access (default: $FANGXIN_TOKEN). Prefer --token_file.");
ABSL_FLAG(std::string, token_file, "", "File holding the API key.");
ABSL_FLAG(std::string, tls_root_certs, "",
          "PEM roots that sign fangxind's certificate; enables TLS. Default: plaintext, which "
          "fangxind accepts on loopback only.");
ABSL_FLAG(std::string, listen, "127.0.0.1:8080",
          "HTTP address of the map (host:port; port 0 picks a free one).");
ABSL_FLAG(std::string, tile_url, "",
          "Base-map tile URL template, e.g. https://tiles.example/{z}/{x}/{y}.png. Default: no "
          "base map, so the page needs no internet.");
ABSL_FLAG(std::string, tile_attribution, "", "Attribution shown for the tiles.");
ABSL_FLAG(std::string, leaflet_dir, "/usr/share/javascript/leaflet",
          "Where Leaflet's files are (Debian's libjs-leaflet).");

namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::string> Token() {
  const std::string file = absl::GetFlag(FLAGS_token_file);
  if (!file.empty()) {
    absl::StatusOr<std::string> token = ReadFile(file);
    if (!token.ok()) return token.status();
    return std::string(absl::StripAsciiWhitespace(*token));
  }
  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty()) {
    if (const char* env = std::getenv("FANGXIN_TOKEN")) token = env;
  }
  return token;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> Channel() {
  const std::string roots_path = absl::GetFlag(FLAGS_tls_root_certs);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!roots_path.empty()) {
    absl::StatusOr<std::string> roots = ReadFile(roots_path);
    if (!roots.ok()) return roots.status();
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = *roots;
    credentials = grpc::SslCredentials(ssl);
  }
  return grpc::CreateChannel(absl::GetFlag(FLAGS_server), credentials);
}

int Fail(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "fangxin-map: %s: %s\n", what, status.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "fangxin-map: follows fangxind's event feed and serves the cloud map over HTTP");
  absl::ParseCommandLine(argc, argv);

  // Signals are taken by this thread only (sigwait); block them before other threads start.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::string> token = Token();
  if (!token.ok()) return Fail("--token_file", token.status());
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel = Channel();
  if (!channel.ok()) return Fail("--tls_root_certs", channel.status());

  fangxin::map::GrpcFeedSource::Options source_options;
  source_options.channel = *channel;
  source_options.token = *token;
  auto source = fangxin::map::GrpcFeedSource::Create(std::move(source_options));
  if (!source.ok()) return Fail("cannot reach fangxind", source.status());

  fangxin::map::MapView view;
  fangxin::map::FeedFollower follower(source->get(), &view);

  fangxin::map::MapHttpServer::Options http_options;
  http_options.listen = absl::GetFlag(FLAGS_listen);
  http_options.tile_url = absl::GetFlag(FLAGS_tile_url);
  http_options.tile_attribution = absl::GetFlag(FLAGS_tile_attribution);
  http_options.leaflet_dir = absl::GetFlag(FLAGS_leaflet_dir);
  const std::string host = http_options.listen.substr(0, http_options.listen.rfind(':'));
  auto http = fangxin::map::MapHttpServer::Start(std::move(http_options), &view,
                                                 [&follower] { return follower.status(); });
  if (!http.ok()) return Fail("--listen", http.status());
  follower.Start();

  // Scripts (the quickstart, the browser test) read this line to find the map.
  std::printf("fangxin-map: serving http://%s:%d/ (following %s)\n", host.c_str(), (*http)->port(),
              absl::GetFlag(FLAGS_server).c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  std::fprintf(stderr, "fangxin-map: %s received, stopping\n",
               received == SIGINT ? "SIGINT" : "SIGTERM");
  (*http)->Stop();
  follower.Stop();
  return 0;
}
