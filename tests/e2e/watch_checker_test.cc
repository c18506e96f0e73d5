// A checker in the spirit of etcd's robustness tests: several watch streams are recorded
// while a random write load runs against a real fangxind, across a server restart and a forced
// compaction; then each stream is verified against the feed's guarantees, using the audit log
// (never compacted) as the list of committed revisions:
//   ordered      revisions (and indexes within one) only increase;
//   unique       no event twice;
//   no gaps      every committed revision between a stream's start and its end was delivered,
//                with all its events;
//   atomic       a revision's events arrive in one message;
//   resumable    after a disconnect, resuming from the last revision received + 1 continues
//                without loss;
//   progress     progress notifications never go backwards and never run ahead of events;
//   compaction   resuming below the oldest retained revision is an explicit OUT_OF_RANGE
//                (REVISION_COMPACTED, with oldest_revision), never a silent skip.

#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "clients/sdk/client.h"
#include "common/errors.h"
#include "common/grpc_status.h"
#include "fangxin/v1/event_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/uscc.h"
#include "services/schema/fangxin_schema.h"
#include "storage/registry.h"
#include "tests/testing/fangxind_process.h"
#include "tests/testing/temp_dir.h"

namespace fangxin::testing {
namespace {

// The server's endpoint changes at each restart; writers and watchers read it here.
class Endpoint {
 public:
  void Set(std::string endpoint) {
    absl::MutexLock lock(&mu_);
    endpoint_ = std::move(endpoint);
  }
  std::string Get() const {
    absl::MutexLock lock(&mu_);
    return endpoint_;
  }

 private:
  mutable absl::Mutex mu_;
  std::string endpoint_;
};

std::string ErrorMetadata(const absl::Status& status, const std::string& key) {
  auto payload = status.GetPayload(kErrorInfoUrl);
  if (!payload) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  auto it = info.metadata().find(key);
  return it == info.metadata().end() ? "" : it->second;
}

// One stream: what it asked for and everything it received, message by message.
struct Segment {
  int64_t from = 0;
  std::vector<v1::WatchEventsResponse> messages;
  absl::Status end;
};

// Watches, resuming from the last revision received + 1 after every disconnect; on a
// compaction error it "re-lists" (here: resumes from the oldest retained revision, as a real
// consumer would after listing at that revision).
class Watcher {
 public:
  Watcher(const Endpoint* endpoint, std::string token, int64_t from)
      : endpoint_(endpoint), token_(std::move(token)), next_(from) {}

