// fangxin-bench --watch: the event feed's fan-out against etcd's Watch, same client code.
//
// Per target and rate: open N watch streams (callback reactors over kWatchConnections
// connections), wait until the server has registered every one, then write at a fixed rate
// for a set time, each write's key carrying its sequence number. Every watcher checks that it
// receives each write exactly once and records send-to-receipt latency. The server's CPU is
// read from /proc for the writing and draining window.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "tests/bench/fangxin_bench/scale_mode.h"
#include "tests/bench/fangxin_bench/targets.h"
#include "tests/bench/fangxin_bench/watch_fanout.h"

namespace fangxin::bench {
namespace {

// Sequence numbers of one run start at run * kSeqStride, so keys never repeat across runs.
constexpr int64_t kSeqStride = 10'000'000;

// What the runner shares with every watcher of one run.
struct RunState {
  int64_t base = 0;   // First sequence number of the run.
  int64_t total = 0;  // Writes in the run.
  std::unique_ptr<std::atomic<int64_t>[]> send_ns;  // When write i was sent.
  std::atomic<int> registered{0};
  std::atomic<int> complete{0};          // Watchers that received every write.
  std::atomic<int> ended_by_server{0};
};

class Recorder final : public WatchSink {
 public:
  explicit Recorder(RunState* run) : run_(run), seen_(run->total, false) {
    latencies_us_.reserve(run->total);
  }

  void OnRegistered() override { run_->registered.fetch_add(1); }

  void OnMessage() override { ++messages_; }

  void OnEvent(int64_t seq) override {
    const int64_t now = absl::GetCurrentTimeNanos();
    const int64_t i = seq - run_->base;
    if (i < 0 || i >= run_->total) {
      ++foreign_;
      return;
    }
    if (seen_[i]) {
      ++duplicates_;
      return;
    }
    seen_[i] = true;
    latencies_us_.push_back((now - run_->send_ns[i].load(std::memory_order_acquire)) / 1000);
    if (static_cast<int64_t>(latencies_us_.size()) == run_->total) run_->complete.fetch_add(1);
  }

  void OnEnd(bool cancelled) override {
    if (!cancelled) run_->ended_by_server.fetch_add(1);
  }

  // Read after the stream ended.
  const std::vector<int64_t>& latencies_us() const { return latencies_us_; }
  int64_t duplicates() const { return duplicates_; }
  int64_t foreign() const { return foreign_; }
  int64_t messages() const { return messages_; }

