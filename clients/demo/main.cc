// fangxin-demo: generates the demo data set (clients/demo/demo_data.h) and loads it into a
// running fangxind through the C++ SDK, and/or writes it as CSV files.
//
//   fangxin-demo --server=127.0.0.1:7443 --token_file=var/data/admin.key
//   fangxin-demo --load=false --csv_out=/tmp/demo        # CSV only, no server
//
// Loading is idempotent: every request carries a request id derived from the seed
// (`demo-<seed>-merchant-<i>` ...), so running it again with the same key and seed changes
// nothing, and a resource that already exists (created under another key) counts as present.
// Order: areas, then merchants (--concurrency calls in flight), then stores through the
// client-streaming ImportStores, split over the same number of streams, then pledges
// (clients/demo/demo_pledges.h): filed, activated, and one suspended, then complaints and
// inspections (clients/demo/demo_compliance.h), then certification
// (clients/demo/demo_certification.h): programmes, imported certificates and live
// applications. A complaint is ingested (idempotent on source and external id) and then moved
// on only as far as its planned state still needs; an inspection is recorded only when its
// pledge has no inspection by the same inspector and findings yet; an application is read
// first and taken only through the steps its stage still needs.
//
// Exit status: 0 when everything is present afterwards, 1 when anything failed, 2 for bad
// flags or input.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/demo/csv_export.h"
#include "clients/demo/demo_certification.h"
#include "clients/demo/demo_compliance.h"
#include "clients/demo/demo_data.h"
#include "clients/demo/demo_pledges.h"
#include "clients/demo/demo_timeline.h"
#include "clients/sdk/certification_client.h"
#include "clients/sdk/client.h"
#include "clients/sdk/compliance_client.h"
#include "clients/sdk/pledge_client.h"
#include "common/errors.h"
#include "services/common/division_directory.h"

ABSL_FLAG(std::string, server, "127.0.0.1:7443", "fangxind gRPC address, host:port");
ABSL_FLAG(std::string, token, "",
          "API key (fx_...); default: --token_file, then $FANGXIN_TOKEN. Needs the admin or "
          "regulator role.");
ABSL_FLAG(std::string, token_file, "", "File holding the API key, e.g. var/data/admin.key");
ABSL_FLAG(std::string, tls_root_certs, "",
          "PEM file of root certificates for a TLS server; empty for plaintext (loopback only)");
ABSL_FLAG(std::string, divisions, "deploy/data/yancheng-divisions.csv", "Divisions CSV");
ABSL_FLAG(uint64_t, seed, 20220315, "Seed of the data set; the same seed gives the same data");
ABSL_FLAG(int32_t, merchants, 7600, "Number of merchants (stores come to ~1.37 per merchant)");
ABSL_FLAG(std::string, csv_out, "",
          "If set, also write stores.csv, merchants.csv and areas.csv into this directory");
ABSL_FLAG(bool, load, true, "Load into --server; --load=false only generates (and writes CSV)");
ABSL_FLAG(int32_t, concurrency, 32, "Calls (merchants) or import streams (stores) in flight");
ABSL_FLAG(int32_t, chunk_size, 500, "Store rows per ImportStores stream");

namespace {

namespace v1 = fangxin::v1;
using fangxin::demo::DemoData;

// Outcome counts of one phase. Thread-safe.
class Tally {
 public:
  explicit Tally(std::string what) : what_(std::move(what)), start_(absl::Now()) {}

  void Created() { created_.fetch_add(1, std::memory_order_relaxed); }
  void Existing() { existing_.fetch_add(1, std::memory_order_relaxed); }
  void Failed(const std::string& item, const absl::Status& status) {
    const int64_t n = failed_.fetch_add(1, std::memory_order_relaxed);
    if (n < kMaxReported) {
      Report(item, status.code(), std::string(status.message()),
             fangxin::FieldViolationsOf(status));
    }
  }
  void Failed(const std::string& item, absl::StatusCode code, const std::string& message,
              const std::vector<fangxin::FieldViolation>& fields) {
    const int64_t n = failed_.fetch_add(1, std::memory_order_relaxed);
    if (n < kMaxReported) Report(item, code, message, fields);
  }

  int64_t failed() const { return failed_.load(); }
  int64_t done() const { return created_.load() + existing_.load() + failed_.load(); }

