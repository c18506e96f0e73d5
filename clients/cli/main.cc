// fangxinctl: the command-line client of the fangxin registry. See clients/cli/cli.h.

#include <unistd.h>

#include <iostream>
#include <string>
#include <vector>

#include "clients/cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return fangxin::cli::RunCli(args, std::cout, std::cerr, isatty(STDERR_FILENO) == 1);
}