 private:
  RunState* const run_;
  std::vector<bool> seen_;
  std::vector<int64_t> latencies_us_;
  int64_t duplicates_ = 0;
  int64_t foreign_ = 0;  // Events of keys this run did not write: must stay 0.
  int64_t messages_ = 0;  // With events; progress notifications are not counted.
};

struct FanoutResult {
  std::string target;
  int watchers = 0;
  int rate = 0;
  int64_t writes = 0;
  int64_t failed_writes = 0;
  double write_seconds = 0;
  int64_t delivered = 0;
  int64_t expected = 0;
  int64_t duplicates = 0;
  int64_t foreign = 0;
  int64_t messages = 0;  // Messages that carried events, over all watchers.
  int ended_by_server = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  double server_cpu_seconds = 0;  // Writing and draining.
  bool complete() const {
    return failed_writes == 0 && delivered == expected && duplicates == 0 && foreign == 0;
  }
};

double PercentileMs(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[i] / 1000.0;
}

// Waits until `done()` or `bound` passes; returns done().
template <typename Done>
bool WaitFor(Done done, absl::Duration bound) {
  const absl::Time deadline = absl::Now() + bound;
  while (!done() && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(10));
  return done();
}

absl::StatusOr<FanoutResult> RunOnce(Target& target, int watchers, int rate, double seconds,
                                     int run_index) {
  RunState run;
  run.base = static_cast<int64_t>(run_index) * kSeqStride;
  run.total = static_cast<int64_t>(rate * seconds);
  run.send_ns = std::make_unique<std::atomic<int64_t>[]>(run.total);
  std::vector<std::unique_ptr<Recorder>> recorders;
  std::vector<std::unique_ptr<WatchStream>> streams;
  for (int w = 0; w < watchers; ++w) {
    recorders.push_back(std::make_unique<Recorder>(&run));
    std::unique_ptr<WatchStream> stream =
        target.OpenWatch(w % kWatchConnections, recorders.back().get());
    if (stream == nullptr) return absl::UnimplementedError(target.name() + " has no watch");
    streams.push_back(std::move(stream));
  }
  const auto end_streams = [&] {
    for (auto& s : streams) s->Cancel();
    for (auto& s : streams) s->WaitEnded();
  };
  if (!WaitFor([&] { return run.registered.load() == watchers; }, absl::Seconds(60))) {
    end_streams();
    return absl::DeadlineExceededError(
        absl::StrCat(run.registered.load(), " of ", watchers, " watches registered"));
  }

  FanoutResult result;
  result.target = target.name();
  result.watchers = watchers;
  result.rate = rate;
  result.writes = run.total;
  result.expected = run.total * watchers;
  std::atomic<int64_t> pending{run.total};
  std::atomic<int64_t> failed{0};
  const double cpu_before = target.process().CpuSeconds();
  const absl::Time start = absl::Now();
  for (int64_t i = 0; i < run.total; ++i) {
    absl::SleepFor(start + absl::Seconds(1) * i / rate - absl::Now());
    run.send_ns[i].store(absl::GetCurrentTimeNanos(), std::memory_order_release);
    target.WriteForWatch(run.base + i, [&pending, &failed](bool ok) {
      if (!ok) failed.fetch_add(1);
      pending.fetch_sub(1);
    });
  }
  WaitFor([&] { return pending.load() == 0; }, absl::Seconds(60));
  result.write_seconds = absl::ToDoubleSeconds(absl::Now() - start);
  // Delivery may trail the last acknowledgement; a bounded drain, ended early when complete.
  WaitFor([&] { return run.complete.load() + run.ended_by_server.load() == watchers; },
          absl::Seconds(30));
  result.server_cpu_seconds = target.process().CpuSeconds() - cpu_before;
  end_streams();
  result.failed_writes = failed.load() + pending.load();
  result.ended_by_server = run.ended_by_server.load();

  std::vector<int64_t> all;
  all.reserve(result.expected);
  for (const auto& r : recorders) {
    all.insert(all.end(), r->latencies_us().begin(), r->latencies_us().end());
    result.duplicates += r->duplicates();
    result.foreign += r->foreign();
    result.messages += r->messages();
  }
  std::sort(all.begin(), all.end());
  result.delivered = static_cast<int64_t>(all.size());
  result.p50_ms = PercentileMs(all, 0.50);
  result.p99_ms = PercentileMs(all, 0.99);
  result.max_ms = all.empty() ? 0 : all.back() / 1000.0;
  return result;
}

absl::StatusOr<std::unique_ptr<Target>> StartForWatch(const std::string& name,
                                                      const WatchModeOptions& options) {
  if (name == "etcd") return StartEtcdTarget(options.work_dir, options.payload_bytes);
  if (name == "fangxin") {
    return StartFangxinTarget(options.fangxind, options.divisions_csv, options.work_dir,
                              options.payload_bytes, /*initial_stores=*/0);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown watch target ", name));
}

}  // namespace

int RunWatchMode(const WatchModeOptions& options) {
  const std::string load_at_start = LoadAverage();
  std::vector<FanoutResult> rows;
  int failures = 0;
  for (const std::string& name : options.targets) {
    auto target = StartForWatch(name, options);
    if (!target.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), target.status().ToString().c_str());
      ++failures;
      continue;
    }
    int run_index = 0;
    for (int rate : options.rates) {
      std::vector<FanoutResult> runs;
      for (int r = 0; r < options.runs; ++r) {
        absl::StatusOr<FanoutResult> result =
            RunOnce(**target, options.watchers, rate, options.seconds, ++run_index);
        if (!result.ok()) {
          std::fprintf(stderr, "%s watch at %d/s: %s\n", name.c_str(), rate,
                       result.status().ToString().c_str());
          ++failures;
          continue;
        }
        std::fprintf(stderr, "  %-8s %4d watchers %4d/s: delivered %lld/%lld p99 %.1f ms\n",
                     name.c_str(), options.watchers, rate,
                     static_cast<long long>(result->delivered),
                     static_cast<long long>(result->expected), result->p99_ms);
        if (!result->complete()) ++failures;
        runs.push_back(*result);
      }
      if (runs.empty()) continue;
      std::sort(runs.begin(), runs.end(),
                [](const auto& a, const auto& b) { return a.p99_ms < b.p99_ms; });
      rows.push_back(runs[runs.size() / 2]);
    }
    (*target)->process().Stop();
  }

