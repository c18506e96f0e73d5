#ifndef FANGXIN_TESTS_BENCH_FANGXIN_BENCH_TARGETS_H_
#define FANGXIN_TESTS_BENCH_FANGXIN_BENCH_TARGETS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/bench/fangxin_bench/child_process.h"
#include "tests/bench/fangxin_bench/closed_loop.h"
#include "tests/bench/fangxin_bench/watch_fanout.h"

namespace fangxin::bench {

// One workload on one server: how to issue a request, and which baseline workloads its figures
// are compared with.
struct Workload {
  std::string name;          // e.g. "store create"
  std::string echo_peer;     // name of the transport-limit workload to compare with, or ""
  std::string etcd_peer;     // name of the etcd workload to compare with, or ""
  IssueFn issue;
};

// A server process under test with its workloads. Starting one prepares its data (merchants,
// stores, keys) so every workload can run at once.
class Target {
 public:
  virtual ~Target() = default;
  virtual const std::string& name() const = 0;
  virtual std::vector<Workload>& workloads() = 0;
  virtual ChildProcess& process() = 0;

  // Scale mode: bulk-loads stores until the server holds `stores` of them (more than now),
  // calling on_progress(loaded so far) now and then. Targets without it say UNIMPLEMENTED.
  virtual absl::Status GrowTo(int64_t stores,
                              const std::function<void(int64_t loaded)>& on_progress) {
    return absl::UnimplementedError("this target cannot bulk-load");
  }
  // Stores the server holds (the reads pick among them).
  virtual int64_t stores() const { return 0; }

  // Watch fan-out (watch_fanout.h). Opens a watch, from now on, of the records WriteForWatch
  // writes, over connection `connection` (0 <= connection < kWatchConnections); nullptr when
  // the target has no watch.
  virtual std::unique_ptr<WatchStream> OpenWatch(int connection, WatchSink* sink) {
    return nullptr;
  }
  // Writes one ≈payload-sized record whose key carries `seq`; `done(ok)` once it is durable.
  virtual void WriteForWatch(int64_t seq, std::function<void(bool)> done) { done(false); }
};

// Connections the watch fan-out spreads its streams over, like a fleet of clients would.
inline constexpr int kWatchConnections = 16;

// Stores fangxind is seeded with before the workloads run.
inline constexpr int64_t kDefaultStores = 1000;

// `work_dir`: where data dirs and logs go. `payload_bytes`: the ≈ size of a request's record.
absl::StatusOr<std::unique_ptr<Target>> StartEchoTarget(const std::string& binary,
                                                        const std::string& work_dir,
                                                        int payload_bytes);
absl::StatusOr<std::unique_ptr<Target>> StartEtcdTarget(const std::string& work_dir,
                                                        int payload_bytes);
absl::StatusOr<std::unique_ptr<Target>> StartFangxinTarget(const std::string& fangxind,
                                                           const std::string& divisions_csv,
                                                           const std::string& work_dir,
                                                           int payload_bytes,
                                                           int64_t initial_stores = kDefaultStores);

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

}  // namespace fangxin::bench

#endif  // FANGXIN_TESTS_BENCH_FANGXIN_BENCH_TARGETS_H_
