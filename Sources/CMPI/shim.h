// Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, MPI_IN_PLACE, ...) are macros over
// addresses of global objects, which Swift does not import: these functions return them.
#ifndef LAZYARRAY_CMPI_SHIM_H
#define LAZYARRAY_CMPI_SHIM_H
#include <mpi.h>

static inline MPI_Comm lazyarray_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype lazyarray_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype lazyarray_mpi_uint8(void) { return MPI_UINT8_T; }
static inline MPI_Datatype lazyarray_mpi_int8(void) { return MPI_INT8_T; }
static inline MPI_Datatype lazyarray_mpi_int16(void) { return MPI_INT16_T; }
static inline MPI_Datatype lazyarray_mpi_uint16(void) { return MPI_UINT16_T; }
static inline MPI_Datatype lazyarray_mpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Datatype lazyarray_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype lazyarray_mpi_uint32(void) { return MPI_UINT32_T; }
static inline MPI_Datatype lazyarray_mpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Datatype lazyarray_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype lazyarray_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Op lazyarray_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op lazyarray_mpi_prod(void) { return MPI_PROD; }
static inline MPI_Op lazyarray_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op lazyarray_mpi_min(void) { return MPI_MIN; }
static inline void *lazyarray_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Errhandler lazyarray_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline int lazyarray_mpi_success(void) { return MPI_SUCCESS; }
static inline int lazyarray_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int lazyarray_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

#endif
