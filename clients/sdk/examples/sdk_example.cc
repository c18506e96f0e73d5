// Registers a merchant, adds a store, and lists the stores of its division.
//
//   FANGXIN_TOKEN=fx_... sdk_example [ENDPOINT] [USCC]
//
// ENDPOINT defaults to 127.0.0.1:7443; USCC to a made-up but well-formed credit code.

#include <cstdlib>
#include <iostream>
#include <string>

#include "absl/status/statusor.h"
#include "clients/sdk/client.h"
#include "common/errors.h"

namespace {

namespace v1 = fangxin::v1;

int Fail(const char* what, const absl::Status& status) {
  std::cerr << what << " failed: " << status << "\n";
  for (const fangxin::FieldViolation& v : fangxin::FieldViolationsOf(status)) {
    std::cerr << "  " << v.field << ": " << v.description << "\n";
  }
  if (std::string reason = fangxin::ErrorReasonOf(status); !reason.empty()) {
    std::cerr << "  reason: " << reason << "\n";
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  fangxin::sdk::ClientOptions options;  // token from $FANGXIN_TOKEN
  if (argc > 1) options.endpoint = argv[1];
  const std::string uscc = argc > 2 ? argv[2] : "91320902MA1EXAMPLE";

  absl::StatusOr<std::shared_ptr<fangxin::sdk::Connection>> connection =
      fangxin::sdk::MakeConnection(options);
  if (!connection.ok()) return Fail("MakeConnection", connection.status());
  fangxin::sdk::Client client(*connection);

  // 1. Register the merchant (or reuse it if it is already registered).
  v1::Merchant merchant;
  merchant.set_uscc(uscc);
  merchant.set_legal_name("盐城市亭湖区示例商贸有限公司");
  merchant.set_division("divisions/320902");
  merchant.mutable_contact()->set_phone("0515-88888888");
  absl::StatusOr<v1::Merchant> created = client.CreateMerchant(merchant);
  if (created.status().code() == absl::StatusCode::kAlreadyExists) {
    created = client.GetMerchant("merchants/" + uscc);
  }
  if (!created.ok()) return Fail("CreateMerchant", created.status());
  std::cout << "merchant " << created->name() << " etag " << created->etag() << "\n";

  // 2. Add a store. The SDK gives the call a request_id, so its retries are safe.
  v1::Store store;
  store.set_display_name("示例便利店（建军路店）");
  store.set_address("盐城市亭湖区建军东路1号");
  store.set_division("divisions/320902");
  store.mutable_location()->set_latitude(33.3796);
  store.mutable_location()->set_longitude(120.1637);
  store.set_industry("retail");
  absl::StatusOr<v1::Store> added = client.CreateStore(created->name(), store);
  if (!added.ok()) return Fail("CreateStore", added.status());
  std::cout << "store " << added->name() << " etag " << added->etag() << "\n";

  // 3. List every store of the division; the range follows page tokens by itself.
  v1::ListStoresRequest request;
  request.set_division("divisions/320902");
  request.set_page_size(200);
  auto stores = client.ListStores(request);
  int count = 0;
  for (const absl::StatusOr<v1::Store>& s : stores) {
    if (!s.ok()) return Fail("ListStores", s.status());
    std::cout << "  " << s->name() << "  " << s->display_name() << "\n";
    ++count;
  }
  std::cout << count << " stores in divisions/320902 at revision " << stores.read_revision()
            << "\n";
  return 0;
}
