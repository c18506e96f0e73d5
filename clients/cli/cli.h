#ifndef FANGXIN_CLIENTS_CLI_CLI_H_
#define FANGXIN_CLIENTS_CLI_CLI_H_

// fangxinctl: commands over the C++ SDK. main() only calls RunCli, so tests can run whole
// command lines in-process.

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "clients/cli/args.h"
#include "clients/cli/output.h"
#include "clients/sdk/client.h"

namespace fangxin::cli {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;     // the server refused, or a file could not be read
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitRejected = 3;  // `store import`: some rows were rejected

// What a command runs with.
struct Context {
  sdk::Client client;
  OutputFormat format = OutputFormat::kTable;
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  bool err_is_terminal = false;  // draw a progress bar on `err`
  const CommandSpec* spec = nullptr;
  // The options `client` was made with, for commands over another service's connection.
  sdk::ClientOptions client_options;

  // Prints `message` as a usage error of the current command; returns kExitUsage.
  int Usage(absl::string_view message) const;
  // Prints `status` (see PrintError); returns kExitError.
  int Fail(const absl::Status& status) const;
};

using Handler = std::function<int(Context& ctx, const Args& args)>;

struct Command {
  CommandSpec spec;
  Handler run;
};

// One list per noun, each in its own file.
std::vector<Command> DivisionCommands();
std::vector<Command> MerchantCommands();
std::vector<Command> StoreCommands();
std::vector<Command> AreaCommands();
std::vector<Command> KeyCommands();
std::vector<Command> PledgeCommands();
std::vector<Command> ComplaintCommands();
std::vector<Command> SpotCheckCommands();
std::vector<Command> InspectionCommands();
std::vector<Command> ViolationCommands();
std::vector<Command> ReportCommands();
std::vector<Command> AuditCommands();
std::vector<Command> EventCommands();
std::vector<Command> CoverageCommands();
std::vector<Command> CertCommands();

// The flags every command accepts: --server, --token, --output, --timeout, --cacert, --help.
const std::vector<FlagSpec>& GlobalFlags();

// Runs one command line (`args` excludes the program name) and returns the exit code.
// `err_is_terminal` turns on the progress bar of `store import`.
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           bool err_is_terminal = false);

}  // namespace fangxin::cli

#endif  // FANGXIN_CLIENTS_CLI_CLI_H_
