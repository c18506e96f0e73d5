#ifndef FANGXIN_TESTS_TESTING_TEMP_DIR_H_
#define FANGXIN_TESTS_TESTING_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace fangxin::testing {

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/fangxin-test-XXXXXX";
    path_ = ::mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Path of a file in the source tree (FANGXIN_SOURCE_DIR is set by CTest).
inline std::string SourcePath(const std::string& relative) {
  const char* root = std::getenv("FANGXIN_SOURCE_DIR");
  return std::string(root != nullptr ? root : ".") + "/" + relative;
}

// Path of a file in the build tree (FANGXIN_BINARY_DIR is set by CTest).
inline std::string BinaryPath(const std::string& relative) {
  const char* root = std::getenv("FANGXIN_BINARY_DIR");
  return std::string(root != nullptr ? root : ".") + "/" + relative;
}

}  // namespace fangxin::testing

#endif  // FANGXIN_TESTS_TESTING_TEMP_DIR_H_
