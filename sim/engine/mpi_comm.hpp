// The kernel's only door to MPI. The distributed scheduler needs five collective operations;
// they live here behind plain C++ types so that no other header includes mpi.h and a run on
// one process never touches MPI at all (Comm::solo()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace retzef::sim {

/// Initialises MPI for the life of the object when the process was started by an MPI launcher
/// (mpirun/srun set variables this checks), and does nothing otherwise. Only the main thread
/// calls MPI (MPI_THREAD_FUNNELED); worker threads never do.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  bool active() const { return active_; }
  /// True when the environment shows an MPI launcher started this process.
  static bool launched_by_mpi();
  /// Ends every rank at once after a fatal error on one (others would wait forever).
  static void abort(int code);

 private:
  bool active_ = false;
};

/// A group of processes that run one simulation together.
class Comm {
 public:
  /// One process, no MPI.
  static Comm solo() { return Comm(false); }
  /// MPI_COMM_WORLD; requires an active MpiSession.
  static Comm world() { return Comm(true); }

  int rank() const { return rank_; }
  int size() const { return size_; }

  double allreduce_min(double local) const;
  double allreduce_max(double local) const;
  std::uint64_t allreduce_sum(std::uint64_t local) const;
  /// Every rank sends `send[r]` (bytes) to rank r and receives what all ranks sent it, in rank
  /// order, into `received` (replaced).
  void alltoallv(const std::vector<std::vector<std::byte>>& send,
                 std::vector<std::byte>& received) const;
  /// Concatenation, in rank order, of every rank's `local` bytes; the same on every rank.
  std::vector<std::byte> allgatherv(std::span<const std::byte> local) const;

 private:
  explicit Comm(bool mpi);
  bool mpi_;
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace retzef::sim
