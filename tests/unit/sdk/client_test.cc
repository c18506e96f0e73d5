// Client over MockConnection: the natural-argument methods build the right requests, and
// ImportStores splits rows into chunks.

#include "clients/sdk/client.h"

#include <set>

#include "clients/sdk/mock_connection.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace fangxin::sdk {
namespace {

using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Invoke;
using ::testing::Return;
using ::testing::SizeIs;

// One result per row, refusing rows whose row number is divisible by 5.
absl::StatusOr<v1::ImportStoresResponse> AnswerChunk(
    const std::vector<v1::ImportStoresRequest>& rows) {
  v1::ImportStoresResponse response;
  for (const auto& r : rows) {
    v1::ImportStoreResult* result = response.add_results();
    result->set_row(r.row());
    if (r.row() % 5 == 0) {
      result->set_code(3);
    } else {
      result->mutable_store()->set_name(absl::StrCat("merchants/M/stores/r", r.row()));
    }
  }
  return response;
}

std::vector<v1::ImportStoresRequest> Rows(int n) {
  std::vector<v1::ImportStoresRequest> rows(n);
  for (int i = 0; i < n; ++i) rows[i].set_row(i + 1);
  return rows;
}

TEST(ClientImportTest, SplitsRowsIntoChunksAndReturnsResultsInRowOrder) {
  auto mock = std::make_shared<MockConnection>();
  std::vector<std::vector<v1::ImportStoresRequest>> chunks;
  EXPECT_CALL(*mock, ImportStores(_))
      .Times(3)
      .WillRepeatedly(Invoke([&](const std::vector<v1::ImportStoresRequest>& rows) {
        chunks.push_back(rows);
        return AnswerChunk(rows);
      }));
  Client client(mock);
  std::vector<ImportProgress> progress;
  ImportOptions options;
  options.chunk_size = 4;
  options.on_progress = [&](const ImportProgress& p) {
    EXPECT_THAT(p.chunk_results, SizeIs(p.chunks_done < 3 ? 4 : 2));
    progress.push_back(p);
  };

  auto results = client.ImportStores(Rows(10), options);

  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_THAT(*results, SizeIs(10));
  for (int i = 0; i < 10; ++i) EXPECT_EQ((*results)[i].row(), i + 1);
  EXPECT_EQ((*results)[4].code(), 3);
  ASSERT_THAT(chunks, SizeIs(3));
  EXPECT_THAT(chunks[0], SizeIs(4));
  EXPECT_THAT(chunks[1], SizeIs(4));
  EXPECT_THAT(chunks[2], SizeIs(2));
  EXPECT_EQ(chunks[1][0].row(), 5);
  std::set<std::string> ids;
  for (const auto& c : chunks) {
    for (const auto& r : c) ids.insert(r.request_id());
  }
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_EQ(ids.count(""), 0u);

  ASSERT_THAT(progress, SizeIs(3));
  EXPECT_EQ(progress[0].rows_total, 10u);
  EXPECT_EQ(progress[0].chunks_total, 3u);
  EXPECT_EQ(progress[0].rows_sent, 4u);
  EXPECT_EQ(progress[0].rows_acknowledged, 4u);
  EXPECT_EQ(progress[1].rows_failed, 1u);  // row 5
  EXPECT_EQ(progress[2].rows_acknowledged, 10u);
  EXPECT_EQ(progress[2].rows_created, 8u);
  EXPECT_EQ(progress[2].rows_failed, 2u);  // rows 5 and 10
}

TEST(ClientImportTest, KeepsTheCallersRequestIds) {
  auto mock = std::make_shared<MockConnection>();
  EXPECT_CALL(*mock, ImportStores(_))
      .WillOnce(Invoke([](const std::vector<v1::ImportStoresRequest>& rows) {
        EXPECT_EQ(rows[0].request_id(), "mine");
        EXPECT_FALSE(rows[1].request_id().empty());
        return AnswerChunk(rows);
      }));
  auto rows = Rows(2);
  rows[0].set_request_id("mine");
  EXPECT_TRUE(Client(mock).ImportStores(rows).ok());
}

TEST(ClientImportTest, AFailedChunkStopsTheImport) {
  auto mock = std::make_shared<MockConnection>();
  EXPECT_CALL(*mock, ImportStores(_))
      .WillOnce(Invoke(AnswerChunk))
      .WillOnce(Return(absl::UnavailableError("down")));
  ImportOptions options;
  options.chunk_size = 2;
  auto results = Client(mock).ImportStores(Rows(6), options);
  EXPECT_EQ(results.status().code(), absl::StatusCode::kUnavailable);
}

TEST(ClientImportTest, AWrongNumberOfResultsIsAnError) {
  auto mock = std::make_shared<MockConnection>();
  EXPECT_CALL(*mock, ImportStores(_))
      .WillOnce(Invoke([](const std::vector<v1::ImportStoresRequest>& rows) {
        auto response = AnswerChunk(rows);
        response->mutable_results()->RemoveLast();
        return response;
      }));
  EXPECT_EQ(Client(mock).ImportStores(Rows(3)).status().code(), absl::StatusCode::kInternal);
}

TEST(ClientImportTest, NoRowsNoStreamAndBadChunkSize) {
  auto mock = std::make_shared<MockConnection>();
  EXPECT_CALL(*mock, ImportStores(_)).Times(0);
  Client client(mock);
  auto empty = client.ImportStores({});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
  ImportOptions options;
  options.chunk_size = 0;
  EXPECT_EQ(client.ImportStores(Rows(1), options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ClientTest, NaturalArgumentsBuildTheRequests) {
  auto mock = std::make_shared<MockConnection>();
  v1::Store store;
  store.set_display_name("店");
  EXPECT_CALL(*mock, CreateStore(_)).WillOnce(Invoke([&](const v1::CreateStoreRequest& r) {
    EXPECT_EQ(r.parent(), "merchants/M");
    EXPECT_EQ(r.store_id(), "s1");
    EXPECT_EQ(r.store().display_name(), "店");
    return r.store();
  }));
  EXPECT_CALL(*mock, CloseStore(_)).WillOnce(Invoke([](const v1::CloseStoreRequest& r) {
    EXPECT_EQ(r.name(), "merchants/M/stores/s1");
    EXPECT_EQ(r.etag(), "12");
    EXPECT_EQ(r.reason(), "moved");
    return v1::Store();
  }));
  EXPECT_CALL(*mock, UpdateStore(_)).WillOnce(Invoke([](const v1::UpdateStoreRequest& r) {
    EXPECT_THAT(r.update_mask().paths(), ElementsAre("address"));
    return r.store();
  }));
  Client client(mock);
  EXPECT_TRUE(client.CreateStore("merchants/M", store, "s1").ok());
  EXPECT_TRUE(client.CloseStore("merchants/M/stores/s1", "12", "moved").ok());
  google::protobuf::FieldMask mask;
  mask.add_paths("address");
  EXPECT_TRUE(client.UpdateStore(store, mask).ok());
}

TEST(ClientTest, ListDivisionsSendsFiltersOnEveryPage) {
  auto mock = std::make_shared<MockConnection>();
  std::vector<std::string> tokens;
  EXPECT_CALL(*mock, ListDivisions(_))
      .Times(2)
      .WillRepeatedly(Invoke([&](const v1::ListDivisionsRequest& r) {
        EXPECT_EQ(r.parent(), "divisions/320900");
        EXPECT_EQ(r.level(), v1::DIVISION_LEVEL_COUNTY);
        tokens.push_back(r.page_token());
        v1::ListDivisionsResponse response;
        response.add_divisions()->set_code(r.page_token().empty() ? "320902" : "320903");
        if (r.page_token().empty()) response.set_next_page_token("p2");
        response.set_read_revision(5);
        return response;
      }));
  Client client(mock);
  auto range = client.ListDivisions("divisions/320900", v1::DIVISION_LEVEL_COUNTY);
  std::vector<std::string> codes;
  for (const auto& d : range) codes.push_back(d->code());
  EXPECT_THAT(codes, ElementsAre("320902", "320903"));
  EXPECT_THAT(tokens, ElementsAre("", "p2"));
  EXPECT_EQ(range.read_revision(), 5);
}

TEST(ClientTest, TheBaseConnectionAnswersUnimplemented) {
  Client client(std::make_shared<Connection>());
  EXPECT_EQ(client.GetStore("merchants/M/stores/s").status().code(),
            absl::StatusCode::kUnimplemented);
}

}  // namespace
}  // namespace fangxin::sdk
