#ifndef FANGXIN_TESTS_UNIT_MAP_MAP_TEST_UTIL_H_
#define FANGXIN_TESTS_UNIT_MAP_MAP_TEST_UTIL_H_

#include <string>

#include "fangxin/v1/event.pb.h"
#include "fangxin/v1/resources.pb.h"

namespace fangxin::map::testing {

// Hand-made resources and events, as the server would send them.

inline v1::Division MakeDivision(const std::string& code, v1::DivisionLevel level, bool main_urban,
                                 int64_t mod_revision = 1) {
  v1::Division d;
  d.set_name("divisions/" + code);
  d.set_code(code);
  d.set_display_name("D" + code);
  d.set_level(level);
  d.set_main_urban(main_urban);
  d.set_mod_revision(mod_revision);
  return d;
}

inline v1::Store MakeStore(const std::string& id, const std::string& division,
                           const std::string& township, int64_t mod_revision,
                           v1::StoreState state = v1::STORE_STATE_OPEN) {
  v1::Store s;
  s.set_name("merchants/91320902MA1XXXXXX0/stores/" + id);
  s.set_display_name("Store " + id);
  s.set_division(division.empty() ? "" : "divisions/" + division);
  s.set_township(township.empty() ? "" : "divisions/" + township);
  s.set_state(state);
  s.mutable_location()->set_latitude(33.38);
  s.mutable_location()->set_longitude(120.13);
  s.set_mod_revision(mod_revision);
  return s;
}

inline std::string StoreName(const std::string& id) {
  return "merchants/91320902MA1XXXXXX0/stores/" + id;
}

inline v1::Pledge MakePledge(const std::string& id, const std::string& store_id,
                             v1::PledgeState state, int64_t mod_revision,
                             v1::PledgeKind kind = v1::PLEDGE_KIND_NO_REASON_RETURN) {
  v1::Pledge p;
  p.set_name("pledges/" + id);
  p.set_store(StoreName(store_id));
  p.set_kind(kind);
  p.set_state(state);
  p.set_mod_revision(mod_revision);
  return p;
}

// An event of a one-event commit at the resource's mod_revision.
template <typename Resource>
v1::Event MakeEvent(const Resource& resource, v1::EventType type = v1::EVENT_TYPE_UPDATED,
                    int64_t revision = 0) {
  v1::Event e;
  e.set_revision(revision != 0 ? revision : resource.mod_revision());
  e.set_count(1);
  e.set_type(type);
  e.set_resource_name(resource.name());
  e.mutable_resource()->PackFrom(resource);
  e.mutable_commit_time()->set_seconds(1700000000 + e.revision());
  return e;
}

}  // namespace fangxin::map::testing

#endif  // FANGXIN_TESTS_UNIT_MAP_MAP_TEST_UTIL_H_
