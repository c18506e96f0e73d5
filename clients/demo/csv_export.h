#ifndef FANGXIN_CLIENTS_DEMO_CSV_EXPORT_H_
#define FANGXIN_CLIENTS_DEMO_CSV_EXPORT_H_

// The demo data as CSV files (RFC 4180, UTF-8, LF line ends), for `fangxinctl store import` and
// for looking at in a spreadsheet. Resource references are written bare: a USCC, a division
// code, an area id.

#include <string>

#include "absl/status/status.h"
#include "clients/demo/demo_data.h"

namespace fangxin::demo {

// Header: merchant,name,address,division,township,lat,lng,area,industry,id — the column names
// `fangxinctl store import` reads. One row per store.
std::string StoresCsv(const DemoData& data);

// Header: uscc,name,kind,representative,address,division,contact_person,contact_phone — the
// flag names of `fangxinctl merchant create` (name is the legal name, address the registered
// one). kind is "enterprise" or "individual_business".
std::string MerchantsCsv(const DemoData& data);

// Header: id,name,kind,division,township,lat,lng,managers (lat/lng: the centre). kind is
// "shopping_mall", "street_district" or "business_circle"; managers are joined with ';'.
std::string AreasCsv(const DemoData& data);

// Writes stores.csv, merchants.csv and areas.csv into `dir`, creating it if needed.
// INTERNAL with the path if a file cannot be written.
absl::Status WriteDemoCsv(const DemoData& data, const std::string& dir);

}  // namespace fangxin::demo

#endif  // FANGXIN_CLIENTS_DEMO_CSV_EXPORT_H_
