#include "clients/cli/args.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace fangxin::cli {
namespace {

const FlagSpec* FindFlag(const std::vector<FlagSpec>& flags, const std::string& name) {
  for (const FlagSpec& f : flags) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string FlagSyntax(const FlagSpec& f) {
  return f.boolean ? absl::StrCat("--", f.name) : absl::StrCat("--", f.name, "=", f.value_name);
}

}  // namespace

std::string FlagsHelp(const std::vector<FlagSpec>& flags) {
  std::string out;
  size_t width = 0;
  for (const FlagSpec& f : flags) width = std::max(width, FlagSyntax(f).size());
  for (const FlagSpec& f : flags) {
    std::string syntax = FlagSyntax(f);
    absl::StrAppend(&out, "  ", syntax, std::string(width - syntax.size() + 2, ' '), f.help);
    if (f.required) absl::StrAppend(&out, " (required)");
    if (f.repeated) absl::StrAppend(&out, " (repeatable)");
    absl::StrAppend(&out, "\n");
  }
  return out;
}

std::string Args::Get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

const std::vector<std::string>& Args::GetAll(const std::string& name) const {
  static const std::vector<std::string>* const kEmpty = new std::vector<std::string>();
  auto it = values_.find(name);
  return it == values_.end() ? *kEmpty : it->second;
}

bool LooksLikeFlag(const std::string& token) {
  if (absl::StartsWith(token, "--")) return token.size() > 2;
  // "-h" is the only short flag; "-" (stdin) and "-12.5" are values.
  return token.size() >= 2 && token[0] == '-' &&
         std::isalpha(static_cast<unsigned char>(token[1]));
}

absl::StatusOr<Args> ParseFlags(const std::vector<std::string>& tokens,
                                const std::vector<FlagSpec>& flags) {
  Args args;
  bool flags_ended = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& token = tokens[i];
    if (!flags_ended && token == "--") {
      flags_ended = true;
      continue;
    }
    if (flags_ended || !LooksLikeFlag(token)) {
      args.AddPositional(token);
      continue;
    }
    std::string name;
    std::string value;
    bool has_value = false;
    if (token == "-h") {
      name = "help";
    } else if (!absl::StartsWith(token, "--")) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag ", token, " (flags are written --name)"));
    } else {
      std::string body = token.substr(2);
      size_t eq = body.find('=');
      if (eq != std::string::npos) {
        value = body.substr(eq + 1);
        body.resize(eq);
        has_value = true;
      }
      name = std::move(body);
    }
    const FlagSpec* spec = FindFlag(flags, name);
    if (spec == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag --", name));
    }
    if (spec->boolean) {
      if (!has_value) {
        value = "true";
      } else {
        value = absl::AsciiStrToLower(value);
        if (value != "true" && value != "false") {
          return absl::InvalidArgumentError(
              absl::StrCat("flag --", name, " takes no value, or =true / =false"));
        }
      }
    } else if (!has_value) {
      if (i + 1 >= tokens.size() || absl::StartsWith(tokens[i + 1], "--")) {
        return absl::InvalidArgumentError(
            absl::StrCat("flag --", name, " needs a value: --", name, "=", spec->value_name));
      }
      value = tokens[++i];
    }
    if (args.Has(name) && !spec->repeated) {
      return absl::InvalidArgumentError(absl::StrCat("flag --", name, " given more than once"));
    }
    args.Add(name, std::move(value));
  }
  return args;
}

absl::Status CheckRequired(const Args& args, const CommandSpec& spec) {
  for (const FlagSpec& f : spec.flags) {
    if (f.required && !args.Has(f.name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("missing required flag --", f.name, "=", f.value_name));
    }
  }
  const size_t want = spec.positional.empty() ? 0 : 1;
  const size_t got = args.positional().size();
  if (got < want) {
    return absl::InvalidArgumentError(absl::StrCat("missing argument ", spec.positional));
  }
  if (got > want) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", args.positional()[want], "'"));
  }
  return absl::OkStatus();
}

std::string UsageLine(const CommandSpec& spec) {
  std::string line = absl::StrCat("fangxinctl ", spec.noun, " ", spec.verb);
  if (!spec.positional.empty()) absl::StrAppend(&line, " ", spec.positional);
  for (const FlagSpec& f : spec.flags) {
    if (f.required) absl::StrAppend(&line, " ", FlagSyntax(f));
  }
  absl::StrAppend(&line, " [flags]");
  return line;
}

std::string CommandHelp(const CommandSpec& spec, const std::vector<FlagSpec>& global_flags) {
  std::string out = absl::StrCat("usage: ", UsageLine(spec), "\n\n", spec.summary, "\n");
  if (!spec.description.empty()) absl::StrAppend(&out, "\n", spec.description, "\n");
  if (!spec.flags.empty()) absl::StrAppend(&out, "\nflags:\n", FlagsHelp(spec.flags));
  absl::StrAppend(&out, "\nglobal flags:\n", FlagsHelp(global_flags));
  return out;
}

}  // namespace fangxin::cli
