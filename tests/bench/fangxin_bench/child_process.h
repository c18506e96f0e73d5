#ifndef FANGXIN_TESTS_BENCH_FANGXIN_BENCH_CHILD_PROCESS_H_
#define FANGXIN_TESTS_BENCH_FANGXIN_BENCH_CHILD_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace fangxin::bench {

// A server under test, run as its own process so its CPU time can be read apart from the
// client's. Stops it (SIGTERM, then SIGKILL) on destruction.
class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Runs argv[0] with argv; its stdout and stderr go to `log_path`.
  absl::Status Start(const std::vector<std::string>& argv, const std::string& log_path);
  void Stop();

  // User + system CPU seconds the process has used so far (from /proc/<pid>/stat).
  double CpuSeconds() const;
  // Resident set size in bytes.
  long ResidentBytes() const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

}  // namespace fangxin::bench

#endif  // FANGXIN_TESTS_BENCH_FANGXIN_BENCH_CHILD_PROCESS_H_
