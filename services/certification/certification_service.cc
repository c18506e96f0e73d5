#include "services/certification/certification_service.h"

#include <utility>

#include "services/support/unary.h"

namespace fangxin {

// Every method is one of two shapes: a read answered on the gRPC thread, or a mutation answered
// from its commit's completion.
#define FANGXIN_CERT_READ(Method, Request, Response)                                          \
  grpc::ServerUnaryReactor* CertificationService::Method(                                     \
      grpc::CallbackServerContext* ctx, const v1::Request* request, v1::Response* response) { \
    return UnaryRead(*auth_, ctx, response,                                                   \
                     [&](const Principal& p) { return core_->Method(p, *request); });         \
  }
#define FANGXIN_CERT_MUTATE(Method, Request, Response)                                        \
  grpc::ServerUnaryReactor* CertificationService::Method(                                     \
      grpc::CallbackServerContext* ctx, const v1::Request* request, v1::Response* response) { \
    return UnaryMutate(*auth_, ctx, response, [&](const Principal& p, auto reply) {           \
      core_->Method(p, *request, std::move(reply));                                           \
    });                                                                                       \
  }

FANGXIN_CERT_MUTATE(CreateProgramme, CreateProgrammeRequest, Programme)
FANGXIN_CERT_READ(GetProgramme, GetProgrammeRequest, Programme)
FANGXIN_CERT_READ(ListProgrammes, ListProgrammesRequest, ListProgrammesResponse)
FANGXIN_CERT_MUTATE(UpdateProgramme, UpdateProgrammeRequest, Programme)
FANGXIN_CERT_MUTATE(SubmitApplication, SubmitApplicationRequest, Application)
FANGXIN_CERT_READ(GetApplication, GetApplicationRequest, Application)
FANGXIN_CERT_READ(ListApplications, ListApplicationsRequest, ListApplicationsResponse)
FANGXIN_CERT_MUTATE(ScoreApplication, ScoreApplicationRequest, Application)
FANGXIN_CERT_MUTATE(DecideApplication, DecideApplicationRequest, Application)
FANGXIN_CERT_MUTATE(LodgeObjection, LodgeObjectionRequest, Application)
FANGXIN_CERT_MUTATE(ResolveObjection, ResolveObjectionRequest, Application)
FANGXIN_CERT_READ(GetCertificate, GetCertificateRequest, Certificate)
FANGXIN_CERT_READ(ListCertificates, ListCertificatesRequest, ListCertificatesResponse)
FANGXIN_CERT_MUTATE(RevokeCertificate, RevokeCertificateRequest, Certificate)
FANGXIN_CERT_MUTATE(ImportCertificate, ImportCertificateRequest, Certificate)
FANGXIN_CERT_READ(EvaluateUnit, EvaluateUnitRequest, Evaluation)
FANGXIN_CERT_READ(ListTiers, ListTiersRequest, ListTiersResponse)

#undef FANGXIN_CERT_READ
#undef FANGXIN_CERT_MUTATE

}  // namespace fangxin
