// CertificationCore: review, decision and the public notice of an application.

#include <algorithm>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"
#include "services/certification/certificate_upkeep.h"
#include "services/certification/certification_core.h"
#include "services/certification/rules/application_rules.h"
#include "services/certification/rules/programme_rules.h"
#include "services/certification/rules/time_util.h"
#include "services/certification/unit_lookup.h"
#include "services/common/text.h"
#include "services/common/validation.h"
#include "services/merchant/targets.h"

namespace fangxin {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kScoreApplication[] = "/fangxin.v1.CertificationService/ScoreApplication";
constexpr char kDecideApplication[] = "/fangxin.v1.CertificationService/DecideApplication";
constexpr char kLodgeObjection[] = "/fangxin.v1.CertificationService/LodgeObjection";
constexpr char kResolveObjection[] = "/fangxin.v1.CertificationService/ResolveObjection";

constexpr char kObjectionNotOpen[] = "OBJECTION_NOT_OPEN";
constexpr size_t kMaxDecisionTextChars = 2000;  // Reasons, objections and resolutions.

void CheckDecisionText(absl::string_view text, const char* field, FieldViolations* violations) {
  if (std::string problem = TextProblem(text, 1, kMaxDecisionTextChars); !problem.empty()) {
    violations->Add(field, problem);
  }
}

// Replaces the application's score of each scored criterion, or adds it.
void MergeScores(const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores,
                 const std::string& reviewer, absl::Time now, v1::Application* application) {
  for (const v1::ManualScore& score : scores) {
    v1::ManualScore merged = score;
    merged.set_reviewer(reviewer);
    ToProto(now, merged.mutable_score_time());
    auto* existing = application->mutable_scores();
    auto it = std::find_if(existing->begin(), existing->end(), [&](const v1::ManualScore& s) {
      return s.criterion_id() == score.criterion_id();
    });
    if (it != existing->end()) {
      *it = std::move(merged);
    } else {
      *existing->Add() = std::move(merged);
    }
  }
}

}  // namespace

void CertificationCore::ChangeApplication(
    const Principal& caller, const google::protobuf::Message& request, const ApplicationStep& step,
    const std::string& name, const std::string& etag_text, const std::string& request_id,
    const std::string& reason, FieldViolations violations, const ApplicationMutation& mutate,
    Reply<v1::Application> reply_in) {
  // The public role lodges objections; its replies hide the API keys of the others involved.
  Reply<v1::Application> reply =
      [principal = caller, reply = std::move(reply_in)](absl::StatusOr<v1::Application> result) {
        if (result.ok()) RedactApplicationFor(principal, &*result);
        reply(std::move(result));
      };
  AddViolationsFrom(ParseApplicationName(name, "name").status(), "name", &violations);
  if (step.etag_required) ValidateEtag(etag_text, "etag", &violations);
  ValidateRequestId(request_id, &violations);
  if (!violations.empty()) return reply(violations.ToStatus());

  storage::ChangeSet change = NewChangeSet(caller, step.method, request, request_id);
  if (ReplayIfCommitted(*registry_, change, reply)) return;
  absl::StatusOr<v1::Application> current = Read<v1::Application>(*registry_, name);
  if (!current.ok()) return reply(current.status());
  if (absl::Status s = Authorize(caller, step.authz, PlaceTarget(*current)); !s.ok()) {
    return reply(s);
  }
  int64_t expected_revision = current->mod_revision();
  if (step.etag_required) {
    absl::StatusOr<int64_t> etag = ParseEtag(etag_text, "etag");
    if (!etag.ok()) return reply(etag.status());
    expected_revision = *etag;
  }
  absl::StatusOr<v1::ApplicationState> next = NextApplicationState(current->state(), step.action);
  if (!next.ok()) return reply(next.status());
  // The application is judged by the criteria it was submitted under.
  absl::StatusOr<v1::Programme> version =
      ReadProgrammeVersion(*registry_, current->programme(), current->criteria_version());
  if (!version.ok()) return reply(version.status());
  auto updated = std::make_shared<v1::Application>(*current);
  updated->set_state(*next);
  if (absl::Status s = mutate(*version, updated.get()); !s.ok()) return reply(s);
  change.reason = reason;
  change.writes.push_back({std::move(updated), storage::Expect::kModRevision, expected_revision});
  CommitAndReply(*registry_, std::move(change), std::move(reply));
}

void CertificationCore::ScoreApplication(const Principal& caller,
                                         const v1::ScoreApplicationRequest& request,
                                         Reply<v1::Application> reply) {
  FieldViolations violations;
  if (request.scores().empty()) violations.Add("scores", "at least one score is required");
  const absl::Time now = clock_->Now();
  const std::string reviewer = caller.name;
  ChangeApplication(
      caller, request,
      {kScoreApplication, Action::kReviewCertification, ApplicationAction::kScore, true},
      request.name(), request.etag(), request.request_id(), "", std::move(violations),
      [this, &request, &reviewer, now](const v1::Programme& version,
                                       v1::Application* application) -> absl::Status {
        FieldViolations score_violations;
        ValidateManualScores(request.scores(), version, "scores", &score_violations);
        RETURN_IF_ERROR(score_violations.ToStatus());
        MergeScores(request.scores(), reviewer, now, application);
        ASSIGN_OR_RETURN(*application->mutable_evaluation(),
                         EvaluateNow(version, application->unit(), application->unit_kind(),
                                     application->scores(), now));
        return absl::OkStatus();
      },
      std::move(reply));
}

