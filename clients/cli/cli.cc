#include "clients/cli/cli.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "clients/sdk/connection.h"

namespace fangxin::cli {
namespace {

constexpr char kDefaultServer[] = "127.0.0.1:7443";

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto* group : {&DivisionCommands, &MerchantCommands, &StoreCommands, &AreaCommands,
                      &KeyCommands, &AuditCommands, &EventCommands, &CoverageCommands,
                      &PledgeCommands, &ComplaintCommands, &SpotCheckCommands,
                      &InspectionCommands, &ViolationCommands, &ReportCommands,
                      &CertCommands}) {
    for (Command& c : (*group)()) all.push_back(std::move(c));
  }
  return all;
}

std::string TopHelp(const std::vector<Command>& commands) {
  std::string out =
      "usage: fangxinctl [global flags] NOUN VERB [ARG] [flags]\n\n"
      "The command-line client of the fangxin registry.\n\ncommands:\n";
  size_t width = 0;
  for (const Command& c : commands) width = std::max(width, c.spec.noun.size() + 1 + c.spec.verb.size());
  for (const Command& c : commands) {
    std::string nv = absl::StrCat(c.spec.noun, " ", c.spec.verb);
    absl::StrAppend(&out, "  ", nv, std::string(width - nv.size() + 2, ' '), c.spec.summary, "\n");
  }
  absl::StrAppend(&out, "\nglobal flags (before or after the command):\n");
  absl::StrAppend(&out, FlagsHelp(GlobalFlags()));
  absl::StrAppend(&out,
                  "\nRun 'fangxinctl NOUN VERB --help' for a command's flags.\n"
                  "Exit codes: 0 ok, 1 error from the server, 2 usage error, 3 rows rejected "
                  "(store import).\n");
  return out;
}

std::string NounHelp(const std::string& noun, const std::vector<Command>& commands) {
  std::string out = absl::StrCat("usage: fangxinctl ", noun, " VERB [ARG] [flags]\n\nverbs:\n");
  for (const Command& c : commands) {
    if (c.spec.noun == noun) absl::StrAppend(&out, "  ", c.spec.verb, "\t", c.spec.summary, "\n");
  }
  return out;
}

int UsageError(std::ostream& err, absl::string_view message, const CommandSpec* spec) {
  err << "fangxinctl: " << message << "\n";
  if (spec != nullptr) {
    err << "usage: " << UsageLine(*spec) << "\n"
        << "Run 'fangxinctl " << spec->noun << " " << spec->verb << " --help' for its flags.\n";
  } else {
    err << "Run 'fangxinctl --help' for the commands.\n";
  }
  return kExitUsage;
}

