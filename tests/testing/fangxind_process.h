#ifndef FANGXIN_TESTS_TESTING_FANGXIND_PROCESS_H_
#define FANGXIN_TESTS_TESTING_FANGXIND_PROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace fangxin::testing {

// A real fangxind child process on 127.0.0.1, for end-to-end tests.
class FangxindProcess {
 public:
  // `data_dir` is kept across restarts. `extra_flags` are added to every start's command line,
  // e.g. "--audit_signing_key=/path".
  explicit FangxindProcess(std::string data_dir, std::vector<std::string> extra_flags = {});
  ~FangxindProcess();  // SIGKILLs a process still running.

  // Starts fangxind on a free port and waits (bounded) until it answers with the admin key.
  absl::Status Start();
  // SIGKILL, then reap. Nothing is flushed: the test of durability.
  void Kill();
  // SIGTERM, then reap; returns the exit status (0 on a clean stop).
  int Stop();

  std::string endpoint() const;
  const std::string& admin_token() const { return admin_token_; }
  const std::string& data_dir() const { return data_dir_; }

 private:
  std::string data_dir_;
  std::vector<std::string> extra_flags_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string admin_token_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int PickFreePort();

}  // namespace fangxin::testing

#endif  // FANGXIN_TESTS_TESTING_FANGXIND_PROCESS_H_
