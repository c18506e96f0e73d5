#include "tests/testing/fangxind_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/sdk/client.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {

int PickFreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

FangxindProcess::FangxindProcess(std::string data_dir, std::vector<std::string> extra_flags)
    : data_dir_(std::move(data_dir)), extra_flags_(std::move(extra_flags)) {}

FangxindProcess::~FangxindProcess() { Kill(); }

std::string FangxindProcess::endpoint() const { return absl::StrCat("127.0.0.1:", port_); }

absl::Status FangxindProcess::Start() {
  port_ = PickFreePort();
  const std::string binary = BinaryPath("services/server/fangxind");
  const std::string divisions = SourcePath("deploy/data/yancheng-divisions.csv");
  const std::string data_flag = absl::StrCat("--data_dir=", data_dir_);
  const std::string listen_flag = absl::StrCat("--listen=", endpoint());
  const std::string divisions_flag = absl::StrCat("--divisions=", divisions);
  const std::string log = absl::StrCat(data_dir_, ".log");
  pid_ = ::fork();
  if (pid_ == 0) {
    FILE* out = std::freopen(log.c_str(), "a", stderr);
    (void)out;
    std::vector<char*> argv = {const_cast<char*>(binary.c_str()),
                               const_cast<char*>(data_flag.c_str()),
                               const_cast<char*>(listen_flag.c_str()),
                               const_cast<char*>(divisions_flag.c_str()),
                               const_cast<char*>("--plaintext")};
    for (const std::string& flag : extra_flags_) argv.push_back(const_cast<char*>(flag.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  if (pid_ < 0) return absl::InternalError("fork failed");
  // Bounded wait: up to 30 s for the admin key and a first answer.
  for (int attempt = 0; attempt < 300; ++attempt) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(absl::StrCat("fangxind exited early; see ", log));
    }
    std::ifstream key(data_dir_ + "/admin.key");
    std::string token;
    if (key && std::getline(key, token)) {
      admin_token_ = std::string(absl::StripAsciiWhitespace(token));
      sdk::ClientOptions options;
      options.endpoint = endpoint();
      options.token = admin_token_;
      options.max_attempts = 1;
      auto connection = sdk::MakeConnection(options);
      if (connection.ok() && sdk::Client(*connection).GetDivision("divisions/320900").ok()) {
        return absl::OkStatus();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return absl::DeadlineExceededError(absl::StrCat("fangxind did not answer; see ", log));
}

void FangxindProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int FangxindProcess::Stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace fangxin::testing