  const std::string load_at_end = LoadAverage();
  std::printf("\nfangxin-bench --watch: medians (by p99) of %d runs; %d watchers over %d "
              "connections; writes of ≈%d bytes for %.0f s; latency = writer's send to the "
              "watcher's receipt; client and server share this %u-core machine; load average "
              "%s at the start, %s at the end\n",
              options.runs, options.watchers, kWatchConnections, options.payload_bytes,
              options.seconds, std::thread::hardware_concurrency(), load_at_start.c_str(),
              load_at_end.c_str());
  std::printf("%-8s %8s %6s %21s %5s %8s %8s %8s %9s %12s %8s\n", "target", "watchers", "rate",
              "delivered/expected", "dups", "p50 ms", "p99 ms", "max ms", "cpu s", "cpu us/evt",
              "evt/msg");
  for (const FanoutResult& r : rows) {
    const std::string delivered = absl::StrCat(r.delivered, "/", r.expected);
    std::printf("%-8s %8d %6d %21s %5lld %8.2f %8.2f %8.2f %9.2f %12.2f %8.2f\n",
                r.target.c_str(), r.watchers, r.rate, delivered.c_str(),
                static_cast<long long>(r.duplicates), r.p50_ms, r.p99_ms, r.max_ms,
                r.server_cpu_seconds,
                r.delivered > 0 ? 1e6 * r.server_cpu_seconds / r.delivered : 0,
                r.messages > 0 ? static_cast<double>(r.delivered) / r.messages : 0);
  }
  if (!options.json.empty()) {
    std::ofstream out(options.json);
    out << "{\"mode\":\"watch\",\"runs\":" << options.runs << ",\"seconds\":" << options.seconds
        << ",\"watchers\":" << options.watchers << ",\"connections\":" << kWatchConnections
        << ",\"payload_bytes\":" << options.payload_bytes
        << ",\"cores\":" << std::thread::hardware_concurrency() << ",\"load_average_start\":\""
        << load_at_start << "\",\"load_average_end\":\"" << load_at_end << "\",\"rows\":[";
    for (size_t i = 0; i < rows.size(); ++i) {
      const FanoutResult& r = rows[i];
      out << (i ? "," : "") << "{\"target\":\"" << r.target << "\",\"watchers\":" << r.watchers
          << ",\"commits_per_second\":" << r.rate << ",\"writes\":" << r.writes
          << ",\"failed_writes\":" << r.failed_writes << ",\"write_seconds\":" << r.write_seconds
          << ",\"delivered\":" << r.delivered << ",\"expected\":" << r.expected
          << ",\"duplicates\":" << r.duplicates << ",\"messages\":" << r.messages
          << ",\"ended_by_server\":" << r.ended_by_server
          << ",\"p50_ms\":" << r.p50_ms << ",\"p99_ms\":" << r.p99_ms
          << ",\"max_ms\":" << r.max_ms << ",\"server_cpu_seconds\":" << r.server_cpu_seconds
          << "}";
    }
    out << "]}\n";
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace fangxin::bench
