#ifndef HERALD_CFILESYNC_H
#define HERALD_CFILESYNC_H

#include <stdint.h>

/// Writes the dirty page-cache pages of bytes [offset, offset + length) of `fd` to the device and waits for those
/// writes to complete (Linux `sync_file_range` with WAIT_BEFORE | WRITE | WAIT_AFTER). It does not flush the device's
/// cache and does not write metadata: it is no durability guarantee, only a way to choose *when* pages go out.
/// Returns 0, or -1 with `errno` set. Elsewhere than Linux, a no-op that returns 0.
int herald_write_back(int fd, int64_t offset, int64_t length);

#endif