  void Print() const {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const int64_t total = done();
    std::printf("%-10s %7lld ok (%lld already there), %lld failed, in %.1f s (%.0f/s)\n",
                what_.c_str(), static_cast<long long>(created_.load() + existing_.load()),
                static_cast<long long>(existing_.load()), static_cast<long long>(failed_.load()),
                seconds, seconds > 0 ? total / seconds : 0.0);
    if (failed_.load() > kMaxReported) {
      std::printf("           (only the first %d failures were shown)\n", kMaxReported);
    }
    std::fflush(stdout);
  }

 private:
  static constexpr int kMaxReported = 10;

  void Report(const std::string& item, absl::StatusCode code, const std::string& message,
              const std::vector<fangxin::FieldViolation>& fields) {
    absl::MutexLock lock(&print_mu_);
    std::fprintf(stderr, "%s %s: %s: %s\n", what_.c_str(), item.c_str(),
                 absl::StatusCodeToString(code).c_str(), message.c_str());
    for (const fangxin::FieldViolation& v : fields) {
      std::fprintf(stderr, "    %s: %s\n", v.field.c_str(), v.description.c_str());
    }
  }

  const std::string what_;
  const absl::Time start_;
  std::atomic<int64_t> created_{0};
  std::atomic<int64_t> existing_{0};
  std::atomic<int64_t> failed_{0};
  absl::Mutex print_mu_;
};

// Runs fn(i) for i in [0, n) on `threads` threads.
template <typename Fn>
void ParallelFor(size_t n, int threads, Fn fn) {
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  const int count = static_cast<int>(std::max<size_t>(1, std::min<size_t>(threads, n)));
  for (int t = 0; t < count; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
    });
  }
  for (std::thread& th : pool) th.join();
}

absl::StatusOr<std::string> ReadToken() {
  std::string token = absl::GetFlag(FLAGS_token);
  const std::string file = absl::GetFlag(FLAGS_token_file);
  if (token.empty() && !file.empty()) {
    std::ifstream in(file);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read --token_file ", file));
    std::stringstream buffer;
    buffer << in.rdbuf();
    token = std::string(absl::StripAsciiWhitespace(buffer.str()));
    if (token.empty()) return absl::InvalidArgumentError(absl::StrCat(file, " is empty"));
  }
  return token;  // empty: the SDK falls back to $FANGXIN_TOKEN
}

void LoadAreas(fangxin::sdk::Client& client, const DemoData& data, int64_t* failed) {
  Tally tally("areas");
  ParallelFor(data.areas.size(), absl::GetFlag(FLAGS_concurrency), [&](size_t i) {
    const fangxin::demo::DemoArea& a = data.areas[i];
    v1::CreateAreaRequest request;
    request.set_area_id(a.area_id);
    *request.mutable_area() = a.area;
    request.mutable_area()->clear_name();
    request.mutable_area()->clear_state();
    request.set_request_id(a.request_id);
    absl::StatusOr<v1::Area> created = client.CreateArea(request);
    if (created.ok()) {
      tally.Created();
    } else if (created.status().code() == absl::StatusCode::kAlreadyExists) {
      tally.Existing();
    } else {
      tally.Failed(a.area.name(), created.status());
    }
  });
  tally.Print();
  *failed += tally.failed();
}

void LoadMerchants(fangxin::sdk::Client& client, const DemoData& data, int64_t* failed) {
  Tally tally("merchants");
  std::atomic<size_t> done{0};
  const size_t total = data.merchants.size();
  ParallelFor(total, absl::GetFlag(FLAGS_concurrency), [&](size_t i) {
    const fangxin::demo::DemoMerchant& m = data.merchants[i];
    v1::CreateMerchantRequest request;
    *request.mutable_merchant() = m.merchant;
    request.mutable_merchant()->clear_name();
    request.mutable_merchant()->clear_state();
    request.set_request_id(m.request_id);
    absl::StatusOr<v1::Merchant> created = client.CreateMerchant(request);
    if (created.ok()) {
      tally.Created();
    } else if (created.status().code() == absl::StatusCode::kAlreadyExists) {
      tally.Existing();
    } else {
      tally.Failed(m.merchant.name(), created.status());
    }
    const size_t n = done.fetch_add(1) + 1;
    if (n % 1000 == 0 && n < total) {
      std::printf("  merchants %zu/%zu\n", n, total);
      std::fflush(stdout);
    }
  });
  tally.Print();
  *failed += tally.failed();
}

