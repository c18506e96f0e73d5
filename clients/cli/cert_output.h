#ifndef FANGXIN_CLIENTS_CLI_CERT_OUTPUT_H_
#define FANGXIN_CLIENTS_CLI_CERT_OUTPUT_H_

// What `fangxinctl cert` reads from files (protobuf JSON) and how it prints programmes,
// applications, certificates and evaluations: fields for `get`, rows for `list`, and an
// evaluation as a table of criteria a person can follow.

#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "fangxin/v1/certification.pb.h"
#include "google/protobuf/util/json_util.h"

namespace fangxin::cli {

// The message in a protobuf JSON file. NOT_FOUND when unreadable, INVALID_ARGUMENT naming the
// file when it does not parse.
template <typename Message>
absl::StatusOr<Message> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(buffer.str(), &message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a ",
                                                   Message::descriptor()->full_name(),
                                                   " in JSON: ", std::string(status.message())));
  }
  return message;
}

// One row per criterion (value, threshold, verdict, points, explanation and basis), then the
// totals and the summary.
void PrintEvaluationTable(std::ostream& out, const v1::Evaluation& e);

std::vector<std::pair<std::string, std::string>> ProgrammeFields(const v1::Programme& p);
// The programme's fields and, in text output, its criteria as a table.
int PrintProgramme(Context& ctx, const absl::StatusOr<v1::Programme>& p);

std::vector<std::pair<std::string, std::string>> ApplicationFields(const v1::Application& a);
// The application's fields and, in text output, its latest evaluation (the pre-check before
// any scoring).
int PrintApplication(Context& ctx, const absl::StatusOr<v1::Application>& a);
// The columns of `cert application list`.
std::vector<std::string> ApplicationRow(const v1::Application& a);

std::vector<std::pair<std::string, std::string>> CertificateFields(const v1::Certificate& c);
int PrintCertificate(Context& ctx, const absl::StatusOr<v1::Certificate>& c);

}  // namespace fangxin::cli

#endif  // FANGXIN_CLIENTS_CLI_CERT_OUTPUT_H_
