#ifndef FANGXIN_SERVICES_SCHEMA_FANGXIN_SCHEMA_H_
#define FANGXIN_SERVICES_SCHEMA_FANGXIN_SCHEMA_H_

#include "storage/schema.h"

namespace fangxin {

// Index names, shared by the services that query them and the schema that maintains them.
namespace index {
inline constexpr char kParent[] = "parent";      // divisions by parent division code
inline constexpr char kLevel[] = "level";        // divisions by level number
inline constexpr char kDivision[] = "division";  // county-level division code
inline constexpr char kTownship[] = "township";  // township-level division code
inline constexpr char kArea[] = "area";          // area id
inline constexpr char kClientCertificate[] = "client_certificate";  // API keys, unique
}  // namespace index

// The collections of the fangxin registry and their secondary indexes. The returned schema is
// built once and lives for the process.
const storage::Schema& FangxinSchema();

}  // namespace fangxin

#endif  // FANGXIN_SERVICES_SCHEMA_FANGXIN_SCHEMA_H_
