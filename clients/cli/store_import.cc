#include "clients/cli/store_import.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/cli/cmd_util.h"
#include "common/errors.h"
#include "common/sha256.h"
#include "services/common/csv.h"

namespace fangxin::cli {
namespace {

constexpr const char* kColumns[] = {"merchant", "name", "address", "division", "township",
                                    "lat",      "lng",  "area",    "industry", "id"};
constexpr const char* kRequiredColumns[] = {"merchant", "name", "address",
                                            "division", "lat",  "lng"};
constexpr char kErrorColumn[] = "error";
constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

std::string Cell(const ImportLayout& layout, const std::vector<std::string>& record,
                 const std::string& column) {
  auto it = layout.columns.find(column);
  if (it == layout.columns.end() || it->second >= static_cast<int>(record.size())) return "";
  return std::string(absl::StripAsciiWhitespace(record[it->second]));
}

// The record without the `error` column, so a rejects file re-imported and rejected again does
// not grow a second one.
std::vector<std::string> WithoutErrorColumn(const ImportLayout& layout,
                                            std::vector<std::string> record) {
  if (layout.error_column >= 0 && layout.error_column < static_cast<int>(record.size())) {
    record.erase(record.begin() + layout.error_column);
  }
  return record;
}

v1::ImportStoreResult LocalReject(int64_t row, const absl::Status& status) {
  v1::ImportStoreResult result;
  result.set_row(row);
  result.set_code(static_cast<int>(status.code()));
  result.set_message(std::string(status.message()));
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    v1::FieldError* e = result.add_field_errors();
    e->set_field(v.field);
    e->set_description(v.description);
  }
  return result;
}

struct Reject {
  std::vector<std::string> record;
  v1::ImportStoreResult result;
};

// Counts and output of one import run.
class ImportRun {
 public:
  ImportRun(Context& ctx, int64_t total) : ctx_(ctx), total_(total), start_(absl::Now()) {}

  void Add(std::vector<std::string> record, v1::ImportStoreResult result) {
    if (result.code() == 0) {
      ++created_;
    } else {
      ++rejected_;
      rejects_.push_back({std::move(record), result});
    }
    if (ctx_.format == OutputFormat::kJson) *response_.add_results() = std::move(result);
  }

  void ReportProgress() {
    const int64_t done = created_ + rejected_;
    if (ctx_.err_is_terminal) {
      constexpr int kBarWidth = 30;
      const int filled = total_ > 0 ? static_cast<int>(kBarWidth * done / total_) : kBarWidth;
      *ctx_.err << "\r[" << std::string(filled, '#') << std::string(kBarWidth - filled, '-')
                << "] "
                << absl::StrFormat("%3d%%  %d/%d rows  %d imported  %d rejected  %.0f rows/s ",
                                   total_ > 0 ? 100 * done / total_ : 100, done, total_, created_,
                                   rejected_, RowsPerSecond())
                << std::flush;
      bar_drawn_ = true;
    } else {
      *ctx_.err << absl::StrFormat("%d/%d rows: %d imported, %d rejected (%.0f rows/s)\n", done,
                                   total_, created_, rejected_, RowsPerSecond());
    }
  }

  void EndProgress() {
    if (bar_drawn_) *ctx_.err << "\n";
    bar_drawn_ = false;
  }

  // Prints the summary and every rejected row, and writes the rejects file. Returns the exit
  // code for a run that was not interrupted.
  int Finish(const std::string& path, const ImportLayout& layout, const std::string& rejects_path,
             bool bom) {
    EndProgress();
    SortByRow();
    std::ostream& summary = ctx_.format == OutputFormat::kJson ? *ctx_.err : *ctx_.out;
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    summary << absl::StrFormat("%s: %d imported, %d rejected of %d rows in %.1f s (%.0f "
                               "rows/s).\n",
                               path, created_, rejected_, created_ + rejected_, seconds,
                               RowsPerSecond());
    if (!rejects_.empty()) {
      summary << "Rejected rows:\n";
      for (const Reject& r : rejects_) {
        summary << "  row " << r.result.row() << ": "
                << absl::StatusCodeToString(static_cast<absl::StatusCode>(r.result.code()))
                << ": " << r.result.message() << "\n";
        for (const v1::FieldError& e : r.result.field_errors()) {
          const std::string column = ImportColumnForField(e.field());
          summary << "    " << column;
          if (column != e.field()) summary << " (" << e.field() << ")";
          summary << ": " << e.description() << "\n";
        }
      }
      absl::Status written = WriteRejects(layout, rejects_path, bom);
      if (written.ok()) {
        summary << "Rejected rows written to " << rejects_path
                << " with an `error` column; fix them there and import that file.\n";
      } else {
        *ctx_.err << "error: " << written.message() << "\n";
      }
    }
    if (ctx_.format == OutputFormat::kJson) {
      response_.set_created(created_);
      response_.set_failed(rejected_);
      *ctx_.out << ToJson(response_);
    }
    return rejects_.empty() ? kExitOk : kExitRejected;
  }

