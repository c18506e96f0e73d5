#include "tests/bench/fangxin_bench/scale_mode.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/bench/fangxin_bench/closed_loop.h"
#include "tests/bench/fangxin_bench/targets.h"

namespace fangxin::bench {
namespace {

// The workloads whose latency must not grow with the registry.
const char* const kScaleWorkloads[] = {"store get", "page of 100 by township"};

struct ScaleRow {
  int64_t stores = 0;
  std::string workload;
  int concurrency = 0;
  LoadResult load;  // The median run (by p99).
  // fangxind's CPU per request in that run: unlike latency, it hardly depends on what else the
  // machine is running, so it shows what the registry's size itself costs.
  double cpu_ms_per_request = 0;
};

// Size of everything under `dir`, in bytes.
int64_t DirectoryBytes(const std::string& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) total += static_cast<int64_t>(entry.file_size(ec));
  }
  return total;
}

// Waits until `process` uses under 5% of a core over 2 s (at most 5 minutes); returns the
// seconds waited.
double WaitUntilIdle(ChildProcess& process) {
  const absl::Time start = absl::Now();
  double cpu = process.CpuSeconds();
  while (absl::Now() - start < absl::Minutes(5)) {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    const double now = process.CpuSeconds();
    const double used = now - cpu;
    cpu = now;
    if (used < 0.1) break;
  }
  return absl::ToDoubleSeconds(absl::Now() - start);
}

double MiB(int64_t bytes) { return bytes / (1024.0 * 1024.0); }

// Runs every scale workload at every concurrency on `target`, as it is now.
void Measure(Target& target, const ScaleOptions& options, std::vector<ScaleRow>* rows) {
  for (Workload& w : target.workloads()) {
    if (std::find(std::begin(kScaleWorkloads), std::end(kScaleWorkloads), w.name) ==
        std::end(kScaleWorkloads)) {
      continue;
    }
    for (int c : options.concurrency) {
      std::vector<std::pair<LoadResult, double>> runs;
      for (int r = 0; r < options.runs; ++r) {
        const double cpu_before = target.process().CpuSeconds();
        LoadResult load =
            RunClosedLoop(w.issue, c, absl::Seconds(1), absl::Seconds(options.seconds));
        const double cpu = target.process().CpuSeconds() - cpu_before;
        runs.push_back({load, load.all_requests > 0 ? 1000.0 * cpu / load.all_requests : 0});
        if (load.errors > 0) {
          std::fprintf(stderr, "%s c=%d: %lld errors\n", w.name.c_str(), c,
                       static_cast<long long>(load.errors));
        }
      }
      std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) {
        return a.first.p99_ms < b.first.p99_ms;
      });
      const auto& median = runs[runs.size() / 2];
      rows->push_back({target.stores(), w.name, c, median.first, median.second});
      const LoadResult& m = rows->back().load;
      std::fprintf(stderr,
                   "  %9lld stores  %-24s c=%-3d %8.0f qps  p50 %.2f  p99 %.2f ms  %.3f cpu "
                   "ms/req  load %s\n",
                   static_cast<long long>(target.stores()), w.name.c_str(), c, m.qps, m.p50_ms,
                   m.p99_ms, median.second, LoadAverage().c_str());
    }
  }
}

}  // namespace

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return absl::StrCat(one, " ", five, " ", fifteen);
}

