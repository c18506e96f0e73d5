// watch_bench: event delivery latency with many concurrent watchers at a sustained write rate.
//
// Starts a real fangxind (in process, 127.0.0.1, RocksDB in a temp dir, group commit) and opens
// N WatchEvents streams (callback reactors spread over several channels, so the client needs
// no thread per stream). A pacer commits store creates straight to the registry at a fixed
// rate; each watcher notes, for every event it receives, now - the event's commit_time (one
// clock, one process). Reported: p50/p99/max of that delivery latency, events delivered and
// watchers cut off as too slow. Client and server share this machine's cores.
//
//   watch_bench [--quick] [--watchers=N] [--rate=COMMITS_PER_SECOND] [--seconds=S]

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/common/uscc.h"
#include "services/server/server.h"
#include "storage/registry.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::bench {
namespace {

constexpr int kChannels = 16;

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// One stream, driven by gRPC's callback threads; its results are read after OnDone.
class BenchWatcher final : public grpc::ClientReadReactor<v1::WatchEventsResponse> {
 public:
  BenchWatcher(v1::EventService::Stub* stub, const std::string& token, int64_t target,
               std::atomic<int>* caught_up)
      : target_(target), caught_up_(caught_up) {
    ctx_.AddMetadata("authorization", "Bearer " + token);
    request_.set_progress_interval_ms(1000);
    stub->async()->WatchEvents(&ctx_, &request_, this);
    StartRead(&response_);
    StartCall();
  }