void LoadStores(fangxin::sdk::Client& client, const DemoData& data, int64_t* failed) {
  Tally tally("stores");
  const int chunk_size = std::max(1, absl::GetFlag(FLAGS_chunk_size));
  // Contiguous slices, one stream at a time per slice; slices run in parallel.
  const size_t total = data.stores.size();
  const size_t chunks = (total + chunk_size - 1) / chunk_size;
  const size_t slices =
      std::max<size_t>(1, std::min<size_t>(chunks, absl::GetFlag(FLAGS_concurrency)));
  const size_t per_slice = (total + slices - 1) / slices;
  std::atomic<size_t> acknowledged{0};
  ParallelFor(slices, static_cast<int>(slices), [&](size_t slice) {
    const size_t begin = slice * per_slice;
    const size_t end = std::min(total, begin + per_slice);
    if (begin >= end) return;
    std::vector<v1::ImportStoresRequest> rows;
    rows.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      const fangxin::demo::DemoStore& s = data.stores[i];
      v1::ImportStoresRequest row;
      row.set_row(static_cast<int64_t>(i) + 1);
      row.set_parent(s.parent);
      row.set_store_id(s.store_id);
      *row.mutable_store() = s.store;
      row.mutable_store()->clear_name();
      row.mutable_store()->clear_state();
      row.set_request_id(s.request_id);
      rows.push_back(std::move(row));
    }
    fangxin::sdk::ImportOptions options;
    options.chunk_size = chunk_size;
    options.on_progress = [&](const fangxin::sdk::ImportProgress& p) {
      const size_t before = acknowledged.fetch_add(p.chunk_results.size());
      const size_t after = before + p.chunk_results.size();
      if (after / 2000 != before / 2000 && after < total) {
        std::printf("  stores %zu/%zu\n", after, total);
        std::fflush(stdout);
      }
    };
    absl::StatusOr<std::vector<v1::ImportStoreResult>> results =
        client.ImportStores(std::move(rows), options);
    if (!results.ok()) {
      // Rows of chunks answered before the failure were written; re-running fills in the rest.
      tally.Failed(absl::StrCat("rows ", begin + 1, "-", end), results.status());
      return;
    }
    for (const v1::ImportStoreResult& r : *results) {
      const auto code = static_cast<absl::StatusCode>(r.code());
      if (code == absl::StatusCode::kOk) {
        tally.Created();
      } else if (code == absl::StatusCode::kAlreadyExists) {
        tally.Existing();
      } else {
        std::vector<fangxin::FieldViolation> fields;
        for (const v1::FieldError& f : r.field_errors()) {
          fields.push_back({f.field(), f.description()});
        }
        const size_t index = static_cast<size_t>(r.row() - 1);
        tally.Failed(
            index < total ? data.stores[index].store.name() : absl::StrCat("row ", r.row()), code,
            r.message(), fields);
      }
    }
  });
  tally.Print();
  *failed += tally.failed();
}

// Files, activates and (for one) suspends the planned pledges. Re-running replays the same
// request ids, so nothing is filed twice.
void LoadPledges(fangxin::sdk::PledgeClient& client,
                 const std::vector<fangxin::demo::DemoPledge>& plan, int64_t* failed) {
  Tally tally("pledges");
  ParallelFor(plan.size(), absl::GetFlag(FLAGS_concurrency), [&](size_t i) {
    const fangxin::demo::DemoPledge& p = plan[i];
    v1::CreatePledgeRequest create;
    *create.mutable_pledge() = p.pledge;
    create.set_pledge_id(p.pledge_id);
    create.set_request_id(p.request_id);
    absl::StatusOr<v1::Pledge> pledge = client.CreatePledge(create);
    if (!pledge.ok() && pledge.status().code() == absl::StatusCode::kAlreadyExists) {
      tally.Existing();
      return;
    }
    if (pledge.ok() && pledge->state() == v1::PLEDGE_STATE_DRAFT) {
      v1::ActivatePledgeRequest activate;
      activate.set_name(pledge->name());
      activate.set_etag(pledge->etag());
      activate.set_request_id(p.request_id + "-activate");
      pledge = client.connection()->ActivatePledge(activate);
    }
    if (pledge.ok() && p.suspend && pledge->state() == v1::PLEDGE_STATE_ACTIVE) {
      v1::SuspendPledgeRequest suspend;
      suspend.set_name(pledge->name());
      suspend.set_etag(pledge->etag());
      suspend.set_reason("演示：抽查发现未按承诺办理退货，限期整改");
      suspend.set_request_id(p.request_id + "-suspend");
      pledge = client.connection()->SuspendPledge(suspend);
    }
    if (pledge.ok()) {
      tally.Created();
    } else {
      tally.Failed(p.pledge_id, pledge.status());
    }
  });
  tally.Print();
  *failed += tally.failed();
}