  // After a chunk failed as a whole: the error, what was done, how to resume.
  int Interrupted(const absl::Status& status, int64_t first_unfinished_row,
                  const ImportLayout& layout, const std::string& rejects_path, bool bom) {
    EndProgress();
    SortByRow();
    ctx_.Fail(status);
    *ctx_.err << "Import stopped at row " << first_unfinished_row << " after " << created_
              << " imported and " << rejected_
              << " rejected rows. Run the same command again to finish: rows already created "
                 "carry the same request ids and are not created twice.\n";
    if (!rejects_.empty()) {
      if (absl::Status s = WriteRejects(layout, rejects_path, bom); s.ok()) {
        *ctx_.err << "Rejected rows so far written to " << rejects_path << ".\n";
      }
    }
    return kExitError;
  }

 private:
  // A row refused locally is recorded at once, before the rows of the chunk it follows in the
  // file are answered; reports go in file order.
  void SortByRow() {
    std::stable_sort(rejects_.begin(), rejects_.end(), [](const Reject& a, const Reject& b) {
      return a.result.row() < b.result.row();
    });
    std::stable_sort(response_.mutable_results()->begin(), response_.mutable_results()->end(),
                     [](const v1::ImportStoreResult& a, const v1::ImportStoreResult& b) {
                       return a.row() < b.row();
                     });
  }

  double RowsPerSecond() const {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    return seconds > 0 ? static_cast<double>(created_ + rejected_) / seconds : 0;
  }

  absl::Status WriteRejects(const ImportLayout& layout, const std::string& rejects_path,
                            bool bom) const {
    std::ofstream out(rejects_path, std::ios::binary | std::ios::trunc);
    if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", rejects_path));
    if (bom) out << kUtf8Bom;
    std::vector<std::string> header = WithoutErrorColumn(layout, layout.header);
    header.push_back(kErrorColumn);
    out << FormatCsvRecord(header) << "\r\n";
    for (const Reject& r : rejects_) {
      std::vector<std::string> record = WithoutErrorColumn(layout, r.record);
      record.resize(header.size() - 1);
      record.push_back(RejectReason(r.result));
      out << FormatCsvRecord(record) << "\r\n";
    }
    out.flush();
    if (!out) return absl::DataLossError(absl::StrCat("writing ", rejects_path, " failed"));
    return absl::OkStatus();
  }

  Context& ctx_;
  const int64_t total_;
  const absl::Time start_;
  int64_t created_ = 0;
  int64_t rejected_ = 0;
  bool bar_drawn_ = false;
  std::vector<Reject> rejects_;
  v1::ImportStoresResponse response_;  // JSON output only
};

}  // namespace

absl::StatusOr<ImportLayout> ParseImportHeader(const std::vector<std::string>& header) {
  ImportLayout layout;
  layout.header = header;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
    if (name == kErrorColumn) {
      layout.error_column = static_cast<int>(i);
      continue;
    }
    bool known = false;
    for (const char* c : kColumns) known = known || name == c;
    if (!known) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown column '", header[i], "' (column ", i + 1,
                       "); columns: ", absl::StrJoin(kColumns, ","), " and an ignored ",
                       kErrorColumn));
    }
    if (!layout.columns.emplace(name, static_cast<int>(i)).second) {
      return absl::InvalidArgumentError(absl::StrCat("column '", name, "' appears twice"));
    }
  }
  for (const char* c : kRequiredColumns) {
    if (layout.columns.count(c) == 0) {
      return absl::InvalidArgumentError(absl::StrCat("missing required column '", c, "'"));
    }
  }
  return layout;
}

