#ifndef ABONENT_CLIBFUZZER_H
#define ABONENT_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer): parses libFuzzer's flags from
// argv and fuzzes `callback` until a finding or a limit. See WireDecoderFuzzer.swift for why
// the fuzzer calls it instead of using libFuzzer's own `main`.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
