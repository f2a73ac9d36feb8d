#ifndef LAZYARRAY_CPUCHECK_H
#define LAZYARRAY_CPUCHECK_H

/// Nothing to call: the module's constructor does its work when the program loads (see
/// CPUCheck.c). The header exists because a C target publishes its headers from include/.

#endif