absl::StatusOr<v1::ImportStoresRequest> ImportRowToRequest(const ImportLayout& layout,
                                                           const std::vector<std::string>& record,
                                                           int64_t row) {
  if (record.size() != layout.header.size()) {
    return InvalidFieldError("row", absl::StrCat("has ", record.size(), " fields; the header has ",
                                                 layout.header.size()));
  }
  FieldViolations violations;
  double coordinates[2] = {0, 0};
  const char* coordinate_columns[2] = {"lat", "lng"};
  for (int k = 0; k < 2; ++k) {
    const std::string text = Cell(layout, record, coordinate_columns[k]);
    if (text.empty()) {
      violations.Add(coordinate_columns[k], "is required");
    } else if (absl::StatusOr<double> v = ParseDouble(coordinate_columns[k], text); !v.ok()) {
      violations.Add(coordinate_columns[k], absl::StrCat("is not a number: '", text, "'"));
    } else {
      coordinates[k] = *v;
    }
  }
  if (!violations.empty()) return violations.ToStatus();

  v1::ImportStoresRequest request;
  request.set_row(row);
  request.set_parent(MerchantName(Cell(layout, record, "merchant")));
  request.set_store_id(Cell(layout, record, "id"));
  v1::Store* store = request.mutable_store();
  store->set_display_name(Cell(layout, record, "name"));
  store->set_address(Cell(layout, record, "address"));
  store->set_division(DivisionName(Cell(layout, record, "division")));
  store->set_township(DivisionName(Cell(layout, record, "township")));
  store->set_area(AreaName(Cell(layout, record, "area")));
  store->set_industry(Cell(layout, record, "industry"));
  store->mutable_location()->set_latitude(coordinates[0]);
  store->mutable_location()->set_longitude(coordinates[1]);
  request.set_request_id(ImportRequestId(layout, record, row));
  return request;
}

std::string ImportRequestId(const ImportLayout& layout, const std::vector<std::string>& record,
                            int64_t row) {
  std::string canonical = absl::StrCat("fangxinctl store import v1\nrow=", row, "\n");
  for (const char* c : kColumns) absl::StrAppend(&canonical, c, "=", Cell(layout, record, c), "\n");
  return absl::StrCat("imp-", Sha256Hex(canonical).substr(0, 40));
}

std::string ImportColumnForField(absl::string_view field) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"parent", "merchant"},
      {"store_id", "id"},
      {"store.display_name", "name"},
      {"store.address", "address"},
      {"store.division", "division"},
      {"store.township", "township"},
      {"store.area", "area"},
      {"store.industry", "industry"},
      {"store.location.latitude", "lat"},
      {"store.location.longitude", "lng"},
      {"store.location", "lat/lng"},
  };
  for (const auto& [path, column] : kMap) {
    if (field == path) return column;
  }
  return std::string(field);
}

std::string RejectReason(const v1::ImportStoreResult& result) {
  const std::string code =
      absl::StatusCodeToString(static_cast<absl::StatusCode>(result.code()));
  if (result.field_errors_size() == 0) return absl::StrCat(code, ": ", result.message());
  std::vector<std::string> parts;
  for (const v1::FieldError& e : result.field_errors()) {
    parts.push_back(absl::StrCat(ImportColumnForField(e.field()), ": ", e.description()));
  }
  return absl::StrCat(code, ": ", absl::StrJoin(parts, "; "));
}

std::string DefaultRejectsPath(const std::string& path) {
  std::string base = path;
  if (absl::EndsWithIgnoreCase(base, ".csv")) base.resize(base.size() - 4);
  return base + ".rejected.csv";
}