  void Run(const std::atomic<int64_t>* target, const std::atomic<bool>* paused) {
    for (int attempt = 0; attempt < 2000; ++attempt) {
      const int64_t want = target->load();
      if (want > 0 && next_ > want) return;
      if (paused->load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      Segment segment;
      segment.from = next_;
      auto channel = grpc::CreateChannel(endpoint_->Get(), grpc::InsecureChannelCredentials());
      auto stub = v1::EventService::NewStub(channel);
      grpc::ClientContext ctx;
      ctx.AddMetadata("authorization", "Bearer " + token_);
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      v1::WatchEventsRequest request;
      request.set_from_revision(next_);
      request.set_progress_interval_ms(100);
      auto reader = stub->WatchEvents(&ctx, request);
      v1::WatchEventsResponse response;
      while (reader->Read(&response)) {
        for (const v1::Event& e : response.events()) next_ = std::max(next_, e.revision() + 1);
        next_ = std::max(next_, response.progress_revision() + 1);
        segment.messages.push_back(response);
        const int64_t done = target->load();
        if ((done > 0 && next_ > done) || paused->load()) ctx.TryCancel();
      }
      segment.end = FromGrpcStatus(reader->Finish());
      if (segment.end.code() == absl::StatusCode::kOutOfRange) {
        int64_t oldest = 0;
        if (absl::SimpleAtoi(ErrorMetadata(segment.end, "oldest_revision"), &oldest)) {
          next_ = std::max(next_, oldest);
        }
      } else if (!segment.end.ok() && segment.messages.empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      segments_.push_back(std::move(segment));
    }
  }

  const std::vector<Segment>& segments() const { return segments_; }
  int64_t next() const { return next_; }

 private:
  const Endpoint* const endpoint_;
  const std::string token_;
  int64_t next_;
  std::vector<Segment> segments_;
};

// Checks one watcher's segments against the committed revisions (revision -> event count).
void CheckStream(const std::string& who, const std::vector<Segment>& segments,
                 const std::map<int64_t, int>& committed, int* compaction_errors) {
  int64_t delivered = 0;  // Last revision delivered or covered by progress, over all segments.
  int64_t last_event_revision = 0;
  int last_event_index = -1;
  for (size_t s = 0; s < segments.size(); ++s) {
    const Segment& segment = segments[s];
    SCOPED_TRACE(absl::StrCat(who, " segment ", s, " from ", segment.from));
    if (s > 0) {
      const Segment& previous = segments[s - 1];
      if (previous.end.code() == absl::StatusCode::kOutOfRange) {
        // The only way a stream may jump forward: an explicit compaction error first.
        EXPECT_EQ(ErrorReasonOf(previous.end), "REVISION_COMPACTED");
        int64_t oldest = 0;
        ASSERT_TRUE(absl::SimpleAtoi(ErrorMetadata(previous.end, "oldest_revision"), &oldest));
        EXPECT_GT(oldest, previous.from) << "compaction error for a retained revision";
        EXPECT_EQ(segment.from, oldest);
        ++*compaction_errors;
        delivered = segment.from - 1;
      } else {
        EXPECT_EQ(segment.from, delivered + 1) << "resumed elsewhere than last + 1";
      }
    } else {
      delivered = segment.from - 1;
    }
    int64_t progress = 0;
    for (const v1::WatchEventsResponse& message : segment.messages) {
      std::map<int64_t, int> in_message;
      for (const v1::Event& e : message.events()) {
        const bool later = e.revision() > last_event_revision ||
                           (e.revision() == last_event_revision && e.index() > last_event_index);
        EXPECT_TRUE(later) << "out of order or duplicate: " << e.revision() << "/" << e.index();
        // No gap: every committed revision between the last delivered one and this one.
        if (e.revision() != last_event_revision) {
          for (int64_t r = delivered + 1; r < e.revision(); ++r) {
            ADD_FAILURE() << "revision " << r << " was skipped";
          }
        }
        last_event_revision = e.revision();
        last_event_index = e.index();
        delivered = std::max(delivered, e.revision());
        ++in_message[e.revision()];
        auto c = committed.find(e.revision());
        ASSERT_NE(c, committed.end()) << "event of an uncommitted revision " << e.revision();
        EXPECT_EQ(e.count(), c->second);
      }
      for (const auto& [revision, n] : in_message) {
        EXPECT_EQ(n, committed.at(revision)) << "revision " << revision << " split";
      }
      EXPECT_GE(message.progress_revision(), progress) << "progress went backwards";
      progress = message.progress_revision();
      EXPECT_GE(progress, delivered) << "progress behind delivered events";
      // Progress claims every revision up to it: none may be missing before it.
      for (int64_t r = delivered + 1; r <= progress; ++r) {
        // Unfiltered watchers: every committed revision has events, so progress past an
        // undelivered committed revision is a silent skip.
        EXPECT_EQ(committed.count(r), 0u) << "progress " << progress << " skipped revision " << r;
      }
      delivered = std::max(delivered, progress);
    }
  }
}

TEST(WatchCheckerTest, StreamsKeepTheirGuaranteesAcrossRestartAndCompaction) {
  TempDir dir;
  FangxindProcess server(dir.path() + "/data");
  ASSERT_TRUE(server.Start().ok());
  Endpoint endpoint;
  endpoint.Set(server.endpoint());
  const std::string token = server.admin_token();

  // The load: merchants, stores, closures, from two writers that reconnect after a restart.
  std::atomic<bool> stop_writing{false};
  std::atomic<int64_t> acknowledged{0};
  auto writer = [&](int w) {
    std::mt19937 random(w);
    std::vector<v1::Store> open;
    std::string merchant;
    std::unique_ptr<sdk::Client> client_ptr;
    std::string connected_to;
    for (int i = 0; !stop_writing && i < 100000; ++i) {
      if (client_ptr == nullptr || connected_to != endpoint.Get()) {
        sdk::ClientOptions options;
        options.endpoint = connected_to = endpoint.Get();
        options.token = token;
        options.max_attempts = 1;
        options.timeout = absl::Seconds(2);
        auto connection = sdk::MakeConnection(options);
        if (!connection.ok()) continue;
        client_ptr = std::make_unique<sdk::Client>(*connection);
      }
      sdk::Client& client = *client_ptr;
      if (merchant.empty()) {
        const std::string first17 = absl::StrFormat("91320902%09d", 700 + w);
        v1::Merchant m;
        m.set_uscc(first17 + *UsccCheckCharacter(first17));
        m.set_legal_name(absl::StrCat("检查器商行", w));
        m.set_division("divisions/320902");
        auto created = client.CreateMerchant(m);
        if (created.ok() || created.status().code() == absl::StatusCode::kAlreadyExists) {
          merchant = absl::StrCat("merchants/", m.uscc());
        } else {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        continue;
      }
      absl::Status status;
      if (!open.empty() && random() % 4 == 0) {
        const v1::Store victim = open.back();
        open.pop_back();
        status = client.CloseStore(victim.name(), victim.etag(), "checker").status();
      } else {
        v1::Store s;
        s.set_display_name(absl::StrCat("检查器店", w, "-", i));
        s.set_address("盐城市亭湖区");
        s.set_division("divisions/320902");
        s.mutable_location()->set_latitude(33.38);
        s.mutable_location()->set_longitude(120.13);
        auto created = client.CreateStore(merchant, s);
        status = created.status();
        if (created.ok()) open.push_back(*created);
      }
      if (status.ok()) {
        ++acknowledged;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  };

  std::atomic<int64_t> target{0};
  std::atomic<bool> running{false};
  std::atomic<bool> laggard_paused{false};
  std::vector<std::unique_ptr<Watcher>> watchers;
  watchers.push_back(std::make_unique<Watcher>(&endpoint, token, 1));  // From the beginning.
  watchers.push_back(std::make_unique<Watcher>(&endpoint, token, 1));
  watchers.push_back(std::make_unique<Watcher>(&endpoint, token, 1));  // The laggard.
  std::vector<std::thread> threads;
  for (size_t i = 0; i < watchers.size(); ++i) {
    threads.emplace_back([&, i] {
      watchers[i]->Run(&target, i == 2 ? &laggard_paused : &running);
    });
  }
  std::thread writer1(writer, 1), writer2(writer, 2);

  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  laggard_paused = true;  // It stops taking events well before the compaction point.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));

  // Restart with a forced compaction in between (offline: the registry is closed by then).
  ASSERT_EQ(server.Stop(), 0);
  int64_t compacted_to = 0;
  {
    storage::RegistryOptions options;
    options.path = server.data_dir() + "/registry";
    auto registry = storage::Registry::Open(options, &FangxinSchema());
    ASSERT_TRUE(registry.ok()) << registry.status();
    compacted_to = (*registry)->CurrentRevision() - 10;
    ASSERT_GT(compacted_to, 1);
    ASSERT_TRUE((*registry)->CompactEvents(compacted_to).ok());
  }
  ASSERT_TRUE(server.Start().ok());
  endpoint.Set(server.endpoint());
  laggard_paused = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  stop_writing = true;
  writer1.join();
  writer2.join();

  // The final revision, then let every watcher reach it.
  int64_t final_revision = 0;
  {
    auto stub = v1::EventService::NewStub(
        grpc::CreateChannel(server.endpoint(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", "Bearer " + token);
    v1::ListEventsRequest request;
    request.set_page_size(1);
    v1::ListEventsResponse response;
    ASSERT_TRUE(stub->ListEvents(&ctx, request, &response).ok());
    final_revision = response.read_revision();
  }
  target = final_revision;
  for (std::thread& t : threads) t.join();
  ASSERT_EQ(server.Stop(), 0);

  // The committed revisions and their event counts, from the audit log.
  std::map<int64_t, int> committed;
  {
    storage::RegistryOptions options;
    options.path = server.data_dir() + "/registry";
    options.read_only = true;
    auto registry = storage::Registry::Open(options, &FangxinSchema());
    ASSERT_TRUE(registry.ok()) << registry.status();
    ASSERT_EQ((*registry)->CurrentRevision(), final_revision);
    auto audit = (*registry)->ReadAudit(1, final_revision);
    ASSERT_TRUE(audit.ok()) << audit.status();
    for (const v1::AuditEntry& entry : *audit) committed[entry.revision()] = entry.resources_size();
    EXPECT_TRUE((*registry)->CheckConsistency().ok()) << (*registry)->CheckConsistency();
  }
  ASSERT_EQ(static_cast<int64_t>(committed.size()), final_revision);
  EXPECT_GT(acknowledged.load(), 50) << "the load was too light to prove anything";

  int compaction_errors = 0;
  for (size_t i = 0; i < watchers.size(); ++i) {
    const std::vector<Segment>& segments = watchers[i]->segments();
    EXPECT_GE(segments.size(), 2u) << "watcher " << i << " never had to resume";
    EXPECT_EQ(watchers[i]->next(), final_revision + 1) << "watcher " << i;
    CheckStream(absl::StrCat("watcher ", i), segments, committed,
                &compaction_errors);
  }
  EXPECT_GE(compaction_errors, 1) << "the laggard must have been told of the compaction";
  std::printf("checker: %lld revisions, %lld acknowledged writes, compacted to %lld, "
              "%d compaction error(s)\n",
              static_cast<long long>(final_revision), static_cast<long long>(acknowledged.load()),
              static_cast<long long>(compacted_to), compaction_errors);
}

}  // namespace
}  // namespace fangxin::testing
