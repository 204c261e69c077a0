// SwiftPM links an executable target with `--defsym main=<module>_main` (the module is compiled with
// `-entry-point-function-name <module>_main`). A libFuzzer target built with `-parse-as-library` has no such
// function, so the link fails; this shim provides it and hands control to libFuzzer's driver.
#include "CHeraldLibFuzzerDriver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int herald_libfuzzer_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
