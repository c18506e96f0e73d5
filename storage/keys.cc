#include "storage/keys.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"

namespace fangxin::storage::keys {
namespace {

constexpr int kRevisionDigits = 20;
constexpr int kEventIndexDigits = 6;

void AppendPadded(int64_t n, int width, std::string* out) {
  absl::StrAppendFormat(out, "%0*d", width, n);
}

bool ParsePadded(absl::string_view digits, int width, int64_t* n) {
  if (static_cast<int>(digits.size()) != width) return false;
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleAtoi(digits, n);
}

// Splits the first '/'-terminated component off *rest.
bool TakeComponent(absl::string_view* rest, absl::string_view* component) {
  size_t slash = rest->find('/');
  if (slash == absl::string_view::npos || slash == 0) return false;
  *component = rest->substr(0, slash);
  rest->remove_prefix(slash + 1);
  return true;
}

}  // namespace

std::string Resource(absl::string_view collection, absl::string_view name) {
  std::string key;
  ResourceTo(collection, name, &key);
  return key;
}

void ResourceTo(absl::string_view collection, absl::string_view name, std::string* out) {
  out->clear();
  absl::StrAppend(out, kResourceSpace, collection, "/", name);
}

std::string Index(absl::string_view collection, absl::string_view index, absl::string_view value,
                  absl::string_view name) {
  return absl::StrCat(kIndexSpace, collection, "/", index, "/", value, "/", name);
}

std::string IndexPrefix(absl::string_view collection, absl::string_view index,
                        absl::string_view value) {
  return absl::StrCat(kIndexSpace, collection, "/", index, "/", value, "/");
}

std::string Unique(absl::string_view collection, absl::string_view index, absl::string_view value) {
  return absl::StrCat(kUniqueSpace, collection, "/", index, "/", value);
}

std::string Event(int64_t revision, int index) {
  std::string key = EventPrefix(revision);
  AppendPadded(index, kEventIndexDigits, &key);
  return key;
}

std::string EventPrefix(int64_t revision) {
  std::string key(kEventSpace);
  AppendPadded(revision, kRevisionDigits, &key);
  key.push_back('/');
  return key;
}

std::string Audit(int64_t revision) {
  std::string key(kAuditSpace);
  AppendPadded(revision, kRevisionDigits, &key);
  return key;
}

std::string Request(absl::string_view principal, absl::string_view request_id) {
  std::string key = "q/";
  key.reserve(key.size() + principal.size() + request_id.size() + 8);
  for (char c : principal) {
    if (c == '%') {
      key += "%25";
    } else if (c == '/') {
      key += "%2F";
    } else {
      key.push_back(c);
    }
  }
  key.push_back('/');
  key.append(request_id.data(), request_id.size());
  return key;
}

std::string EncodeRevision(int64_t revision) { return absl::StrCat(revision); }

bool DecodeRevision(absl::string_view value, int64_t* revision) {
  return absl::SimpleAtoi(value, revision) && *revision >= 0;
}

std::string PrefixSuccessor(absl::string_view prefix) {
  std::string limit(prefix);
  while (!limit.empty()) {
    unsigned char last = static_cast<unsigned char>(limit.back());
    if (last != 0xff) {
      limit.back() = static_cast<char>(last + 1);
      return limit;
    }
    limit.pop_back();
  }
  return limit;
}

bool ParseResource(absl::string_view key, absl::string_view* collection, absl::string_view* name) {
  if (!absl::ConsumePrefix(&key, kResourceSpace)) return false;
  if (!TakeComponent(&key, collection) || key.empty()) return false;
  *name = key;
  return true;
}

bool ParseIndex(absl::string_view key, absl::string_view* collection, absl::string_view* index,
                absl::string_view* value, absl::string_view* name) {
  if (!absl::ConsumePrefix(&key, kIndexSpace)) return false;
  if (!TakeComponent(&key, collection) || !TakeComponent(&key, index)) return false;
  // A value may be empty (an optional field indexed as ""), so it is taken by hand.
  size_t slash = key.find('/');
  if (slash == absl::string_view::npos) return false;
  *value = key.substr(0, slash);
  key.remove_prefix(slash + 1);
  if (key.empty()) return false;
  *name = key;
  return true;
}

bool ParseUnique(absl::string_view key, absl::string_view* collection, absl::string_view* index,
                 absl::string_view* value) {
  if (!absl::ConsumePrefix(&key, kUniqueSpace)) return false;
  if (!TakeComponent(&key, collection) || !TakeComponent(&key, index)) return false;
  if (key.find('/') != absl::string_view::npos) return false;
  *value = key;
  return true;
}

bool ParseEvent(absl::string_view key, int64_t* revision, int* index) {
  if (!absl::ConsumePrefix(&key, kEventSpace)) return false;
  if (key.size() != kRevisionDigits + 1 + kEventIndexDigits || key[kRevisionDigits] != '/') {
    return false;
  }
  int64_t i = 0;
  if (!ParsePadded(key.substr(0, kRevisionDigits), kRevisionDigits, revision) ||
      !ParsePadded(key.substr(kRevisionDigits + 1), kEventIndexDigits, &i)) {
    return false;
  }
  *index = static_cast<int>(i);
  return true;
}

bool ParseAudit(absl::string_view key, int64_t* revision) {
  if (!absl::ConsumePrefix(&key, kAuditSpace)) return false;
  return ParsePadded(key, kRevisionDigits, revision);
}

}  // namespace fangxin::storage::keys