void CertificationCore::DecideApplication(const Principal& caller,
                                          const v1::DecideApplicationRequest& request,
                                          Reply<v1::Application> reply) {
  FieldViolations violations;
  CheckDecisionText(request.reason(), "reason", &violations);
  const absl::Time now = clock_->Now();
  const bool approve = request.approve();
  ChangeApplication(
      caller, request,
      {kDecideApplication, Action::kReviewCertification,
       approve ? ApplicationAction::kApprove : ApplicationAction::kReject, true},
      request.name(), request.etag(), request.request_id(), request.reason(), std::move(violations),
      [this, &request, approve, now](const v1::Programme& version,
                                     v1::Application* application) -> absl::Status {
        // Decided on the unit as it is now, not as it was when last scored.
        absl::StatusOr<v1::Evaluation> evaluation = EvaluateNow(
            version, application->unit(), application->unit_kind(), application->scores(), now);
        if (approve) {
          RETURN_IF_ERROR(evaluation.status());
          if (evaluation->verdict() != v1::PASS) {
            return ErrorWithReason(
                absl::StatusCode::kFailedPrecondition, kEvaluationNotPassed,
                absl::StrCat(application->name(), " cannot be approved: ", evaluation->summary()),
                {{"verdict", v1::Verdict_Name(evaluation->verdict())}});
          }
        }
        // A rejection needs no evaluation: one the registry cannot compute now (a unit grown
        // past what the metrics reader walks) must not keep a reviewer from rejecting, so the
        // last evaluation then stays.
        if (evaluation.ok()) *application->mutable_evaluation() = *std::move(evaluation);
        ToProto(now, application->mutable_decide_time());
        application->set_state_reason(request.reason());
        if (approve) {
          const int32_t days =
              version.notice_days() > 0 ? version.notice_days() : kDefaultNoticeDays;
          ToProto(now + absl::Hours(24) * days, application->mutable_notice_end_time());
        }
        return absl::OkStatus();
      },
      std::move(reply));
}

void CertificationCore::LodgeObjection(const Principal& caller,
                                       const v1::LodgeObjectionRequest& request,
                                       Reply<v1::Application> reply) {
  FieldViolations violations;
  CheckDecisionText(request.text(), "text", &violations);
  const absl::Time now = clock_->Now();
  const std::string objector = caller.name;
  // No etag: an objector need not have read the latest version. Two objections racing make
  // one of them ABORTED, to be sent again.
  ChangeApplication(
      caller, request,
      {kLodgeObjection, Action::kObjectToCertification, ApplicationAction::kLodgeObjection, false},
      request.name(), "", request.request_id(), "", std::move(violations),
      [&request, &objector, now](const v1::Programme&,
                                 v1::Application* application) -> absl::Status {
        if (now >= FromProto(application->notice_end_time())) {
          return ErrorWithReason(
              absl::StatusCode::kFailedPrecondition, kApplicationNotInNotice,
              absl::StrCat("the public notice of ", application->name(), " ended at ",
                           TimeUtil::ToString(application->notice_end_time())));
        }
        int32_t last_id = 0;
        for (const v1::Objection& o : application->objections())
          last_id = std::max(last_id, o.id());
        v1::Objection* objection = application->add_objections();
        objection->set_id(last_id + 1);
        objection->set_text(request.text());
        objection->set_lodged_by(objector);
        ToProto(now, objection->mutable_lodge_time());
        objection->set_state(v1::OBJECTION_OPEN);
        return absl::OkStatus();
      },
      std::move(reply));
}

void CertificationCore::ResolveObjection(const Principal& caller,
                                         const v1::ResolveObjectionRequest& request,
                                         Reply<v1::Application> reply) {
  FieldViolations violations;
  if (request.objection_id() <= 0) violations.Add("objection_id", "must be positive");
  CheckDecisionText(request.resolution(), "resolution", &violations);
  const absl::Time now = clock_->Now();
  const std::string reviewer = caller.name;
  const bool uphold = request.uphold();
  ChangeApplication(
      caller, request,
      {kResolveObjection, Action::kReviewCertification,
       uphold ? ApplicationAction::kUpholdObjection : ApplicationAction::kDismissObjection, true},
      request.name(), request.etag(), request.request_id(), request.resolution(),
      std::move(violations),
      [&request, &reviewer, uphold, now](const v1::Programme&,
                                         v1::Application* application) -> absl::Status {
        auto* objections = application->mutable_objections();
        auto it = std::find_if(objections->begin(), objections->end(), [&](const v1::Objection& o) {
          return o.id() == request.objection_id();
        });
        if (it == objections->end()) {
          return NotFoundError("objection", absl::StrCat(application->name(), " objection ",
                                                         request.objection_id()));
        }
        if (it->state() != v1::OBJECTION_OPEN) {
          return ErrorWithReason(
              absl::StatusCode::kFailedPrecondition, kObjectionNotOpen,
              absl::StrCat("objection ", it->id(), " of ", application->name(), " is already ",
                           v1::ObjectionState_Name(it->state())));
        }
        it->set_state(uphold ? v1::OBJECTION_UPHELD : v1::OBJECTION_DISMISSED);
        it->set_resolution(request.resolution());
        it->set_resolved_by(reviewer);
        ToProto(now, it->mutable_resolve_time());
        if (uphold) {
          // Back to review: the notice is over until the application is approved again.
          application->clear_notice_end_time();
          application->set_state_reason(
              absl::StrCat("objection ", it->id(), " upheld: ", request.resolution()));
        }
        return absl::OkStatus();
      },
      std::move(reply));
}

}  // namespace fangxin
