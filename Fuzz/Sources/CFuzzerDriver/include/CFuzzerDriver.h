#ifndef EVIDENT_CFUZZERDRIVER_H
#define EVIDENT_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt FuzzerInterface.h), linked in by -sanitize=fuzzer.
/// Declared here because SwiftPM renames an executable's entry point to `<Target>_main`
/// and links `main` to it, so libFuzzer's own `main` is never used: each target's
/// `<Target>_main` calls this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*userCallback)(const uint8_t *data, size_t size));

#endif
