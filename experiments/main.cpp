// retzef's command line. Every error a user can cause ends here: one message on stderr and a
// non-zero exit; under MPI the whole job is stopped, since the other ranks would wait forever.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <iostream>
#include <string>

#include "experiments/batch_command.hpp"
#include "experiments/bench_command.hpp"
#include "experiments/cli_context.hpp"
#include "experiments/inspect_command.hpp"
#include "experiments/run_command.hpp"
#include "experiments/stop_signals.hpp"
#include "experiments/validate_command.hpp"
#include "models/scenario_loader.hpp"
#include "sim/engine/mpi_comm.hpp"
#include "sim/input/problem_log.hpp"
#include "sim/output/hdf5/handle.hpp"

namespace {

void configure_logging(const retzef::experiments::CliContext& context, int rank) {
  auto logger = spdlog::stderr_color_mt("retzef");
  logger->set_pattern(rank == 0 ? "[%l] %v" : "[%l] rank " + std::to_string(rank) + ": %v");
  spdlog::level::level_enum level = spdlog::level::info;
  if (context.quiet) level = spdlog::level::warn;
  if (context.verbose) level = spdlog::level::debug;
  if (rank != 0 && !context.verbose) level = spdlog::level::warn;
  logger->set_level(level);
  spdlog::set_default_logger(logger);
}

/// What an error that ends the command says: a file's problems, past the first screenful, as a
/// count (every one is in `validate --json`); anything else as it is.
std::string error_message(const std::exception& e) {
  const auto* problems = dynamic_cast<const retzef::models::ScenarioError*>(&e);
  if (problems == nullptr) return e.what();
  std::string text;
  for (const auto& line : retzef::sim::input::shown_problems(
           problems->problems(), retzef::experiments::every_problem_hint)) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

/// Output the user never gets is a failure: a full disk behind `> file` must not exit 0. Every
/// subcommand prints through stdout or std::cout; both are flushed and checked once, here.
bool standard_output_written() {
  errno = 0;  // the first failed write's reason, whichever of the two flushes meets it
  std::cout.flush();
  const bool flushed = std::fflush(stdout) == 0;
  const int error = errno;
  if (flushed && std::ferror(stdout) == 0 && std::cout.good()) return true;
  std::fprintf(stderr, "error: cannot write to standard output: %s\n",
               error != 0 ? std::strerror(error) : "write error");
  // What could not be written would be tried again at exit; nothing more is to be said.
  std::freopen("/dev/null", "w", stdout);
  return false;
}

/// Stops the "File size limit exceeded" kill that a write past `ulimit -f` would otherwise
/// cause: the write fails with EFBIG instead, and the error is reported like a full disk.
void ignore_file_size_signal() {
  std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace retzef;
  sim::h5::leave_open_files_at_exit();
  ignore_file_size_signal();
#if defined(__GLIBC__)
  // Every replication builds and frees the same buffers (chunks of 1 MiB, record buffers, the
  // event queue's blocks). Left to itself, glibc hands large blocks back to the kernel on free
  // and takes them again, zeroed page by page, for the next replication: thousands of page
  // faults each. Blocks of up to 64 MiB come from the heap instead, and freed memory stays.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  std::unique_ptr<sim::MpiSession> mpi;
  try {
    mpi = std::make_unique<sim::MpiSession>(argc, argv);
    experiments::CliContext context;
    context.mpi = mpi.get();
    const int rank = mpi->active() ? sim::Comm::world().rank() : 0;

    CLI::App app{"retzef: parallel discrete-event simulation of regional mental-health care"};
    app.set_version_flag("--version", RETZEF_VERSION);
    app.add_flag("-q,--quiet", context.quiet, "only warnings and errors on stderr");
    app.add_flag("-v,--verbose", context.verbose, "debug messages on stderr");
    // A plain flag, set into `progress` once parsed: CLI11's negated form ("!--no-progress")
    // prints as "--no-progress{false}" in the help.
    bool no_progress = false;
    app.add_flag("--no-progress", no_progress, "no progress bar even on a terminal");
    app.require_subcommand(1);
    // `retzef run medical -q` as well as `retzef -q run medical`: an option a subcommand does
    // not know is tried as one of these (subcommands added below inherit the setting).
    app.fallthrough();
    // Parsing only records what to do; the work runs after logging is configured.
    std::function<void()> action;
    experiments::add_batch_command(app, context, action);
    experiments::add_bench_command(app, context, action);
    experiments::add_inspect_command(app, action);
    experiments::add_run_command(app, context, action);
    experiments::add_scenarios_command(app, action);
    experiments::add_validate_command(app, context, action);
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
      const int status = app.exit(e);  // --help and --version print to stdout
      return standard_output_written() ? status : 1;
    }
    context.progress = !no_progress;
    configure_logging(context, rank);
    if (action) action();
    return standard_output_written() ? 0 : 1;
  } catch (const experiments::Interrupted& e) {
    // No MPI_Abort: a batch on MPI ranks is interrupted on every rank at once (run_batch agrees
    // on it first), so each rank ends normally, and an abort would only kill a rank that is
    // still removing its temporary files.
    spdlog::warn("{}", e.what());
    return e.exit_status();
  } catch (const std::exception& e) {
    if (spdlog::default_logger_raw() != nullptr) {
      spdlog::error("{}", error_message(e));
    } else {
      std::fprintf(stderr, "error: %s\n", error_message(e).c_str());
    }
    if (mpi && mpi->active()) sim::MpiSession::abort(1);
    return 1;
  }
}