// Ingests the planned complaints and drives each to its planned state: RECEIVED -> ACCEPTED |
// REJECTED, ACCEPTED -> RESOLVED. A complaint already in its planned state is left alone, so a
// re-run changes nothing.
void LoadComplaints(fangxin::sdk::ComplianceClient& client,
                    const std::vector<fangxin::demo::DemoComplaint>& plan, int64_t* failed) {
  Tally tally("complaints");
  ParallelFor(plan.size(), absl::GetFlag(FLAGS_concurrency), [&](size_t i) {
    const fangxin::demo::DemoComplaint& c = plan[i];
    v1::IngestComplaintRequest ingest;
    *ingest.mutable_complaint() = c.complaint;
    // No request id of ours: a replay would answer with the complaint as first ingested, while
    // intake (idempotent on source and external id) answers with it as it stands now.
    const absl::Time asked = absl::Now();
    absl::StatusOr<v1::Complaint> complaint = client.IngestComplaint(ingest);
    bool changed = false;
    if (complaint.ok() && complaint->state() == v1::COMPLAINT_STATE_RECEIVED &&
        c.target_state != v1::COMPLAINT_STATE_RECEIVED) {
      v1::UpdateComplaintRequest decide;
      decide.set_name(complaint->name());
      decide.set_etag(complaint->etag());
      decide.set_state(c.target_state == v1::COMPLAINT_STATE_REJECTED
                           ? v1::COMPLAINT_STATE_REJECTED
                           : v1::COMPLAINT_STATE_ACCEPTED);
      decide.set_request_id(c.request_id + "-decide");
      complaint = client.UpdateComplaint(decide);
      changed = true;
    }
    if (complaint.ok() && complaint->state() == v1::COMPLAINT_STATE_ACCEPTED &&
        c.target_state == v1::COMPLAINT_STATE_RESOLVED) {
      v1::UpdateComplaintRequest resolve;
      resolve.set_name(complaint->name());
      resolve.set_etag(complaint->etag());
      resolve.set_state(v1::COMPLAINT_STATE_RESOLVED);
      resolve.set_outcome(c.outcome);
      resolve.set_amount_recovered_fen(c.amount_recovered_fen);
      resolve.set_request_id(c.request_id + "-resolve");
      complaint = client.UpdateComplaint(resolve);
      changed = true;
    }
    if (!complaint.ok()) {
      tally.Failed(c.complaint.external_id(), complaint.status());
    } else if (complaint->state() != c.target_state) {
      // E.g. decided otherwise by someone else: report it rather than fight it.
      tally.Failed(c.complaint.external_id(),
                   absl::FailedPreconditionError(absl::StrCat(
                       "is ", v1::ComplaintState_Name(complaint->state()), ", planned ",
                       v1::ComplaintState_Name(c.target_state))));
    } else if (!changed && absl::FromUnixSeconds(complaint->create_time().seconds()) +
                                   absl::Nanoseconds(complaint->create_time().nanos()) <
                               asked) {
      // Created before this run asked for it: ingest answered with the stored complaint.
      tally.Existing();
    } else {
      tally.Created();
    }
  });
  tally.Print();
  *failed += tally.failed();
}

