// fangxinctl event watch | list

#include <cstdint>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cli/cli.h"
#include "clients/cli/cmd_util.h"
#include "clients/sdk/event_client.h"
#include "common/errors.h"

namespace fangxin::cli {
namespace {

absl::StatusOr<sdk::EventClient> MakeEventClient(const Context& ctx) {
  return sdk::EventClient::Make(ctx.client_options);
}

// --from, --collection, --division, --area into a request's fields.
template <typename Request>
absl::Status ApplyEventFlags(const Args& args, Request* request) {
  if (args.Has("from")) {
    int64_t from = 0;
    if (!absl::SimpleAtoi(args.Get("from"), &from) || from < 0) {
      return InvalidFieldError("from", "must be a revision (0 or more)");
    }
    request->set_from_revision(from);
  }
  v1::EventFilter* filter = request->mutable_filter();
  for (const std::string& c : args.GetAll("collection")) filter->add_collections(c);
  filter->set_division(args.Get("division"));
  filter->set_area(args.Get("area"));
  return absl::OkStatus();
}

std::vector<FlagSpec> EventFlags() {
  return {{"from", "First revision (default: watch from now, list from the oldest retained)",
           false, false, false, "REVISION"},
          {"collection", "Only this collection, e.g. stores (repeatable)", false, true, false,
           "ID"},
          {"division", "Only resources in divisions/{code}", false, false, false, "NAME"},
          {"area", "Only resources in areas/{id}", false, false, false, "NAME"}};
}

void PrintEvent(const Context& ctx, const v1::Event& e) {
  if (ctx.format == OutputFormat::kJson) {
    *ctx.out << ToJson(e) << "\n";
    return;
  }
  *ctx.out << e.revision() << "." << e.index() << "\t" << FormatTimestamp(e.commit_time()) << "\t"
           << EnumLabel(e.type()) << "\t" << e.resource_name() << "\n";
}

int Watch(Context& ctx, const Args& args) {
  v1::WatchEventsRequest request;
  if (absl::Status s = ApplyEventFlags(args, &request); !s.ok()) return ctx.Fail(s);
  absl::StatusOr<sdk::EventClient> client = MakeEventClient(ctx);
  if (!client.ok()) return ctx.Fail(client.status());
  // Runs until interrupted or the server refuses (e.g. a compacted --from).
  absl::Status status = client->Watch(request, [&](const v1::WatchEventsResponse& response) {
    for (const v1::Event& e : response.events()) PrintEvent(ctx, e);
    ctx.out->flush();
    return true;
  });
  return ctx.Fail(status);
}

int List(Context& ctx, const Args& args) {
  v1::ListEventsRequest request;
  if (absl::Status s = ApplyEventFlags(args, &request); !s.ok()) return ctx.Fail(s);
  if (absl::Status s = ApplyPageFlags(args, &request); !s.ok()) return ctx.Fail(s);
  absl::StatusOr<sdk::EventClient> client = MakeEventClient(ctx);
  if (!client.ok()) return ctx.Fail(client.status());
  absl::StatusOr<v1::ListEventsResponse> page = client->ListEvents(request);
  if (!page.ok()) return ctx.Fail(page.status());
  if (ctx.format == OutputFormat::kJson) {
    *ctx.out << ToJson(*page);
    return kExitOk;
  }
  for (const v1::Event& e : page->events()) PrintEvent(ctx, e);
  *ctx.out << "read at revision " << page->read_revision() << "; oldest retained "
           << page->oldest_revision() << "\n";
  if (!page->next_page_token().empty()) {
    *ctx.out << "next page: --page_token=" << page->next_page_token() << "\n";
  }
  return kExitOk;
}

}  // namespace

std::vector<Command> EventCommands() {
  std::vector<FlagSpec> list_flags = EventFlags();
  for (FlagSpec& f : ListFlags()) {
    if (f.name != "max_pages") list_flags.push_back(f);
  }
  return {
      {{"event", "watch", "Follow the event feed (resumes by itself after disconnects)", "",
        EventFlags()},
       Watch},
      {{"event", "list", "One page of retained events", "", list_flags}, List},
  };
}

}  // namespace fangxin::cli
