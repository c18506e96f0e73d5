#ifndef FANGXIN_CLIENTS_CLI_ARGS_H_
#define FANGXIN_CLIENTS_CLI_ARGS_H_

// The command-line grammar of fangxinctl: `fangxinctl [global flags] NOUN VERB [ARG] [flags]`,
// where every command declares its flags, so an unknown or missing flag is a usage error that
// names it, and `--help` can list them. Flags are written `--name=value` or `--name value`;
// boolean flags `--name` (or `--name=true|false`); a repeatable flag collects every value.
// `--` ends the flags: what follows is positional even if it starts with '-'.

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fangxin::cli {

struct FlagSpec {
  std::string name;  // without the leading dashes, e.g. "display_name"
  std::string help;
  bool required = false;
  bool repeated = false;  // may be given several times; every value is kept
  bool boolean = false;   // takes no value
  std::string value_name = "VALUE";
};

struct CommandSpec {
  std::string noun;
  std::string verb;
  // One line, for the command list.
  std::string summary;
  // Name of the one positional argument, e.g. "NAME" or "FILE.csv"; empty when there is none.
  std::string positional;
  std::vector<FlagSpec> flags;
  // Optional. More paragraphs for `--help`.
  std::string description = "";
};

// The flags and positional arguments of one command line, after parsing.
class Args {
 public:
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // The last value given, or `fallback` when the flag is absent. Boolean flags read "true" or
  // "false".
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Every value given, in order; empty when absent.
  const std::vector<std::string>& GetAll(const std::string& name) const;
  bool GetBool(const std::string& name) const { return Get(name, "false") == "true"; }
  const std::vector<std::string>& positional() const { return positional_; }

  void Add(const std::string& name, std::string value) {
    values_[name].push_back(std::move(value));
  }
  void AddPositional(std::string value) { positional_.push_back(std::move(value)); }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// Parses `tokens` against `flags`. INVALID_ARGUMENT (a usage error whose message is fit to show)
// for an unknown flag, a missing value, a value given to a boolean flag that is not
// true/false, or a non-repeatable flag given twice.
absl::StatusOr<Args> ParseFlags(const std::vector<std::string>& tokens,
                                const std::vector<FlagSpec>& flags);

// INVALID_ARGUMENT naming the first required flag missing, or a missing or extra positional
// argument.
absl::Status CheckRequired(const Args& args, const CommandSpec& spec);

// Whether `token` is written like a flag (`--x`, `-h`), as opposed to a value such as "-" or
// "-12.5".
bool LooksLikeFlag(const std::string& token);

// The `--help` text of a command: usage line, summary, its flags and the global ones.
std::string CommandHelp(const CommandSpec& spec, const std::vector<FlagSpec>& global_flags);

// One line per flag, `--name=VALUE  help`, aligned.
std::string FlagsHelp(const std::vector<FlagSpec>& flags);

// "[flags]"-style usage line: `fangxinctl store create --merchant=M ... [flags]`.
std::string UsageLine(const CommandSpec& spec);

}  // namespace fangxin::cli

#endif  // FANGXIN_CLIENTS_CLI_ARGS_H_