CommandSpec StoreImportSpec() {
  return {"store",
          "import",
          "Create the stores listed in a CSV file.",
          "FILE.csv",
          {
              {"chunk_size", "rows per stream (default 500)", false, false, false, "N"},
              {"rejects", "where to write the rejected rows (default FILE.rejected.csv)", false,
               false, false, "FILE"},
          },
          "The header names the columns like store create's flags:\n"
          "  merchant,name,address,division,township,lat,lng,area,industry,id\n"
          "(merchant, name, address, division, lat and lng are required; an `error` column is\n"
          "ignored). Rows go in chunks, one stream each. Each row's request id is derived from\n"
          "its row number and values, so running the command again after an interruption\n"
          "creates nothing twice (rows written by an earlier run count as imported again).\n"
          "Rejected rows are printed and written, with an `error`\n"
          "column, to FILE.rejected.csv. Exit code 3 when any row was rejected."};
}

int RunStoreImport(Context& ctx, const Args& args) {
  const std::string path = args.positional()[0];
  int chunk_size = 500;
  if (args.Has("chunk_size")) {
    absl::StatusOr<int> n = ParseInt("chunk_size", args.Get("chunk_size"), 1, 10000);
    if (!n.ok()) return ctx.Usage(n.status().message());
    chunk_size = *n;
  }
  const std::string rejects_path = args.Get("rejects", DefaultRejectsPath(path));

  // Pass 1: the header and the whole file's syntax are checked, and the rows counted, before
  // anything is sent.
  std::ifstream in(path, std::ios::binary);
  if (!in) return ctx.Fail(absl::NotFoundError(absl::StrCat("cannot open ", path)));
  char head[3] = {0, 0, 0};
  in.read(head, 3);
  const bool bom = in.gcount() == 3 && std::string(head, 3) == kUtf8Bom;
  in.clear();
  in.seekg(0);
  CsvReader reader(&in);
  std::vector<std::string> header;
  if (!reader.Next(&header)) {
    return ctx.Usage(reader.status().ok() ? absl::StrCat(path, " is empty")
                                          : absl::StrCat(path, ": ", reader.status().message()));
  }
  absl::StatusOr<ImportLayout> layout = ParseImportHeader(header);
  if (!layout.ok()) return ctx.Usage(absl::StrCat(path, ": ", layout.status().message()));
  int64_t total = 0;
  std::vector<std::string> record;
  while (reader.Next(&record)) ++total;
  if (!reader.status().ok()) {
    return ctx.Usage(absl::StrCat(path, ": ", reader.status().message()));
  }

  // Pass 2: rows in chunks.
  std::ifstream again(path, std::ios::binary);
  if (!again) return ctx.Fail(absl::NotFoundError(absl::StrCat("cannot reopen ", path)));
  CsvReader rows(&again);
  rows.Next(&header);
  ImportRun run(ctx, total);
  std::vector<v1::ImportStoresRequest> chunk;
  std::vector<std::vector<std::string>> chunk_records;
  auto send = [&]() -> absl::Status {
    if (chunk.empty()) return absl::OkStatus();
    sdk::ImportOptions options;
    options.chunk_size = static_cast<int>(chunk.size());  // one stream
    absl::StatusOr<std::vector<v1::ImportStoreResult>> results =
        ctx.client.ImportStores(chunk, options);
    if (!results.ok()) return results.status();
    for (size_t i = 0; i < results->size(); ++i) {
      run.Add(std::move(chunk_records[i]), std::move((*results)[i]));
    }
    chunk.clear();
    chunk_records.clear();
    run.ReportProgress();
    return absl::OkStatus();
  };
  while (rows.Next(&record)) {
    absl::StatusOr<v1::ImportStoresRequest> request =
        ImportRowToRequest(*layout, record, rows.line());
    if (!request.ok()) {
      run.Add(record, LocalReject(rows.line(), request.status()));
      continue;
    }
    chunk.push_back(*std::move(request));
    chunk_records.push_back(record);
    if (chunk.size() == static_cast<size_t>(chunk_size)) {
      if (absl::Status s = send(); !s.ok()) {
        return run.Interrupted(s, chunk.front().row(), *layout, rejects_path, bom);
      }
    }
  }
  if (!rows.status().ok()) {  // the file changed under us
    return ctx.Fail(absl::DataLossError(absl::StrCat(path, ": ", rows.status().message())));
  }
  if (absl::Status s = send(); !s.ok()) {
    return run.Interrupted(s, chunk.front().row(), *layout, rejects_path, bom);
  }
  return run.Finish(path, *layout, rejects_path, bom);
}

}  // namespace fangxin::cli