  void SetTarget(int64_t target) { target_ = target; }
  void Cancel() { ctx_.TryCancel(); }
  void Wait() { done_.WaitForNotification(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;
    const absl::Time now = absl::Now();
    for (const v1::Event& e : response_.events()) {
      latencies_us_.push_back(absl::ToInt64Microseconds(now - ToTime(e.commit_time())));
      last_ = std::max(last_, e.revision());
    }
    if (!counted_ && target_.load() > 0 && last_ >= target_.load()) {
      counted_ = true;
      caught_up_->fetch_add(1);
    }
    StartRead(&response_);
  }
  void OnDone(const grpc::Status& status) override {
    status_ = status;
    done_.Notify();
  }

  const std::vector<int64_t>& latencies_us() const { return latencies_us_; }
  const grpc::Status& status() const { return status_; }

 private:
  grpc::ClientContext ctx_;
  v1::WatchEventsRequest request_;
  v1::WatchEventsResponse response_;
  std::atomic<int64_t> target_;
  std::atomic<int>* const caught_up_;
  bool counted_ = false;
  int64_t last_ = 0;
  std::vector<int64_t> latencies_us_;
  grpc::Status status_;
  absl::Notification done_;
};

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[i];
}

int Run(int watchers, int rate, int seconds) {
  testing::TempDir dir;
  Server::Options options;
  options.data_dir = dir.path() + "/data";
  options.listen = "127.0.0.1:0";
  options.allow_plaintext = true;
  const char* source = std::getenv("FANGXIN_SOURCE_DIR");
  options.divisions_csv =
      absl::StrCat(source != nullptr ? source : ".", "/deploy/data/yancheng-divisions.csv");
  Server server(options);
  if (absl::Status s = server.Start(); !s.ok()) {
    std::fprintf(stderr, "watch_bench: %s\n", s.ToString().c_str());
    return 1;
  }
  const std::string endpoint = absl::StrCat("127.0.0.1:", server.port());
  std::vector<std::unique_ptr<v1::EventService::Stub>> stubs;
  for (int c = 0; c < kChannels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("fangxin.bench.channel", c);  // Distinct connections.
    stubs.push_back(v1::EventService::NewStub(
        grpc::CreateCustomChannel(endpoint, grpc::InsecureChannelCredentials(), args)));
  }
  std::atomic<int> caught_up{0};
  std::vector<std::unique_ptr<BenchWatcher>> streams;
  for (int w = 0; w < watchers; ++w) {
    streams.push_back(std::make_unique<BenchWatcher>(
        stubs[w % kChannels].get(), server.bootstrap_admin_token(), 0, &caught_up));
  }
  // Let every stream register before the load starts.
  absl::SleepFor(absl::Milliseconds(500 + watchers));

  storage::Registry* registry = server.registry();
  const std::string first17 = "913209020000009";
  const std::string merchant = "merchants/" + first17 + "99" + *UsccCheckCharacter(first17 + "99");
  const int total = rate * seconds;
  std::atomic<int> failures{0};
  std::atomic<int> pending{total};
  absl::Notification all_committed;
  const absl::Time start = absl::Now();
  for (int i = 0; i < total; ++i) {
    absl::SleepFor(start + absl::Seconds(1) * i / rate - absl::Now());
    auto store = std::make_shared<v1::Store>();
    store->set_name(absl::StrCat(merchant, "/stores/b", i));
    store->set_display_name(absl::StrCat("bench shop ", i));
    store->set_division("divisions/320902");
    store->set_state(v1::STORE_STATE_OPEN);
    storage::ChangeSet change;
    change.writes.push_back({store, storage::Expect::kAbsent, 0});
    change.actor = {"system/watch_bench", v1::ROLE_ADMIN};
    change.method = "/fangxin.v1.MerchantService/CreateStore";
    registry->Commit(std::move(change), [&](absl::StatusOr<storage::CommitResult> r) {
      if (!r.ok()) failures.fetch_add(1);
      if (pending.fetch_sub(1) == 1) all_committed.Notify();
    });
  }
  all_committed.WaitForNotification();
  const double write_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  const int64_t last = registry->CurrentRevision();
  for (auto& s : streams) s->SetTarget(last);
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (caught_up.load() < watchers && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
  for (auto& s : streams) s->Cancel();
  for (auto& s : streams) s->Wait();

  std::vector<int64_t> all;
  int cut_off = 0;
  for (auto& s : streams) {
    all.insert(all.end(), s->latencies_us().begin(), s->latencies_us().end());
    if (s->status().error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) ++cut_off;
  }
  std::sort(all.begin(), all.end());
  const int64_t expected = static_cast<int64_t>(watchers) * total;
  std::printf("watch_bench: %d watchers, %d commits at %d/s (%.1fs), %d failed commits\n",
              watchers, total, rate, write_seconds, failures.load());
  std::printf("  delivered %zu of %lld events; %d of %d watchers caught up; %d cut off as too slow\n",
              all.size(), static_cast<long long>(expected), caught_up.load(), watchers, cut_off);
  std::printf("  delivery latency (commit -> watcher): p50 %.2f ms  p99 %.2f ms  max %.2f ms\n",
              Percentile(all, 0.50) / 1000.0, Percentile(all, 0.99) / 1000.0,
              (all.empty() ? 0 : all.back()) / 1000.0);
  server.Shutdown(absl::Seconds(5));
  const bool ok = failures.load() == 0 && caught_up.load() == watchers &&
                  static_cast<int64_t>(all.size()) == expected;
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace fangxin::bench

int main(int argc, char** argv) {
  int watchers = 1000, rate = 200, seconds = 10;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (arg == "--quick") {
      watchers = 100;
      rate = 100;
      seconds = 2;
    } else if (absl::ConsumePrefix(&arg, "--watchers=")) {
      if (!absl::SimpleAtoi(arg, &watchers)) return 2;
    } else if (absl::ConsumePrefix(&arg, "--rate=")) {
      if (!absl::SimpleAtoi(arg, &rate)) return 2;
    } else if (absl::ConsumePrefix(&arg, "--seconds=")) {
      if (!absl::SimpleAtoi(arg, &seconds)) return 2;
    } else {
      std::fprintf(stderr, "usage: watch_bench [--quick] [--watchers=N] [--rate=R] [--seconds=S]\n");
      return 2;
    }
  }
  return fangxin::bench::Run(watchers, rate, seconds);
}
