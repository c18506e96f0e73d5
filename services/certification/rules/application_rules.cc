#include "services/certification/rules/application_rules.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/certification/rules/time_util.h"
#include "services/common/text.h"

namespace fangxin {
namespace {

using v1::ApplicationState;

absl::Status Refuse(const char* reason, ApplicationState from, ApplicationAction action) {
  return ErrorWithReason(
      absl::StatusCode::kFailedPrecondition, reason,
      absl::StrCat("cannot ", ApplicationActionName(action), " an application in state ",
                   v1::ApplicationState_Name(from)));
}

// "" when `link` is an http(s) URL of at most 500 characters with no space or control
// character; otherwise the rule broken.
std::string EvidenceLinkProblem(absl::string_view link) {
  if (link.size() > static_cast<size_t>(kMaxEvidenceLinkChars)) {
    return absl::StrCat("must be at most ", kMaxEvidenceLinkChars, " characters");
  }
  const bool http =
      absl::StartsWithIgnoreCase(link, "http://") || absl::StartsWithIgnoreCase(link, "https://");
  if (!http || link.size() == link.find("://") + 3) return "must be an http:// or https:// link";
  for (char c : link) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
        absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      return "must not contain spaces or control characters";
    }
  }
  return "";
}

}  // namespace

absl::string_view ApplicationActionName(ApplicationAction action) {
  switch (action) {
    case ApplicationAction::kPrecheckPass:
      return "pass the pre-check of";
    case ApplicationAction::kPrecheckFail:
      return "fail the pre-check of";
    case ApplicationAction::kScore:
      return "score";
    case ApplicationAction::kApprove:
      return "approve";
    case ApplicationAction::kReject:
      return "reject";
    case ApplicationAction::kLodgeObjection:
      return "object to";
    case ApplicationAction::kUpholdObjection:
      return "uphold an objection to";
    case ApplicationAction::kDismissObjection:
      return "dismiss an objection to";
    case ApplicationAction::kCompleteNotice:
      return "complete the public notice of";
  }
  return "change";
}

bool IsFinalApplicationState(ApplicationState state) {
  return state == v1::REJECTED || state == v1::CERTIFIED || state == v1::WITHDRAWN;
}

absl::StatusOr<ApplicationState> NextApplicationState(ApplicationState from,
                                                      ApplicationAction action) {
  // UNSPECIFIED never occurs in a stored application; it is refused like a final state so a
  // corrupt record cannot be revived.
  if (IsFinalApplicationState(from) || !IsOpenApplication(from)) {
    return Refuse(kApplicationFinal, from, action);
  }
  switch (action) {
    case ApplicationAction::kPrecheckPass:
      if (from == v1::SUBMITTED) return v1::UNDER_REVIEW;
      return Refuse(kApplicationNotSubmitted, from, action);
    case ApplicationAction::kPrecheckFail:
      if (from == v1::SUBMITTED) return v1::REJECTED;
      return Refuse(kApplicationNotSubmitted, from, action);
    case ApplicationAction::kScore:
      if (from == v1::UNDER_REVIEW) return v1::UNDER_REVIEW;
      return Refuse(kApplicationNotUnderReview, from, action);
    case ApplicationAction::kApprove:
      if (from == v1::UNDER_REVIEW) return v1::PUBLIC_NOTICE;
      return Refuse(kApplicationNotUnderReview, from, action);
    case ApplicationAction::kReject:
      if (from == v1::UNDER_REVIEW) return v1::REJECTED;
      return Refuse(kApplicationNotUnderReview, from, action);
    case ApplicationAction::kLodgeObjection:
    case ApplicationAction::kDismissObjection:
      // An objection, lodged or dismissed, leaves the notice running.
      if (from == v1::PUBLIC_NOTICE) return v1::PUBLIC_NOTICE;
      return Refuse(kApplicationNotInNotice, from, action);
    case ApplicationAction::kUpholdObjection:
      if (from == v1::PUBLIC_NOTICE) return v1::UNDER_REVIEW;
      return Refuse(kApplicationNotInNotice, from, action);
    case ApplicationAction::kCompleteNotice:
      if (from == v1::PUBLIC_NOTICE) return v1::CERTIFIED;
      return Refuse(kApplicationNotInNotice, from, action);
  }
  return Refuse(kApplicationFinal, from, action);
}

bool IsOpenApplication(ApplicationState state) {
  return state == v1::SUBMITTED || state == v1::UNDER_REVIEW || state == v1::PUBLIC_NOTICE;
}

bool HasOpenObjection(const v1::Application& application) {
  for (const v1::Objection& objection : application.objections()) {
    if (objection.state() == v1::OBJECTION_OPEN) return true;
  }
  return false;
}

bool NoticeComplete(const v1::Application& application, absl::Time now) {
  return application.state() == v1::PUBLIC_NOTICE &&
         now >= FromProto(application.notice_end_time()) && !HasOpenObjection(application);
}

void ValidateManualScores(const google::protobuf::RepeatedPtrField<v1::ManualScore>& scores,
                          const v1::Programme& programme_version, absl::string_view path,
                          FieldViolations* violations) {
  const std::string prefix(path);
  if (scores.empty()) {
    violations->Add(prefix, "must have at least one score");
    return;
  }
  std::map<std::string, const v1::Criterion*> manual_criteria;
  for (const v1::Criterion& criterion : programme_version.criteria()) {
    if (criterion.kind() == v1::MANUAL) manual_criteria.emplace(criterion.id(), &criterion);
  }
  std::map<std::string, int> first_index_of_id;
  for (int i = 0; i < scores.size(); ++i) {
    const v1::ManualScore& score = scores[i];
    const std::string score_path = absl::StrCat(prefix, "[", i, "]");
    auto criterion = manual_criteria.find(score.criterion_id());
    if (score.criterion_id().empty()) {
      violations->Add(score_path + ".criterion_id", "is required");
    } else if (criterion == manual_criteria.end()) {
      violations->Add(score_path + ".criterion_id",
                      absl::StrCat("must be a MANUAL criterion of criteria version ",
                                   programme_version.criteria_version()));
    } else {
      auto [first, inserted] = first_index_of_id.emplace(score.criterion_id(), i);
      if (!inserted) {
        violations->Add(score_path + ".criterion_id",
                        absl::StrCat("is already scored by ", prefix, "[", first->second, "]"));
      }
      if (score.score() < 0 || score.score() > criterion->second->points()) {
        violations->Add(score_path + ".score",
                        absl::StrCat("must be between 0 and the criterion's points (",
                                     criterion->second->points(), ")"));
      }
    }
    std::string evidence_problem = TextProblem(score.evidence(), 1, kMaxEvidenceChars);
    if (!evidence_problem.empty()) {
      violations->Add(score_path + ".evidence", std::move(evidence_problem));
    }
    if (score.evidence_links_size() > kMaxEvidenceLinks) {
      violations->Add(score_path + ".evidence_links",
                      absl::StrCat("must have at most ", kMaxEvidenceLinks, " links"));
    }
    for (int j = 0; j < score.evidence_links_size(); ++j) {
      std::string problem = EvidenceLinkProblem(score.evidence_links(j));
      if (!problem.empty()) {
        violations->Add(absl::StrCat(score_path, ".evidence_links[", j, "]"), std::move(problem));
      }
    }
  }
}

}  // namespace fangxin
