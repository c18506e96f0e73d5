#ifndef FANGXIN_TESTS_UNIT_STORAGE_FEED_FIXTURE_H_
#define FANGXIN_TESTS_UNIT_STORAGE_FEED_FIXTURE_H_

// For the watch, counter and compaction tests: the storage test schema with scopes (a store
// lies in its division and its area) and one counter (an OPEN store counts in "open" of each
// of its scopes), and a reader of ErrorInfo metadata.

#include <string>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "tests/unit/storage/registry_fixture.h"

namespace fangxin::storage::testing {

inline std::vector<std::string> StoreScopesForTest(const google::protobuf::Message& m) {
  const auto& store = static_cast<const Store&>(m);
  std::vector<std::string> scopes = {store.division()};
  if (!store.area().empty()) scopes.push_back(store.area());
  return scopes;
}

inline Schema FeedSchema() {
  Schema base = TestSchema();
  Schema schema;
  for (const CollectionSpec* spec : base.All()) {
    CollectionSpec copy = *spec;
    if (copy.collection == "stores") {
      copy.scopes = StoreScopesForTest;
      copy.counters = [](const google::protobuf::Message& m) {
        std::vector<CounterContribution> out;
        if (static_cast<const Store&>(m).state() != fangxin::v1::STORE_STATE_OPEN) return out;
        for (const std::string& scope : StoreScopesForTest(m)) out.push_back({scope, "open", 1});
        return out;
      };
    }
    EXPECT_TRUE(schema.Register(std::move(copy)).ok());
  }
  return schema;
}

inline std::shared_ptr<Store> OpenStore(const std::string& name, const std::string& division,
                                        const std::string& area = "") {
  auto store = MakeStore(name, division, area);
  store->set_state(fangxin::v1::STORE_STATE_OPEN);
  return store;
}

// The ErrorInfo metadata value `key` of `status`, "" when absent.
inline std::string ErrorMetadata(const absl::Status& status, const std::string& key) {
  auto payload = status.GetPayload(kErrorInfoUrl);
  if (!payload) return "";
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) return "";
  auto it = info.metadata().find(key);
  return it == info.metadata().end() ? "" : it->second;
}

class FeedRegistryTest : public RegistryTest {
 protected:
  FeedRegistryTest() { schema_ = FeedSchema(); }
};

}  // namespace fangxin::storage::testing

#endif  // FANGXIN_TESTS_UNIT_STORAGE_FEED_FIXTURE_H_
