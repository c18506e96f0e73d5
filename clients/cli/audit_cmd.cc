// fangxinctl audit checkpoint | verify | history

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "clients/cli/audit_verifier.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/audit_client.h"
#include "storage/merkle/hash.h"

namespace fangxin::cli {
namespace {

// A check failed: the log, a proof or a resource does not match. Distinct from kExitError
// (the server could not be asked) so that scripts can tell tampering from an outage.
constexpr int kExitVerifyFailed = 4;

absl::StatusOr<sdk::AuditClient> MakeAuditClient(const Context& ctx) {
  absl::StatusOr<std::shared_ptr<sdk::AuditConnection>> connection =
      sdk::MakeAuditConnection(ctx.client_options);
  if (!connection.ok()) return connection.status();
  return sdk::AuditClient(*std::move(connection));
}

std::string DefaultStateFile() {
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.fangxin-audit-checkpoint";
}

int Checkpoint(Context& ctx, const Args&) {
  absl::StatusOr<sdk::AuditClient> client = MakeAuditClient(ctx);
  if (!client.ok()) return ctx.Fail(client.status());
  absl::StatusOr<v1::Checkpoint> cp = client->GetCheckpoint();
  if (!cp.ok()) return ctx.Fail(cp.status());
  PrintResource(ctx, *cp,
                {{"origin", cp->origin()},
                 {"tree_size", absl::StrCat(cp->tree_size())},
                 {"root_hash", storage::merkle::ToHex(cp->root_hash())},
                 {"time", FormatTimestamp(cp->time())},
                 {"public_key", storage::merkle::ToHex(cp->public_key())},
                 {"signature", storage::merkle::ToHex(cp->signature())}});
  return kExitOk;
}

int Verify(Context& ctx, const Args& args) {
  AuditVerifyOptions options;
  const std::string state = args.Get("state", DefaultStateFile());
  absl::StatusOr<std::optional<v1::Checkpoint>> previous = LoadCheckpoint(state);
  if (!previous.ok()) return ctx.Fail(previous.status());
  options.previous = *previous;
  if (args.Has("public_key")) {
    options.pinned_public_key = absl::HexStringToBytes(args.Get("public_key"));
    if (options.pinned_public_key.size() != 32) {
      return ctx.Usage("--public_key must be 64 hex digits (a raw Ed25519 key)");
    }
  }
  for (const std::string& text : args.GetAll("entry")) {
    int64_t index = 0;
    if (!absl::SimpleAtoi(text, &index) || index < 0) {
      return ctx.Usage(absl::StrCat("--entry must be a leaf index (revision - 1), not ", text));
    }
    options.leaf_indexes.push_back(index);
  }
  for (const std::string& name : args.GetAll("resource")) options.resources.push_back(name);
  options.full = args.GetBool("full");

  absl::StatusOr<sdk::AuditClient> client = MakeAuditClient(ctx);
  if (!client.ok()) return ctx.Fail(client.status());
  absl::StatusOr<AuditVerifyResult> result = VerifyAudit(*client, options);
  if (!result.ok()) {
    const absl::StatusCode code = result.status().code();
    const bool check_failed = code == absl::StatusCode::kDataLoss ||
                              code == absl::StatusCode::kFailedPrecondition;
    *ctx.out << "FAILED: " << result.status().message() << "\n";
    return check_failed ? kExitVerifyFailed : kExitError;
  }
  for (const std::string& line : result->passed) *ctx.out << "ok    " << line << "\n";
  if (absl::Status s = SaveCheckpoint(state, result->checkpoint); !s.ok()) return ctx.Fail(s);
  *ctx.out << "VERIFIED: the audit log of " << result->checkpoint.origin() << " at "
           << result->checkpoint.tree_size() << " entries (root "
           << storage::merkle::ToHex(result->checkpoint.root_hash()) << "); saved to " << state
           << "\n";
  return kExitOk;
}

int History(Context& ctx, const Args& args) {
  absl::StatusOr<sdk::AuditClient> client = MakeAuditClient(ctx);
  if (!client.ok()) return ctx.Fail(client.status());
  absl::StatusOr<v1::ListResourceHistoryResponse> history =
      client->ResourceHistory(args.positional()[0]);
  if (!history.ok()) return ctx.Fail(history.status());
  if (ctx.format == OutputFormat::kJson) {
    *ctx.out << ToJson(*history);
    return kExitOk;
  }
  TableWriter table(ctx.out, {"REVISION", "TIME", "ACTOR", "ROLE", "METHOD", "REASON"});
  for (const v1::AuditEntry& e : history->entries()) {
    std::string method = e.method();
    if (size_t slash = method.rfind('/'); slash != std::string::npos) method.erase(0, slash + 1);
    table.AddRow({absl::StrCat(e.revision()), FormatTimestamp(e.commit_time()), e.actor(),
                  EnumLabel(e.role()), method, e.reason()});
  }
  table.Flush();
  return kExitOk;
}

}  // namespace

std::vector<Command> AuditCommands() {
  return {
      {{"audit", "checkpoint", "Show the log's current signed checkpoint", "", {}}, Checkpoint},
      {{"audit",
        "verify",
        "Verify the audit log against the last verified checkpoint",
        "",
        {{"state", "File keeping the last verified checkpoint (default ~/.fangxin-audit-checkpoint)",
          false, false, false, "FILE"},
         {"public_key", "Pin the signing key (64 hex digits, from docs/security.md)", false,
          false, false, "HEX"},
         {"entry", "Also prove this leaf index (revision - 1) is in the log", false, true, false,
          "INDEX"},
         {"resource", "Also check this resource's history and stored bytes", false, true, false,
          "NAME"},
         {"full", "Also fetch every entry and recompute the root", false, false, true}},
        "Checks the new checkpoint's Ed25519 signature, its consistency with the saved one, and "
        "what the flags ask for; saves it only when everything passed.\nExit codes: 0 verified, "
        "4 a check failed (tampering or a rewritten log), 1 the server could not be asked."},
       Verify},
      {{"audit", "history", "Every change to a resource: who, when, which method, why", "NAME",
        {}},
       History},
  };
}

}  // namespace fangxin::cli
