#ifndef FANGXIN_TESTS_BENCH_FANGXIN_BENCH_SCALE_MODE_H_
#define FANGXIN_TESTS_BENCH_FANGXIN_BENCH_SCALE_MODE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace fangxin::bench {

// fangxin-bench --scale=N: does a store get and a page of 100 slow down as the registry grows?
// One fangxind, one client: seed `small_stores`, measure, bulk-load up to `large_stores`
// through ImportStores (every row a full durable commit: indexes, event, audit entry, request
// record), measure again with the same client, and report fangxind's resident memory and the
// data directory's size at both points.
struct ScaleOptions {
  std::string fangxind;       // Path of the server binary.
  std::string divisions_csv;  // --divisions for the server.
  std::string work_dir;       // Data dir and log go here.
  std::string json;           // Optional output file.
  int64_t small_stores = 10000;
  int64_t large_stores = 1000000;
  std::vector<int> concurrency = {1, 64};
  int runs = 3;
  double seconds = 5;
  int payload_bytes = 1024;
};

// Prints the table to stdout (progress to stderr); 0 on success.
int RunScaleMode(const ScaleOptions& options);

// "1.23 0.98 0.77" from /proc/loadavg: the machine's load during a run, stated with figures.
std::string LoadAverage();

}  // namespace fangxin::bench

#endif  // FANGXIN_TESTS_BENCH_FANGXIN_BENCH_SCALE_MODE_H_
