// Ending a batch cleanly on SIGINT (Ctrl-C) and SIGTERM (a job scheduler's kill). While a batch
// runs, either signal only sets a flag; the batch checks it between replications, takes no new
// ones, lets the ones already running finish and keep their parts, removes its temporary files
// and lock, and ends with one line saying what was kept (Interrupted). A second signal of the
// same kind kills the process at once, as the signal normally would: what was finished stays.
#pragma once

#include <stdexcept>
#include <string>

namespace retzef::experiments {

/// While alive, SIGINT and SIGTERM set the stop flag instead of ending the process; the
/// handlers before it are restored when it ends. The handler does nothing else.
class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
};

/// The signal that asked the batch to stop (SIGINT or SIGTERM), or 0.
int stop_signal();

/// "SIGINT" or "SIGTERM".
std::string signal_name(int signal);

/// A batch that stopped because it was asked to; exit_status() is 128 + the signal, as a shell
/// reports a process the signal ended.
class Interrupted : public std::runtime_error {
 public:
  Interrupted(int signal, const std::string& what) : std::runtime_error(what), signal_(signal) {}
  int exit_status() const { return 128 + signal_; }

 private:
  int signal_;
};

}  // namespace retzef::experiments
