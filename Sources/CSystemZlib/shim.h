// The system's zlib for Swift, for inflating the parts of XLSX packages ourselves
// (Sources/QMSFormats/Spreadsheet/ZIPPackageReader.swift). Not named CZlib: ZIPFoundation's own
// zlib module has that name on Linux, and two module maps with one name do not build together.
#include <zlib.h>

// inflateInit2 is a macro (it passes zlib's version and the stream's size so that a header and
// library mismatch is caught), which Swift cannot call. -MAX_WBITS: a raw deflate stream, as ZIP
// entries hold it, with no zlib header or trailer.
static inline int eqms_inflate_init_raw(z_streamp stream) { return inflateInit2(stream, -MAX_WBITS); }
