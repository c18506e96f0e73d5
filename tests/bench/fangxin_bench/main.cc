// fangxin-bench: fangxind against the transport limit (a bare gRPC echo service) and against
// etcd, in the same run, with the same client code, payload size and concurrency.
//
//   fangxin-bench [--quick] [--json=FILE] [--runs=3] [--seconds=5] [--concurrency=1,16,64]
//                 [--targets=echo,etcd,fangxin] [--workloads=store get,...]
//   fangxin-bench --scale=1000000 [--scale_from=10000] [--json=FILE] [--runs=3] [--seconds=5]
//                 [--concurrency=1,64]
//   fangxin-bench --watch [--quick] [--watchers=1000] [--rates=100,200] [--seconds=10]
//                 [--runs=3] [--targets=etcd,fangxin] [--json=FILE]
//
// Each configuration runs --runs times after a warm-up; the table shows medians (by QPS).
// Client and server share this machine's cores, so the figures include the client's CPU.

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/bench/fangxin_bench/closed_loop.h"
#include "tests/bench/fangxin_bench/scale_mode.h"
#include "tests/bench/fangxin_bench/targets.h"
#include "tests/bench/fangxin_bench/watch_fanout.h"

namespace fangxin::bench {
namespace {

struct Options {
  bool quick = false;
  std::string json;
  int runs = 3;
  double seconds = 5;
  std::vector<int> concurrency = {1, 16, 64};
  std::vector<std::string> targets = {"echo", "etcd", "fangxin"};
  std::vector<std::string> workloads;  // Empty: all. Otherwise names to run, e.g. "store get".
  int payload_bytes = 1024;
  int64_t scale = 0;  // > 0: the scale mode, up to this many stores.
  int64_t scale_from = 10000;
  bool concurrency_set = false;
  bool seconds_set = false;
  bool targets_set = false;
  bool watch = false;  // The watch fan-out mode.
  int watchers = 1000;
  std::vector<int> rates = {100, 200};
  bool watchers_set = false;
  bool rates_set = false;
};

struct Row {
  std::string target, workload, echo_peer, etcd_peer;
  int concurrency = 0;
  LoadResult load;  // The median run.
  double cpu_ms_per_request = 0;
};

std::string BuildDir() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  std::string exe(buf, n > 0 ? n : 0);
  // <build>/tests/bench/fangxin-bench
  for (int i = 0; i < 3; ++i) exe = exe.substr(0, exe.rfind('/'));
  return exe;
}

std::string SourceDir() {
  const char* env = std::getenv("FANGXIN_SOURCE_DIR");
  if (env != nullptr) return env;
  return BuildDir() + "/..";
}

absl::StatusOr<std::unique_ptr<Target>> Start(const std::string& name, const std::string& dir,
                                              const Options& options) {
  if (name == "echo") {
    return StartEchoTarget(BuildDir() + "/tests/bench/fangxin-echo-server", dir,
                           options.payload_bytes);
  }
  if (name == "etcd") return StartEtcdTarget(dir, options.payload_bytes);
  if (name == "fangxin") {
    return StartFangxinTarget(BuildDir() + "/services/server/fangxind",
                              SourceDir() + "/deploy/data/yancheng-divisions.csv", dir,
                              options.payload_bytes);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown target ", name));
}

// With FANGXIN_BENCH_CALLGRIND set (the server runs under valgrind --tool=callgrind), zeroes
// the server's counters before a run (empty `label`) and dumps them after it, labelled with
// the run and its request count, so instructions per request can be read per workload.
void CallgrindMark(pid_t pid, const std::string& label) {
  if (std::getenv("FANGXIN_BENCH_CALLGRIND") == nullptr) return;
  const std::string command =
      label.empty() ? absl::StrCat("callgrind_control -z ", pid, " > /dev/null")
                    : absl::StrCat("callgrind_control -d '", label, "' ", pid, " > /dev/null");
  if (std::system(command.c_str()) != 0) {
    std::fprintf(stderr, "%s failed\n", command.c_str());
  }
}

const Row* Find(const std::vector<Row>& rows, const std::string& workload, int concurrency) {
  for (const Row& r : rows) {
    if (r.workload == workload && r.concurrency == concurrency) return &r;
  }
  return nullptr;
}

std::string Ratio(const std::vector<Row>& rows, const Row& row, const std::string& peer) {
  const Row* base = peer.empty() ? nullptr : Find(rows, peer, row.concurrency);
  if (base == nullptr || base->load.qps <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", row.load.qps / base->load.qps);
  return buf;
}

int Main(const Options& options) {
  char dir_template[] = "/tmp/fangxin-bench-XXXXXX";
  const std::string dir = ::mkdtemp(dir_template);
  if (options.scale > 0) {
    ScaleOptions scale;
    scale.fangxind = BuildDir() + "/services/server/fangxind";
    scale.divisions_csv = SourceDir() + "/deploy/data/yancheng-divisions.csv";
    scale.work_dir = dir;
    scale.json = options.json;
    scale.small_stores = options.scale_from;
    scale.large_stores = options.scale;
    if (options.concurrency_set) scale.concurrency = options.concurrency;
    scale.runs = options.runs;
    scale.seconds = options.seconds;
    scale.payload_bytes = options.payload_bytes;
    return RunScaleMode(scale);
  }
  if (options.watch) {
    WatchModeOptions watch;
    watch.fangxind = BuildDir() + "/services/server/fangxind";
    watch.divisions_csv = SourceDir() + "/deploy/data/yancheng-divisions.csv";
    watch.work_dir = dir;
    watch.json = options.json;
    if (options.targets_set) watch.targets = options.targets;
    watch.watchers = options.watchers;
    watch.rates = options.rates;
    if (options.quick) {  // A smoke run of a few seconds, unless sizes were given.
      if (!options.watchers_set) watch.watchers = 100;
      if (!options.rates_set) watch.rates = {100};
      watch.seconds = 2;
    }
    if (options.seconds_set) watch.seconds = options.seconds;
    watch.runs = options.runs;
    watch.payload_bytes = options.payload_bytes;
    return RunWatchMode(watch);
  }
  const std::string load_at_start = LoadAverage();
  const absl::Duration warmup = absl::Seconds(options.quick ? 0.3 : 1);
  const absl::Duration window = absl::Seconds(options.seconds);
  std::vector<Row> rows;
  int failures = 0;
  for (const std::string& name : options.targets) {
    auto target = Start(name, dir, options);
    if (!target.ok()) {
      std::fprintf(stderr, "%s: %s\n", name.c_str(), target.status().ToString().c_str());
      ++failures;
      continue;
    }
    for (const Workload& w : (*target)->workloads()) {
      if (!options.workloads.empty() &&
          std::find(options.workloads.begin(), options.workloads.end(), w.name) ==
              options.workloads.end()) {
        continue;
      }
      for (int c : options.concurrency) {
        std::vector<std::pair<LoadResult, double>> runs;
        for (int r = 0; r < options.runs; ++r) {
          double cpu_before = (*target)->process().CpuSeconds();
          CallgrindMark((*target)->process().pid(), "");
          LoadResult load = RunClosedLoop(w.issue, c, warmup, window);
          CallgrindMark((*target)->process().pid(),
                        absl::StrCat(name, " ", w.name, " c=", c, " requests=", load.all_requests));
          double cpu = (*target)->process().CpuSeconds() - cpu_before;
          runs.push_back({load, load.all_requests > 0 ? 1000.0 * cpu / load.all_requests : 0});
          if (load.errors > 0) {
            std::fprintf(stderr, "%s / %s / %d: %lld errors\n", name.c_str(), w.name.c_str(), c,
                         static_cast<long long>(load.errors));
            ++failures;
          }
        }
        std::sort(runs.begin(), runs.end(),
                  [](const auto& a, const auto& b) { return a.first.qps < b.first.qps; });
        const auto& median = runs[runs.size() / 2];
        rows.push_back({name, w.name, w.echo_peer, w.etcd_peer, c, median.first, median.second});
        std::fprintf(stderr, "  %-8s %-26s c=%-3d %9.0f qps\n", name.c_str(), w.name.c_str(), c,
                     median.first.qps);
      }
    }
    (*target)->process().Stop();
  }

  const std::string load_at_end = LoadAverage();
  std::printf("\nfangxin-bench%s: medians of %d runs of %.1f s; ≈%d-byte records; client and "
              "server share this %u-core machine; load average %s at the start, %s at the end\n",
              options.quick ? " --quick" : "", options.runs, options.seconds,
              options.payload_bytes, std::thread::hardware_concurrency(), load_at_start.c_str(),
              load_at_end.c_str());
  std::printf("%-8s %-26s %4s %10s %8s %8s %8s %10s %8s %8s\n", "target", "workload", "conc",
              "qps", "p50 ms", "p99 ms", "p999 ms", "cpu ms/req", "x echo", "x etcd");
  for (const Row& r : rows) {
    std::printf("%-8s %-26s %4d %10.0f %8.2f %8.2f %8.2f %10.3f %8s %8s\n", r.target.c_str(),
                r.workload.c_str(), r.concurrency, r.load.qps, r.load.p50_ms, r.load.p99_ms,
                r.load.p999_ms, r.cpu_ms_per_request, Ratio(rows, r, r.echo_peer).c_str(),
                Ratio(rows, r, r.etcd_peer).c_str());
  }
  if (!options.json.empty()) {
    std::ofstream out(options.json);
    out << "{\"runs\":" << options.runs << ",\"seconds\":" << options.seconds
        << ",\"cores\":" << std::thread::hardware_concurrency() << ",\"load_average_start\":\""
        << load_at_start << "\",\"load_average_end\":\"" << load_at_end << "\",\"rows\":[";
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      out << (i ? "," : "") << "{\"target\":\"" << r.target << "\",\"workload\":\""
          << r.workload << "\",\"concurrency\":" << r.concurrency << ",\"qps\":" << r.load.qps
          << ",\"p50_ms\":" << r.load.p50_ms << ",\"p99_ms\":" << r.load.p99_ms
          << ",\"p999_ms\":" << r.load.p999_ms << ",\"server_cpu_ms_per_request\":"
          << r.cpu_ms_per_request << ",\"vs_echo\":\"" << Ratio(rows, r, r.echo_peer)
          << "\",\"vs_etcd\":\"" << Ratio(rows, r, r.etcd_peer) << "\"}";
    }
    out << "]}\n";
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace fangxin::bench

int main(int argc, char** argv) {
  fangxin::bench::Options options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--quick") {
      options.quick = true;
      options.runs = 1;
      options.seconds = 1;
    } else if (absl::StartsWith(arg, "--json=")) {
      options.json = arg.substr(7);
    } else if (absl::StartsWith(arg, "--runs=")) {
      (void)absl::SimpleAtoi(arg.substr(7), &options.runs);
    } else if (absl::StartsWith(arg, "--seconds=")) {
      options.seconds_set = absl::SimpleAtod(arg.substr(10), &options.seconds);
    } else if (arg == "--watch") {
      options.watch = true;
    } else if (absl::StartsWith(arg, "--watchers=")) {
      options.watchers_set = absl::SimpleAtoi(arg.substr(11), &options.watchers);
    } else if (absl::StartsWith(arg, "--rates=")) {
      options.rates_set = true;
      options.rates.clear();
      for (absl::string_view r : absl::StrSplit(arg.substr(8), ',')) {
        int value = 0;
        if (absl::SimpleAtoi(r, &value) && value > 0) options.rates.push_back(value);
      }
    } else if (absl::StartsWith(arg, "--scale=")) {
      (void)absl::SimpleAtoi(arg.substr(8), &options.scale);
    } else if (absl::StartsWith(arg, "--scale_from=")) {
      (void)absl::SimpleAtoi(arg.substr(13), &options.scale_from);
    } else if (absl::StartsWith(arg, "--concurrency=")) {
      options.concurrency_set = true;
      options.concurrency.clear();
      for (absl::string_view c : absl::StrSplit(arg.substr(14), ',')) {
        int value = 0;
        if (absl::SimpleAtoi(c, &value) && value > 0) options.concurrency.push_back(value);
      }
    } else if (absl::StartsWith(arg, "--workloads=")) {
      options.workloads = absl::StrSplit(arg.substr(12), ',');
    } else if (absl::StartsWith(arg, "--targets=")) {
      options.targets = absl::StrSplit(arg.substr(10), ',');
      options.targets_set = true;
    } else {
      std::fprintf(stderr, "usage: fangxin-bench [--quick] [--json=FILE] [--runs=N] "
                           "[--seconds=S] [--concurrency=1,16,64] [--targets=echo,etcd,fangxin]\n"
                           "       fangxin-bench --scale=STORES [--scale_from=STORES] ...\n"
                           "       fangxin-bench --watch [--watchers=N] [--rates=100,200] ...\n");
      return 2;
    }
  }
  return fangxin::bench::Main(options);
}
