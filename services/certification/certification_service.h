#ifndef FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_SERVICE_H_
#define FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_SERVICE_H_

#include "fangxin/v1/certification_service.grpc.pb.h"
#include "services/certification/certification_core.h"
#include "services/support/authenticator.h"

namespace fangxin {

// gRPC adapter of CertificationService over CertificationCore: authenticate, delegate, convert
// the status. Thread-safe.
class CertificationService final : public v1::CertificationService::CallbackService {
 public:
  // Not owned; both must outlive the service.
  CertificationService(CertificationCore* core, const Authenticator* auth)
      : core_(core), auth_(auth) {}

#define FANGXIN_CERT_METHOD(Method, Request, Response)                                           \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* ctx, const v1::Request* request, \
                                   v1::Response* response) override;
  FANGXIN_CERT_METHOD(CreateProgramme, CreateProgrammeRequest, Programme)
  FANGXIN_CERT_METHOD(GetProgramme, GetProgrammeRequest, Programme)
  FANGXIN_CERT_METHOD(ListProgrammes, ListProgrammesRequest, ListProgrammesResponse)
  FANGXIN_CERT_METHOD(UpdateProgramme, UpdateProgrammeRequest, Programme)
  FANGXIN_CERT_METHOD(SubmitApplication, SubmitApplicationRequest, Application)
  FANGXIN_CERT_METHOD(GetApplication, GetApplicationRequest, Application)
  FANGXIN_CERT_METHOD(ListApplications, ListApplicationsRequest, ListApplicationsResponse)
  FANGXIN_CERT_METHOD(ScoreApplication, ScoreApplicationRequest, Application)
  FANGXIN_CERT_METHOD(DecideApplication, DecideApplicationRequest, Application)
  FANGXIN_CERT_METHOD(LodgeObjection, LodgeObjectionRequest, Application)
  FANGXIN_CERT_METHOD(ResolveObjection, ResolveObjectionRequest, Application)
  FANGXIN_CERT_METHOD(GetCertificate, GetCertificateRequest, Certificate)
  FANGXIN_CERT_METHOD(ListCertificates, ListCertificatesRequest, ListCertificatesResponse)
  FANGXIN_CERT_METHOD(RevokeCertificate, RevokeCertificateRequest, Certificate)
  FANGXIN_CERT_METHOD(ImportCertificate, ImportCertificateRequest, Certificate)
  FANGXIN_CERT_METHOD(EvaluateUnit, EvaluateUnitRequest, Evaluation)
  FANGXIN_CERT_METHOD(ListTiers, ListTiersRequest, ListTiersResponse)
#undef FANGXIN_CERT_METHOD

 private:
  CertificationCore* const core_;
  const Authenticator* const auth_;
};

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_CERTIFICATION_CERTIFICATION_SERVICE_H_