int RunScaleMode(const ScaleOptions& options) {
  const absl::Time seed_start = absl::Now();
  auto started = StartFangxinTarget(options.fangxind, options.divisions_csv, options.work_dir,
                                    options.payload_bytes, options.small_stores);
  if (!started.ok()) {
    std::fprintf(stderr, "fangxind: %s\n", started.status().ToString().c_str());
    return 1;
  }
  Target& target = **started;
  const std::string data_dir = options.work_dir + "/fangxin-data";
  std::fprintf(stderr, "seeded %lld stores in %.1f s\n",
               static_cast<long long>(options.small_stores),
               absl::ToDoubleSeconds(absl::Now() - seed_start));

  std::vector<ScaleRow> rows;
  const std::string load_before = LoadAverage();
  Measure(target, options, &rows);
  const int64_t rss_small = target.process().ResidentBytes();
  const int64_t disk_small = DirectoryBytes(data_dir);

  const absl::Time grow_start = absl::Now();
  const int64_t grow_from = target.stores();
  absl::Mutex report_mu;
  absl::Time last_report = grow_start;
  absl::Status grown = target.GrowTo(options.large_stores, [&](int64_t loaded) {
    // Progress from several threads; an occasional line is enough.
    absl::MutexLock lock(&report_mu);
    absl::Time now = absl::Now();
    if (now - last_report < absl::Seconds(10)) return;
    last_report = now;
    std::fprintf(stderr, "  loaded %lld more stores, %.0f rows/s, fangxind RSS %.0f MiB\n",
                 static_cast<long long>(loaded),
                 loaded / absl::ToDoubleSeconds(now - grow_start),
                 MiB(target.process().ResidentBytes()));
  });
  if (!grown.ok()) {
    std::fprintf(stderr, "bulk load: %s\n", grown.ToString().c_str());
    return 1;
  }
  const double grow_seconds = absl::ToDoubleSeconds(absl::Now() - grow_start);
  const double rows_per_second = (options.large_stores - grow_from) / grow_seconds;
  const int64_t rss_loaded = target.process().ResidentBytes();
  std::fprintf(stderr, "loaded %lld stores in %.0f s (%.0f rows/s); RSS %.0f MiB\n",
               static_cast<long long>(options.large_stores - grow_from), grow_seconds,
               rows_per_second, MiB(rss_loaded));
  // Let RocksDB's background flushes and compactions of the load finish before measuring:
  // their CPU would otherwise be counted against the reads at the large size.
  const double settled_seconds = WaitUntilIdle(target.process());
  std::fprintf(stderr, "fangxind idle %.0f s after the load\n", settled_seconds);
  const std::string load_after = LoadAverage();
  Measure(target, options, &rows);
  const int64_t rss_large = target.process().ResidentBytes();
  const int64_t disk_large = DirectoryBytes(data_dir);
  target.process().Stop();
  // A million stores take most of a gigabyte; keep the data (and the log) only on failure.
  std::error_code ignored;
  std::filesystem::remove_all(options.work_dir, ignored);

  std::printf("\nfangxin-bench --scale: medians (by p99) of %d runs of %.1f s; ≈%d-byte records; "
              "client and server share this %u-core machine; load average %s (small), %s "
              "(large)\n",
              options.runs, options.seconds, options.payload_bytes,
              std::thread::hardware_concurrency(), load_before.c_str(), load_after.c_str());
  std::printf("bulk load: %lld stores through ImportStores in %.0f s = %.0f rows/s; fangxind "
              "idle (compactions done) %.0f s later\n",
              static_cast<long long>(options.large_stores - grow_from), grow_seconds,
              rows_per_second, settled_seconds);
  std::printf("fangxind RSS: %.0f MiB at %lld stores, %.0f MiB right after loading, %.0f MiB "
              "after the reads at %lld; data dir %.0f MiB / %.0f MiB\n",
              MiB(rss_small), static_cast<long long>(options.small_stores), MiB(rss_loaded),
              MiB(rss_large), static_cast<long long>(options.large_stores), MiB(disk_small),
              MiB(disk_large));
  std::printf("%10s %-24s %4s %9s %8s %8s %8s %12s %11s\n", "stores", "workload", "conc",
              "qps", "p50 ms", "p99 ms", "p999 ms", "p99 / small", "cpu ms/req");
  auto small_row = [&](const ScaleRow& r) -> const ScaleRow* {
    for (const ScaleRow& s : rows) {
      if (s.stores == options.small_stores && s.workload == r.workload &&
          s.concurrency == r.concurrency) {
        return &s;
      }
    }
    return nullptr;
  };
  for (const ScaleRow& r : rows) {
    const ScaleRow* base = small_row(r);
    const double ratio = base != nullptr && base->load.p99_ms > 0
                             ? r.load.p99_ms / base->load.p99_ms : 0;
    std::printf("%10lld %-24s %4d %9.0f %8.2f %8.2f %8.2f %12.2f %11.3f\n",
                static_cast<long long>(r.stores), r.workload.c_str(), r.concurrency, r.load.qps,
                r.load.p50_ms, r.load.p99_ms, r.load.p999_ms, ratio, r.cpu_ms_per_request);
  }
  if (!options.json.empty()) {
    std::ofstream out(options.json);
    out << "{\"mode\":\"scale\",\"runs\":" << options.runs << ",\"seconds\":" << options.seconds
        << ",\"cores\":" << std::thread::hardware_concurrency() << ",\"load_average_small\":\""
        << load_before << "\",\"load_average_large\":\"" << load_after
        << "\",\"small_stores\":" << options.small_stores
        << ",\"large_stores\":" << options.large_stores << ",\"bulk_load_seconds\":"
        << grow_seconds << ",\"bulk_load_rows_per_second\":" << rows_per_second
        << ",\"settle_seconds\":" << settled_seconds
        << ",\"rss_bytes_small\":" << rss_small << ",\"rss_bytes_after_load\":" << rss_loaded
        << ",\"rss_bytes_large\":" << rss_large << ",\"data_dir_bytes_small\":" << disk_small
        << ",\"data_dir_bytes_large\":" << disk_large << ",\"rows\":[";
    for (size_t i = 0; i < rows.size(); ++i) {
      const ScaleRow& r = rows[i];
      const ScaleRow* base = small_row(r);
      out << (i ? "," : "") << "{\"stores\":" << r.stores << ",\"workload\":\"" << r.workload
          << "\",\"concurrency\":" << r.concurrency << ",\"qps\":" << r.load.qps
          << ",\"p50_ms\":" << r.load.p50_ms << ",\"p99_ms\":" << r.load.p99_ms
          << ",\"p999_ms\":" << r.load.p999_ms << ",\"server_cpu_ms_per_request\":"
          << r.cpu_ms_per_request << ",\"p99_vs_small\":"
          << (base != nullptr && base->load.p99_ms > 0 ? r.load.p99_ms / base->load.p99_ms : 0)
          << "}";
    }
    out << "]}\n";
  }
  return 0;
}

}  // namespace fangxin::bench