// Records the planned inspections; one whose pledge already has an inspection by the same
// inspector with the same findings counts as present.
void LoadInspections(fangxin::sdk::ComplianceClient& client,
                     const std::vector<fangxin::demo::DemoInspection>& plan, int64_t* failed) {
  Tally tally("inspections");
  ParallelFor(plan.size(), absl::GetFlag(FLAGS_concurrency), [&](size_t i) {
    const fangxin::demo::DemoInspection& d = plan[i];
    v1::ListInspectionsRequest list;
    list.set_pledge(d.inspection.pledge());
    bool present = false;
    for (absl::StatusOr<v1::Inspection>& item : client.ListInspections(list)) {
      if (!item.ok()) {
        tally.Failed(d.inspection.pledge(), item.status());
        return;
      }
      if (item->inspector() == d.inspection.inspector() &&
          item->findings() == d.inspection.findings() &&
          item->passed() == d.inspection.passed()) {
        present = true;
        break;
      }
    }
    if (present) {
      tally.Existing();
      return;
    }
    v1::RecordInspectionRequest record;
    *record.mutable_inspection() = d.inspection;
    if (!d.inspection.passed()) {
      google::protobuf::Timestamp deadline;
      deadline.set_seconds(
          absl::ToUnixSeconds(absl::Now() + absl::Hours(24) * d.rectification_days));
      *record.mutable_inspection()->mutable_rectification_deadline() = deadline;
    }
    record.set_request_id(d.request_id);
    absl::StatusOr<v1::Inspection> recorded = client.connection()->RecordInspection(record);
    if (recorded.ok()) {
      tally.Created();
    } else {
      tally.Failed(d.inspection.pledge(), recorded.status());
    }
  });
  tally.Print();
  *failed += tally.failed();
}

// Creates the planned programmes; one that exists already counts as present.
void LoadProgrammes(fangxin::sdk::CertificationClient& client,
                    const std::vector<fangxin::demo::DemoProgramme>& plan, int64_t* failed) {
  Tally tally("programmes");
  for (const fangxin::demo::DemoProgramme& p : plan) {
    v1::CreateProgrammeRequest request;
    *request.mutable_programme() = p.programme;
    request.set_programme_id(p.programme_id);
    request.set_request_id(p.request_id);
    absl::StatusOr<v1::Programme> created = client.CreateProgramme(request);
    if (created.ok()) {
      tally.Created();
    } else if (created.status().code() == absl::StatusCode::kAlreadyExists) {
      tally.Existing();
    } else {
      tally.Failed(p.programme_id, created.status());
    }
  }
  tally.Print();
  *failed += tally.failed();
}

// Imports the certificates granted before fangxin (and by the province).
void LoadCertificates(fangxin::sdk::CertificationClient& client,
                      const std::vector<fangxin::demo::DemoCertificate>& plan, int64_t* failed) {
  Tally tally("certs");
  ParallelFor(plan.size(), absl::GetFlag(FLAGS_concurrency), [&](size_t i) {
    const fangxin::demo::DemoCertificate& c = plan[i];
    v1::ImportCertificateRequest request;
    *request.mutable_certificate() = c.certificate;
    request.set_certificate_id(c.certificate_id);
    request.set_request_id(c.request_id);
    absl::StatusOr<v1::Certificate> imported = client.ImportCertificate(request);
    if (imported.ok()) {
      tally.Created();
    } else if (imported.status().code() == absl::StatusCode::kAlreadyExists ||
               fangxin::ErrorReasonOf(imported.status()) == "ALREADY_CERTIFIED") {
      // Imported by an earlier run whose request id the server no longer remembers.
      tally.Existing();
    } else {
      tally.Failed(c.certificate.number(), imported.status());
    }
  });
  tally.Print();
  *failed += tally.failed();
}