const FlagSpec* FindGlobal(const std::string& token) {
  std::string name = token == "-h" ? "help" : token.substr(2);
  if (size_t eq = name.find('='); eq != std::string::npos) name.resize(eq);
  for (const FlagSpec& f : GlobalFlags()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

absl::StatusOr<absl::Duration> ParseTimeout(const std::string& text) {
  double seconds = 0;
  absl::Duration d;
  if (absl::SimpleAtod(text, &seconds)) {
    d = absl::Seconds(seconds);
  } else if (!absl::ParseDuration(text, &d)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--timeout: expected a duration such as 30s, 500ms or 2m, got '", text, "'"));
  }
  if (d <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("--timeout must be positive");
  }
  return d;
}

}  // namespace

int Context::Usage(absl::string_view message) const { return UsageError(*err, message, spec); }

int Context::Fail(const absl::Status& status) const {
  PrintError(status, format, *out, *err);
  return kExitError;
}

const std::vector<FlagSpec>& GlobalFlags() {
  static const std::vector<FlagSpec>* const kFlags = new std::vector<FlagSpec>{
      {"server", "fangxind address (default $FANGXIN_SERVER, else 127.0.0.1:7443)", false, false,
       false, "HOST:PORT"},
      {"token", "API key (default $FANGXIN_TOKEN)", false, false, false, "TOKEN"},
      {"output", "table or json (default table)", false, false, false, "FORMAT"},
      {"timeout", "deadline of each call, retries included (default 30s)", false, false, false,
       "DURATION"},
      {"cacert", "PEM root certificates: use TLS (default $FANGXIN_CACERT; none: plaintext)",
       false, false, false, "FILE"},
      {"client_cert", "PEM client certificate for mutual TLS (default $FANGXIN_CLIENT_CERT)", false,
       false, false, "FILE"},
      {"client_key", "its PEM private key (default $FANGXIN_CLIENT_KEY)", false, false, false,
       "FILE"},
      {"help", "show help", false, false, true, ""},
  };
  return *kFlags;
}

int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           bool err_is_terminal) {
  const std::vector<Command> commands = AllCommands();

  // Global flags may come before the noun and verb; collect them until both are found.
  std::vector<std::string> tokens;
  std::string noun;
  std::string verb;
  size_t i = 0;
  for (; i < args.size() && verb.empty(); ++i) {
    const std::string& token = args[i];
    if (!LooksLikeFlag(token)) {
      (noun.empty() ? noun : verb) = token;
      continue;
    }
    const FlagSpec* global = token == "--" ? nullptr : FindGlobal(token);
    if (global == nullptr) {
      return UsageError(err,
                        absl::StrCat("unknown flag ", token,
                                     " (a command's own flags go after its noun and verb)"),
                        nullptr);
    }
    tokens.push_back(token);
    if (!global->boolean && token.find('=') == std::string::npos && i + 1 < args.size()) {
      tokens.push_back(args[++i]);
    }
  }
  // A two-word verb names a sub-resource and its action (`cert programme create`).
  if (!verb.empty() && i < args.size() && !LooksLikeFlag(args[i])) {
    const std::string two_words = absl::StrCat(verb, " ", args[i]);
    for (const Command& c : commands) {
      if (c.spec.noun == noun && c.spec.verb == two_words) {
        verb = two_words;
        ++i;
        break;
      }
    }
  }
  tokens.insert(tokens.end(), args.begin() + i, args.end());

  if (noun.empty()) {
    absl::StatusOr<Args> parsed = ParseFlags(tokens, GlobalFlags());
    if (!parsed.ok()) return UsageError(err, parsed.status().message(), nullptr);
    if (parsed->GetBool("help")) {
      out << TopHelp(commands);
      return kExitOk;
    }
    err << TopHelp(commands);
    return kExitUsage;
  }
  std::set<std::string> nouns;
  for (const Command& c : commands) nouns.insert(c.spec.noun);
  if (nouns.count(noun) == 0) {
    return UsageError(err, absl::StrCat("unknown command '", noun, "'; commands: ",
                                        absl::StrJoin(nouns, ", ")),
                      nullptr);
  }
  const Command* command = nullptr;
  std::vector<std::string> verbs;
  for (const Command& c : commands) {
    if (c.spec.noun != noun) continue;
    verbs.push_back(c.spec.verb);
    if (c.spec.verb == verb) command = &c;
  }
  // A sub-resource alone (`cert programme`, `cert programme --help`) asks for the verbs too.
  const bool sub_resource_alone =
      command == nullptr && (i >= args.size() || LooksLikeFlag(args[i])) &&
      std::any_of(commands.begin(), commands.end(), [&](const Command& c) {
        return c.spec.noun == noun && c.spec.verb.rfind(verb + " ", 0) == 0;
      });
  if (verb.empty() || sub_resource_alone) {
    const bool help = std::find(tokens.begin(), tokens.end(), "--help") != tokens.end() ||
                      std::find(tokens.begin(), tokens.end(), "-h") != tokens.end();
    (help ? out : err) << NounHelp(noun, commands);
    return help ? kExitOk : kExitUsage;
  }
  if (command == nullptr) {
    return UsageError(err, absl::StrCat("unknown command '", noun, " ", verb, "'; ", noun,
                                        " verbs: ", absl::StrJoin(verbs, ", ")),
                      nullptr);
  }

  const CommandSpec& spec = command->spec;
  std::vector<FlagSpec> flags = spec.flags;
  flags.insert(flags.end(), GlobalFlags().begin(), GlobalFlags().end());
  absl::StatusOr<Args> parsed = ParseFlags(tokens, flags);
  if (!parsed.ok()) return UsageError(err, parsed.status().message(), &spec);
  if (parsed->GetBool("help")) {
    out << CommandHelp(spec, GlobalFlags());
    return kExitOk;
  }
  if (absl::Status s = CheckRequired(*parsed, spec); !s.ok()) {
    return UsageError(err, s.message(), &spec);
  }

  absl::StatusOr<OutputFormat> format = ParseOutputFormat(parsed->Get("output", "table"));
  if (!format.ok()) return UsageError(err, format.status().message(), &spec);
  sdk::ClientOptions options;
  const char* env_server = std::getenv("FANGXIN_SERVER");
  options.endpoint = parsed->Get(
      "server", env_server != nullptr && *env_server != '\0' ? env_server : kDefaultServer);
  options.token = parsed->Get("token");  // empty: the SDK reads $FANGXIN_TOKEN
  const char* env_cacert = std::getenv("FANGXIN_CACERT");
  options.tls_root_certs_path =
      parsed->Get("cacert", env_cacert != nullptr ? env_cacert : "");
  const char* env_cert = std::getenv("FANGXIN_CLIENT_CERT");
  const char* env_key = std::getenv("FANGXIN_CLIENT_KEY");
  options.tls_client_cert_path = parsed->Get("client_cert", env_cert != nullptr ? env_cert : "");
  options.tls_client_key_path = parsed->Get("client_key", env_key != nullptr ? env_key : "");
  if (parsed->Has("timeout")) {
    absl::StatusOr<absl::Duration> timeout = ParseTimeout(parsed->Get("timeout"));
    if (!timeout.ok()) return UsageError(err, timeout.status().message(), &spec);
    options.timeout = *timeout;
  }
  absl::StatusOr<std::shared_ptr<sdk::Connection>> connection = sdk::MakeConnection(options);
  if (!connection.ok()) {
    PrintError(connection.status(), *format, out, err);
    return kExitError;
  }
  Context ctx{sdk::Client(*connection), *format, &out, &err, err_is_terminal, &spec};
  ctx.client_options = options;
  return command->run(ctx, *parsed);
}

}  // namespace fangxin::cli
