// The libFuzzer driver entry point, for the `herald-libfuzzer` executable (see driver.c).
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's documented driver API (LLVM >= 11): runs the fuzzing loop with `callback` as the target.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
