#ifndef FANGXIN_CLIENTS_CLI_STORE_IMPORT_H_
#define FANGXIN_CLIENTS_CLI_STORE_IMPORT_H_

// `fangxinctl store import FILE.csv`: stores from a CSV file whose header names the same fields
// as `store create`'s flags:
//   merchant,name,address,division,township,lat,lng,area,industry,id
// merchant, name, address, division, lat and lng are required columns; the others optional; an
// `error` column (as in a rejected-rows file) is ignored, so a fixed rejects file can be
// imported as it is. Any other column is a usage error naming it.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/cli/cli.h"
#include "fangxin/v1/merchant_service.pb.h"

namespace fangxin::cli {

// Where each known column sits in a record.
struct ImportLayout {
  std::vector<std::string> header;     // as in the file
  std::map<std::string, int> columns;  // known column -> index in the record
  int error_column = -1;               // index of an `error` column, or -1
};

// INVALID_ARGUMENT naming an unknown, duplicated or missing required column.
absl::StatusOr<ImportLayout> ParseImportHeader(const std::vector<std::string>& header);

// The request for the record that begins on line `row`. Values are trimmed of surrounding ASCII
// whitespace; names are accepted in short form (USCC, division code, area id). INVALID_ARGUMENT
// with a BadRequest detail naming columns for what the CLI can judge itself: a record whose
// field count differs from the header's, lat/lng missing or not numbers. Everything else is
// left to the server, which gives the same rules to every client.
absl::StatusOr<v1::ImportStoresRequest> ImportRowToRequest(const ImportLayout& layout,
                                                           const std::vector<std::string>& record,
                                                           int64_t row);

// The request_id of a record: a hash of its row number and its values (column by column, so
// the order of columns does not matter). Re-running an interrupted import sends the same ids,
// so the rows already written are answered with their first result instead of being created
// again; so does re-running after fixing other rows of the file.
std::string ImportRequestId(const ImportLayout& layout, const std::vector<std::string>& record,
                            int64_t row);

// The CSV column a request field path comes from ("store.location.latitude" -> "lat"); the
// path itself when there is none.
std::string ImportColumnForField(absl::string_view field);

// The `error` cell of a rejected row: "CODE: column: rule; column: rule" or "CODE: message".
std::string RejectReason(const v1::ImportStoreResult& result);

// `FILE.csv` -> `FILE.rejected.csv` (any other name: `NAME.rejected.csv`).
std::string DefaultRejectsPath(const std::string& path);

CommandSpec StoreImportSpec();
int RunStoreImport(Context& ctx, const Args& args);

}  // namespace fangxin::cli

#endif  // FANGXIN_CLIENTS_CLI_STORE_IMPORT_H_