// Takes each live application as far as its stage: submit, score, approve, object and dismiss.
// The application is read first and only the steps still needed are taken, so a re-run changes
// nothing; one already further along (e.g. certified once its notice ended) counts as present.
void LoadApplications(fangxin::sdk::CertificationClient& client,
                      const std::vector<fangxin::demo::DemoApplication>& plan, int64_t* failed) {
  using Stage = fangxin::demo::DemoApplicationStage;
  Tally tally("applications");
  for (const fangxin::demo::DemoApplication& d : plan) {
    bool changed = false;
    absl::StatusOr<v1::Application> app =
        client.GetApplication(absl::StrCat("applications/", d.application_id));
    if (!app.ok() && app.status().code() == absl::StatusCode::kNotFound) {
      v1::SubmitApplicationRequest submit;
      *submit.mutable_application() = d.application;
      submit.set_application_id(d.application_id);
      submit.set_request_id(d.request_id);
      app = client.SubmitApplication(submit);
      changed = true;
    }
    if (app.ok() && app->state() == v1::UNDER_REVIEW && !d.scores.empty() &&
        app->scores().empty()) {
      v1::ScoreApplicationRequest score;
      score.set_name(app->name());
      score.set_etag(app->etag());
      for (const v1::ManualScore& s : d.scores) *score.add_scores() = s;
      score.set_request_id(d.request_id + "-score");
      app = client.ScoreApplication(score);
      changed = true;
    }
    if (app.ok() && app->state() == v1::UNDER_REVIEW && !d.decision_reason.empty()) {
      v1::DecideApplicationRequest decide;
      decide.set_name(app->name());
      decide.set_etag(app->etag());
      decide.set_approve(true);
      decide.set_reason(d.decision_reason);
      decide.set_request_id(d.request_id + "-decide");
      app = client.DecideApplication(decide);
      changed = true;
    }
    if (app.ok() && app->state() == v1::PUBLIC_NOTICE && !d.objection_text.empty() &&
        app->objections().empty()) {
      v1::LodgeObjectionRequest object;
      object.set_name(app->name());
      object.set_text(d.objection_text);
      object.set_request_id(d.request_id + "-object");
      app = client.LodgeObjection(object);
      changed = true;
    }
    if (app.ok() && app->state() == v1::PUBLIC_NOTICE && !d.resolution.empty()) {
      for (const v1::Objection& o : app->objections()) {
        if (o.state() != v1::OBJECTION_OPEN || o.text() != d.objection_text) continue;
        v1::ResolveObjectionRequest resolve;
        resolve.set_name(app->name());
        resolve.set_etag(app->etag());
        resolve.set_objection_id(o.id());
        resolve.set_uphold(false);
        resolve.set_resolution(d.resolution);
        resolve.set_request_id(d.request_id + "-resolve");
        app = client.ResolveObjection(resolve);
        changed = true;
        break;
      }
    }
    const bool noticed = d.stage == Stage::kPublicNotice || d.stage == Stage::kObjectionDismissed;
    const bool reached =
        app.ok() && (noticed ? app->state() == v1::PUBLIC_NOTICE || app->state() == v1::CERTIFIED
                             : app->state() == v1::UNDER_REVIEW ||
                                   app->state() == v1::PUBLIC_NOTICE ||
                                   app->state() == v1::CERTIFIED);
    if (!app.ok()) {
      tally.Failed(d.application_id, app.status());
    } else if (!reached) {
      // E.g. rejected at pre-check: report it rather than fight it.
      tally.Failed(d.application_id,
                   absl::FailedPreconditionError(absl::StrCat(
                       "is ", v1::ApplicationState_Name(app->state()), " (", app->state_reason(),
                       ")")));
    } else if (changed) {
      tally.Created();
    } else {
      tally.Existing();
    }
  }
  tally.Print();
  *failed += tally.failed();
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Generates fangxin's deterministic demo data and loads it into fangxind.\n"
      "  fangxin-demo --server=127.0.0.1:7443 --token_file=var/data/admin.key");
  absl::ParseCommandLine(argc, argv);

  const int32_t merchant_count = absl::GetFlag(FLAGS_merchants);
  if (merchant_count < 0 || absl::GetFlag(FLAGS_concurrency) < 1 ||
      absl::GetFlag(FLAGS_chunk_size) < 1) {
    std::cerr << "fangxin-demo: --merchants must be >= 0, --concurrency and --chunk_size >= 1\n";
    return 2;
  }
  absl::StatusOr<fangxin::DivisionDirectory> divisions =
      fangxin::DivisionDirectory::LoadCsv(absl::GetFlag(FLAGS_divisions));
  if (!divisions.ok()) {
    std::cerr << "fangxin-demo: " << divisions.status().message() << "\n";
    return 2;
  }
  fangxin::demo::DemoOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  options.merchant_count = merchant_count;
  options.divisions = divisions->All();
  const absl::Time generate_start = absl::Now();
  absl::StatusOr<DemoData> data = fangxin::demo::Generate(options);
  if (!data.ok()) {
    std::cerr << "fangxin-demo: " << data.status().message() << "\n";
    return 2;
  }
  std::printf("generated seed %llu: %zu areas, %zu merchants, %zu stores in %.2f s\n",
              static_cast<unsigned long long>(data->seed), data->areas.size(),
              data->merchants.size(), data->stores.size(),
              absl::ToDoubleSeconds(absl::Now() - generate_start));

  if (const std::string dir = absl::GetFlag(FLAGS_csv_out); !dir.empty()) {
    if (absl::Status written = fangxin::demo::WriteDemoCsv(*data, dir); !written.ok()) {
      std::cerr << "fangxin-demo: " << written.message() << "\n";
      return 1;
    }
    std::printf("wrote %s/{stores,merchants,areas}.csv\n", dir.c_str());
  }
  if (!absl::GetFlag(FLAGS_load)) return 0;

  absl::StatusOr<std::string> token = ReadToken();
  if (!token.ok()) {
    std::cerr << "fangxin-demo: " << token.status().message() << "\n";
    return 2;
  }
  fangxin::sdk::ClientOptions client_options;
  client_options.endpoint = absl::GetFlag(FLAGS_server);
  client_options.token = *token;
  client_options.tls_root_certs_path = absl::GetFlag(FLAGS_tls_root_certs);
  client_options.timeout = absl::Minutes(2);  // per call; an import chunk of 500 rows included
  absl::StatusOr<std::shared_ptr<fangxin::sdk::Connection>> connection =
      fangxin::sdk::MakeConnection(client_options);
  if (!connection.ok()) {
    std::cerr << "fangxin-demo: " << connection.status().message() << "\n";
    return 2;
  }
  fangxin::sdk::Client client(*connection);

  std::printf("loading into %s\n", client_options.endpoint.c_str());
  std::fflush(stdout);
  const absl::Time load_start = absl::Now();
  int64_t failed = 0;
  LoadAreas(client, *data, &failed);
  LoadMerchants(client, *data, &failed);
  LoadStores(client, *data, &failed);
  absl::StatusOr<std::shared_ptr<fangxin::sdk::PledgeConnection>> pledge_connection =
      fangxin::sdk::MakePledgeConnection(client_options);
  if (!pledge_connection.ok()) {
    std::cerr << "fangxin-demo: " << pledge_connection.status().message() << "\n";
    return 2;
  }
  fangxin::sdk::PledgeClient pledges(*pledge_connection);
  std::vector<fangxin::demo::DemoPledge> pledge_plan = fangxin::demo::PlanDemoPledges(
      *data, fangxin::demo::MainUrbanCounties(options.divisions));
  fangxin::demo::DemoCompliance compliance_plan =
      fangxin::demo::PlanDemoCompliance(*data, pledge_plan);
  fangxin::demo::DemoCertification cert_plan =
      fangxin::demo::PlanDemoCertification(*data, pledge_plan, options.divisions);
  fangxin::demo::ShiftDemoTimeline(fangxin::demo::MonthsSinceDemo(absl::Now()), &pledge_plan,
                                   &compliance_plan, &cert_plan);
  LoadPledges(pledges, pledge_plan, &failed);
  absl::StatusOr<std::shared_ptr<fangxin::sdk::ComplianceConnection>> compliance_connection =
      fangxin::sdk::MakeComplianceConnection(client_options);
  if (!compliance_connection.ok()) {
    std::cerr << "fangxin-demo: " << compliance_connection.status().message() << "\n";
    return 2;
  }
  fangxin::sdk::ComplianceClient compliance(*compliance_connection);
  LoadComplaints(compliance, compliance_plan.complaints, &failed);
  LoadInspections(compliance, compliance_plan.inspections, &failed);
  absl::StatusOr<std::shared_ptr<fangxin::sdk::CertificationConnection>> cert_connection =
      fangxin::sdk::MakeCertificationConnection(client_options);
  if (!cert_connection.ok()) {
    std::cerr << "fangxin-demo: " << cert_connection.status().message() << "\n";
    return 2;
  }
  fangxin::sdk::CertificationClient certification(*cert_connection);
  LoadProgrammes(certification, cert_plan.programmes, &failed);
  LoadCertificates(certification, cert_plan.certificates, &failed);
  LoadApplications(certification, cert_plan.applications, &failed);
  std::printf("loaded in %.1f s%s\n", absl::ToDoubleSeconds(absl::Now() - load_start),
              failed > 0 ? absl::StrCat(", ", failed, " failed").c_str() : "");
  return failed > 0 ? 1 : 0;
}
