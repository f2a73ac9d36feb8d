// Compiled with no CPU flags (Package.swift gives this target none), so it runs on any x86-64.
// The Swift targets of a default build use AVX2, FMA, BMI1/2, LZCNT, MOVBE and F16C
// (`-target-cpu haswell`); on a CPU without them the first such instruction dies of SIGILL,
// somewhere deep in a kernel. This constructor runs while the program loads, before `main` and so
// before any Swift code of LazyArray (Swift runs no code of a module at load time), and stops with
// a message that says how to get a build for that CPU.
#if defined(__x86_64__) && defined(LAZYARRAY_REQUIRES_HASWELL)
#include <cpuid.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// The extended-state bits the OS must enable for the YMM registers (XCR0: SSE and AVX state).
static int osSavesYMM(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (eax & 6u) == 6u;
}

__attribute__((constructor))
static void lazyArrayCheckCPU(void) {
    unsigned int eax, ebx, ecx, edx;
    char missing[96] = "";
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) { ecx = 0; }
    const int osxsave = (ecx >> 27) & 1;
    const struct { int present; const char *name; } leaf1[] = {
        {(ecx >> 12) & 1, " fma"}, {(ecx >> 22) & 1, " movbe"}, {(ecx >> 28) & 1, " avx"},
        {(ecx >> 29) & 1, " f16c"}, {osxsave && osSavesYMM(), " os-ymm-state"},
    };
    unsigned int ebx7 = 0, ecx81 = 0;
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) { ebx7 = ebx; }
    if (__get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx)) { ecx81 = ecx; }
    const struct { int present; const char *name; } other[] = {
        {(ebx7 >> 3) & 1, " bmi1"}, {(ebx7 >> 5) & 1, " avx2"}, {(ebx7 >> 8) & 1, " bmi2"},
        {(ecx81 >> 5) & 1, " lzcnt"},
    };
    for (unsigned i = 0; i < sizeof leaf1 / sizeof leaf1[0]; i++) {
        if (!leaf1[i].present) { strcat(missing, leaf1[i].name); }
    }
    for (unsigned i = 0; i < sizeof other / sizeof other[0]; i++) {
        if (!other[i].present) { strcat(missing, other[i].name); }
    }
    if (missing[0] == '\0') { return; }
    fprintf(stderr,
            "LazyArray: this build uses AVX2 and FMA (-target-cpu haswell), which this CPU lacks "
            "(missing:%s).\n"
            "Rebuild with LAZYARRAY_PORTABLE=1 in the environment, e.g. "
            "`LAZYARRAY_PORTABLE=1 swift build -c release`, for a build that runs on any x86-64 CPU.\n",
            missing);
    exit(EXIT_FAILURE);
}
#endif
